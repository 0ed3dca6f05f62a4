"""Realistic conversations written through the assistant's own tracker store
(bot.tracker_store.PrivacySQLTrackerStore, Rasa's tracker store API on SQLite), with the
events Rasa produces for them: session start, the resident's messages (intent, channel,
the widget's `client`), the language slot switched by the turn, actions, the bot's replies
tagged with their response and intent. Used by the analytics tests, the dashboard's browser
test and its screenshot (docs/dashboard.png).
"""
from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered

from bot.cli.stack import ROOT
from bot.feedback.comment import redact_comment
from bot.feedback.store import FeedbackStore
from bot.feedback.validation import NewFeedback
from bot.tracker_store import PrivacySQLTrackerStore

SOCKETIO_CLIENTS = {"web", "kiosk"}


@lru_cache(maxsize=1)
def domain() -> Domain:
    files = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
    return Domain.load([str(f) for f in files])


def tracker_store(path: Path) -> PrivacySQLTrackerStore:
    return PrivacySQLTrackerStore(domain=domain(), dialect="sqlite", db=str(path))


@dataclass
class Say:
    """One resident message and what the assistant did with it."""
    text: str
    intent: str
    action: str = ""            # a custom action; else the reply's response is uttered
    response: str = "utter_default"
    switch_to: Optional[str] = None   # the turn switched the language slot


@dataclass
class Conversation:
    channel: str                # web, kiosk, sms, whatsapp, rest
    start: datetime             # UTC
    says: List[Say]
    language: str = "fr"
    sender: str = field(default_factory=lambda: f"seed-{uuid.uuid4().hex[:12]}")


def _events(conversation: Conversation, with_session_start: bool = True) -> List[Event]:
    at = conversation.start.timestamp()
    events: List[Event] = []
    if with_session_start:
        events += [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                   ActionExecuted("action_listen", timestamp=at)]
    language = conversation.language
    input_channel = "socketio" if conversation.channel in SOCKETIO_CLIENTS else conversation.channel
    metadata = {"client": conversation.channel} if input_channel == "socketio" else {}
    for index, say in enumerate(conversation.says):
        at = conversation.start.timestamp() + 40 * index + 1
        events.append(UserUttered(say.text, {"name": say.intent, "confidence": 0.9}, [],
                                  timestamp=at, input_channel=input_channel, metadata=dict(metadata)))
        if say.switch_to:
            language = say.switch_to
            events.append(SlotSet("language", language, timestamp=at + 1))
        if say.action:
            events.append(ActionExecuted(say.action, timestamp=at + 2))
        else:
            events.append(ActionExecuted(say.response, timestamp=at + 2))
        events.append(BotUttered(f"({say.response})", {}, {"utter_action": say.response, "intent": say.intent,
                                                           "lang": language, "dir": "ltr"}, timestamp=at + 3))
        events.append(ActionExecuted("action_listen", timestamp=at + 4))
    return events


async def save(store: PrivacySQLTrackerStore, conversation: Conversation, new_session: bool = True) -> None:
    """Writes the conversation as Rasa would (the tracker read back, events added, saved)."""
    tracker = await store.get_or_create_tracker(conversation.sender, append_action_listen=False)
    if conversation.language != "fr" and not tracker.events:
        tracker.update(SlotSet("language", conversation.language, timestamp=conversation.start.timestamp()))
    for event in _events(conversation, new_session):
        tracker.update(event)
    await store.save(tracker)


def save_all(store: PrivacySQLTrackerStore, conversations: List[Conversation]) -> None:
    async def run() -> None:
        for conversation in conversations:
            await save(store, conversation)

    asyncio.run(run())


