"""Every catalogue of seed/translations stays complete and clean and is applied on every text route,
and how the language is chosen."""

import re
from typing import NamedTuple

import pytest
from pydantic import TypeAdapter

from language_helpers import (
    CATALOGUES,
    FR,
    SPECIALTY_SOURCES,
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


class Catalogued(NamedTuple):
    asked_as: str             # the Accept-Language sent for it on every text route
    names_specialties: bool   # the catalogue also translates the English specialty names


# One row per catalogue of seed/translations (a new catalogue fails test_every_catalogue_is_tested).
LANGUAGES = {
    "ar": Catalogued("ar", names_specialties=True),
    "es": Catalogued("es", names_specialties=True),
    "fr": Catalogued("fr", names_specialties=False),   # specialty_names has French
    "pt": Catalogued("pt-BR,pt;q=0.9", names_specialties=True),
    "uk": Catalogued("uk", names_specialties=False),   # the assistant names them (actions/health/labels.yml)
}
# What residents must recognise on their papers, phones and screens, kept as it is in every language:
# forms (cerfa n° ...), acronyms and reference formats (CAF, SAMU, DOM-YYYY-NNNNNN), reductions (-20),
# sites, and the emergency numbers.
KEPT_AS_IT_IS = re.compile(r"""
    cerfa\ n°\ [\d*]+ | \b[A-Z][A-Z0-9]{2,}(?:-[A-Z]+)*\b | -\d+(?=\ ?%) | \b[\w.-]+\.fr\b | \b(?:15|112)\b
""", re.VERBOSE)
# Arabic keeps the percent sign where the data pack writes it (French typography puts a space before it).
KEPT_EXACTLY = {"ar": re.compile(r"-\d+%")}
# The letters a translation is written in, and the texts it rightly keeps as they are.
SCRIPTS = {
    "uk": (re.compile("[\u0400-\u04ff]"), {"carte Vitale", "CAF)"}),
    "ar": (re.compile("[\u0621-\u064a]"), {"CAF)"}),
}


def test_every_catalogue_is_tested():
    assert set(LANGUAGES) == set(CATALOGUES)


# --- each catalogue stays complete ------------------------------------------------------------

def served_texts(api) -> dict[str, str]:
    """Every text the API serves (in the data pack's English), with the first route that serves it."""
    served: dict[str, str] = {}
    for path, shape in TEXT_ROUTES:
        texts = texts_of(get(api, path).json(), shape)
        assert texts, path
        for text in texts:
            served.setdefault(text, path)
    return served


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_served_text_has_a_translation(api, code):
    """Fails when the city data or our extensions gain a text (or change one) that <code>.yml lacks."""
    catalogue, served = CATALOGUES[code], served_texts(api)
    assert len(served) > 140
    missing = {text: path for text, path in served.items() if text not in catalogue}
    assert not missing, f"add these to seed/translations/{code}.yml:\n" + "\n".join(
        f'"{text}": ""  # {path}' for text, path in missing.items())
    specialties = SPECIALTY_SOURCES if LANGUAGES[code].names_specialties else set()
    stale = sorted(set(catalogue) - set(served) - specialties)
    assert not stale, f"{code}.yml translates texts the API no longer serves (changed by the city?): {stale}"
    assert set(catalogue) == set(FR) | specialties  # every catalogue covers the same texts


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_answers_use_the_catalogue_and_keep_the_shape(api, code):
    for path, shape in TEXT_ROUTES:
        english, answer = get(api, path).json(), get(api, path, LANGUAGES[code].asked_as)
        assert answer.headers["Content-Language"] == code, path
        translated = answer.json()
        assert texts_of(translated, shape) == [CATALOGUES[code][text] for text in texts_of(english, shape)], path
        # Everything else (ids, names, addresses, phones, hours, prices, dates) is the same.
        assert _without_texts(translated, shape) == _without_texts(english, shape), path


def _without_texts(answer, shape):
    value = TypeAdapter(shape).validate_python(answer)
    models = value if isinstance(value, list) else [value]
    # specialty_name is picked per language from specialty_names (test_languages*.py), not from the catalogue.
    return [walk_model(model, lambda _: "").model_dump(mode="json", exclude={"specialty_name"}) for model in models]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_translations_keep_the_codes(code):
    kept_exactly = KEPT_EXACTLY.get(code)
    for source, translation in CATALOGUES[code].items():
        for kept in KEPT_AS_IT_IS.findall(source) + (kept_exactly.findall(source) if kept_exactly else []):
            assert kept in translation, (source, kept)


@pytest.mark.parametrize("code", sorted(SCRIPTS))
def test_translations_are_written_in_their_script(code):
    letter, kept_as_they_are = SCRIPTS[code]
    for source, translation in CATALOGUES[code].items():
        assert letter.search(translation) or (source in kept_as_they_are and translation == source), source


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
