"""Numbered menus instead of buttons, and the number sent back as the button's payload."""
from __future__ import annotations

import pytest

from bot.channels.menus import chosen_payload, plain_text, text_reply
from bot.channels.texts import _all_texts, channel_texts
from bot.languages import load_languages

HELP = {"text": "Voici ce que je sais faire.", "buttons": [
    {"title": "Horaires", "payload": "/ask_opening_hours"},
    {"title": "Rendez-vous médical", "payload": "/book_appointment"},
    {"title": "English", "payload": '/choose_language{"ui_language":"en"}'},
]}


def test_buttons_become_numbered_lines_and_the_prompt_of_the_language():
    reply = text_reply([HELP], channel_texts("fr"))
    assert reply.text == ("Voici ce que je sais faire.\n1. Horaires\n2. Rendez-vous médical\n3. English"
                          "\n\nRépondez 1, 2 ou 3.")
    assert reply.payloads == ["/ask_opening_hours", "/book_appointment", '/choose_language{"ui_language":"en"}']
    assert channel_texts("en").reply_with(3) == "Reply 1, 2 or 3."


def test_no_payload_or_markup_reaches_the_resident():
    messages = [{"text": "**Attention** : voir <b>le site</b> [service-public.fr](https://www.service-public.fr)"},
                HELP, {"text": "Ou bien :", "buttons": [{"title": "Site de la ville", "url": "https://www.ville-levallois.fr",
                                                       "type": "web_url"}]}]
    text = text_reply(messages, channel_texts("fr")).text
    for leak in ("/ask_", "/book_", "/choose_language", "{", "**", "<b>", "](", "payload"):
        assert leak not in text
    assert "Attention : voir le site service-public.fr (https://www.service-public.fr)" in text
    assert "Site de la ville : https://www.ville-levallois.fr" in text


def test_numbers_run_across_the_messages_of_a_turn():
    second = {"text": "Autre chose ?", "buttons": [{"title": "Oui", "payload": "/affirm"}]}
    reply = text_reply([HELP, second], channel_texts("en"))
    assert "\n4. Oui" in reply.text and reply.text.endswith("Reply 1, 2, 3 or 4.")
    assert reply.payloads[3] == "/affirm"


def test_a_turn_without_buttons_has_no_menu():
    reply = text_reply([{"text": "Au revoir."}], channel_texts("fr"))
    assert reply.text == "Au revoir." and reply.payloads == []


@pytest.mark.parametrize("answer, expected", [
    ("2", "/book_appointment"), (" 2 ", "/book_appointment"), ("2.", "/book_appointment"),
    ("#3", '/choose_language{"ui_language":"en"}'), ("0", None), ("4", None), ("deux", None),
    ("2 enfants", None), ("", None),
])
def test_the_number_sent_back_maps_to_the_payload(answer, expected):
    menu = text_reply([HELP], channel_texts("fr")).payloads
    assert chosen_payload(answer, menu) == expected


def test_no_menu_means_the_number_is_plain_text():
    assert chosen_payload("1", []) is None


def test_every_language_has_the_channel_wording():
    texts = _all_texts()
    keys = set(texts["fr"])
    for code in load_languages().codes:
        assert code in texts, f"bot/channels/texts.yml has no wording for {code}"
        assert set(texts[code]) == keys, code
        assert len(texts[code]["list_button"]) <= 20, code   # WhatsApp's limit for the list button
        assert "{choices}" in texts[code]["menu_prompt"], code


def test_arabic_prompt_and_unknown_language_falls_back_to_the_default():
    assert channel_texts("ar").reply_with(2) == "أرسلوا الرقم 1 أو 2."
    assert channel_texts("zz").language == load_languages().default


def test_plain_text_keeps_a_bare_link():
    assert plain_text("[https://a.fr](https://a.fr)") == "https://a.fr"
