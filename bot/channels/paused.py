"""A medical emergency is answered even while the conversation waits for a person.

A handoff pauses the conversation (Rasa `ConversationPaused`): Rasa then logs the resident's
messages for staff and runs no action until staff hand it back. An emergency must still get
15 / 112 at once, whatever the state, so the channels ask the NLU about a paused
conversation's message and add the emergency reply themselves (`guarded_turn`).
"""
from __future__ import annotations

import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)

EMERGENCY_INTENT = "emergency"
EMERGENCY_RESPONSE = "utter_emergency"


async def emergency_reply_if_paused(agent: Any, sender_id: str, text: Optional[str],
                                    channel: str) -> Optional[str]:
    """The emergency reply when this conversation is paused and `text` is an emergency."""
    if not text or agent is None or getattr(agent, "tracker_store", None) is None:
        return None
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None or not tracker.is_paused():
            return None
        parsed = await agent.parse_message(text)
        if (parsed.get("intent") or {}).get("name") != EMERGENCY_INTENT:
            return None
        message = await agent.processor.nlg.generate(EMERGENCY_RESPONSE, tracker, channel)
        return (message or {}).get("text") or None
    except Exception:   # the staff still see the message; never break the turn for this
        logger.exception("an emergency check on a paused conversation failed")
        return None
