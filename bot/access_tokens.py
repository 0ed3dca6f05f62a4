"""Short-lived tokens for the REST and socket.io channels (bot/channels/rest_auth.py,
bot/channels/web_socketio.py).

A token is a JWT (HS256) signed with REST_TOKEN_SECRET, naming ONE conversation (`sub`)
and expiring after a few minutes (`exp`). The web app's server mints one when it opens a
conversation and hands it to the browser (bot/web/chat_session.py); the browser sends it
as `Authorization: Bearer <token>` with the conversation id as `sender` (REST), or as the
socket.io connection's `auth: {token}`. Someone holding a token can therefore only talk in
that conversation, and only until it expires. A valid token can be exchanged for a fresh
one for the same conversation (`renew_token`), for at most MAX_TTL_SECONDS after the
conversation's first token (`since`): a page left open keeps its conversation for a day.

    from bot.access_tokens import mint_token
    token = mint_token(sender_id, secret=os.environ["REST_TOKEN_SECRET"], ttl_seconds=900)

or from a shell (operations, tests):

    REST_TOKEN_SECRET=... python -m bot.access_tokens <sender_id> [--ttl 900]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import List, Optional

import jwt

SECRET_ENV = "REST_TOKEN_SECRET"
AUDIENCE = "levallois-assistant/rest"
ALGORITHM = "HS256"
DEFAULT_TTL_SECONDS = 15 * 60
MAX_TTL_SECONDS = 24 * 3600
MIN_SECRET_LENGTH = 32


class InvalidToken(Exception):
    """Missing, malformed, badly signed or expired."""


class WrongConversation(InvalidToken):
    """A valid token, for another conversation."""


def secret_from_environment() -> Optional[str]:
    """The signing secret; None means the channel is open (development only)."""
    secret = os.environ.get(SECRET_ENV, "").strip()
    if secret and len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters")
    return secret or None


def mint_token(sender_id: str, secret: str, ttl_seconds: int = DEFAULT_TTL_SECONDS,
               now: Optional[float] = None, since: Optional[int] = None) -> str:
    if not sender_id:
        raise ValueError("a token names a conversation")
    if not 0 < ttl_seconds <= MAX_TTL_SECONDS:
        raise ValueError(f"ttl_seconds must be between 1 and {MAX_TTL_SECONDS}")
    issued = int(now if now is not None else time.time())
    claims = {"sub": sender_id, "aud": AUDIENCE, "iat": issued, "exp": issued + ttl_seconds,
              "since": issued if since is None else since}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def _claims(token: str, secret: str) -> dict:
    if not isinstance(token, str) or not token:
        raise InvalidToken("no token")
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                            options={"require": ["exp", "sub", "aud"]})
    except jwt.PyJWTError as error:
        raise InvalidToken(type(error).__name__) from error
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise InvalidToken("no conversation")
    return claims


def verify_token(token: str, secret: str, sender_id: str) -> None:
    """Raises InvalidToken unless `token` is valid now and names `sender_id`."""
    if _claims(token, secret)["sub"] != sender_id:
        raise WrongConversation("the token names another conversation")


def token_conversation(token: str, secret: str) -> str:
    """The conversation a token valid now names; raises InvalidToken."""
    return _claims(token, secret)["sub"]


def renew_token(token: str, secret: str, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                now: Optional[float] = None) -> str:
    """A fresh token for the conversation of a token valid now, within MAX_TTL_SECONDS of
    the conversation's first token; raises InvalidToken."""
    claims = _claims(token, secret)
    issued = int(now if now is not None else time.time())
    since = claims.get("since", claims.get("iat"))
    if not isinstance(since, int) or issued - since >= MAX_TTL_SECONDS:
        raise InvalidToken("the conversation's tokens cannot be renewed any more")
    return mint_token(claims["sub"], secret, min(ttl_seconds, since + MAX_TTL_SECONDS - issued),
                      now=issued, since=since)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.access_tokens", description="Mint a REST channel token.")
    parser.add_argument("sender_id")
    parser.add_argument("--ttl", type=int, default=DEFAULT_TTL_SECONDS, help="seconds (default 900)")
    args = parser.parse_args(argv)
    secret = secret_from_environment()
    if not secret:
        parser.error(f"set {SECRET_ENV}")
    print(mint_token(args.sender_id, secret, args.ttl))
    return 0


if __name__ == "__main__":
    sys.exit(main())
