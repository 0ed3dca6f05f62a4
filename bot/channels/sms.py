"""SMS (and Twilio's WhatsApp) as a Rasa input channel, on Twilio's webhook conventions.

credentials.yml:

    bot.channels.sms.SmsInput:
      account_sid: ${TWILIO_ACCOUNT_SID}
      auth_token: ${TWILIO_AUTH_TOKEN}
      ...                                   (see bot/channels/settings.py)

Twilio POSTs each incoming message to /webhooks/sms/webhook. The webhook
1. checks `X-Twilio-Signature` over the public URL (403, and nothing reaches the bot, when
   it is missing or wrong);
2. answers 400 to a signed request without a MessageSid or a phone number in `From`
   (not a message Twilio would send);
3. claims the MessageSid (a retried delivery is answered but not processed again);
4. answers empty TwiML at once, and runs the turn in the background: a number chosen from
   the last menu becomes its payload, the replies become plain text with numbered menus,
   cut into SMS-sized messages (bot/channels/sms_text.py), sent through Twilio's API.
   A message without text (a photo, blank, garbled) or over 5,000 characters gets a polite
   SMS in the conversation's language instead of a turn (bot/channels/inbound.py).
Replies go from the number the resident wrote to (the webhook's `To`), which serves SMS
and WhatsApp alike; TWILIO_NUMBER is only a fallback.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.identity import SenderIds, is_phone_address, is_whatsapp
from bot.channels.inbound import BadText, resident_text, valid_message_id
from bot.channels.menus import chosen_payload, text_reply
from bot.channels.outbound import TwilioMessages
from bot.channels.settings import TWILIO_API, or_default
from bot.channels.signatures import parse_form, signed_url, twilio_signature_ok
from bot.channels.sms_text import sms_messages
from bot.channels.state import ChannelState
from bot.channels.texts import channel_texts
from bot.channels.turns import BackgroundTurns, conversation_language, run_turn

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
DEFAULT_STATE_DB = "var/channels.db"


class SmsInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            account_sid=credentials.get("account_sid") or "",
            auth_token=credentials.get("auth_token") or "",
            sender_secret=credentials.get("sender_secret") or "",
            twilio_number=credentials.get("twilio_number") or "",
            api_base_url=or_default(credentials.get("api_base_url"), TWILIO_API),
            public_url=credentials.get("public_url") or "",
            state_db=or_default(credentials.get("state_db"), DEFAULT_STATE_DB),
        )

    def __init__(self, account_sid: str, auth_token: str, sender_secret: str, twilio_number: str = "",
                 api_base_url: str = TWILIO_API, public_url: str = "",
                 state_db: str = DEFAULT_STATE_DB) -> None:
        self.auth_token = auth_token
        self.twilio_number = twilio_number
        self.public_url = public_url
        self.enabled = bool(account_sid and auth_token and sender_secret)
        if not self.enabled:
            logger.warning("SMS channel off: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                           "CHANNEL_SENDER_SECRET must all be set; every webhook gets 403")
        self.senders = SenderIds(sender_secret) if sender_secret else None
        self.twilio = TwilioMessages(api_base_url, account_sid, auth_token)
        self.state = ChannelState(Path(state_db))
        self.turns = BackgroundTurns()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("sms_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "not configured"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = parse_form(request.body)
            url = signed_url(self.public_url, request.path, request.query_string, request.url)
            if not self.enabled or not twilio_signature_ok(
                    self.auth_token, url, form, request.headers.get("X-Twilio-Signature")):
                logger.warning("SMS webhook refused: missing or wrong Twilio signature")
                return response.text("invalid signature", status=403)
            message_id = form.first("MessageSid") or form.first("SmsMessageSid")
            sender, ours, body = form.first("From"), form.first("To"), form.first("Body")
            if not valid_message_id(message_id) or not is_phone_address(sender):
                return response.text("a message needs a MessageSid and a phone number in From", status=400)
            sender_id = self.senders.sender_id(sender)
            if await self.state.claim(self.name(), message_id, sender_id):
                ours = ours if is_phone_address(ours) else ""
                # The number stays in this closure, in memory, until the turn is answered.
                self.turns.run(sender_id, lambda: self._answer(request.app, on_new_message,
                                                               sender_id, sender, ours, body))
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return hook

    async def _answer(self, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      sender_id: str, resident: str, ours: str, body: str) -> None:
        try:
            text = resident_text(body)
        except BadText as bad:   # no turn; the last menu still stands
            texts = channel_texts(await conversation_language(app, sender_id))
            return await self._send(resident, ours, texts.problem(bad.problem))
        text = chosen_payload(text, await self.state.menu(sender_id)) or text
        # The handoff (actions/handoff) may give staff this number, only if the resident agrees.
        reply_to = {"reply_address": resident, "reply_from": ours or self.twilio_number}
        messages, language, forgotten = await run_turn(app, on_new_message, text, sender_id, self.name(),
                                                       metadata=reply_to)
        reply = text_reply(messages, channel_texts(language))
        await self.state.remember_menu(sender_id, [] if forgotten else reply.payloads)
        if reply.text:
            await self._send(resident, ours, reply.text)

    async def _send(self, resident: str, ours: str, text: str) -> None:
        sent_from = ours or self.twilio_number
        for part in sms_messages(text, whatsapp=is_whatsapp(resident)):
            if not await self.twilio.send(to=resident, sender=sent_from, body=part):
                return   # keep the order: never send the end of a reply without its start

    def get_output_channel(self) -> None:
        # Messages pushed from outside a turn would need the number, which is not kept.
        return None
