"""The REST channel, closed by a token in production, and never silent when a part fails.

Rasa's `--jwt-secret` protects Rasa's HTTP API, not the channels' webhooks: with Rasa's
own `rest:` channel anyone could post as any conversation. This one, served at the same
address (/webhooks/rest/webhook):

- **Token**: when REST_TOKEN_SECRET is set, every message needs
  `Authorization: Bearer <token>`, a short-lived token naming the message's `sender`
  (bot/access_tokens.py). Missing, malformed, badly signed or expired: 401; a valid token
  for another conversation: 403. Rejected messages never reach Rasa. Without the secret
  the channel is open: development only; ASSISTANT_ENV=production refuses to start so.
- **Failures**: at start, the guard of bot/action_guard.py goes in front of the action
  server for every channel; when the action server is down or hung, or handling
  the message fails, the resident gets `utter_action_server_down` (the MSP's phone
  number, in their language) instead of silence.
- **Forget me**: once the turn that forgot the conversation is over, its lock goes too.
- **Bad input** (bot/channels/inbound.py): not a JSON object, a `sender` that is not 1 to
  128 printable characters, metadata that is not a small JSON object: 400 `bad_request`;
  no text once control characters are dropped: 400 `unreadable`; over 5,000 characters:
  400 `too_long`. Nothing of it reaches Rasa.

credentials.yml: `bot.channels.rest_auth.TokenRestInput:` (no keys: secrets come from
the environment only).
"""
from __future__ import annotations

import inspect
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_guard
from bot.access_tokens import InvalidToken, WrongConversation, secret_from_environment, verify_token
from bot.channels.inbound import BadText, channel_metadata, resident_text, valid_sender
from bot.channels.turns import guarded_turn

logger = logging.getLogger(__name__)


def _bad_request(error: str) -> HTTPResponse:
    """400 with what was wrong: `bad_request` (not a JSON object with a valid `sender` and
    `metadata`), `unreadable` (no text) or `too_long` (bot/channels/inbound.py)."""
    return response.json({"error": error}, status=400)


def _denied(status: int, error: str) -> HTTPResponse:
    headers = {"WWW-Authenticate": f'Bearer error="{error}"'} if status == 401 else {}
    return response.json({"error": error}, status=status, headers=headers)


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        secret = secret_from_environment()
        if secret is None and os.environ.get("ASSISTANT_ENV") == "production":
            raise ValueError("REST_TOKEN_SECRET must be set in production: the REST channel would be open")
        if secret is None:
            logger.warning("REST channel open: no REST_TOKEN_SECRET (development only)")
        return cls(secret)

    def __init__(self, secret: Optional[str] = None) -> None:
        self.secret = secret

    def check(self, request: Request, sender_id: str) -> Optional[HTTPResponse]:
        """None when the request may reach the assistant, else the refusal."""
        if self.secret is None:
            return None
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _denied(401, "missing_token")
        try:
            verify_token(token.strip(), self.secret, sender_id)
        except WrongConversation:
            return _denied(403, "wrong_conversation")
        except InvalidToken:
            return _denied(401, "invalid_token")
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.listener("after_server_start")
        async def guard_the_action_server(app: Any, loop: Any) -> None:
            # Rasa has loaded its agent by now: every channel's turns get the bounded calls.
            if getattr(app.ctx, "agent", None) is not None:
                action_guard.install(app.ctx.agent)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:   # not JSON, not UTF-8, nested too deep for the parser
                body = None
            if not isinstance(body, dict):
                return _bad_request("bad_request")
            sender_id, metadata = body.get("sender"), channel_metadata(body.get("metadata"))
            if not valid_sender(sender_id) or metadata is None:
                return _bad_request("bad_request")
            denied = self.check(request, sender_id)
            if denied is not None:
                return denied
            try:
                text = resident_text(body.get("message"))
            except BadText as bad:
                return _bad_request(bad.problem)
            return response.json(await self.answer(request.app, on_new_message, sender_id, text, metadata))

        return webhook

    async def answer(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     sender_id: str, text: str, metadata: Optional[dict]) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        apology = (await guarded_turn(app, on_new_message, UserMessage(
            text, collector, sender_id, input_channel=self.name(), metadata=metadata or None))).apology
        return list(collector.messages) + ([{"recipient_id": sender_id, "text": apology}] if apology else [])
