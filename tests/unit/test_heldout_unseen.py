"""The held-out messages (tests/nlu/<code>.yml) are unseen: no training example of data/nlu
equals one or is a near-copy of one, so `make eval` measures generalisation, not memory.

Both sides are compared after `normalise`: entity annotations stripped, lower case, accents
and Arabic diacritics (harakat, hamza and madda marks, tatweel) removed, ة/ى read as ه/ي,
apostrophe variants dropped, punctuation and symbols read as spaces, any script's digits as
ASCII digits. A training example is a copy of a held-out message when:
  1. equal: same normalised text, whatever the language or intent. A held-out message of 3
     words or fewer may equal a training example of its intent only when
     tests/nlu/allowed_duplicates.yml lists it, with a reason, as a form of greet, goodbye,
     thank, affirm, deny or inform that everyone types the same ("ok", "4");
  2. near-copy, same language and same intent, the held-out message having 4 words or more
     (shorter ones are only checked for equality: any two people write "bonjour bonjour"):
     a. both have 4+ words and word Jaccard >= 0.75 ("thanks for your help" / "big thanks for
        your help"), or character 3-gram Jaccard >= 0.80 (spelling variants);
     b. the training example (3+ words) appears word for word inside the held-out message and
        makes at least half of it ("коли мій прийом?" / "підкажіть, будь ласка, коли мій
        прийом"), unless the allowlist lists it as a generic phrase ("pas du tout");
     c. slot swap: the held-out message is the training example with other words (at most one
        more than the entity's) in place of an annotated entity, the rest being 3+ words
        ("شو الإيميل تبع [البلدية](place)؟" / "شو الايميل تبع مصلحة الرياضة؟").
     Under another intent a near-copy is a contrast the model must learn ("há algum médico que
     fale árabe?" is ask_practitioners, "amanhã há algum médico livre que fale árabe?" is
     ask_health_slots): it cannot make the held-out score look better, so it is allowed.
The rule is lexical. A paraphrase that keeps the situation but swaps the words ("no podré
asistir, quiero anular el turno" / "no puedo ir a mi turno, quiero cancelarlo", word Jaccard
0.25; "сплю в авто, потрібна адреса для пошти" / "ночую в авто, куди мені можуть надсилати
пошту?") scores like any two examples of one intent, under every lexical measure tried: such
copies were found by reading each held-out message's closest training examples and rewritten,
and this test does not see them.
"""
from __future__ import annotations

import pytest

from bot.languages import load_languages
from tests.heldout_copies import (GENERIC_INTENTS, SHORT, Example, _contains, allowlist, equal_copies,
                                  held_out, near_copies, near_copy, normalise, training)


# --- the rule itself, on the cases it was tuned on --------------------------------------------

def _ex(text: str, intent: str = "x") -> Example:
    return Example.of("xx", "-", intent, text)


@pytest.mark.parametrize("raw, expected", [
    ("Horaires de la [Mairie](place) ?", "horaires de la mairie"),
    ("l’adresse du CCAS", "ladresse du ccas"),
    ("l'adresse du CCAS", "ladresse du ccas"),
    ("¿Cuándo ABRE el centro?", "cuando abre el centro"),
    ("مَرْحَبًا، أين البلدية؟", "مرحبا اين البلديه"),
    ("رقم الهاتف ديال [المستوصف]{\"entity\": \"place\"}", "رقم الهاتف ديال المستوصف"),
    ("٠٧ ٦٥ ٤٣", "07 65 43"),
    ("пам’ять", "память"),
    ("👍", "👍"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("held, train, rule", [
    ("підкажіть, будь ласка, коли мій прийом", "коли мій прийом?", "contained"),
    ("ممكن نعمل حساب الحاصل العائلي سوا؟", "حساب الحاصل العائلي", "contained"),
    ("big thanks for your help", "thanks for your help", "word Jaccard"),
    ("which professionals work at the health centre?", "which doctors work at the health centre?",
     "word Jaccard"),
    ("não quero que fique registado nada sobre mim", "não quero que fique nada guardado sobre mim",
     "word Jaccard"),
    ("je voudrais un rendez vous chez le dentiste", "je voudrai un rendez-vous chez le dentist",
     "3-gram Jaccard"),
    ("شو الايميل تبع مصلحة الرياضة؟", "شو الإيميل تبع [البلدية](place)؟", "slot swap"),
    ("do I need to book for the France Travail session?",
     "do I need to book for the [public writer](partner)?", "slot swap"),
])
def test_near_copies_are_caught(held, train, rule):
    assert (near_copy(_ex(held), _ex(train)) or "").startswith(rule)


@pytest.mark.parametrize("held, train", [
    ("bonjour bonjour", "bonjour"),  # short: equality only
    ("olá, muito bom dia", "olá, bom dia"),
    ("hi, how are you?", "how old are you?"),
    ("I'm looking for a job in retail", "I'm looking for a student job"),
    ("le CCAS ouvre à quelle heure le jeudi ?", "le CCAS ferme à quelle heure ?"),
    ("what time does the CCAS open on Thursdays?", "what time does the [town hall](place) open on Mondays?"),
    ("répondez-moi en arabe s'il vous plaît", "[anglais](ui_language) s'il vous plaît"),
])
def test_generic_or_different_messages_are_not_near_copies(held, train):
    assert near_copy(_ex(held), _ex(train)) is None


def test_a_near_copy_under_another_intent_is_a_contrast_not_a_copy():
    held = _ex("amanhã há algum médico livre que fale árabe?", "ask_health_slots")
    assert near_copy(held, _ex("há algum médico que fale árabe?", "ask_practitioners")) is None
    assert near_copy(held, _ex("há algum médico que fale árabe?", "ask_health_slots"))


# --- the data -------------------------------------------------------------------------------

@pytest.mark.parametrize("code", load_languages().codes)
def test_no_training_example_equals_a_held_out_message(code):
    found = equal_copies(code)
    assert not found, "held-out messages found in training data:\n" + "\n".join(found)


@pytest.mark.parametrize("code", load_languages().codes)
def test_no_training_example_is_a_near_copy_of_a_held_out_message(code):
    found = near_copies(code)
    assert not found, "near-copies of held-out messages in training data:\n" + "\n".join(found)


@pytest.mark.parametrize("code", load_languages().codes)
def test_no_held_out_message_is_there_twice(code):
    seen: Dict[str, str] = {}
    twice = []
    for held in held_out()[code]:
        if held.normalised in seen:
            twice.append(f"{seen[held.normalised]!r} / {held.text!r}")
        seen.setdefault(held.normalised, held.text)
    assert not twice, twice


def test_allowlist_entries_are_short_generic_explained_and_used():
    training_texts = {e.normalised for e in training()}
    held = [h for sets in held_out().values() for h in sets]
    wrong = []
    for entry in allowlist():
        words = tuple(normalise(entry["text"]).split())
        intents = set(entry.get("intents") or [])
        if len(words) > SHORT:
            wrong.append(f"{entry['text']!r}: more than {SHORT} words")
        if not intents or not intents <= GENERIC_INTENTS:
            wrong.append(f"{entry['text']!r}: intents must be among {sorted(GENERIC_INTENTS)}")
        if len(str(entry.get("reason") or "")) < 20:
            wrong.append(f"{entry['text']!r}: no reason")
        used = " ".join(words) in training_texts and any(
            h.intent in intents and (h.words == words or _contains(h.words, words)) for h in held)
        if not used:
            wrong.append(f"{entry['text']!r}: excuses nothing (remove it)")
    assert not wrong, wrong
