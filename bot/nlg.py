"""Bot messages that say which language they are in, and in which direction they read.

`LanguageTaggedNLG` is Rasa's templated generator (responses from the domain, variations
chosen by the `language` slot) that adds `lang` and `dir` to every generated message, for
`utter_*` actions and for custom actions' `dispatcher.utter_message(response=...)` alike.
Rasa keeps such extra keys as the message's metadata and hands them to the output
channel (bot/channels/web_socketio.py forwards them to the browser, which sets the
`lang` and `dir` attributes a screen reader needs).

`lang` is the language of the variation actually chosen: the `language` slot when the
response has a variation for it, the default language when Rasa fell back to the default
variation (a French text must not be announced as Arabic). A response without any
language variation is language-neutral and takes the slot's language.

It also adds `intent`, the intent of the resident's last message: with the response's name
(`utter_action`, added by Rasa), the web chat's answer feedback says what it was about.

Configured in endpoints.yml: `nlg: {type: bot.nlg.LanguageTaggedNLG}`.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.languages import load_languages

LANGUAGE_SLOT = "language"


def condition_language(variation: Dict[str, Any]) -> Optional[str]:
    """The language a response variation is conditioned on, if any."""
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == LANGUAGE_SLOT:
            return str(condition.get("value"))
    return None


class LanguageTaggedNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None, **kwargs: Any) -> None:
        super().__init__((domain or Domain.empty()).responses)

    def language_of(self, utter_action: Text, variation: Dict[str, Any],
                    slot_language: Optional[str]) -> str:
        settings = load_languages()
        chosen = condition_language(variation)
        if chosen:
            return chosen
        variations = self.responses.get(utter_action) or []
        if any(condition_language(v) for v in variations):
            return settings.default  # Rasa fell back to the default variation
        return slot_language if slot_language in settings.languages else settings.default

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        filled_slots = tracker.current_slot_values()
        message = self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
        if message is None:
            return None
        code = self.language_of(utter_action, message, filled_slots.get(LANGUAGE_SLOT))
        message.pop("condition", None)  # Rasa's selection detail, not part of the message
        message["lang"] = code
        info = load_languages().languages.get(code)  # a variation ahead of languages.yml
        message["dir"] = info.dir if info else "ltr"
        # What the reply answered (Rasa adds the response's name as `utter_action`): the web
        # chat's thumbs up/down are stored against both (bot/feedback).
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
        if intent:
            message["intent"] = intent
        return message
