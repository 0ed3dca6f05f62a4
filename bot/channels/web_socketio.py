"""The socket.io channel of the web chat and the kiosk (bot/web).

Rasa's own socket.io channel with three changes:
- every bot message carries `lang` and `dir` (added by bot.nlg.LanguageTaggedNLG), so the
  browser can mark each message with its language and reading direction;
- a message is emitted whole (`text` with its paragraphs, `quick_replies`), so a screen
  reader announces one reply once, instead of Rasa's one message per paragraph;
- `session_request` awaits joining the session's room: python-socketio 5.x made
  `enter_room` a coroutine that Rasa 3.6 never awaits, so with `session_persistence`
  the replies were sent to a room nobody was in.

Configured in credentials.yml as `bot.channels.web_socketio.WebSocketIOInput:` with the
same keys as Rasa's `socketio:`.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncServer

# utter_action and intent: what the answer was about, for its thumbs up/down (bot/feedback).
TAG_KEYS = ("lang", "dir", "utter_action", "intent")


def tags(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """The language and direction of a message, when the generator set them, and the
    response and intent it answers."""
    return {key: kwargs[key] for key in TAG_KEYS if kwargs.get(key)}


class TaggedSocketIOOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text.strip(), **tags(kwargs)})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        replies = [{"content_type": "text", "title": b["title"], "payload": b["payload"]}
                   for b in buttons]
        await self._send_message(
            recipient_id, {"text": (text or "").strip(), "quick_replies": replies, **tags(kwargs)})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {
            "attachment": {"type": "image", "payload": {"src": image}}, **tags(kwargs)})

    async def send_attachment(self, recipient_id: Text,  # type: ignore[override]
                              attachment: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"attachment": attachment, **tags(kwargs)})

    async def send_elements(self, recipient_id: Text, elements: Iterable[Dict[Text, Any]],
                            **kwargs: Any) -> None:
        for element in elements:
            await self._send_message(recipient_id, {"attachment": {
                "type": "template",
                "payload": {"template_type": "generic", "elements": element},
            }, **tags(kwargs)})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message, **tags(kwargs)})


class WebSocketIOInput(SocketIOInput):
    """Rasa's socket.io input, answering through TaggedSocketIOOutput."""

    def get_output_channel(self) -> Optional[SocketIOOutput]:
        if self.sio is None:
            return super().get_output_channel()
        return TaggedSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio: AsyncServer = self.sio
        # Registering an event again replaces Rasa's handler for it.

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid,
                           namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            sender_id = data.get("session_id") if self.session_persistence else sid
            if not sender_id:
                return  # Rasa's rule: with session persistence, no session id, no message
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            await on_new_message(UserMessage(
                data.get("message", ""), TaggedSocketIOOutput(sio, self.bot_message_evt),
                sender_id, input_channel=self.name(), metadata=metadata,
            ))

        return webhook
