"""Sentences detected in every language (lingua + spaCy's stop words), confidently enough to switch.
Spanish, Portuguese, Ukrainian and Arabic: each a language of the assistant, sticky on short messages,
left for French or English on a long one, and won by asking. The rule itself: test_language.py;
the words the forms read: test_words.py."""
import pytest

from actions.conversation.language import next_language, requested_language
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier
from tests.trackers import tracker

# code: (name, writing direction, locale) as the web chat and the formatting need them
LANGUAGES = {
    "es": ("Español", "ltr", "es_ES"),
    "pt": ("Português", "ltr", "pt_PT"),
    "uk": ("Українська", "ltr", "uk_UA"),
    "ar": ("العربية", "rtl", "ar"),
}

SENTENCES = [
    ("fr", "Quels sont les horaires de la Maison des Services Publics ?"),
    ("fr", "je voudrais un rendez-vous chez le medecin demain matin"),
    ("en", "What are the opening hours of the town hall on Saturday?"),
    ("en", "I would like to book an appointment with a doctor"),
    # Grammar words settle the language of the city's borrowed nouns (QF, domiciliation, CCAS)
    ("en", "How much is the conservatoire with a QF of 600?"),
    ("en", "who can get a domiciliation?"),
    ("en", "I want to apply for a domiciliation"),
    ("fr", "Je voudrais une domiciliation au CCAS"),
    ("fr", "combien coûte la piscine pour un QF de 600"),
    ("es", "Hola, buenos días, necesito información"),
    ("es", "cuánto cuesta el conservatorio con un QF de 600"),
    ("es", "quiero pedir cita con el pediatra el martes"),
    ("es", "quien me puede ayudar con mi carte vitale?"),
    ("es", "hay hueco con el dentista el jueves por la tarde?"),
    ("es", "cual es el horario de la MSP el sabado?"),                    # without accents
    ("es", "q documentos tengo q llevar para la CAF"),                      # "q" for "que"
    ("es", "tengo la CMU, un médico me puede negar la consulta?"),
    ("pt", "Bom dia, queria saber o horário da casa de saúde amanhã"),      # European
    ("pt", "quanto custa a piscina com um QF de 600?"),                     # French nouns, Portuguese grammar
    ("pt", "quero marcar uma consulta no pediatra para o meu filho"),
    ("pt", "não sei o meu quociente familiar, pode calcular?"),
    ("pt", "tenho um problema com o meu senhorio, quem me pode ajudar?"),
    ("pt", "o que é a domiciliação e quem pode pedir?"),
    ("pt", "oi, vc pode me ajudar com a minha carteira de identidade?"),    # Brazilian, informal
    ("pt", "tô procurando emprego e não sei onde me inscrever"),
    ("pt", "meu filho não está respirando"),
    ("pt", "nao sei meu qf"),                                               # no accents
    ("pt", "Bom dia, eu falo português e preciso de ajuda com um pedido de domiciliação"),
    # Portuguese and Spanish told apart on the same sentence
    ("pt", "quero marcar uma consulta com o médico amanhã"), ("es", "quiero pedir una cita con el médico mañana"),
    ("pt", "não tenho morada, como recebo o meu correio?"), ("es", "no tengo domicilio, ¿cómo recibo mi correo?"),
    ("uk", "Доброго дня, мені потрібна допомога"),
    ("uk", "коли працює мерія в суботу?"),
    ("uk", "хочу записатися до педіатра на завтра"),
    ("uk", "скільки коштує консерваторія з QF 600"),                        # French nouns, Ukrainian grammar
    ("uk", "які документи взяти на прийом до CAF?"),
    ("uk", "я не знаю свій QF, можете порахувати?"),
    ("uk", "скiльки коштуе басейн для дитини"),      # Latin "i", "е" for "є", as typed on some keyboards
    ("uk", "шо там по графіку роботи мсп"),                                 # informal
    ("uk", "мне нужна помощь с документами"),        # Russian: the closest language spoken is Ukrainian
    ("uk", "Доброго дня, підкажіть, будь ласка, о котрій завтра відкривається мерія?"),
    ("ar", "ما هي مواعيد عمل البلدية يوم السبت؟"),                           # Modern Standard Arabic
    ("ar", "بغيت ناخد موعد عند طبيب الأطفال غدا"),                           # Maghrebi
    ("ar", "بدي اعرف قديش سعر المسبح لابني"),                                # Levantine
    ("ar", "عايز أعرف الورق المطلوب للكاف"),                                 # Egyptian
    ("ar", "شحال كيخلص الكونسرفاتوار ب QF ٦٠٠"),                             # French nouns, Eastern Arabic digits
    ("ar", "عندي مشكل مع la CAF ديالي"),                                     # French words inside
    ("ar", "واش كاين طبيب كيهضر بالعربية"),
    ("ar", "ابني لا يتنفس"),                                                 # three words: enough to switch
    ("ar", "السلام عليكم، بغيت نعرف امتى كتحل البلدية نهار السبت من فضلك"),
]

