""""Forget me" reaches every part that keeps something of the conversation (bot/forgetting.py)."""
from __future__ import annotations

import uuid
from typing import List

from rasa.shared.core.events import ActionExecuted, AllSlotsReset, SessionStarted, UserUttered

from bot import forgetting
from bot.tracker_store import PrivacySQLTrackerStore
from bot.turn_context import turn
from tests.privacy.conftest import stored_rows


async def test_forget_me_deletes_the_rows_and_calls_every_registered_part(store: PrivacySQLTrackerStore) -> None:
    sender, other = f"resident-{uuid.uuid4().hex}", f"other-{uuid.uuid4().hex}"
    caches = {sender: "menu", other: "menu"}
    called: List[str] = []

    def broken(sender_id: str) -> None:
        raise RuntimeError("this part is down")

    def drop_cache(sender_id: str) -> None:
        called.append(sender_id)
        caches.pop(sender_id, None)

    forgetting.on_forget(broken)
    forgetting.on_forget(drop_cache)
    try:
        for who in (sender, other):
            tracker = await store.get_or_create_tracker(who, append_action_listen=False)
            for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                          UserUttered("bonjour", {"name": "greet", "confidence": 1.0}), ActionExecuted("action_listen")]:
                tracker.update(event)
            await store.save(tracker)
        tracker = await store.retrieve(sender)
        for event in [UserUttered("oublie-moi", {"name": "forget_me", "confidence": 1.0}),
                      ActionExecuted("action_forget_me"), AllSlotsReset(), ActionExecuted("action_listen")]:
            tracker.update(event)
        with turn() as state:
            await store.save(tracker)
    finally:
        forgetting._hooks.remove(broken)
        forgetting._hooks.remove(drop_cache)

    assert state.forgotten
    assert called == [sender]                       # the broken part did not stop this one
    assert caches == {other: "menu"}
    assert {row_sender for row_sender, _ in stored_rows(store)} & {sender, other} == {other}
