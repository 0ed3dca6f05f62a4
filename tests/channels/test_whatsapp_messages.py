"""Bot replies as WhatsApp interactive messages within Meta's limits; incoming entries read."""
from __future__ import annotations

import pytest

from bot.channels.texts import channel_texts
from bot.channels.whatsapp_messages import incoming_messages, shorten, whatsapp_reply

TO = "33612345678"
FR = channel_texts("fr")


def _buttons(*titles):
    return [{"title": t, "payload": f"/choice{{\"n\":{i}}}"} for i, t in enumerate(titles)]


def test_up_to_three_short_choices_are_reply_buttons():
    reply = whatsapp_reply([{"text": "Bonjour !", "buttons": _buttons("Ce que je sais faire", "English")}], TO, FR)
    [message] = reply.messages
    assert message["to"] == TO and message["type"] == "interactive"
    interactive = message["interactive"]
    assert interactive["type"] == "button" and interactive["body"]["text"] == "Bonjour !"
    assert [b["reply"] for b in interactive["action"]["buttons"]] == [
        {"id": '/choice{"n":0}', "title": "Ce que je sais faire"}, {"id": '/choice{"n":1}', "title": "English"}]
    assert reply.payloads == ['/choice{"n":0}', '/choice{"n":1}']


def test_long_titles_make_a_list_with_the_full_title_as_description():
    title = "jeudi 3 décembre à 9 h 00 — Dr Leila Haddad"
    reply = whatsapp_reply([{"text": "Choisissez un créneau :", "buttons": _buttons(title, "Autre jour")}], TO, FR)
    [message] = reply.messages
    interactive = message["interactive"]
    assert interactive["type"] == "list" and interactive["action"]["button"] == FR.list_button
    rows = interactive["action"]["sections"][0]["rows"]
    assert len(rows[0]["title"]) <= 24 and rows[0]["title"].endswith("…")
    assert rows[0]["description"] == title
    assert rows[1] == {"id": '/choice{"n":1}', "title": "Autre jour"}


def test_more_than_ten_choices_take_several_lists():
    reply = whatsapp_reply([{"text": "Choisissez :", "buttons": _buttons(*[f"Choix {n}" for n in range(13)])}], TO, FR)
    assert [m["interactive"]["type"] for m in reply.messages] == ["list", "list"]
    rows = [r for m in reply.messages for r in m["interactive"]["action"]["sections"][0]["rows"]]
    assert len(rows) == 13 and len(reply.messages[0]["interactive"]["action"]["sections"][0]["rows"]) == 10
    assert reply.messages[1]["interactive"]["body"]["text"] == FR.more_choices


def test_a_body_too_long_for_an_interactive_message_goes_first_as_text():
    text = "Une phrase assez longue sur les horaires. " * 40
    reply = whatsapp_reply([{"text": text, "buttons": _buttons("Oui", "Non")}], TO, FR)
    assert [m["type"] for m in reply.messages] == ["text", "interactive"]
    assert reply.messages[0]["text"]["body"] == text.strip()
    assert reply.messages[1]["interactive"]["body"]["text"] == FR.list_body


def test_a_payload_too_long_for_an_id_becomes_its_number_in_the_menu():
    long_payload = '/inform{"note":"' + "x" * 300 + '"}'
    reply = whatsapp_reply([{"text": "?", "buttons": [{"title": "A", "payload": "/a"},
                                                      {"title": "B", "payload": long_payload}]}], TO, FR)
    ids = [b["reply"]["id"] for b in reply.messages[0]["interactive"]["action"]["buttons"]]
    assert ids == ["/a", "menu:2"] and reply.payloads[1] == long_payload


def test_plain_texts_and_no_markup():
    reply = whatsapp_reply([{"text": "**Horaires** : [site](https://a.fr)"}, {"text": "Autre."}], TO, FR)
    assert [m["text"]["body"] for m in reply.messages] == ["Horaires : site (https://a.fr)", "Autre."]


def test_shorten():
    assert shorten("court", 24) == "court"
    assert shorten("mercredi 2 décembre à 14 h 00", 24) == "mercredi 2 décembre à…"


def _webhook(*messages, phone_number_id="PNID"):
    return {"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": phone_number_id},
                                              "messages": list(messages), "statuses": []}}]}]}


def test_incoming_texts_buttons_and_list_replies():
    payload = _webhook(
        {"id": "w1", "from": TO, "type": "text", "text": {"body": "Bonjour"}},
        {"id": "w2", "from": TO, "type": "interactive", "interactive": {"type": "button_reply",
                                                                         "button_reply": {"id": "/help", "title": "Aide"}}},
        {"id": "w3", "from": TO, "type": "interactive", "interactive": {"type": "list_reply",
                                                                         "list_reply": {"id": "menu:2", "title": "B"}}},
        {"id": "w4", "from": TO, "type": "image", "image": {"id": "media"}},
        {"id": "w5", "from": TO, "type": "reaction", "reaction": {"message_id": "w0", "emoji": "👍"}},
    )
    # A photo has no text (it gets the polite "I only read text"); a reaction asks for nothing.
    assert [(m.message_id, m.text) for m in incoming_messages(payload, "PNID")] == [
        ("w1", "Bonjour"), ("w2", "/help"), ("w3", "menu:2"), ("w4", None)]


@pytest.mark.parametrize("payload", [
    [], "entry", 7, None, {"entry": 5}, {"entry": ["x", 3, None]}, {"entry": [{"changes": {"a": 1}}]},
    {"entry": [{"changes": [{"value": []}]}]}, {"entry": [{"changes": [{"value": {"messages": "hi"}}]}]},
    _webhook({"id": 12, "from": TO, "type": "text", "text": {"body": "x"}}),
    _webhook({"id": "w1", "from": 33612345678, "type": "text", "text": {"body": "x"}}),
    _webhook({"id": "w1", "from": "not-a-number", "type": "text", "text": {"body": "x"}}),
    _webhook({"id": "w\u00001", "from": TO, "type": "text", "text": {"body": "x"}}),
])
def test_entries_of_any_other_shape_are_skipped(payload):
    assert list(incoming_messages(payload, "PNID")) == []


def test_a_text_of_the_wrong_type_is_no_text():
    payload = _webhook({"id": "w1", "from": TO, "type": "text", "text": {"body": {"nested": "x"}}},
                       {"id": "w2", "from": TO, "type": "text", "text": "flat"})
    assert [(m.message_id, m.text) for m in incoming_messages(payload, "PNID")] == [("w1", None), ("w2", None)]


def test_messages_to_another_business_number_and_statuses_are_skipped():
    assert list(incoming_messages(_webhook({"id": "w1", "from": TO, "type": "text", "text": {"body": "x"}},
                                           phone_number_id="OTHER"), "PNID")) == []
    assert list(incoming_messages({"entry": [{"changes": [{"value": {"statuses": [{"id": "s"}]}}]}]})) == []