SHORT_MESSAGES = [
    *[("es", text) for text in ["ok", "vale", "sí", "gracias", "1", "06 12 34 56 78", "DOM-2026-000123",
                                "Lucía Fernández", "K7QM-3XPA"]],
    *[("pt", text) for text in ["sim", "ok", "1", "obrigado", "não", "06 12 34 56 78", "tá bom"]],
    *[("uk", text) for text in ["так", "дякую", "ок", "ok", "1", "добре дякую"]],
    *[("ar", text) for text in ["نعم", "شكرا", "واخا", "ok", "oui", "1", "١", "شكرا بزاف", "salam"]],
]

# Long messages in the assistant's first languages: whatever the language, they switch to theirs.
FRENCH_OR_ENGLISH = [
    ("Quels sont les horaires de la Maison des Services Publics ?", "fr"),
    ("Quels sont les horaires de la mairie samedi ?", "fr"),
    ("Bonjour, je voudrais un rendez-vous chez le médecin", "fr"),
    ("What are the opening hours of the town hall on Saturday?", "en"),
]

# A resident asks for the language with a word too short to be detected.
ASKED_WITH = {"es": "en español", "pt": "em português", "uk": "українською", "ar": "بالعربية"}


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # the languages of bot/languages.yml


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_language_of_the_assistant(code):
    info = load_languages().languages[code]
    assert (info.name, info.dir, info.locale) == LANGUAGES[code]


@pytest.mark.parametrize("code, text", SENTENCES)
def test_sentences_are_detected_and_switch_from_french_and_english(identifier, code, text):
    detection = identifier.detect(text)
    assert detection["code"] == code, detection
    assert detection["words"] >= 3
    assert detection["confidence"] >= load_languages().min_confidence  # enough to switch
    assert next_language("fr", detection, None) == code
    assert next_language("en", detection, None) == code


@pytest.mark.parametrize("code, text", SHORT_MESSAGES)
def test_short_messages_keep_the_language(identifier, code, text):
    assert next_language(code, identifier.detect(text), None) == code


@pytest.mark.parametrize("code", sorted(LANGUAGES))
@pytest.mark.parametrize("text, other", FRENCH_OR_ENGLISH)
def test_a_long_french_or_english_message_switches_back(identifier, code, text, other):
    assert next_language(code, identifier.detect(text), None) == other


@pytest.mark.parametrize("code", sorted(ASKED_WITH))
def test_asking_for_the_language_wins_whatever_the_detection(identifier, code):
    assert next_language("fr", identifier.detect(ASKED_WITH[code]), code) == code
    assert next_language("fr", {"code": "fr", "words": 1, "confidence": 1.0}, code) == code


# --- what is particular to one language -------------------------------------------------------

@pytest.mark.parametrize("text", ["شكرا", "نعم", "السلام عليكم"])
def test_short_arabic_messages_do_not_switch_from_french(identifier, text):
    assert next_language("fr", identifier.detect(text), None) == "fr"


def test_asking_for_arabic_is_read_from_the_choose_language_entity(identifier):
    asked = tracker(text="بالعربية", intent="choose_language", entities=[{"entity": "ui_language", "value": "ar"}])
    assert requested_language(asked) == "ar"
    assert next_language("fr", identifier.detect("بالعربية"), requested_language(asked)) == "ar"
