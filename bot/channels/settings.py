"""The environment variables of the SMS and WhatsApp channels (credentials.yml reads them).

Rasa refuses to start when a `${VAR}` of credentials.yml is not set, so whoever starts Rasa
(bot.cli.stack) fills every channel variable: from its own environment first, then from
the local `.env` file, else empty. An empty secret leaves that channel off: its webhook
answers 403 to everything, since no signature can be checked.

No Rasa import here: the stack helper imports this module.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Mapping, Optional

TWILIO_API = "https://api.twilio.com"
META_GRAPH_API = "https://graph.facebook.com/v21.0"

CHANNEL_VARIABLES = (
    # shared: the HMAC key that turns phone numbers into conversation ids
    "CHANNEL_SENDER_SECRET",
    # SMS and Twilio's WhatsApp
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_NUMBER",          # optional: replies go from the number the resident wrote to
    "TWILIO_API_BASE_URL",    # empty: https://api.twilio.com
    "SMS_PUBLIC_URL",         # the public base URL Twilio calls (signatures are over it)
    # Meta's WhatsApp Cloud API
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_API_BASE_URL",  # empty: https://graph.facebook.com/v21.0
)


def read_env_file(path: Optional[Path]) -> Dict[str, str]:
    """KEY=value lines of a .env file (no shell expansion); {} when there is none."""
    values: Dict[str, str] = {}
    if not path or not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def channel_environment(environ: Mapping[str, str], env_file: Optional[Path]) -> Dict[str, str]:
    """A value for every channel variable: the environment, else the .env file, else ''."""
    from_file = read_env_file(env_file)
    return {name: environ.get(name) or from_file.get(name, "") for name in CHANNEL_VARIABLES}


def or_default(value: Optional[str], default: str) -> str:
    return (value or "").strip() or default
