"""Bot replies as WhatsApp Cloud API messages, and incoming webhook entries as texts.

Buttons follow WhatsApp's limits: up to 3 choices whose titles fit in 20 characters become
reply buttons; otherwise a list (row titles ≤ 24 characters, the full title as the row's
description when it had to be shortened, ≤ 10 rows per list, so more choices take several
lists). An interactive body holds 1,024 characters: a longer text goes first as a plain
message. The id of a choice is its payload, so tapping an old message still means what it
showed; a payload too long for an id is sent as `menu:<n>`, its number in the turn's menu.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from bot.channels.menus import buttons_of, plain_text
from bot.channels.sms_text import SmsBody, split_message
from bot.channels.texts import ChannelTexts

BUTTONS_MAX, BUTTON_TITLE_MAX, BUTTON_ID_MAX = 3, 20, 256
ROWS_MAX, ROW_TITLE_MAX, ROW_DESCRIPTION_MAX, ROW_ID_MAX = 10, 24, 72, 200
BODY_MAX, TEXT_MAX = 1024, 4096
MENU_ID = "menu:"


@dataclass
class WhatsAppReply:
    messages: List[Dict[str, Any]] = field(default_factory=list)
    payloads: List[str] = field(default_factory=list)   # the turn's menu, as for SMS


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words with an ellipsis when too long."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—-") + "…"


def _text(to: str, body: str) -> Dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
            "type": "text", "text": {"body": body, "preview_url": False}}


def _interactive(to: str, interactive: Dict[str, Any]) -> Dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
            "type": "interactive", "interactive": interactive}


def _choice_id(payload: str, number: int, limit: int) -> str:
    return payload if 0 < len(payload) <= limit else f"{MENU_ID}{number}"


def _choices(message: Dict[str, Any], menu: List[str]) -> List[Tuple[int, str, str]]:
    """(number in the turn's menu, title, payload) of the message's buttons."""
    choices = []
    for button in buttons_of(message):
        if button.get("payload") is None or button.get("url"):
            continue
        menu.append(str(button["payload"]))
        choices.append((len(menu), plain_text(str(button.get("title") or "")), menu[-1]))
    return choices


def _buttons(to: str, body: str, choices: Sequence[Tuple[int, str, str]]) -> Dict[str, Any]:
    return _interactive(to, {"type": "button", "body": {"text": body}, "action": {"buttons": [
        {"type": "reply", "reply": {"id": _choice_id(payload, n, BUTTON_ID_MAX), "title": title}}
        for n, title, payload in choices]}})


def _row(number: int, title: str, payload: str) -> Dict[str, Any]:
    row = {"id": _choice_id(payload, number, ROW_ID_MAX), "title": shorten(title, ROW_TITLE_MAX)}
    if row["title"] != title:
        row["description"] = shorten(title, ROW_DESCRIPTION_MAX)
    return row


def _lists(to: str, body: str, choices: Sequence[Tuple[int, str, str]],
           texts: ChannelTexts) -> Iterator[Dict[str, Any]]:
    for start in range(0, len(choices), ROWS_MAX):
        rows = [_row(*choice) for choice in choices[start:start + ROWS_MAX]]
        yield _interactive(to, {"type": "list", "body": {"text": body if start == 0 else texts.more_choices},
                                "action": {"button": shorten(texts.list_button, BUTTON_TITLE_MAX),
                                           "sections": [{"title": shorten(texts.list_button, 24), "rows": rows}]}})


def whatsapp_reply(messages: Sequence[Dict[str, Any]], to: str, texts: ChannelTexts) -> WhatsAppReply:
    reply = WhatsAppReply()
    for message in messages:
        text = plain_text(message.get("text") or "")
        for key in ("image", "attachment"):
            if isinstance(message.get(key), str):
                text = f"{text}\n{message[key]}".strip()
        links = [f"{plain_text(str(b.get('title') or ''))} : {b['url']}" for b in buttons_of(message) if b.get("url")]
        text = "\n".join([text, *links]).strip()
        choices = _choices(message, reply.payloads)
        if not choices or len(text) > BODY_MAX:
            reply.messages += [_text(to, part) for part in split_message(SmsBody(text, "UCS-2", TEXT_MAX)) if part]
            text = texts.list_body
        if not choices:
            continue
        fits_buttons = len(choices) <= BUTTONS_MAX and all(len(t) <= BUTTON_TITLE_MAX for _, t, _ in choices)
        body = text or texts.list_body
        reply.messages += [_buttons(to, body, choices)] if fits_buttons else list(_lists(to, body, choices, texts))
    return reply


@dataclass(frozen=True)
class Incoming:
    message_id: str
    wa_id: str          # the resident's WhatsApp number, digits only
    text: str


def incoming_messages(payload: Dict[str, Any], phone_number_id: str = "") -> Iterator[Incoming]:
    """The residents' messages of a webhook call (statuses and other numbers' messages skipped)."""
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            ours = (value.get("metadata") or {}).get("phone_number_id")
            if phone_number_id and ours and ours != phone_number_id:
                continue
            for message in value.get("messages") or []:
                text = _message_text(message)
                if text and message.get("id") and message.get("from"):
                    yield Incoming(message["id"], message["from"], text)


def _message_text(message: Dict[str, Any]) -> Optional[str]:
    kind = message.get("type")
    if kind == "text":
        return (message.get("text") or {}).get("body")
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        chosen = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return chosen.get("id") or chosen.get("title")
    if kind == "button":   # quick-reply button of a template message
        button = message.get("button") or {}
        return button.get("payload") or button.get("text")
    return None
