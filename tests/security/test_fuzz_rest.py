"""Fuzz of the REST channel (bot/channels/rest_auth.py): 3,000 malformed requests, half to the
channel closed by a token (production), half to the open one (development).

Bodies: empty, 100 KB of noise, invalid UTF-8, NULs and control characters, JSON of the
wrong shape and types, nested 10,000 deep, arrays of 100,000 items, any Content-Type;
tokens missing, expired, for another conversation or garbage. Each request must get the
answer its input calls for (400 with what was wrong, 401/403, or the assistant's reply),
never a 5xx nor a logged error; what reaches Rasa is clean; afterwards every conversation
that was fuzzed answers a normal message normally.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Dict, Optional, Set

from bot.access_tokens import mint_token
from tests.security.fuzz_app import REPLY, REST_SECRET, fuzz_app
from tests.security.fuzz_inputs import (CONTENT_TYPES, READABLE, deep_object, huge_array, json_body, raw_garbage,
                                        rng, text_case, wrong_type)

CASES_PER_CHANNEL = 1500
SENDERS = [f"web-fuzz-{n:02d}" for n in range(1, 11)]


@dataclass
class Case:
    body: bytes
    content_type: str = "application/json"
    headers: Dict[str, str] = field(default_factory=dict)
    allowed: Set[int] = field(default_factory=set)
    error: Optional[str] = None
    sender: Optional[str] = None      # the conversation answered, when the answer is 200


def bad_sender(r) -> object:
    return r.choice([None, "", " ", 42, ["web-1"], {"id": 1}, True, "web\x00one", "web\none", " web-1",
                     "x" * 129, "x" * 100_000, "\ud800", "web-1\u0085"] + [wrong_type(r)])


def bad_metadata(r) -> bytes:
    """A metadata value, raw (some cannot be built as Python values)."""
    return r.choice([b'"not json"', b'"[1, 2]"', b"[]", b"42", b"true", deep_object(20).encode(),
                     deep_object(900).encode(), deep_object(10_000).encode(), huge_array(100_000).encode(),
                     json.dumps({"k": "v" * 5000}).encode(), json.dumps({f"k{i}": i for i in range(2000)}).encode()])


def authorisation(r, sender: str) -> tuple:
    """(headers, status when the rest of the request is fine) for the closed channel."""
    roll = r.random()
    if roll < 0.7:
        return {"Authorization": f"Bearer {mint_token(sender, REST_SECRET)}"}, None
    return r.choice([
        ({}, 401), ({"Authorization": "Bearer"}, 401), ({"Authorization": "Bearer " + "x" * 7_000}, 401),
        ({"Authorization": "Bearer " + "x" * 20_000}, 413),     # over Sanic's header limit: refused first
        ({"Authorization": "Basic " + "A" * 40}, 401), ({"Authorization": "Bearer \x7fnot\x01a token"}, 401),
        ({"Authorization": f"Bearer {mint_token(sender, REST_SECRET, ttl_seconds=60, now=time.time() - 120)}"}, 401),
        ({"Authorization": f"Bearer {mint_token(sender + '-other', REST_SECRET)}"}, 403),
    ])


def rest_case(r, closed: bool) -> Case:
    sender = r.choice(SENDERS)
    headers, denied = authorisation(r, sender) if closed else ({}, None)
    roll = r.random()
    if denied == 413:
        return Case(raw_garbage(r) if roll < 0.5 else b'{"sender": "web-1", "message": "x"}', headers=headers,
                    allowed={413})
    if roll < 0.2:   # not a JSON object with a sender: refused before the token is read
        return Case(raw_garbage(r), r.choice(CONTENT_TYPES), headers, {400, 401, 403, 200} if closed else {400, 200})
    if roll < 0.3:
        body = r.choice([{}, {"sender": sender}, {"message": "bonjour"}, [sender, "bonjour"], {"sender": sender,
                                                                                               "text": "x"}])
        if not isinstance(body, dict) or "sender" not in body:
            return Case(json_body(body), headers=headers, allowed={400}, error="bad_request")
        return Case(json_body(body), headers=headers, allowed={denied or 400},
                    error=None if denied else "unreadable")
    if roll < 0.45:
        body = json.dumps({"sender": bad_sender(r), "message": "bonjour"}).encode()
        return Case(body, headers=headers, allowed={400}, error="bad_request")
    if roll < 0.55:
        body = b'{"sender": %s, "message": "bonjour", "metadata": %s}' % (json.dumps(sender).encode(),
                                                                         bad_metadata(r))
        return Case(body, headers=headers, allowed={400}, error="bad_request")
    text, kind = text_case(r)
    body = {"sender": sender, "message": text}
    if r.random() < 0.2:
        body["metadata"] = r.choice([None, {}, {"lang": "fr"}, {"a": {"b": [1, 2, {"c": None}]}}])
    raw = json_body(body) if r.random() < 0.9 else json.dumps(body, ensure_ascii=False).encode("utf-8",
                                                                                              "surrogatepass")
    content_type = "application/json" if r.random() < 0.8 else r.choice(CONTENT_TYPES)
    if denied:
        return Case(raw, content_type, headers, {denied})
    if kind == READABLE:
        return Case(raw, content_type, headers, {200}, sender=sender)
    return Case(raw, content_type, headers, {400}, error=kind)


async def run_cases(app, path: str, closed: bool, seed_name: str) -> int:
    r = rng(seed_name)
    sent = 0
    for _ in range(CASES_PER_CHANNEL):
        case = rest_case(r, closed)
        answer = await app.http.post(path, content=case.body,
                                     headers={"Content-Type": case.content_type, **case.headers})
        sent += 1
        described = f"{case.body[:120]!r} {case.content_type} {list(case.headers)}"
        assert answer.status_code in case.allowed, (answer.status_code, answer.text[:200], described)
        if answer.status_code == 400:
            assert answer.json()["error"] in {"bad_request", "unreadable", "too_long"}, described
            if case.error:
                assert answer.json()["error"] == case.error, (answer.text, described)
        if answer.status_code in (401, 403) and 413 not in case.allowed:
            assert answer.json()["error"] in {"missing_token", "invalid_token", "wrong_conversation"}
        if answer.status_code == 200 and case.sender:
            assert answer.json() == [{"recipient_id": case.sender, "text": REPLY}], described
    return sent


async def test_rest_fuzz_gets_clear_answers_and_leaves_no_conversation_stuck(tmp_path) -> None:
    async with fuzz_app(tmp_path) as app:
        sent = await run_cases(app, "/webhooks/rest/webhook", True, "rest-closed")
        sent += await run_cases(app, "/open/rest/webhook", False, "rest-open")
        assert sent >= 2 * CASES_PER_CHANNEL
        assert sum(1 for channel, _, _ in app.rasa.received if channel == "rest") > CASES_PER_CHANNEL // 3
        for sender in SENDERS:        # not stuck: a normal message gets the normal answer
            for path, headers in (("/open/rest/webhook", {}), ("/webhooks/rest/webhook", {
                    "Authorization": f"Bearer {mint_token(sender, REST_SECRET)}"})):
                answer = await app.http.post(path, json={"sender": sender, "message": "bonjour"}, headers=headers)
                assert answer.status_code == 200 and answer.json() == [{"recipient_id": sender, "text": REPLY}]
        assert app.rasa.broken == []
        assert app.errors.summary() == [] and app.loop_errors == []
