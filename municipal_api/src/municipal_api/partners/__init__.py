"""Partner organisations holding permanences at the Maison des Services Publics."""
