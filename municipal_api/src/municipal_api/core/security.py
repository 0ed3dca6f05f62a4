"""Service token check and the short codes given to residents (access and cancel codes)."""

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from municipal_api.core.errors import ApiError

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_CODE_INPUT = 16

bearer_scheme = HTTPBearer(auto_error=False, description="Service token of the action server (MUNICIPAL_API_TOKEN).")


def require_token(
    request: Request,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> None:
    response.headers["Cache-Control"] = "no-store"  # personal answers stay out of caches
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "missing_token", "This route needs an Authorization: Bearer token.",
                       headers={"WWW-Authenticate": "Bearer"})
    expected: str = request.app.state.token
    # Constant-time comparison on bytes so that non-ASCII input cannot raise.
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise ApiError(403, "invalid_token", "The bearer token is not valid.")


TokenDep = Annotated[None, Depends(require_token)]


def new_code() -> str:
    """A random 8-character code, shown as XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(value: str | None) -> str:
    """Accept 'abcd-efgh', 'ABCDEFGH' or with spaces; return the 8 bare upper-case characters ('' if malformed)."""
    if not value:
        return ""
    raw = "".join(ch for ch in value.upper() if ch not in "- ")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return raw


def hash_code(raw_code: str, salt: str) -> str:
    """Stored form of an access code: a salted SHA-256 (the salt is the record's reference)."""
    return hashlib.sha256(f"{salt}:{raw_code}".encode()).hexdigest()


def codes_match(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
