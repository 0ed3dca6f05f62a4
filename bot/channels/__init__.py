"""Input and output channels of the assistant (configured in credentials.yml)."""
