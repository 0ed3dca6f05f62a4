"""Language identification alone on the held-out sets (tests/nlu/<code>.yml), the measure of
`python -m bot.cli eval` without a Rasa model: messages of 3+ words, target 0.98 per language."""
import pytest

from bot.cli.evaluate import LANGUAGE_ID_TARGET, held_out
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier, count_words


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})


@pytest.fixture(scope="module")
def sets():
    return held_out()


@pytest.mark.parametrize("code", load_languages().codes)
def test_language_identification_on_held_out_messages_meets_the_target(identifier, sets, code):
    texts = [text for text, _ in sets[code] if count_words(text) >= 3]
    wrong = [(text, identifier.detect(text)) for text in texts]
    wrong = [(text, d) for text, d in wrong if d["code"] != code]
    assert len(texts) >= 80
    assert 1 - len(wrong) / len(texts) >= LANGUAGE_ID_TARGET, wrong


@pytest.mark.parametrize("code", load_languages().codes)
def test_no_held_out_message_is_confidently_put_in_another_language(identifier, sets, code):
    # a confident wrong detection of 3+ words would switch the conversation away
    settings = load_languages()
    for text, _ in sets[code]:
        detection = identifier.detect(text)
        if detection["code"] not in (code, None):
            assert detection["confidence"] < settings.min_confidence or detection["words"] < settings.min_words, \
                (text, detection)
