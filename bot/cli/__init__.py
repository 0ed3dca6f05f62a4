"""The assistant's command line: `python -m bot.cli run|model|chat`."""
