"""Dialogue policies of our own (config.yml, policies), and Rasa's dialogue without the
copies it makes for debug logs nobody reads (bot/dialogue/debug_log_copies.py)."""
from bot.dialogue import debug_log_copies

debug_log_copies.install()
