"""The French catalogue stays complete and clean, and how the language is chosen."""

import pytest
from pydantic import TypeAdapter

from language_helpers import (
    FR,
    TEXT_ROUTES,
    get,
    texts_of,
)
from municipal_api.core.i18n import (
    CatalogueError,
    Language,
    load_catalogues,
    negotiate,
    preferred_languages,
    walk_model,
)

from conftest import SEED_DIR

# --- the catalogue stays complete -------------------------------------------------------------

def test_every_served_text_has_a_french_translation(api):
    """Fails when the city data or our extensions gain a text (or change one) that fr.yml lacks."""
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        texts = texts_of(get(api, path).json(), shape)
        assert texts, path
        for text in texts:
            served.setdefault(text, path)
    missing = {text: path for text, path in served.items() if text not in FR}
    assert not missing, "add these to seed/translations/fr.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    stale = sorted(set(FR) - set(served))
    assert not stale, f"fr.yml translates texts the API no longer serves (changed by the city?): {stale}"
    assert len(served) > 140


def test_french_answers_use_the_catalogue_and_keep_the_shape(api):
    for path, shape in TEXT_ROUTES:
        english, french = get(api, path).json(), get(api, path, "fr").json()
        assert texts_of(french, shape) == [FR[text] for text in texts_of(english, shape)], path
        # Everything else (ids, names, addresses, phones, hours, prices, dates) is the same.
        assert _without_texts(french, shape) == _without_texts(english, shape), path


def _without_texts(answer, shape):
    value = TypeAdapter(shape).validate_python(answer)
    models = value if isinstance(value, list) else [value]
    # specialty_name is picked per language from specialty_names (tested below), not from the catalogue.
    return [walk_model(model, lambda _: "").model_dump(mode="json", exclude={"specialty_name"}) for model in models]


def test_the_catalogue_reads_cleanly(tmp_path):
    assert set(load_catalogues(SEED_DIR / "translations")) >= {"fr"}
    assert all(translation.strip() for translation in FR.values())
    (tmp_path / "fr.yml").write_text('"a": "un"\n"b": ""\n"c":\n', encoding="utf-8")
    assert load_catalogues(tmp_path) == {"fr": {"a": "un"}}  # empty entries: not translated yet
    (tmp_path / "fr.yml").write_text('"a": "un"\n"a": "une"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="given twice"):
        load_catalogues(tmp_path)
    (tmp_path / "fr.yml").unlink()
    (tmp_path / "French.yml").write_text('"a": "un"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="ISO 639"):
        load_catalogues(tmp_path)
    assert load_catalogues(tmp_path / "absent") == {}


# --- choosing the language ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (None, ()), ("", ()), ("fr", ("fr",)), ("FR-fr", ("fr",)), ("pt_BR", ("pt",)),
    ("fr-FR,fr;q=0.9,en;q=0.8", ("fr", "en")), ("en;q=0.5, uk", ("uk", "en")),
    ("de;q=0, es", ("es",)), ("*", ()), ("fr;q=abc, en", ("en",)), ("12, x-klingon, fr", ("fr",)),
    ("zh-Hant-TW;q=0.3, ar;q=0.7", ("ar", "zh")),
])
def test_accept_language_is_read_leniently(value, expected):
    assert preferred_languages(value) == expected


@pytest.mark.parametrize(("lang", "header", "code", "holidays"), [
    (None, None, "en", "en_US"),              # nothing asked: the data pack's English
    (None, "fr", "fr", "fr"),
    (None, "en-GB", "en", "en_US"),
    ("fr", "en", "fr", "fr"),                 # lang wins over the header
    ("", "fr", "fr", "fr"),                   # an empty lang is no lang
    (None, "uk, fr;q=0.8", "fr", "uk"),       # texts in the first language with a catalogue
    (None, "ar", "en", "fr"),                 # no Arabic catalogue given: English texts, French holiday names
    (None, "de, *", "en", "fr"),
])
def test_negotiation(lang, header, code, holidays):
    language = negotiate({"fr": FR}, lang, header)
    assert (language.code, language.holiday_language) == (code, holidays)


def test_names_given_per_language_follow_the_wanted_languages():
    names = {"fr": "sage-femme", "en": "midwife"}
    assert Language(wanted=("fr",)).pick(names) == "sage-femme"
    assert Language(wanted=("uk", "fr")).pick(names) == "sage-femme"
    assert Language(wanted=("ar",)).pick(names) == "midwife"
    assert Language(wanted=("ar",), code="ar", catalogue={"midwife": "قابلة"}).pick(names) == "قابلة"
