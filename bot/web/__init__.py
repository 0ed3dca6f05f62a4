"""The web chat (a city page carrying the chat widget) and the kiosk: `bot.web.app:app`."""
