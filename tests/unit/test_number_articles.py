"""An indefinite article is not the number 1 in a message's `amount` ("quero uma consulta",
"combien coûte une entrée"), but a form that asks for a count still reads "um filho" as 1.
The articles are data (bot/number_words.yml)."""
import pytest
from rasa_sdk.events import SlotSet

from actions.tariffs.qf_form import ValidateQfForm
from bot.nlu.number_extractor import NumberExtractor
from bot.numbers import parse_amount
from tests.trackers import run, tracker


def amounts(text, language):
    return [e["value"] for e in NumberExtractor({"entity": "amount"}).extract(text, language)]


@pytest.mark.parametrize("text, language", [
    ("quero uma consulta", "pt"), ("quero marcar uma consulta para um filho", "pt"), ("tenho um problema com a CAF", "pt"),
    ("quanto custa uma aula de natação?", "pt"), ("Uma", "pt"), ("quiero una cita", "es"),
    ("necesito un médico", "es"), ("cuánto cuesta una clase de piano?", "es"), ("UN", "es"),
    ("je voudrais un rendez-vous", "fr"), ("combien coûte une entrée à la piscine ?", "fr"),
])
def test_an_article_is_no_amount(text, language):
    assert amounts(text, language) == []


@pytest.mark.parametrize("text, language, expected", [
    ("vinte e um", "pt", [21]), ("mil e um euros", "pt", [1001]), ("um milhão", "pt", [1000000]),
    ("dois filhos", "pt", [2]), ("zero", "pt", [0]), ("treinta y una", "es", [31]), ("uno", "es", [1]),
    ("un millón", "es", [1000000]), ("unos mil euros", "es", [1000]), ("cero", "es", [0]),
    ("vingt et un", "fr", [21]), ("mille deux cents", "fr", [1200]), ("one", "en", [1]),
    ("uma consulta, QF de 600", "pt", [600]), ("un QF de quinientos", "es", [500]),
])
def test_numbers_in_words_are_still_amounts(text, language, expected):
    assert amounts(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("um filho", "pt", 1), ("um", "pt", 1), ("uma criança", "pt", 1), ("un hijo", "es", 1), ("una", "es", 1),
    ("un enfant", "fr", 1), ("dois filhos", "pt", 2), ("unos mil euros", "es", 1000), ("uns 1200 por mês", "pt", 1200),
])
def test_a_form_that_asks_a_count_reads_the_article_as_one(text, language, expected):
    assert parse_amount(text, language) == expected


@pytest.mark.parametrize("text, language", [("um filho", "pt"), ("una hija", "es"), ("un enfant", "fr")])
async def test_the_qf_form_counts_one_child_said_with_an_article(text, language):
    # the NLU gives no `amount` for the article; the form reads the answer itself
    entities = NumberExtractor({"entity": "amount"}).extract(text, language)
    t = tracker(text=text, intent="inform", entities=entities, active_loop="qf_form",
                requested_slot="household_children",
                slots={"language": language, "household_adults": 2.0, "household_children": text},
                events=[{"event": "slot", "name": "household_children", "value": text}])
    events, messages = await run(ValidateQfForm(), t)
    assert events == [SlotSet("household_children", 1.0)]
    assert messages == []
