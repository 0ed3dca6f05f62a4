"""Tokens for the web chat's socket.io connection (bot/channels/web_socketio.py).

In production (REST_TOKEN_SECRET set) Rasa's socket.io channel opens a connection only
with a short-lived token naming its conversation (bot/access_tokens.py). The widget asks
this web app for one each time it connects (bot/web/static/chat.js):

    POST /chat/session  {}                     -> {"session_id", "token", "expires_in"}
    POST /chat/session  {"token": <valid one>} -> a fresh token for the same session_id;
                                                  401 when it expired, is not ours, or the
                                                  conversation is over a day old

A new session id is random, so nobody can get a token for someone else's conversation;
only the holder of a valid token can extend it. Without the secret (development) the
answer is {"session_id": null, "token": null}: the channel is open and Rasa picks the id.
"""
from __future__ import annotations

import time
import uuid
from typing import Optional

import jwt
from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.access_tokens import DEFAULT_TTL_SECONDS, InvalidToken, mint_token, renew_token, secret_from_environment
from bot.access_tokens import token_conversation

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}


class Renewal(BaseModel):
    token: Optional[str] = Field(default=None, max_length=4096)


@router.post("/chat/session")
def chat_session(renewal: Optional[Renewal] = Body(default=None)) -> JSONResponse:
    secret = secret_from_environment()
    if secret is None:
        return JSONResponse({"session_id": None, "token": None}, headers=NO_STORE)
    if renewal is not None and renewal.token:
        try:
            token = renew_token(renewal.token, secret, DEFAULT_TTL_SECONDS)
        except InvalidToken:
            return JSONResponse({"error": "invalid_token"}, status_code=401, headers=NO_STORE)
        session_id = token_conversation(token, secret)
    else:
        session_id = uuid.uuid4().hex
        token = mint_token(session_id, secret, DEFAULT_TTL_SECONDS)
    expires_in = int(jwt.decode(token, options={"verify_signature": False})["exp"] - time.time())
    return JSONResponse({"session_id": session_id, "token": token, "expires_in": expires_in}, headers=NO_STORE)
