"""The city's texts in the resident's language.

The data pack is written in English: that is the source language. `seed/translations/<code>.yml`
holds one catalogue per language, a flat mapping keyed by the exact source text, so a text the
city changes is served in its own (new) words until someone translates it again. A missing
catalogue, a missing entry or an empty one is never an error: the answer keeps the source text.

Response fields that carry such texts are typed `Text` (a `str` with a marker); `localize`
walks a response model and translates exactly those. Ids, codes, names, addresses, phones and
e-mails are plain `str` and stay as they are.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import holidays
import yaml
from fastapi import Depends, Header, Query, Request, Response
from pydantic import BaseModel

SOURCE_LANGUAGE = "en"
# Holiday names come from the holidays library's own localisation. Its codes for France
# (holidays.France.supported_languages: en_US, fr, th, uk in 0.109) differ from ours for English.
HOLIDAY_LANGUAGE_ALIASES = {"en": "en_US"}
HOLIDAY_FALLBACK_LANGUAGE = "fr"  # the library's default for France
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
LANG_HELP = ("language of the city's texts (ISO 639-1, e.g. fr), or a list as in Accept-Language (`uk, fr;q=0.8`); "
             "wins over the Accept-Language header. Texts without a translation keep the data pack's English "
             "wording; an unknown language is never an error.")


class _Translated:
    """Marks a response field as a text of the city, served in the resident's language."""

    def __repr__(self) -> str:
        return "Translated"


TRANSLATED = _Translated()
Text = Annotated[str, TRANSLATED]
Catalogues = Mapping[str, Mapping[str, str]]  # language code -> source text -> translation


class CatalogueError(RuntimeError):
    pass


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (YAML would silently keep the last one)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise CatalogueError(f"key given twice (line {key_node.start_mark.line + 1}): {key!r}")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def read_catalogue(path: Path) -> dict[str, str]:
    """source text -> translation; entries left empty (not translated yet) are dropped."""
    with path.open(encoding="utf-8") as handle:
        try:
            data = yaml.load(handle, Loader=_UniqueKeyLoader) or {}  # noqa: S506 (a SafeLoader subclass)
        except CatalogueError as exc:
            raise CatalogueError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: a catalogue is a mapping of source text to translation")
    catalogue = {}
    for source, translation in data.items():
        if not isinstance(source, str) or not isinstance(translation, str | NoneType):
            raise CatalogueError(f"{path}: entries are text: {source!r}")
        if translation and translation.strip():
            catalogue[source] = translation.strip()
    return catalogue


def load_catalogues(directory: Path) -> dict[str, dict[str, str]]:
    """Every `<code>.yml` of the translations folder (none if the folder is absent)."""
    catalogues = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        if not LANGUAGE_CODE.match(path.stem):
            raise CatalogueError(f"{path}: name a catalogue after its ISO 639 code, e.g. fr.yml")
        catalogues[path.stem] = read_catalogue(path)
    return catalogues


