"""Every greeting, help and language question offers the same language menu: every language of
bot/languages.yml, named in itself, in its order; on SMS and WhatsApp it is numbered text."""
from pathlib import Path

import pytest
import yaml

from bot.channels.menus import chosen_payload, text_reply
from bot.channels.texts import channel_texts
from bot.languages import load_languages
from bot.nlg import condition_language

RESPONSES = Path(__file__).resolve().parents[2] / "data" / "responses" / "conversation.yml"
MENU_RESPONSES = ["utter_greet", "utter_help", "utter_choose_language", "utter_language_not_available"]


def rendered(button):
    """A button as Rasa sends it: "{{" in a response is a literal "{"."""
    return {"title": button["title"], "payload": button["payload"].replace("{{", "{").replace("}}", "}")}


def variations(name):
    responses = yaml.safe_load(RESPONSES.read_text(encoding="utf-8"))["responses"]
    settings = load_languages()
    return {condition_language(v) or settings.default: v for v in responses[name]}


def language_menu():
    return [{"title": info.name, "payload": f'/choose_language{{"ui_language":"{info.code}"}}'}
            for info in load_languages().languages.values()]


def test_the_menu_names_every_language_in_itself():
    titles = [b["title"] for b in language_menu()]
    assert titles == [info.name for info in load_languages().languages.values()]
    assert {"Français", "English", "Español", "Português", "Українська", "العربية"} <= set(titles)


@pytest.mark.parametrize("name", MENU_RESPONSES)
@pytest.mark.parametrize("code", load_languages().codes)
def test_every_language_offers_every_language(name, code):
    variation = variations(name)[code]
    offered = [rendered(b) for b in variation.get("buttons", []) if "/choose_language" in b["payload"]]
    assert offered == language_menu()
    # the menu comes last, after the topics
    assert [rendered(b) for b in variation["buttons"]][-len(offered):] == offered


@pytest.mark.parametrize("code", load_languages().codes)
def test_on_a_phone_the_greeting_is_a_numbered_menu_and_a_number_picks_a_language(code):
    greeting = variations("utter_greet")[code]
    message = {"text": greeting["text"], "buttons": [rendered(b) for b in greeting["buttons"]]}
    reply = text_reply([message], channel_texts(code))
    count = len(greeting["buttons"])
    assert reply.text.endswith(channel_texts(code).reply_with(count))
    lines = reply.text.split("\n")
    for number, info in enumerate(load_languages().languages.values(), start=count - len(language_menu()) + 1):
        assert f"{number}. {info.name}" in lines
        assert chosen_payload(str(number), reply.payloads) == f'/choose_language{{"ui_language":"{info.code}"}}'
    assert "{" not in reply.text and "/choose_language" not in reply.text
