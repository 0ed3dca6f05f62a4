"""Dialogue policies of the Levallois assistant, and the past states they read."""
from bot.dialogue import incremental_states

incremental_states.install()   # past states replayed once per event (bot/dialogue/incremental_states.py)