def preferred_languages(value: str | None) -> tuple[str, ...]:
    """Primary language codes of an Accept-Language value (or a `lang`), best first.

    `fr-FR,fr;q=0.9,en;q=0.5` -> ("fr", "en"). Quality 0 ("not wanted"), `*` and anything that is
    not a language tag are skipped rather than refused: a resident must always get an answer.
    """
    ranked = []
    for position, item in enumerate((value or "")[:1000].split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        primary = tag.replace("_", "-").split("-")[0].lower()
        if not LANGUAGE_CODE.match(primary):
            continue
        quality = 1.0
        for param in params:
            name, _, number = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(number)
                except ValueError:
                    quality = 0.0
        if 0 < quality <= 1:
            ranked.append((-quality, position, primary))
    codes: list[str] = []
    for _, _, code in sorted(ranked):
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _holiday_language(code: str) -> str | None:
    supported = holidays.France.supported_languages
    code = HOLIDAY_LANGUAGE_ALIASES.get(code, code)
    if code in supported:
        return code
    return next((s for s in supported if s.split("_")[0] == code), None)  # e.g. a future pt_BR for pt


@dataclass(frozen=True)
class Language:
    """What an answer is written in: the resident's languages, best first, and the one chosen for texts."""

    wanted: tuple[str, ...] = ()
    code: str = SOURCE_LANGUAGE  # the language of the answer's texts (Content-Language)
    catalogue: Mapping[str, str] = field(default_factory=dict)

    def text(self, source: str) -> str:
        return self.catalogue.get(source, source)

    def pick(self, names: Mapping[str, str]) -> str:
        """A name given per language in the data pack (e.g. specialty_names): the first wanted language
        it has, else its source-language name translated by the catalogue (or as it is)."""
        for code in self.wanted:
            if names.get(code):
                return names[code]
        source = names.get(SOURCE_LANGUAGE) or next(iter(names.values()), "")
        return self.text(source)

    @property
    def holiday_language(self) -> str:
        """The holidays library's code for the first wanted language it knows, else French."""
        for code in self.wanted:
            known = _holiday_language(code)
            if known:
                return known
        return _holiday_language(HOLIDAY_FALLBACK_LANGUAGE) or HOLIDAY_FALLBACK_LANGUAGE


SOURCE = Language(wanted=(SOURCE_LANGUAGE,))


def negotiate(catalogues: Catalogues, lang: str | None, accept_language: str | None) -> Language:
    """`lang` wins over Accept-Language; texts go to the first wanted language that has a catalogue
    (or is the source language), else stay in the source language."""
    wanted = preferred_languages(lang) if lang and lang.strip() else preferred_languages(accept_language)
    wanted = wanted or (SOURCE_LANGUAGE,)  # no preference: the data pack's language, holidays included
    for code in wanted:
        if code == SOURCE_LANGUAGE or code in catalogues:
            return Language(wanted=wanted, code=code, catalogue=catalogues.get(code, {}))
    return Language(wanted=wanted, code=SOURCE_LANGUAGE, catalogue=catalogues.get(SOURCE_LANGUAGE, {}))


def get_language(
    request: Request,
    response: Response,
    lang: Annotated[str | None, Query(max_length=35, description=LANG_HELP)] = None,
    # Read on every request but left out of the OpenAPI parameters (the API description tells of it): a
    # declared header would be fuzzed on every operation for no gain over `lang`, which shares its parsing.
    accept_language: Annotated[str | None, Header(alias="Accept-Language", include_in_schema=False)] = None,
) -> Language:
    language = negotiate(request.app.state.translations, lang, accept_language)
    response.headers["Content-Language"] = language.code
    response.headers["Vary"] = "Accept-Language"
    return language


LanguageDep = Annotated[Language, Depends(get_language)]


# --- translating a response ---------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def _walk(value: Any, annotation: Any, translated: bool, translate: Callable[[str], str]) -> Any:
    if value is None:
        return None
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        return _walk(value, base, translated or TRANSLATED in metadata, translate)
    if origin in (Union, UnionType):
        options = [arg for arg in get_args(annotation) if arg is not NoneType]
        if len(options) != 1:  # only `X | None` is used in responses; anything else is left as it is
            return value
        return _walk(value, options[0], translated, translate)
    if isinstance(value, str):
        return translate(value) if translated else value
    if isinstance(value, BaseModel):
        return walk_model(value, translate)
    if isinstance(value, list) and origin is list:
        (item,) = get_args(annotation)
        return [_walk(v, item, False, translate) for v in value]
    if isinstance(value, dict) and origin is dict:
        _, item = get_args(annotation)
        return {k: _walk(v, item, False, translate) for k, v in value.items()}
    return value


def walk_model(model: M, translate: Callable[[str], str]) -> M:
    """A copy of `model` with `translate` applied to every `Text` in it (nested models included)."""
    updates = {}
    for name, info in type(model).model_fields.items():
        translated = TRANSLATED in info.metadata
        updates[name] = _walk(getattr(model, name), info.annotation, translated, translate)
    return model.model_copy(update=updates)


def localize(model: M, language: Language) -> M:
    if not language.catalogue:
        return model
    return walk_model(model, language.text)


def localize_all(models: list[M], language: Language) -> list[M]:
    return [localize(model, language) for model in models]
