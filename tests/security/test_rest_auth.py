"""The REST channel with REST_TOKEN_SECRET set: no token, a bad, expired or foreign token gets
401/403 and nothing reaches the assistant; a good token works. Without the secret (the
development profile, used by the end-to-end tests) it is open. Rasa's side is a recorder
(tests/security/channel_server.py); a real Rasa behind the channel: tests/e2e."""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
from typing import AsyncIterator, Dict

import jwt
import pytest

from bot.access_tokens import AUDIENCE, mint_token
from bot.channels.rest_auth import TokenRestInput
from bot.cli.stack import ROOT
from tests.security.channel_server import CLOSED, OPEN, SECRET, ChannelApp, channel_app

SENDER = "web-4f1c2a"


@pytest.fixture
async def closed() -> AsyncIterator[ChannelApp]:
    async with channel_app() as app:
        yield app


async def post(app: ChannelApp, headers: Dict[str, str], sender: str = SENDER):
    return await app.post(CLOSED, {"sender": sender, "message": "bonjour"}, headers)


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("case, headers, status", [
    ("no header", {}, 401),
    ("empty bearer", {"Authorization": "Bearer"}, 401),
    ("basic auth", {"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ("not a JWT", bearer("not-a-token"), 401),
    ("other secret", bearer(mint_token(SENDER, secrets.token_urlsafe(32))), 401),
    ("expired", bearer(mint_token(SENDER, SECRET, ttl_seconds=60, now=time.time() - 120)), 401),
    ("alg none", bearer(jwt.encode({"sub": SENDER, "aud": AUDIENCE, "exp": time.time() + 60}, None,
                                   algorithm="none")), 401),
    ("no expiry", bearer(jwt.encode({"sub": SENDER, "aud": AUDIENCE}, SECRET, algorithm="HS256")), 401),
    ("other audience", bearer(jwt.encode({"sub": SENDER, "aud": "rasa", "exp": time.time() + 60}, SECRET,
                                         algorithm="HS256")), 401),
    ("another conversation", bearer(mint_token("web-someone-else", SECRET)), 403),
])
async def test_refused_requests_never_reach_the_assistant(closed: ChannelApp, case: str, headers,
                                                          status: int) -> None:
    before = len(closed.received)
    answer = await post(closed, headers)
    assert answer.status_code == status, (case, answer.text)
    assert "bonjour" not in answer.text
    if status == 401:
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert len(closed.received) == before


async def test_a_good_token_works(closed: ChannelApp) -> None:
    answer = await post(closed, bearer(mint_token(SENDER, SECRET)))
    assert answer.status_code == 200
    assert answer.json() == [{"recipient_id": SENDER, "text": "reçu : bonjour"}]
    assert closed.received[-1].sender_id == SENDER and closed.received[-1].input_channel == "rest"


@pytest.mark.parametrize("body", [{"sender": ""}, {"sender": 12}, {"message": None}, {"message": "x" * 6000}])
async def test_malformed_messages_are_refused(closed: ChannelApp, body) -> None:
    before = len(closed.received)
    answer = await closed.post(CLOSED, {"sender": SENDER, "message": "bonjour", **body},
                               bearer(mint_token(SENDER, SECRET)))
    assert answer.status_code == 400
    assert len(closed.received) == before


async def test_open_without_a_secret(closed: ChannelApp) -> None:
    answer = await closed.post(OPEN, {"sender": SENDER, "message": "bonjour"})
    assert answer.status_code == 200 and answer.json()[0]["text"] == "reçu : bonjour"


def test_production_refuses_an_open_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REST_TOKEN_SECRET", raising=False)
    monkeypatch.setenv("ASSISTANT_ENV", "production")
    with pytest.raises(ValueError, match="REST_TOKEN_SECRET"):
        TokenRestInput.from_credentials({})
    monkeypatch.setenv("REST_TOKEN_SECRET", "short")
    with pytest.raises(ValueError, match="at least 32"):
        TokenRestInput.from_credentials({})
    monkeypatch.setenv("REST_TOKEN_SECRET", SECRET)
    assert TokenRestInput.from_credentials({}).secret == SECRET


def test_tokens_are_minted_from_a_shell() -> None:
    run = subprocess.run([sys.executable, "-m", "bot.access_tokens", SENDER, "--ttl", "60"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60,
                         env={"REST_TOKEN_SECRET": SECRET, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    claims = jwt.decode(run.stdout.strip(), SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert claims["sub"] == SENDER and claims["exp"] - claims["iat"] == 60
