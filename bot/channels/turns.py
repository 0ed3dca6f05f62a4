"""Running a resident's turn for any channel, and phone turns after their webhook has returned.

`guarded_turn` is how every channel hands a message to Rasa: the action server's guard
is in place (bot/action_guard.py), nothing raises out of the turn, a turn that failed (or
whose action server failed) gets `utter_action_server_down` in the resident's language,
and a conversation the turn forgot loses its lock once the turn is over (Rasa held it
during the turn; bot/forgetting.py cannot drop it).

Phone channels:

Twilio and Meta want a quick answer to their webhook (Twilio gives up after 15 s and Meta
retries slow ones), while a turn with city look-ups can take seconds. So the webhook
returns at once and the turn runs as a background task on Rasa's event loop. A resident's
turns run in the order their messages arrived (each waits for the previous one), so "2"
is read against the menu of the turn before it.
"""
from __future__ import annotations

import asyncio
import logging
from asyncio import CancelledError
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Tuple

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import action_guard
from bot.apology import apology_text
from bot.channels.paused import emergency_reply_if_paused
from bot.languages import load_languages
from bot.turn_context import turn

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


def agent_of(app: Any) -> Any:
    return getattr(getattr(app, "ctx", None), "agent", None)


@dataclass
class TurnResult:
    apology: Optional[str] = None   # to add to the reply: the turn or the action server failed,
                                    # or an emergency while the conversation waits for a person
    forgotten: bool = False         # the turn forgot the conversation: keep nothing of it


async def guarded_turn(app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                       message: UserMessage) -> TurnResult:
    """Runs the message's turn, never raising."""
    agent = agent_of(app)
    if agent is not None:
        action_guard.install(agent)
    failed = False
    with turn() as state:
        try:
            await on_new_message(message)
        except CancelledError:
            failed = True
            logger.error("a %s message was cancelled before its answer", message.input_channel)
        except Exception:
            failed = True
            logger.exception("a %s message could not be handled", message.input_channel)
    apology = None
    if agent is not None and (failed or state.action_server_failed):
        apology = await apology_text(agent, message.sender_id, message.input_channel or "")
    elif agent is not None and state.paused and not state.forgotten:
        apology = await emergency_reply_if_paused(agent, message.sender_id, message.text,
                                                  message.input_channel or "")
    if state.forgotten and getattr(agent, "lock_store", None) is not None:
        try:
            agent.lock_store.delete_lock(message.sender_id)
        except Exception:   # the answer matters more; the lock expires anyway
            logger.exception("the lock of a forgotten conversation could not be deleted")
    return TurnResult(apology, state.forgotten)


async def run_turn(app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                   text: str, sender_id: str, channel: str,
                   metadata: Optional[Dict[str, Any]] = None) -> Tuple[List[Dict[str, Any]], str, bool]:
    """The bot's messages for this resident's text, the conversation's language after it, and
    whether the turn forgot the conversation.

    `metadata` reaches the actions with this message only (the tracker store blanks phone
    numbers in what it keeps): the human handoff reads `reply_address` once the resident agreed."""
    collector = TurnCollector(channel)
    result = await guarded_turn(app, on_new_message, UserMessage(text, collector, sender_id,
                                                                 input_channel=channel, metadata=metadata))
    messages = collector.messages + ([{"text": result.apology}] if result.apology else [])
    return messages, await conversation_language(app, sender_id), result.forgotten


async def conversation_language(app: Any, sender_id: str) -> str:
    """The conversation's `language` slot; the default language when there is none (or the
    tracker store cannot say: a polite reply is better late in French than not at all)."""
    default = load_languages().default
    agent = agent_of(app)
    if agent is None or agent.tracker_store is None:
        return default
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:
        logger.exception("the conversation's language could not be read")
        return default
    value = tracker.get_slot(LANGUAGE_SLOT) if tracker else None
    return value if isinstance(value, str) and value in load_languages().languages else default


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
