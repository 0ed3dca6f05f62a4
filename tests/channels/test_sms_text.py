"""SMS bodies: GSM-7 kept where the text allows it, messages cut at sentence boundaries."""
from __future__ import annotations

import re

import pytest

from bot.channels.sms_text import (GSM7_LIMIT, UCS2_LIMIT, WHATSAPP_LIMIT, SmsBody, gsm7_typography, is_gsm7,
                                   length, sms_body, sms_messages, split_message)

ARABIC = ("مرحبا! أنا مساعد دار الخدمات العامة في لوفالوا بيري. يمكنني إخباركم عن خدمات المدينة "
          "ومواعيد العمل والوثائق المطلوبة والتعريفات الاجتماعية. كيف يمكنني مساعدتكم اليوم؟ ")


def test_typography_is_replaced_when_the_rest_is_gsm7():
    body = sms_body("L’accueil est ouvert\u00a0: «\u00a0lundi – samedi\u00a0» de 9 h à 12 h…")
    assert body.encoding == "GSM-7" and body.limit == GSM7_LIMIT
    assert body.text == "L'accueil est ouvert : \"lundi - samedi\" de 9 h à 12 h..."
    assert is_gsm7(body.text)


def test_letters_outside_gsm7_keep_the_text_untouched_in_ucs2():
    original = "Être reçu à l’accueil — c’est possible."
    body = sms_body(original)
    assert body.encoding == "UCS-2" and body.limit == UCS2_LIMIT
    assert body.text == original            # typography kept too: UCS-2 carries it anyway


def test_whatsapp_keeps_unicode_and_long_bodies():
    body = sms_body("L’accueil — ouvert", whatsapp=True)
    assert body.text == "L’accueil — ouvert" and body.limit == WHATSAPP_LIMIT


def test_lengths_count_what_the_network_counts():
    assert length("Prix : 10 €", "GSM-7") == 12           # € is an escape: two septets
    assert length("ok 👍", "UCS-2") == 5                   # the emoji is a surrogate pair
    assert gsm7_typography("a\u202fb") == "a b"


def _long_french(sentences: int) -> str:
    return " ".join(f"Phrase numéro {n} du texte, qui parle des horaires de la mairie." for n in range(sentences))


@pytest.mark.parametrize("text", [_long_french(20), _long_french(3) + "\n" + _long_french(9), ARABIC * 6])
def test_messages_stay_within_the_limit_and_are_cut_after_sentences(text):
    body = sms_body(text)
    parts = split_message(body)
    assert len(parts) > 1
    for part in parts:
        assert 0 < length(part, body.encoding) <= body.limit
    for part in parts[:-1]:
        assert re.search(r"[.!?…؟]$", part), f"cut inside a sentence: {part[-30:]!r}"
    # Nothing lost, nothing reordered: only the whitespace at the cuts changes.
    assert re.sub(r"\s+", " ", " ".join(parts)) == re.sub(r"\s+", " ", body.text.strip())


def test_arabic_stays_ucs2_with_the_smaller_limit():
    body = sms_body(ARABIC * 3)
    assert body.encoding == "UCS-2" and body.text == (ARABIC * 3)
    assert all(length(p, "UCS-2") <= 201 for p in split_message(body))


def test_a_menu_line_is_never_cut_at_its_number():
    text = "Choisissez un créneau.\n" + "\n".join(f"{n}. jeudi 3 décembre à 9 h {n:02d}" for n in range(1, 20))
    parts = split_message(sms_body(text))
    lines = [line for part in parts for line in part.split("\n")]
    assert [line for line in lines if re.match(r"^\d+\.", line)] == [
        f"{n}. jeudi 3 décembre à 9 h {n:02d}" for n in range(1, 20)]


def test_a_sentence_longer_than_a_message_is_cut_between_words():
    words = ["mot"] * 200
    parts = split_message(SmsBody(" ".join(words), "GSM-7", 50))
    assert all(len(p) <= 50 and not p.startswith(" ") for p in parts)
    assert " ".join(parts).split(" ") == words


def test_a_word_longer_than_a_message_is_cut():
    parts = split_message(SmsBody("https://example.org/" + "x" * 120, "GSM-7", 50))
    assert [len(p) for p in parts] == [50, 50, 40]


def test_a_message_of_a_ucs2_reply_that_is_gsm7_on_its_own_is_sent_as_gsm7():
    reply = "Vous êtes bien à l’accueil. " * 7 + "\n" + "Répondez 1 ou 2 – merci."
    parts = sms_messages(reply)
    assert len(parts) == 2 and not is_gsm7(parts[0])
    assert parts[0].startswith("Vous êtes bien à l’accueil.")      # UCS-2: typography kept
    assert parts[1] == "Répondez 1 ou 2 - merci."                   # GSM-7 on its own
    assert sms_messages("L’accueil", whatsapp=True) == ["L’accueil"]