# --- a month of the city, for the dashboard's test and screenshot -------------------------
PHRASES = {
    "ask_opening_hours": ("utter_opening_hours_open", {"fr": "horaires de la mairie samedi", "en": "opening hours on saturday",
                                                      "ar": "مواعيد العمل يوم السبت", "es": "horario del sábado",
                                                      "pt": "horário de sábado", "uk": "графік роботи в суботу"}),
    "ask_tariff": ("utter_tariff_line", {"fr": "prix du conservatoire pour un QF", "en": "price of the music school",
                                     "ar": "سعر المعهد الموسيقي", "es": "precio del conservatorio",
                                     "pt": "preço do conservatório", "uk": "ціна консерваторії"}),
    "ask_health_slots": ("utter_health_slots", {"fr": "un rdv médecin demain", "en": "a doctor tomorrow",
                                                "ar": "موعد مع طبيب غدا", "es": "cita con el médico mañana",
                                                "pt": "consulta amanhã", "uk": "лікар завтра"}),
    "ask_domiciliation": ("utter_domiciliation_info", {"fr": "c'est quoi la domiciliation", "en": "what is domiciliation",
                                                      "ar": "ما هو التوطين", "es": "qué es la domiciliación",
                                                      "pt": "o que é a domiciliação", "uk": "що таке домициляція"}),
    "ask_documents": ("utter_documents", {"fr": "quels papiers pour la CAF", "en": "documents for the CAF",
                                          "ar": "وثائق الكاف", "es": "documentos para la CAF",
                                          "pt": "documentos para a CAF", "uk": "документи для CAF"}),
    "ask_social_housing": ("utter_social_housing", {"fr": "demande de logement social", "en": "social housing",
                                                    "ar": "سكن اجتماعي", "es": "vivienda social",
                                                    "pt": "habitação social", "uk": "соціальне житло"}),
    "ask_employment": ("utter_employment", {"fr": "je cherche du travail", "en": "looking for a job",
                                            "ar": "أبحث عن عمل", "es": "busco trabajo", "pt": "procuro emprego",
                                            "uk": "шукаю роботу"}),
}
FALLBACKS = ["horaires de la piscine le dimanche", "la piscine est ouverte quand ?", "swimming pool opening hours",
             "comment refaire ma carte d'identité", "renouveler carte identité perdue", "I lost my ID card",
             "inscription cantine scolaire", "inscrire mon fils à la cantine au 06 12 34 56 78",
             "où garer ma voiture", "parking près de la mairie", "quand passent les poubelles",
             "collecte des encombrants"]
WEIGHTS = {"fr": 50, "ar": 14, "en": 10, "pt": 10, "uk": 9, "es": 7}
CHANNELS = {"web": 50, "kiosk": 25, "sms": 15, "whatsapp": 10}
HOURS = [9, 9, 10, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 18, 20, 21]


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def city_month(now: datetime, conversations: int = 260, seed: int = 7) -> List[Conversation]:
    """A month of varied conversations ending before `now` (deterministic for a seed)."""
    rng = random.Random(seed)
    made = []
    for _ in range(conversations):
        day = now - timedelta(days=rng.randint(0, 27))
        start = day.replace(hour=rng.choice(HOURS) - 1, minute=rng.randint(0, 59), second=0, microsecond=0)
        if start >= now:
            start -= timedelta(days=1)
        language = _pick(rng, WEIGHTS)
        says = []
        for intent in rng.sample(list(PHRASES), rng.choice([1, 1, 2, 2, 3])):
            response, texts = PHRASES[intent]
            says.append(Say(texts[language], intent, response=response))
        roll = rng.random()
        if roll < 0.18:
            says.insert(rng.randint(0, len(says)), Say(rng.choice(FALLBACKS), "nlu_fallback", response="utter_default"))
        elif roll < 0.24:
            says.append(Say("je veux parler à un agent", "request_human", action="action_handoff_request",
                            response="utter_handoff_ticket_chat"))
        made.append(Conversation(_pick(rng, CHANNELS), start.astimezone(timezone.utc), says, language))
    return made


def city_feedback(store: FeedbackStore, now: datetime, votes: int = 120, seed: int = 11) -> None:
    rng = random.Random(seed)
    for _ in range(votes):
        intent = rng.choice(list(PHRASES))
        rating = "up" if rng.random() < {"ask_opening_hours": 0.9, "ask_health_slots": 0.55}.get(intent, 0.75) else "down"
        comment, language = None, _pick(rng, WEIGHTS)
        if rating == "down" and rng.random() < 0.5:
            comment, language = rng.choice([("La réponse ne donne pas les horaires du samedi", "fr"),
                                            ("Pas de créneau proposé, appelez-moi au 06 11 22 33 44", "fr"),
                                            ("je m'appelle Karim Benali et le tarif est faux", "fr"),
                                            ("The answer was in French, not in English", "en"),
                                            ("لم أجد العنوان", "ar"), ("Не вказано, які документи потрібні", "uk")])
        store.add(NewFeedback(rating, intent, PHRASES[intent][0], language, rng.choice(["web", "kiosk"]),
                              redact_comment(comment) if comment else None),
                  now=now - timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 10)))
