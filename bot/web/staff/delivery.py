"""A staff message to the resident, on the channel the resident used, and handing back.

- city page (socket.io): the message is added to the conversation as the bot's, with Rasa
  sending it on the conversation's latest channel (the browser's socket.io room);
- SMS and WhatsApp: sent through Twilio / Meta (bot/channels/outbound.py) to the number
  the resident agreed to give (the ticket's), then recorded in the conversation;
- REST: recorded only (a REST client cannot be written to first); kiosk: no replies, the
  resident is at the desk.
Handing back appends Rasa's `resume` event and says utter_handoff_resumed the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from bot.channels.outbound import MetaMessages, TwilioMessages
from bot.channels.settings import META_GRAPH_API, TWILIO_API
from bot.channels.sms_text import sms_messages
from bot.channels.texts import channel_texts
from bot.channels.whatsapp_messages import whatsapp_reply
from bot.languages import load_languages
from bot.web.staff.services import Conversations, ServiceError, _setting

PUSHED, SENT, RECORDED = "pushed", "sent", "recorded"
REPLYABLE = {"web", "rest", "sms", "whatsapp"}


class Providers:
    """Twilio and Meta, with the channels' own settings (credentials of `.env` or the environment)."""

    def twilio(self) -> Optional[TwilioMessages]:
        sid, token = _setting("TWILIO_ACCOUNT_SID"), _setting("TWILIO_AUTH_TOKEN")
        if not (sid and token):
            return None
        return TwilioMessages(_setting("TWILIO_API_BASE_URL", TWILIO_API), sid, token)

    def meta(self) -> Optional[MetaMessages]:
        number_id, token = _setting("WHATSAPP_PHONE_NUMBER_ID"), _setting("WHATSAPP_ACCESS_TOKEN")
        if not (number_id and token):
            return None
        return MetaMessages(_setting("WHATSAPP_API_BASE_URL", META_GRAPH_API), number_id, token)

    async def send(self, ticket: Dict[str, Any], texts: List[str]) -> None:
        address = ticket.get("contact_phone")
        if not address:
            raise ServiceError("pas de numéro sur ce ticket : impossible d'écrire au résident")
        if ticket["channel"] == "sms":   # Twilio: SMS and Twilio's WhatsApp ("whatsapp:+33...")
            twilio = self.twilio()
            if twilio is None:
                raise ServiceError("canal SMS non configuré (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)")
            sender = ticket.get("reply_from") or _setting("TWILIO_NUMBER")
            try:
                for text in texts:
                    for part in sms_messages(text, whatsapp=address.startswith("whatsapp:")):
                        if not await twilio.send(to=address, sender=sender, body=part):
                            raise ServiceError("Twilio a refusé le message")
            finally:
                await twilio.outbound.close()
            return
        meta = self.meta()
        if meta is None:
            raise ServiceError("canal WhatsApp non configuré (WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_ACCESS_TOKEN)")
        wa_id = address.split(":", 1)[-1].lstrip("+")
        reply = whatsapp_reply([{"text": text} for text in texts], wa_id, channel_texts(ticket["language"]))
        try:
            for message in reply.messages:
                if not await meta.send(message):
                    raise ServiceError("WhatsApp (Meta) a refusé le message")
        finally:
            await meta.outbound.close()


@dataclass
class Delivery:
    conversations: Conversations
    providers: Providers

    def _staff_event(self, ticket: Dict[str, Any], text: str, staff: str) -> Dict[str, Any]:
        info = load_languages().languages.get(ticket["language"])
        tags = {"lang": info.code, "dir": info.dir} if info else {}
        return {"event": "bot", "text": text, "metadata": {"staff": staff, **tags}}

    async def reply(self, ticket: Dict[str, Any], text: str, staff: str) -> str:
        """How the message went: pushed (chat), sent (SMS/WhatsApp) or recorded (REST)."""
        channel = ticket["channel"]
        if channel not in REPLYABLE:
            raise ServiceError("ce canal ne permet pas de répondre (le résident est au guichet)")
        event = self._staff_event(ticket, text, staff)
        if channel in {"sms", "whatsapp"}:
            await self.providers.send(ticket, [text])
            await self.conversations.append(ticket["conversation_id"], [event], push=False)
            return SENT
        await self.conversations.append(ticket["conversation_id"], [event], push=channel == "web")
        return PUSHED if channel == "web" else RECORDED

    async def hand_back(self, ticket: Dict[str, Any], paused: bool) -> Optional[str]:
        """Resumes a paused conversation and tells the resident the assistant is back."""
        if not paused:
            return None
        conversation, channel = ticket["conversation_id"], ticket["channel"]
        await self.conversations.append(conversation, [{"event": "resume"}], push=False)
        messages = await self.conversations.say(conversation, "utter_handoff_resumed", push=channel == "web")
        if channel in {"sms", "whatsapp"} and ticket.get("contact_phone"):
            await self.providers.send(ticket, [m["text"] for m in messages if m.get("text")])
            return SENT
        return PUSHED if channel == "web" else RECORDED
