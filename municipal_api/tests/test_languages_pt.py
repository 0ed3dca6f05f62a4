"""The Portuguese catalogue (seed/translations/pt.yml): complete, applied on every text route, and
what Portuguese answers keep from the data pack (names, codes) or from French (holiday names)."""

from conftest import SEED_DIR
from language_helpers import DOMICILIATION, HEALTH, PLACES, TEXT_ROUTES, get, texts_of
from municipal_api.core.i18n import read_catalogue

PT = read_catalogue(SEED_DIR / "translations" / "pt.yml")
# specialty_names has fr and en only: the API translates the English name with the catalogue.
SPECIALTY_SOURCES = {names["en"] for names in HEALTH["specialty_names"].values()}


def test_every_served_text_has_a_portuguese_translation(api):
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        for text in texts_of(get(api, path).json(), shape):
            served.setdefault(text, path)
    missing = {text: path for text, path in served.items() if text not in PT}
    assert not missing, "add these to seed/translations/pt.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    stale = sorted(set(PT) - set(served) - SPECIALTY_SOURCES)
    assert not stale, f"pt.yml translates texts the API no longer serves (changed by the city?): {stale}"
    assert SPECIALTY_SOURCES <= set(PT)


def test_portuguese_answers_use_the_catalogue_on_every_text_route(api):
    for path, shape in TEXT_ROUTES:
        english, portuguese = get(api, path).json(), get(api, path, "pt-BR,pt;q=0.9")
        assert portuguese.headers["Content-Language"] == "pt", path
        assert texts_of(portuguese.json(), shape) == [PT[text] for text in texts_of(english, shape)], path


def test_portuguese_keeps_names_codes_and_the_french_words_of_procedures(api):
    ccas = get(api, "/v1/places/ccas", "pt-PT").json()
    assert ccas["name"] == PLACES["ccas"]["name"] and ccas["phone"] == PLACES["ccas"]["phone"]
    assert ccas["mail_pickup"].startswith("o correio das pessoas domiciliadas")
    info = get(api, "/v1/domiciliation/info", lang="pt").json()
    assert info["statuses"] == DOMICILIATION["statuses"]
    options = {o["id"]: o["label"] for o in info["link_options"]}
    assert options["works"] == "Trabalho em Levallois"
    assert "cerfa n° 15548*03" in info["documents"][0]
    rules = get(api, "/v1/tariffs/rules", "pt").json()
    assert "avis d'imposition" in rules["quotient_familial"]["accepted_proofs"][1]


def test_specialty_names_in_portuguese_come_from_the_catalogue(api):
    practitioners = {p["id"]: p for p in get(api, "/v1/health/practitioners", "pt").json()}
    assert practitioners["dent-haddad"]["specialty_name"] == "dentista"
    assert practitioners["sf-morel"]["specialty_name"] == "parteira"
    assert practitioners["dent-haddad"]["specialty_names"] == HEALTH["specialty_names"]["dentist"]


def test_holiday_names_fall_back_to_french_in_portuguese(api):
    # The holidays library has no Portuguese names for France: French, the official name.
    response = get(api, "/v1/places/escale/opening-hours", "pt", date="2026-12-25", days=1)
    assert response.json()[0]["holiday"] == "Noël"
    assert response.headers["Content-Language"] == "fr"
