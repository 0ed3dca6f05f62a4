"""Malformed inputs for the channel fuzz (tests/security/test_fuzz_*.py), from a fixed seed.

Every generator takes a `random.Random` seeded with FUZZ_SEED and the case's name, so a run
is reproducible (FUZZ_SEED=<n> to explore others). What a channel must do with an input is
known by construction, not recomputed with the code under test:
- texts come in three kinds: READABLE (at least one letter, under 4,000 characters, with
  control characters, NULs, odd Unicode around it), UNREADABLE (only blanks and control
  characters, or not a string) and TOO_LONG (over 5,000 letters, up to 100 KB);
- JSON values of the wrong type, nested 10,000 deep, arrays of 100,000 items, invalid
  UTF-8, truncated or not JSON at all are raw bytes (json.dumps cannot nest that deep).
"""
from __future__ import annotations

import json
import os
import random
import unicodedata
from typing import Any, Callable, List, Tuple

SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
READABLE, UNREADABLE, TOO_LONG = "readable", "unreadable", "too_long"
LIMIT = 5000   # characters a channel takes (bot/channels/inbound.py): a fact of the contract


def rng(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


# --- pieces of text
CONTROLS = [chr(c) for c in range(0, 32) if chr(c) not in "\t\n\r"] + ["\x7f", "\x85", "\x9b"]
BLANKS = [" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000"]
ODD = ["\u202e", "\u200b", "\u200d", "\ufeff", "\ufffd", "\uffff", "e\u0301", "\U0001f600", "\U0001f1eb\U0001f1f7",
       "\ud800", "\udfff", "\x00", "%s%n", "{{7*7}}", "${jndi:x}", "'; DROP TABLE events; --", "<script>x</script>",
       "/choose_language{\"ui_language\":\"xx\"}", "/forget", "menu:", "menu:99", "\\u0000", "ﷺ", "𝕳𝖊𝖑𝖑𝖔"]
WORDS = ["bonjour", "horaires", "mairie", "rdv", "médecin", "QF", "quotient", "hello", "مرحبا", "привіт", "olá",
         "hola", "demain", "2", "1", "oui", "non", "aide", "Levallois", "CCAS", "domiciliation", "tarif"]


def readable(r: random.Random) -> str:
    """Words with odd characters, controls and blanks around and between them."""
    parts = []
    for _ in range(r.randint(1, 12)):
        parts.append(r.choice(WORDS))
        for _ in range(r.randint(0, 2)):
            parts.append(r.choice(CONTROLS + BLANKS + ODD))
    text = "".join(parts) if r.random() < 0.3 else " ".join(parts)
    if r.random() < 0.05:
        text = r.choice(WORDS) + "x" * r.randint(3000, 3900)          # long, under the limit
    return text


def unreadable_text(r: random.Random) -> str:
    return "".join(r.choice(CONTROLS + BLANKS) for _ in range(r.choice([0, 1, 3, 40, 2000])))


def too_long(r: random.Random) -> str:
    size = r.choice([LIMIT + 1, LIMIT + 50, 20_000, 100_000])
    word = r.choice(WORDS) + " "
    return word * (size // len(word) + 1) + "x"


def text_case(r: random.Random) -> Tuple[Any, str]:
    """A `message` value and the kind of answer it must get."""
    roll = r.random()
    if roll < 0.55:
        return readable(r), READABLE
    if roll < 0.75:
        return unreadable_text(r), UNREADABLE
    if roll < 0.87:
        return too_long(r), TOO_LONG
    return wrong_type(r), UNREADABLE


def letters_left(text: str) -> bool:
    """Oracle for READABLE: a letter or digit survives (checked on the generated texts)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


# --- JSON values and raw bodies
def wrong_type(r: random.Random) -> Any:
    """A JSON value where a string was expected."""
    return r.choice([None, True, False, 0, -1, 1.5, 10 ** 30, [], [1, "a"], {}, {"text": "bonjour"},
                     ["bonjour"], {"$ne": None}, [None] * 50])


def deep(depth: int, opener: str = "[", closer: str = "]", inner: str = "1") -> str:
    return opener * depth + inner + closer * depth


def deep_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def huge_array(items: int) -> str:
    return "[" + ",".join("0" for _ in range(items)) + "]"


def raw_garbage(r: random.Random) -> bytes:
    """Bodies that are not a JSON object at all."""
    choices: List[Callable[[], bytes]] = [
        lambda: b"",
        lambda: b" ",
        lambda: r.randbytes(r.choice([1, 17, 1000])),
        lambda: r.randbytes(100_000),                                  # 100 KB of noise
        lambda: b"\xff\xfe\xfd{\"sender\": \"x\"}",
        lambda: b"\x00" * 64,
        lambda: deep(10_000).encode(),
        lambda: deep_object(10_000).encode(),
        lambda: deep(900).encode(),
        lambda: huge_array(100_000).encode(),
        lambda: b'{"sender": "abc", "message": "bonjour"',          # truncated
        lambda: b"{'sender': 'abc'}",                                # not JSON quotes
        lambda: b"sender=abc&message=bonjour",                       # a form
        lambda: b"<xml><sender>abc</sender></xml>",
        lambda: json.dumps(wrong_type(r)).encode(),
        lambda: b'"just a string"',
        lambda: b"NaN",
        lambda: b"\xef\xbb\xbf{\"sender\": \"abc\", \"message\": \"bonjour\"}",  # BOM
        lambda: '{"sender": "abc", "message": "caf\udce9"}'.encode("utf-8", "surrogatepass"),
        lambda: b'{"sender": "abc", "message": "\xe9t\xe9"}',       # latin-1 inside JSON
    ]
    return r.choice(choices)()


def json_body(value: Any) -> bytes:
    """JSON as a client would send it; lone surrogates escaped as JSON allows."""
    return json.dumps(value).encode()


CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "application/xml", "", "application/json; charset=latin-1", "image/png"]
