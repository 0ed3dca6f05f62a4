"""Arabic is detected (lingua + spaCy's Arabic stop words), sticky like the others, and asked for."""
import pytest

from actions.conversation.language import next_language, requested_language
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier
from tests.trackers import tracker


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # the codes of bot/languages.yml


def test_arabic_is_a_language_of_the_assistant():
    info = load_languages().languages["ar"]
    assert (info.name, info.dir, info.locale) == ("العربية", "rtl", "ar")


@pytest.mark.parametrize("text", [
    "ما هي مواعيد عمل البلدية يوم السبت؟",            # Modern Standard Arabic
    "بغيت ناخد موعد عند طبيب الأطفال غدا",            # Maghrebi
    "بدي اعرف قديش سعر المسبح لابني",                 # Levantine
    "عايز أعرف الورق المطلوب للكاف",                  # Egyptian
    "شحال كيخلص الكونسرفاتوار ب QF ٦٠٠",              # French nouns and Eastern Arabic digits
    "عندي مشكل مع la CAF ديالي",                      # French words inside
    "واش كاين طبيب كيهضر بالعربية",
    "ابني لا يتنفس",                                  # three words: enough to switch
])
def test_detects_arabic_sentences(identifier, text):
    detection = identifier.detect(text)
    assert detection["code"] == "ar", detection
    assert detection["words"] >= 3
    assert detection["confidence"] >= load_languages().min_confidence  # enough to switch


@pytest.mark.parametrize("text", ["نعم", "شكرا", "واخا", "ok", "oui", "1", "١", "شكرا بزاف", "salam"])
def test_short_messages_keep_arabic(identifier, text):
    assert next_language("ar", identifier.detect(text), None) == "ar"


@pytest.mark.parametrize("text", ["شكرا", "نعم", "السلام عليكم"])
def test_short_arabic_messages_do_not_switch_from_french(identifier, text):
    assert next_language("fr", identifier.detect(text), None) == "fr"


def test_a_long_arabic_message_switches_from_french(identifier):
    detection = identifier.detect("السلام عليكم، بغيت نعرف امتى كتحل البلدية نهار السبت من فضلك")
    assert next_language("fr", detection, None) == "ar"


def test_a_long_french_message_switches_back(identifier):
    detection = identifier.detect("Quels sont les horaires de la mairie samedi ?")
    assert next_language("ar", detection, None) == "fr"


def test_asking_for_arabic_wins_even_when_short(identifier):
    asked = tracker(text="بالعربية", intent="choose_language", entities=[{"entity": "ui_language", "value": "ar"}])
    assert requested_language(asked) == "ar"
    assert next_language("fr", identifier.detect("بالعربية"), requested_language(asked)) == "ar"
