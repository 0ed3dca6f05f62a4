"""What every topic's actions share: the city client, replies, languages, formatting."""
