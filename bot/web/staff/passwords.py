"""Staff passwords: salted scrypt (hashlib, no extra dependency), compared in constant time.

Stored as `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>` so the cost can be raised later
without invalidating existing accounts (old hashes keep their own parameters).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2 ** 14, 8, 1          # 16 MB of memory per hash: slow for a guesser, fine for a login
KEY_LENGTH = 32
MIN_LENGTH = 12
# Passwords a production account may never have (README, "Human handoff and staff console").
PLACEHOLDERS = {"password", "motdepasse", "change-me", "changeme", "admin", "staff", "secret",
                "levallois", "123456789012", "azertyuiop", "qwertyuiop"}


class WeakPassword(ValueError):
    pass


def check_strength(password: str) -> None:
    """Raises WeakPassword with the reason (shown by the CLI and the settings check)."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a staff password needs at least {MIN_LENGTH} characters")
    lowered = password.lower()
    if lowered in PLACEHOLDERS or any(lowered.startswith(p) and len(set(lowered[len(p):])) <= 1
                                      for p in PLACEHOLDERS):
        raise WeakPassword("this password is a well-known placeholder")
    if len(set(password)) < 5:
        raise WeakPassword("this password repeats too few characters")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=KEY_LENGTH)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def generate_password() -> str:
    """A development password: 20 URL-safe characters."""
    return secrets.token_urlsafe(15)
