"""Phone numbers become HMAC conversation ids; the channel variables' sources."""
from __future__ import annotations

import pytest

from bot.channels.identity import SenderIds, normalised_address
from bot.channels.settings import CHANNEL_VARIABLES, channel_environment


def test_ids_are_stable_keyed_and_carry_no_number():
    ids = SenderIds("secret-1")
    first = ids.sender_id("+33612345678")
    assert first == ids.sender_id("+33 6 12 34 56 78") and first.startswith("sms-")
    assert "612345678" not in first and len(first) == 36
    assert SenderIds("secret-2").sender_id("+33612345678") != first


def test_one_whatsapp_conversation_whichever_provider_carries_it():
    ids = SenderIds("secret")
    twilio, meta = ids.sender_id("whatsapp:+33612345678"), ids.sender_id("whatsapp:33612345678")
    assert twilio == meta and twilio.startswith("wa-")
    assert twilio[3:] != ids.sender_id("+33612345678")[4:]
    assert normalised_address("WhatsApp:+33 612") == "whatsapp:+33612"


def test_no_secret_no_ids():
    with pytest.raises(ValueError):
        SenderIds("")


def test_channel_variables_come_from_the_environment_then_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# local\nTWILIO_AUTH_TOKEN=from-file\nexport TWILIO_ACCOUNT_SID='AC1'\n"
                        "CHANNEL_SENDER_SECRET=file-secret\n", encoding="utf-8")
    values = channel_environment({"CHANNEL_SENDER_SECRET": "env-secret"}, env_file)
    assert set(values) == set(CHANNEL_VARIABLES)
    assert values["CHANNEL_SENDER_SECRET"] == "env-secret"
    assert values["TWILIO_AUTH_TOKEN"] == "from-file" and values["TWILIO_ACCOUNT_SID"] == "AC1"
    assert values["WHATSAPP_APP_SECRET"] == ""
    assert channel_environment({}, tmp_path / "missing")["TWILIO_AUTH_TOKEN"] == ""
