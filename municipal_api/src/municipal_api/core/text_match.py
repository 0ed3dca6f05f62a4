"""Case- and accent-insensitive matching for free-text filters (e.g. 'securite' finds 'Sécurité')."""

import unicodedata


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def contains(haystack: str, needle: str) -> bool:
    return fold(needle) in fold(haystack)
