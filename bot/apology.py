"""What any channel says when a turn could not be handled (the action server down or hung,
an error): `utter_action_server_down` in the resident's language, with the front desk's
phone number read from the city's data pack (not from a service that may be down).

    from bot import action_guard
    from bot.apology import apology_text
    from bot.turn_context import turn

    action_guard.install(agent)
    with turn() as state:
        await on_new_message(message)
    if state.action_server_failed:
        text = await apology_text(agent, sender_id, "socketio")
"""
from __future__ import annotations

import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)

DOWN_RESPONSE = "utter_action_server_down"
OLD_MODEL_RESPONSE = "utter_city_unavailable"   # the same advice, in models trained before DOWN_RESPONSE


async def apology_text(agent: Any, sender_id: str, channel: str) -> Optional[str]:
    from actions.common.fallback import fallback_contact

    try:
        contact = fallback_contact()
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            tracker = agent.tracker_store.init_tracker(sender_id)
        for name in (DOWN_RESPONSE, OLD_MODEL_RESPONSE):
            message = await agent.processor.nlg.generate(name, tracker, channel,
                                                         phone=contact["phone"], place_name=contact["name"])
            if message and message.get("text"):
                return message["text"]
    except Exception:
        logger.exception("the apology could not be rendered")
    return None
