"""The Spanish catalogue (seed/translations/es.yml): complete, applied on every text route, and
what Spanish answers keep from the data pack (names, codes) or from French (holiday names)."""

from conftest import SEED_DIR
from language_helpers import DOMICILIATION, HEALTH, PLACES, TEXT_ROUTES, get, texts_of
from municipal_api.core.i18n import read_catalogue

ES = read_catalogue(SEED_DIR / "translations" / "es.yml")
# specialty_names has fr and en only: the API translates the English name with the catalogue.
SPECIALTY_SOURCES = {names["en"] for names in HEALTH["specialty_names"].values()}


def test_every_served_text_has_a_spanish_translation(api):
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        for text in texts_of(get(api, path).json(), shape):
            served.setdefault(text, path)
    missing = {text: path for text, path in served.items() if text not in ES}
    assert not missing, "add these to seed/translations/es.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    stale = sorted(set(ES) - set(served) - SPECIALTY_SOURCES)
    assert not stale, f"es.yml translates texts the API no longer serves (changed by the city?): {stale}"
    assert SPECIALTY_SOURCES <= set(ES)


def test_spanish_answers_use_the_catalogue_on_every_text_route(api):
    for path, shape in TEXT_ROUTES:
        english, spanish = get(api, path).json(), get(api, path, "es")
        assert spanish.headers["Content-Language"] == "es", path
        assert texts_of(spanish.json(), shape) == [ES[text] for text in texts_of(english, shape)], path


def test_spanish_keeps_names_codes_and_the_french_words_of_procedures(api):
    ccas = get(api, "/v1/places/ccas", "es-ES,es;q=0.9").json()
    assert ccas["name"] == PLACES["ccas"]["name"] and ccas["phone"] == PLACES["ccas"]["phone"]
    assert ccas["mail_pickup"].startswith("el correo de las personas domiciliadas")
    info = get(api, "/v1/domiciliation/info", lang="es").json()
    assert info["statuses"] == DOMICILIATION["statuses"]
    options = {o["id"]: o["label"] for o in info["link_options"]}
    assert options["works"] == "Trabajo en Levallois"
    assert "cerfa n° 15548*03" in info["documents"][0]
    rules = get(api, "/v1/tariffs/rules", "es").json()
    assert "avis d'imposition" in rules["quotient_familial"]["accepted_proofs"][1]


def test_specialty_names_in_spanish_come_from_the_catalogue(api):
    practitioners = {p["id"]: p for p in get(api, "/v1/health/practitioners", "es").json()}
    assert practitioners["dent-haddad"]["specialty_name"] == "dentista"
    assert practitioners["sf-morel"]["specialty_name"] == "matrona"
    assert practitioners["dent-haddad"]["specialty_names"] == HEALTH["specialty_names"]["dentist"]


def test_holiday_names_fall_back_to_french_in_spanish(api):
    # The holidays library has no Spanish names for France: French, the official name.
    response = get(api, "/v1/places/escale/opening-hours", "es", date="2026-12-25", days=1)
    assert response.json()[0]["holiday"] == "Noël"
    assert response.headers["Content-Language"] == "fr"
