"""The Ukrainian catalogue (seed/translations/uk.yml): complete, clean, and used for uk answers."""

from language_helpers import PLACES, TARIFFS, TEXT_ROUTES, get, texts_of
from municipal_api.core.i18n import read_catalogue

from conftest import SEED_DIR

UK = read_catalogue(SEED_DIR / "translations" / "uk.yml")
FR = read_catalogue(SEED_DIR / "translations" / "fr.yml")


def test_every_served_text_has_a_ukrainian_translation(api):
    """Fails when the city data or our extensions gain (or change) a text that uk.yml lacks."""
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        for text in texts_of(get(api, path).json(), shape):
            served.setdefault(text, path)
    missing = {text: path for text, path in served.items() if text not in UK}
    assert not missing, "add these to seed/translations/uk.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    assert not sorted(set(UK) - set(served)), "uk.yml translates texts the API no longer serves"
    assert set(UK) == set(FR)  # the two catalogues cover the same texts


def test_ukrainian_answers_use_the_catalogue(api):
    for path, shape in TEXT_ROUTES:
        english, ukrainian = get(api, path).json(), get(api, path, "uk")
        assert ukrainian.headers["Content-Language"] == "uk", path
        assert texts_of(ukrainian.json(), shape) == [UK[text] for text in texts_of(english, shape)], path
    msp = get(api, "/v1/places/msp", "uk").json()
    assert msp["services"][0].startswith("допомога з онлайн-процедурами")
    assert msp["name"] == PLACES["msp"]["name"]  # names stay as the city writes them
    rules = get(api, "/v1/tariffs/rules", "uk-UA,uk;q=0.9").json()
    assert rules["how_to_apply"] == UK[TARIFFS["how_to_apply"]]


def test_translations_are_ukrainian_and_keep_the_codes():
    for source, translation in UK.items():
        assert any("\u0400" <= ch <= "\u04ff" for ch in translation) or source in {"RSA", "AME", "CAF)"} \
            or translation == source, source
        # Codes, numbers and forms residents must recognise are kept as they are.
        for code in ("cerfa n° 15548*03", "cerfa n° 15547*03", "cerfa n° 14069", "DOM-YYYY-NNNNNN", "-20"):
            if code in source:
                assert code in translation, source


def test_holidays_are_named_in_ukrainian(api):
    response = get(api, "/v1/places/msp/opening-hours", "uk", date="2026-12-25", days=1)
    assert response.json()[0]["holiday"] == "Різдво Христове"
    assert response.headers["Content-Language"] == "uk"
