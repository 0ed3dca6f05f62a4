"""Municipal API of Levallois-Perret (FastAPI)."""

__version__ = "0.1.0"
