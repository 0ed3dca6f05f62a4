"""What residents read in Spanish, Portuguese, Ukrainian and Arabic: the city's names, phones and codes
kept, the French words of procedures kept (residents meet them on their papers), and specialty names.
French and English: test_languages.py; every catalogue on every route: test_languages_catalogue.py."""

import re
from typing import NamedTuple

import pytest

from language_helpers import CATALOGUES, DOMICILIATION, HEALTH, PLACES, TARIFFS, get


class Words(NamedTuple):
    asked_as: str                  # an Accept-Language as residents' browsers send it
    online_help: str               # how the MSP's first service begins
    mail_pickup: str               # how the CCAS's mail pickup begins
    works_here: str                # the "works in the town" link option of the domiciliation
    tax_notice: str                # the French name of the tax notice, kept for residents' papers
    specialties: dict[str, str]    # specialty -> its name (the others: the data pack's English)


WORDS = {
    "es": Words("es-ES,es;q=0.9", "ayuda con los trámites en línea", "el correo de las personas domiciliadas",
                "Trabajo en Levallois", "avis d'imposition", {"dentist": "dentista", "midwife": "matrona"}),
    "pt": Words("pt-PT", "ajuda com os procedimentos online", "o correio das pessoas domiciliadas",
                "Trabalho em Levallois", "avis d'imposition", {"dentist": "dentista", "midwife": "parteira"}),
    # Ukrainian writes the apostrophe of French words with the typographic one (’), as in its own words.
    "uk": Words("uk-UA,uk;q=0.9", "допомога з онлайн-процедурами", "пошту людей із доміциляцією",
                "Я працюю в Левалуа", "avis d’imposition", {}),
    "ar": Words("ar-MA,ar;q=0.9,fr;q=0.5", "مساعدة في الإجراءات عبر الإنترنت", "بريد الأشخاص الموطَّنين",
                "أعمل في Levallois", "avis d'imposition", {"dentist": "طبيب أسنان", "midwife": "قابلة"}),
}
FORM = re.compile(r"cerfa n° [\d*]+")


@pytest.mark.parametrize("code", sorted(WORDS))
def test_names_codes_and_the_french_words_of_procedures_are_kept(api, code):
    words = WORDS[code]
    msp = get(api, "/v1/places/msp", code).json()
    assert msp["services"][0].startswith(words.online_help)
    assert msp["name"] == PLACES["msp"]["name"]  # names stay as the city writes them
    ccas = get(api, "/v1/places/ccas", words.asked_as)
    assert ccas.headers["Content-Language"] == code
    assert ccas.json()["name"] == PLACES["ccas"]["name"] and ccas.json()["phone"] == PLACES["ccas"]["phone"]
    assert ccas.json()["mail_pickup"].startswith(words.mail_pickup)
    info = get(api, "/v1/domiciliation/info", lang=code).json()
    assert info["statuses"] == DOMICILIATION["statuses"]
    assert {o["id"]: o["label"] for o in info["link_options"]}["works"] == words.works_here
    form = FORM.search(DOMICILIATION["documents"][0])
    assert form and form[0] in info["documents"][0]
    rules = get(api, "/v1/tariffs/rules", words.asked_as).json()
    assert words.tax_notice in rules["quotient_familial"]["accepted_proofs"][1]
    assert rules["how_to_apply"] == CATALOGUES[code][TARIFFS["how_to_apply"]]


@pytest.mark.parametrize("code", sorted(WORDS))
def test_specialty_names(api, code):
    """specialty_names has fr and en only: the catalogue translates the English name, or it stays English."""
    practitioners = get(api, "/v1/health/practitioners", code).json()
    named = {p["specialty"] for p in practitioners}
    assert set(WORDS[code].specialties) <= named
    for practitioner in practitioners:
        names = HEALTH["specialty_names"][practitioner["specialty"]]
        assert practitioner["specialty_names"] == names
        expected = WORDS[code].specialties.get(practitioner["specialty"], CATALOGUES[code].get(names["en"]))
        assert practitioner["specialty_name"] == (expected or names["en"]), practitioner["id"]
