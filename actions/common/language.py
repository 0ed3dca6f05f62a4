"""The conversation's language, as the `language` slot holds it."""
from __future__ import annotations

from rasa_sdk import Tracker

from bot.languages import LanguageInfo, load_languages


def language_of(tracker: Tracker) -> str:
    settings = load_languages()
    code = tracker.get_slot("language")
    return code if code in settings.languages else settings.default


def info_of(code: str) -> LanguageInfo:
    settings = load_languages()
    return settings.languages.get(code) or settings.languages[settings.default]
