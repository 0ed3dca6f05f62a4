"""The Arabic catalogue (seed/translations/ar.yml): complete, applied on every text route, and
what Arabic answers keep from the data pack (names, codes) or from French (holiday names)."""

import re

from conftest import SEED_DIR
from language_helpers import DOMICILIATION, HEALTH, PLACES, TEXT_ROUTES, get, texts_of
from municipal_api.core.i18n import read_catalogue

AR = read_catalogue(SEED_DIR / "translations" / "ar.yml")
FR = read_catalogue(SEED_DIR / "translations" / "fr.yml")
# specialty_names has fr and en only: the API translates the English name with the catalogue.
SPECIALTY_SOURCES = {names["en"] for names in HEALTH["specialty_names"].values()}
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def test_every_served_text_has_an_arabic_translation(api):
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        for text in texts_of(get(api, path).json(), shape):
            served.setdefault(text, path)
    missing = {text: path for text, path in served.items() if text not in AR}
    assert not missing, "add these to seed/translations/ar.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    stale = sorted(set(AR) - set(served) - SPECIALTY_SOURCES)
    assert not stale, f"ar.yml translates texts the API no longer serves (changed by the city?): {stale}"
    assert set(AR) == set(FR) | SPECIALTY_SOURCES


def test_arabic_answers_use_the_catalogue_on_every_text_route(api):
    for path, shape in TEXT_ROUTES:
        english, arabic = get(api, path).json(), get(api, path, "ar")
        assert arabic.headers["Content-Language"] == "ar", path
        assert texts_of(arabic.json(), shape) == [AR[text] for text in texts_of(english, shape)], path


def test_translations_are_arabic_and_keep_the_codes():
    for source, translation in AR.items():
        assert ARABIC_LETTER.search(translation) or source == "CAF)", source
        for code in ("cerfa n° 15548*03", "cerfa n° 15547*03", "cerfa n° 14069", "DOM-YYYY-NNNNNN", "-20%",
                     "SAMU", "112", "ANTS", "COMEDEC", "lassuranceretraite.fr"):
            if code in source:
                assert code in translation, source


def test_arabic_keeps_names_codes_and_the_french_words_of_procedures(api):
    ccas = get(api, "/v1/places/ccas", "ar-MA,ar;q=0.9,fr;q=0.5").json()
    assert ccas["name"] == PLACES["ccas"]["name"] and ccas["phone"] == PLACES["ccas"]["phone"]
    assert ccas["mail_pickup"].startswith("بريد الأشخاص الموطَّنين")
    info = get(api, "/v1/domiciliation/info", lang="ar").json()
    assert info["statuses"] == DOMICILIATION["statuses"]
    assert {o["id"]: o["label"] for o in info["link_options"]}["works"] == "أعمل في Levallois"
    assert "cerfa n° 15548*03" in info["documents"][0]
    rules = get(api, "/v1/tariffs/rules", "ar").json()
    assert "avis d'imposition" in rules["quotient_familial"]["accepted_proofs"][1]


def test_specialty_names_in_arabic_come_from_the_catalogue(api):
    practitioners = {p["id"]: p for p in get(api, "/v1/health/practitioners", "ar").json()}
    assert practitioners["dent-haddad"]["specialty_name"] == "طبيب أسنان"
    assert practitioners["sf-morel"]["specialty_name"] == "قابلة"
    assert practitioners["dent-haddad"]["specialty_names"] == HEALTH["specialty_names"]["dentist"]


def test_holiday_names_fall_back_to_french_in_arabic(api):
    # The holidays library has no Arabic names for France: French, the official name.
    response = get(api, "/v1/places/escale/opening-hours", "ar", date="2026-12-25", days=1)
    assert response.json()[0]["holiday"] == "Noël"
    assert response.headers["Content-Language"] == "fr"
