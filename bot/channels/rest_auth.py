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

credentials.yml: `bot.channels.rest_auth.TokenRestInput:` (no keys: secrets come from
the environment only).
"""
from __future__ import annotations

import inspect
import logging
import os
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_guard
from bot.access_tokens import InvalidToken, WrongConversation, secret_from_environment, verify_token
from bot.apology import apology_text
from bot.turn_context import turn

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 5000


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
            except Exception:
                body = None
            sender_id = body.get("sender") if isinstance(body, dict) else None
            text = body.get("message") if isinstance(body, dict) else None
            if not isinstance(sender_id, str) or not sender_id or not isinstance(text, str) \
                    or len(text) > MAX_MESSAGE_LENGTH:
                return response.json({"error": "bad_request"}, status=400)
            denied = self.check(request, sender_id)
            if denied is not None:
                return denied
            return response.json(await self.answer(request.app, on_new_message, sender_id, text,
                                                   body.get("metadata")))

        return webhook

    async def answer(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     sender_id: str, text: str, metadata: Any) -> List[Dict[str, Any]]:
        agent = getattr(app.ctx, "agent", None)
        if agent is not None:
            action_guard.install(agent)
        collector = CollectingOutputChannel()
        failed = False
        with turn() as state:
            try:
                await on_new_message(UserMessage(text, collector, sender_id, input_channel=self.name(),
                                                 metadata=metadata if isinstance(metadata, dict) else None))
            except CancelledError:
                failed = True
                logger.error("a REST message was cancelled before its answer")
            except Exception:
                failed = True
                logger.exception("a REST message could not be handled")
        messages = list(collector.messages)
        if agent is not None and (failed or state.action_server_failed):
            messages += await self._apology(agent, sender_id)
        if state.forgotten and getattr(agent, "lock_store", None) is not None:
            try:
                agent.lock_store.delete_lock(sender_id)
            except Exception:   # the answer matters more; the lock expires anyway
                logger.exception("the lock of a forgotten conversation could not be deleted")
        return messages

    async def _apology(self, agent: Any, sender_id: str) -> List[Dict[str, Any]]:
        text = await apology_text(agent, sender_id, self.name())
        return [{"recipient_id": sender_id, "text": text}] if text else []
