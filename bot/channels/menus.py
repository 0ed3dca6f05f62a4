"""Bot replies as plain text with numbered menus, and the resident's number back to a payload.

A phone has no buttons: a turn's buttons become "1. Horaires" lines numbered across the
turn, followed by the prompt of the conversation's language ("Répondez 1, 2 ou 3."). The
payloads are remembered per resident (bot.channels.state); a later "2" is sent to Rasa as
the second payload, exactly as a click on that button would be. Payloads, links' markup
and HTML never reach the resident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from bot.channels.texts import ChannelTexts

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")     # [text](url)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")                   # **bold**, __bold__
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")                       # <b>, <br/>...
_CHOICE = re.compile(r"^\s*#?(\d{1,2})\s*[.)]?\s*$")


def plain_text(text: str) -> str:
    """The text without markup: links as 'text (url)', no emphasis marks, no tags."""
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _TAG.sub("", text).strip()


@dataclass
class TextReply:
    text: str
    payloads: List[str] = field(default_factory=list)   # payloads[n - 1] is choice n


def buttons_of(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Buttons and quick replies of one bot message, as Rasa's channels receive them."""
    return list(message.get("buttons") or message.get("quick_replies") or [])


def message_lines(message: Dict[str, Any], menu: List[str]) -> List[str]:
    """One bot message as lines; its buttons extend `menu` and become numbered lines."""
    lines = []
    if message.get("text"):
        lines.append(plain_text(message["text"]))
    for key in ("image", "attachment"):
        if isinstance(message.get(key), str):
            lines.append(message[key])
    for button in buttons_of(message):
        title = plain_text(str(button.get("title") or ""))
        if button.get("url") or button.get("type") == "web_url":
            lines.append(f"{title} : {button.get('url') or button.get('payload')}")
        elif button.get("payload") is not None:
            menu.append(str(button["payload"]))
            lines.append(f"{len(menu)}. {title}")
    return lines


def text_reply(messages: Sequence[Dict[str, Any]], texts: ChannelTexts) -> TextReply:
    """A whole turn as one text (paragraphs) ending with the prompt when there is a menu."""
    menu: List[str] = []
    paragraphs = ["\n".join(lines) for lines in (message_lines(m, menu) for m in messages) if lines]
    if menu:
        paragraphs.append(texts.reply_with(len(menu)))
    return TextReply("\n\n".join(paragraphs), menu)


def chosen_payload(answer: str, menu: Sequence[str]) -> Optional[str]:
    """The payload a resident's "2" stands for in the last menu; None if it is no choice."""
    match = _CHOICE.match(answer or "")
    if not match:
        return None
    number = int(match.group(1))
    return menu[number - 1] if 1 <= number <= len(menu) else None
