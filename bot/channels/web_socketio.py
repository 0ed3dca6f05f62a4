"""The socket.io channel of the web chat and the kiosk (bot/web).

Rasa's own socket.io channel with these changes:
- every bot message carries `lang` and `dir` (added by bot.nlg.LanguageTaggedNLG), so the
  browser can mark each message with its language and reading direction;
- a message is emitted whole (`text` with its paragraphs, `quick_replies`), so a screen
  reader announces one reply once, instead of Rasa's one message per paragraph;
- `session_request` awaits joining the session's room: python-socketio 5.x made
  `enter_room` a coroutine that Rasa 3.6 never awaits, so with `session_persistence`
  the replies were sent to a room nobody was in.

- **a token in production**: with REST_TOKEN_SECRET set, a connection needs
  `auth: {token}`, a short-lived token naming one conversation (bot/access_tokens.py,
  handed out by the web app: bot/web/chat_session.py); none, malformed, badly signed or
  expired: the connection is refused (`connect_error` "missing_token"/"invalid_token").
  The connection then talks in that conversation only: `session_request` confirms it
  whatever the client asks, and a message naming another session is refused. Without the
  secret the channel is open (development); ASSISTANT_ENV=production refuses to start so.
  The token is checked when the connection opens (and at every reconnection), not at
  every message: a connection outlives its token, a stolen expired token opens nothing;
- **bad input** gets a polite reply in the conversation's language, never a turn nor a
  traceback: an event that is not an object, a message that is not text, blank once
  control characters are dropped, or over 5,000 characters, metadata that is not a small
  object (bot/channels/inbound.py), a packet that is not JSON or is nested too deep
  (bot/channels/socketio_server.py);
- **failures**: the turn runs as REST's does (bot/channels/turns.py `guarded_turn`): the
  action server or the turn failing gets `utter_action_server_down`; a forgotten
  conversation loses its lock.

Configured in credentials.yml as `bot.channels.web_socketio.WebSocketIOInput:` with the
same keys as Rasa's `socketio:` (`jwt_key` aside: the token is ours).
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio.exceptions import ConnectionRefusedError as Refused

from bot.access_tokens import InvalidToken, secret_from_environment, token_conversation
from bot.channels.inbound import UNREADABLE, BadText, channel_metadata, resident_text, valid_sender
from bot.channels.socketio_server import GuardedAsyncServer
from bot.channels.texts import channel_texts
from bot.channels.turns import conversation_language, guarded_turn
from bot.languages import load_languages

logger = logging.getLogger(__name__)

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
    """Rasa's socket.io input, answering through TaggedSocketIOOutput, closed by a token in
    production and polite with bad input."""

    token_secret: Optional[str] = None
    app: Any = None   # the Sanic app, for the agent (apologies, the conversation's language)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.token_secret = secret_from_environment()
        if channel.token_secret is None and os.environ.get("ASSISTANT_ENV") == "production":
            raise ValueError("REST_TOKEN_SECRET must be set in production: the socket.io channel would be open")
        if channel.token_secret is None:
            logger.warning("socket.io channel open: no REST_TOKEN_SECRET (development only)")
        return channel

    def get_output_channel(self) -> Optional[SocketIOOutput]:
        if self.sio is None:
            return super().get_output_channel()
        return TaggedSocketIOOutput(self.sio, self.bot_message_evt)

    async def _polite(self, sid: Text, conversation: Optional[str], problem: str) -> None:
        """The polite reply to what could not be taken, to this connection only."""
        texts = channel_texts(await conversation_language(self.app, conversation) if conversation
                              else load_languages().default)
        await self.sio.emit(self.bot_message_evt, {"text": texts.problem(problem), "lang": texts.language,
                                                   "dir": texts.direction}, room=sid, namespace=self.namespace)

    async def _conversation(self, sid: Text) -> Optional[str]:
        """The conversation this connection's token names: None when the channel is open,
        "" when the connection is gone (its message is dropped: nobody would read a reply)."""
        if self.token_secret is None:
            return None
        try:
            session = await self.sio.get_session(sid, namespace=self.namespace)
        except KeyError:
            return ""
        return session.get("conversation") or ""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's blueprint, with our server class (CORS is left to Sanic, as Rasa does).
        sio = GuardedAsyncServer(async_mode="sanic", cors_allowed_origins=[])
        self.sio = sio
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        namespace = self.namespace

        async def malformed(sid: str, _: str) -> None:
            await self._polite(sid, await self._conversation(sid) or None, UNREADABLE)

        sio.on_malformed = malformed

        @webhook.listener("before_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            self.app = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Any = None) -> bool:
            if self.token_secret is None:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            if not isinstance(token, str) or not token:
                raise Refused("missing_token")
            try:
                conversation = token_conversation(token, self.token_secret)
            except InvalidToken:
                raise Refused("invalid_token") from None
            await sio.save_session(sid, {"conversation": conversation}, namespace=namespace)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: Text, *_: Any) -> None:
            return None

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, *args: Any) -> None:
            data = args[0] if len(args) == 1 and isinstance(args[0], dict) else {}
            requested, bound = data.get("session_id"), await self._conversation(sid)
            if bound == "":
                return
            # With a token the conversation is the token's, whatever the client asks.
            session_id = bound or (requested if valid_sender(requested) else uuid.uuid4().hex)
            if self.session_persistence or bound:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, *args: Any) -> None:
            try:
                await self._handle(sid, args, on_new_message)
            except Exception:   # never a task that dies with its traceback unread
                logger.exception("a socket.io message could not be handled")

        return webhook

    async def _handle(self, sid: Text, args: Any,
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        data = args[0] if len(args) == 1 else None
        bound = await self._conversation(sid)
        if bound == "":
            return
        if not isinstance(data, dict):
            return await self._polite(sid, bound, UNREADABLE)
        requested = data.get("session_id")
        if bound is not None:
            if requested not in (None, bound):
                logger.warning("a socket.io message for another conversation than its token's was refused")
                return await self._polite(sid, bound, UNREADABLE)
            sender_id = bound
        elif self.session_persistence:
            if not valid_sender(requested):
                return await self._polite(sid, None, UNREADABLE)
            sender_id = requested
        else:
            sender_id = sid
        metadata = channel_metadata(data.get(self.metadata_key))
        try:
            if metadata is None:
                raise BadText(UNREADABLE)
            text = resident_text(data.get("message"))
        except BadText as bad:
            return await self._polite(sid, sender_id, bad.problem)
        output = TaggedSocketIOOutput(self.sio, self.bot_message_evt)
        apology = (await guarded_turn(self.app, on_new_message, UserMessage(
            text, output, sender_id, input_channel=self.name(), metadata=metadata or None))).apology
        if apology:
            texts = channel_texts(await conversation_language(self.app, sender_id))
            await output.send_text_message(sender_id, apology, lang=texts.language, dir=texts.direction)
