"""Bot replies as WhatsApp Cloud API messages, and incoming webhook entries as texts.

Buttons follow WhatsApp's limits: up to 3 choices whose titles fit in 20 characters become
reply buttons; otherwise a list (row titles ≤ 24 characters, the full title as the row's
description when it had to be shortened, ≤ 10 rows per list, so more choices take several
lists). An interactive body holds 1,024 characters: a longer text goes first as a plain
message. The id of a choice is its payload, so tapping an old message still means what it
showed; a payload too long for an id is sent as `menu:<n>`, its number in the turn's menu.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from bot.channels.inbound import valid_message_id
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
    wa_id: str            # the resident's WhatsApp number, digits only
    text: Optional[str]   # None: nothing the assistant can read (a photo, a voice note...)


# Kinds that ask for no answer: a reaction to one of our messages, WhatsApp's own notices.
SILENT_KINDS = ("reaction", "system")
_WA_ID = re.compile(r"[0-9]{3,20}")


def _dicts(value: Any) -> List[Dict[str, Any]]:
    """The objects of a JSON list; nothing when it is not a list (Meta's shapes are checked,
    never assumed: this payload comes from outside)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def incoming_messages(payload: Any, phone_number_id: str = "") -> Iterator[Incoming]:
    """The residents' messages of a webhook call (statuses, other numbers' messages, reactions
    and entries of any other shape skipped)."""
    for entry in _dicts(_dict(payload).get("entry")):
        for change in _dicts(entry.get("changes")):
            value = _dict(change.get("value"))
            ours = _dict(value.get("metadata")).get("phone_number_id")
            if phone_number_id and ours and ours != phone_number_id:
                continue
            for message in _dicts(value.get("messages")):
                message_id, wa_id = message.get("id"), message.get("from")
                if not valid_message_id(message_id) or not isinstance(wa_id, str) \
                        or not _WA_ID.fullmatch(wa_id) or message.get("type") in SILENT_KINDS:
                    continue
                text = _message_text(message)
                yield Incoming(message_id, wa_id, text if isinstance(text, str) else None)


def _message_text(message: Dict[str, Any]) -> Any:
    kind = message.get("type")
    if kind == "text":
        return _dict(message.get("text")).get("body")
    if kind == "interactive":
        interactive = _dict(message.get("interactive"))
        chosen = _dict(interactive.get("button_reply") or interactive.get("list_reply"))
        return chosen.get("id") or chosen.get("title")
    if kind == "button":   # quick-reply button of a template message
        button = _dict(message.get("button"))
        return button.get("payload") or button.get("text")
    return None
