"""The channels' own wording, per language, read from texts.yml (never written in Python)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml
from babel.lists import format_list

from bot.languages import load_languages

TEXTS_FILE = Path(__file__).with_name("texts.yml")


@dataclass(frozen=True)
class ChannelTexts:
    language: str
    locale: str
    menu_prompt: str
    list_button: str
    list_body: str
    more_choices: str
    unreadable: str          # a message the assistant cannot take (bot/channels/inbound.py)
    too_long: str
    direction: str = "ltr"   # of the language, for the web chat

    def problem(self, problem: str) -> str:
        """The polite reply to an `unreadable` or `too_long` message."""
        return self.too_long if problem == "too_long" else self.unreadable

    def reply_with(self, count: int) -> str:
        """'Répondez 1, 2 ou 3.' for a menu of `count` choices."""
        numbers = [str(n) for n in range(1, count + 1)]
        return self.menu_prompt.format(choices=format_list(numbers, style="or", locale=self.locale))


@lru_cache(maxsize=1)
def _all_texts(path: Path = TEXTS_FILE) -> Dict[str, Dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def channel_texts(language: str) -> ChannelTexts:
    """The wording for a conversation's language; the default language's when it has none."""
    settings = load_languages()
    texts = _all_texts()
    code = language if language in texts else settings.default
    info = settings.languages.get(code)
    locale = info.locale if info else code
    return ChannelTexts(language=code, locale=locale, direction=info.dir if info else "ltr", **texts[code])
