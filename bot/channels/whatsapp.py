"""WhatsApp through Meta's WhatsApp Cloud API, as a Rasa input channel.

credentials.yml:

    bot.channels.whatsapp.WhatsAppInput:
      phone_number_id: ${WHATSAPP_PHONE_NUMBER_ID}
      access_token: ${WHATSAPP_ACCESS_TOKEN}
      app_secret: ${WHATSAPP_APP_SECRET}
      verify_token: ${WHATSAPP_VERIFY_TOKEN}
      ...

Meta calls /webhooks/whatsapp/webhook:
- GET when the webhook is subscribed: `hub.challenge` is echoed if `hub.verify_token` is
  ours, else 403;
- POST for each event, signed with the app secret (`X-Hub-Signature-256`; 403 and nothing
  reaches the bot when it is missing or wrong; 400 when the body is not a JSON object).
  Messages are claimed by id (Meta redelivers until it gets a 200), answered 200 at once,
  and each turn runs in the background; the replies become reply buttons or lists
  (bot/channels/whatsapp_messages.py). A message without text (a photo, a voice note,
  blank or garbled) or over 5,000 characters gets a polite reply in the conversation's
  language instead of a turn (bot/channels/inbound.py).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.identity import SenderIds
from bot.channels.inbound import UNREADABLE, BadText, resident_text
from bot.channels.menus import chosen_payload
from bot.channels.outbound import MetaMessages
from bot.channels.settings import META_GRAPH_API, or_default
from bot.channels.signatures import meta_challenge, meta_signature_ok
from bot.channels.sms import DEFAULT_STATE_DB
from bot.channels.state import ChannelState
from bot.channels.texts import channel_texts
from bot.channels.turns import BackgroundTurns, conversation_language, run_turn
from bot.channels.whatsapp_messages import MENU_ID, Incoming, incoming_messages, whatsapp_reply

logger = logging.getLogger(__name__)


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            phone_number_id=credentials.get("phone_number_id") or "",
            access_token=credentials.get("access_token") or "",
            app_secret=credentials.get("app_secret") or "",
            verify_token=credentials.get("verify_token") or "",
            sender_secret=credentials.get("sender_secret") or "",
            api_base_url=or_default(credentials.get("api_base_url"), META_GRAPH_API),
            state_db=or_default(credentials.get("state_db"), DEFAULT_STATE_DB),
        )

    def __init__(self, phone_number_id: str, access_token: str, app_secret: str, verify_token: str,
                 sender_secret: str, api_base_url: str = META_GRAPH_API,
                 state_db: str = DEFAULT_STATE_DB) -> None:
        self.phone_number_id = phone_number_id
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.enabled = bool(phone_number_id and access_token and app_secret and sender_secret)
        if not self.enabled:
            logger.warning("WhatsApp channel off: WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_ACCESS_TOKEN, "
                           "WHATSAPP_APP_SECRET and CHANNEL_SENDER_SECRET must all be set")
        self.senders = SenderIds(sender_secret) if sender_secret else None
        self.meta = MetaMessages(api_base_url, phone_number_id, access_token)
        self.state = ChannelState(Path(state_db))
        self.turns = BackgroundTurns()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("whatsapp_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "not configured"})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            query = {key: values[0] for key, values in request.args.items()}
            challenge = meta_challenge(query, self.verify_token)
            if challenge is None:
                return response.text("verification failed", status=403)
            return response.text(challenge)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled or not meta_signature_ok(
                    self.app_secret, request.body, request.headers.get("X-Hub-Signature-256")):
                logger.warning("WhatsApp webhook refused: missing or wrong signature")
                return response.text("invalid signature", status=403)
            try:
                payload = json.loads(request.body)
            except (ValueError, RecursionError):   # not JSON, not UTF-8, nested too deep
                return response.text("not JSON", status=400)
            if not isinstance(payload, dict):
                return response.text("not a webhook event", status=400)
            for message in incoming_messages(payload, self.phone_number_id):
                sender_id = self.senders.sender_id(f"whatsapp:+{message.wa_id}")
                if await self.state.claim(self.name(), message.message_id, sender_id):
                    self._start(request.app, on_new_message, sender_id, message)
            return response.text("", status=200)

        return hook

    def _start(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
               sender_id: str, message: Incoming) -> None:
        # The number stays in this closure, in memory, until the turn is answered.
        self.turns.run(sender_id, lambda: self._answer(app, on_new_message, sender_id,
                                                       message.wa_id, message.text))

    async def _answer(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      sender_id: str, wa_id: str, text: Optional[str]) -> None:
        try:
            if text is None:
                raise BadText(UNREADABLE)
            text = resident_text(text)
        except BadText as bad:   # no turn; the last menu still stands
            texts = channel_texts(await conversation_language(app, sender_id))
            await self.meta.send(whatsapp_reply([{"text": texts.problem(bad.problem)}], wa_id, texts).messages[0])
            return
        # Choices come back as their payload; `menu:<n>` only for payloads too long for an id
        # (a choice from a menu that has expired, or typed words, stay text: Rasa answers them).
        # Typed digits stay text: WhatsApp shows no numbers next to its buttons.
        if text.startswith(MENU_ID):
            text = chosen_payload(text[len(MENU_ID):], await self.state.menu(sender_id)) or text
        # The handoff (actions/handoff) may give staff this number, only if the resident agrees.
        reply_to = {"reply_address": f"whatsapp:+{wa_id}"}
        messages, language, forgotten = await run_turn(app, on_new_message, text, sender_id, self.name(),
                                                       metadata=reply_to)
        reply = whatsapp_reply(messages, wa_id, channel_texts(language))
        await self.state.remember_menu(sender_id, [] if forgotten else reply.payloads)
        for outgoing in reply.messages:
            if not await self.meta.send(outgoing):
                return   # keep the order: never send the end of a reply without its start

    def get_output_channel(self) -> None:
        return None
