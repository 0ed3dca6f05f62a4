"""POST /feedback: a resident's thumbs up or down on an answer (the chat widget, web and kiosk).

    POST /feedback        {"rating": "down", "intent": "ask_opening_hours",
                           "response": "utter_opening_hours_day", "language": "fr",
                           "channel": "web", "comment": "..."}          → 201 {"id": "..."}
    POST /feedback/<id>   {"rating": "down", "comment": "...", "language": "fr"}  → 200

The second form is the same browser changing its vote or adding what was wrong (the id is
random and only that browser has it). Bad input gets a 4xx with a message in the
resident's language, and nothing is stored: a body over 2 KB (413), not JSON (415/400),
an unknown intent, response, language or channel, an unexpected field, a comment with a
thumbs up or over 300 characters (422), an unknown id (404).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from bot.analytics.database import engine_for, stats_db_url
from bot.feedback.settings import known_languages
from bot.feedback.store import FeedbackStore
from bot.feedback.validation import FeedbackError, parse_change, parse_new
from bot.languages import load_languages
from bot.web.content import page_texts
from bot.web.hardening import read_body

MAX_BODY_BYTES = 2048
_ID = re.compile(r"[0-9a-f]{32}")

router = APIRouter()


@lru_cache(maxsize=4)
def _store(url: str) -> FeedbackStore:
    return FeedbackStore(engine_for(url))


def feedback_store() -> FeedbackStore:
    return _store(stats_db_url())


def _refusal(status: int, reason: str, field: Optional[str], language: Optional[str]) -> JSONResponse:
    code = language if language in known_languages() else load_languages().default
    key = "feedback_too_long" if reason == "too long" else "feedback_error"
    return JSONResponse(status_code=status, content={
        "error": reason, "field": field, "message": page_texts()[code][key]})


class _BadBody(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


async def _json_body(request: Request) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise _BadBody(415, "expected application/json")
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except HTTPException:
        raise _BadBody(413, "too large") from None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _BadBody(400, "not JSON") from None


def _language_of(payload: Any) -> Optional[str]:
    return payload.get("language") if isinstance(payload, dict) else None


@router.post("/feedback", status_code=201)
async def give_feedback(request: Request) -> JSONResponse:
    try:
        payload = await _json_body(request)
    except _BadBody as bad:
        return _refusal(bad.status, bad.reason, None, None)
    try:
        feedback = parse_new(payload)
    except FeedbackError as error:
        return _refusal(422, error.reason, error.field, _language_of(payload))
    row_id = feedback_store().add(feedback)
    return JSONResponse(status_code=201, content={"id": row_id})


@router.post("/feedback/{row_id}")
async def change_feedback(row_id: str, request: Request) -> JSONResponse:
    try:
        payload = await _json_body(request)
    except _BadBody as bad:
        return _refusal(bad.status, bad.reason, None, None)
    try:
        change = parse_change(payload)
    except FeedbackError as error:
        return _refusal(422, error.reason, error.field, _language_of(payload))
    if not _ID.fullmatch(row_id) or not feedback_store().change(row_id, change):
        return _refusal(404, "unknown feedback", "id", _language_of(payload))
    return JSONResponse(status_code=200, content={"id": row_id})
