"""Answering a phone message after its webhook has returned, one turn at a time per resident.

Twilio and Meta want a quick answer to their webhook (Twilio gives up after 15 s and Meta
retries slow ones), while a turn with city look-ups can take seconds. So the webhook
returns at once and the turn runs as a background task on Rasa's event loop. A resident's
turns run in the order their messages arrived (each waits for the previous one), so "2"
is read against the menu of the turn before it.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Tuple

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.languages import load_languages

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"


class TurnCollector(OutputChannel):
    """Keeps the turn's bot messages whole (text, buttons, image...) for the channel to render."""

    def __init__(self, name: str) -> None:
        self._name = name
        self.messages: List[Dict[str, Any]] = []

    def name(self) -> str:  # type: ignore[override]
        return self._name

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append(dict(message))


async def run_turn(app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                   text: str, sender_id: str, channel: str,
                   metadata: Optional[Dict[str, Any]] = None) -> Tuple[List[Dict[str, Any]], str]:
    """The bot's messages for this resident's text, and the conversation's language after it.

    `metadata` reaches the actions with this message only (the tracker store blanks phone
    numbers in what it keeps): the human handoff reads `reply_address` once the resident agreed."""
    collector = TurnCollector(channel)
    await on_new_message(UserMessage(text, collector, sender_id, input_channel=channel, metadata=metadata))
    return collector.messages, await conversation_language(app, sender_id)


async def conversation_language(app: Any, sender_id: str) -> str:
    default = load_languages().default
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None:
        return default
    tracker = await agent.tracker_store.retrieve(sender_id)
    value = tracker.get_slot(LANGUAGE_SLOT) if tracker else None
    return value if isinstance(value, str) and value else default


class BackgroundTurns:
    """Background tasks kept referenced until done, chained per resident."""

    def __init__(self) -> None:
        self._last: Dict[str, asyncio.Task] = {}
        self._tasks: Set[asyncio.Task] = set()

    def run(self, key: str, work: Callable[[], Awaitable[None]]) -> asyncio.Task:
        previous: Optional[asyncio.Task] = self._last.get(key)

        async def in_turn() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            try:
                await work()
            except Exception:  # a failed turn must not stop the next ones
                logger.exception("a phone turn failed")   # no number, no text

        task = asyncio.create_task(in_turn())
        self._last[key] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._forget(key, done))
        return task

    def _forget(self, key: str, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if self._last.get(key) is task:
            del self._last[key]

    async def drain(self) -> None:
        """Waits for every turn in progress (tests, shutdown)."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))
