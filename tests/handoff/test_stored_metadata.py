"""The resident's number an SMS passes in its metadata (for the handoff) is never stored: not in
the message's metadata, nor in the slot Rasa fills from the first message's metadata."""
from __future__ import annotations

import json

from bot.event_redaction import redact_new_events

NUMBER = "+33699213087"
META = {"reply_address": NUMBER, "reply_from": "+33757000123"}


def test_reply_address_is_blanked_everywhere_it_is_stored():
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "slot", "name": "session_started_metadata", "value": dict(META)},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "je veux parler à un agent", "input_channel": "sms", "metadata": dict(META),
         "parse_data": {"intent": {"name": "request_human"}, "entities": [], "metadata": dict(META)}},
    ]
    stored = json.dumps(redact_new_events(events, 0, {}), ensure_ascii=False)
    assert NUMBER not in stored and NUMBER[1:] not in stored
    assert "[phone]" in stored and "je veux parler à un agent" in stored
    # What Rasa holds in memory is untouched: the action reads the number once the resident agreed.
    assert events[2]["value"]["reply_address"] == NUMBER
