"""Where the console's data lives: the municipal API (tickets) and Rasa's HTTP API
(conversations). Settings from the environment, else the repository's `.env`:

  MUNICIPAL_API_URL, MUNICIPAL_API_TOKEN   the tickets (the action server's service token)
  STAFF_RASA_URL                           Rasa's HTTP API as this server reaches it
                                           (default http://127.0.0.1:5005)
  RASA_JWT_SECRET                          signs the short-lived admin JWT Rasa checks
                                           (`rasa run --enable-api --jwt-secret ...`, bot/cli/stack.py)
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import httpx
import jwt

from bot.channels.settings import read_env_file
from bot.web.staff.settings import ROOT

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
JWT_LIFETIME = 60          # seconds: one console request


class ServiceError(RuntimeError):
    """The municipal API or Rasa did not do what was asked (message for the staff member)."""


def _setting(name: str, default: str = "") -> str:
    """The environment; in development also the repository's `.env` (never in production)."""
    if os.environ.get(name):
        return os.environ[name]
    if os.environ.get("ASSISTANT_ENV", "").lower() != "production":
        return read_env_file(ROOT / ".env").get(name) or default
    return default


@dataclass(frozen=True)
class ServiceSettings:
    api_url: str
    api_token: str
    rasa_url: str
    rasa_jwt_secret: str

    @classmethod
    def from_env(cls) -> "ServiceSettings":
        return cls(api_url=_setting("MUNICIPAL_API_URL", "http://127.0.0.1:8000").rstrip("/"),
                   api_token=_setting("MUNICIPAL_API_TOKEN"),
                   rasa_url=_setting("STAFF_RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
                   rasa_jwt_secret=_setting("RASA_JWT_SECRET"))


class Tickets:
    """/v1/handoff/tickets of the municipal API."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings

    async def _call(self, method: str, path: str, **options: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.settings.api_token}", "Accept-Language": "fr"}
        try:
            async with httpx.AsyncClient(base_url=self.settings.api_url, timeout=TIMEOUT) as http:
                response = await http.request(method, path, headers=headers, **options)
        except httpx.HTTPError as error:
            raise ServiceError(f"API municipale injoignable ({type(error).__name__})") from error
        if response.status_code == 404:
            raise LookupError(path)
        if not response.is_success:
            raise ServiceError(f"API municipale : HTTP {response.status_code}")
        return response.json()

    async def open(self) -> List[Dict[str, Any]]:
        return await self._call("GET", "/v1/handoff/tickets")

    async def get(self, ticket_id: str) -> Dict[str, Any]:
        return await self._call("GET", f"/v1/handoff/tickets/{ticket_id}")

    async def take(self, ticket_id: str, staff: str) -> Dict[str, Any]:
        return await self._call("POST", f"/v1/handoff/tickets/{ticket_id}/take", json={"staff": staff})

    async def close(self, ticket_id: str, staff: str) -> Dict[str, Any]:
        return await self._call("POST", f"/v1/handoff/tickets/{ticket_id}/close", json={"staff": staff})


class Conversations:
    """Rasa's HTTP API, with an admin JWT minted per request."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings

    def _headers(self) -> Dict[str, str]:
        if not self.settings.rasa_jwt_secret:
            raise ServiceError("RASA_JWT_SECRET manque : la console ne peut pas joindre l'assistant")
        token = jwt.encode({"user": {"username": "staff-console", "role": "admin"},
                            "exp": int(time.time()) + JWT_LIFETIME},
                           self.settings.rasa_jwt_secret, algorithm="HS256")
        return {"Authorization": f"Bearer {token}"}

    async def _call(self, method: str, path: str, **options: Any) -> Any:
        try:
            async with httpx.AsyncClient(base_url=self.settings.rasa_url, timeout=TIMEOUT) as http:
                response = await http.request(method, path, headers=self._headers(), **options)
        except httpx.HTTPError as error:
            raise ServiceError(f"assistant injoignable ({type(error).__name__})") from error
        if not response.is_success:
            raise ServiceError(f"assistant : HTTP {response.status_code}")
        return response.json()

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        """The stored conversation: `events` (redacted by the tracker store) and `paused`."""
        return await self._call("GET", f"/conversations/{conversation_id}/tracker",
                                params={"include_events": "ALL"})

    async def append(self, conversation_id: str, events: List[Dict[str, Any]],
                     push: bool) -> Dict[str, Any]:
        """Adds events; with `push`, bot messages also go out on the conversation's latest channel."""
        params = {"output_channel": "latest", "execute_side_effects": "true"} if push else {}
        return await self._call("POST", f"/conversations/{conversation_id}/tracker/events",
                                params=params, json=events)

    async def say(self, conversation_id: str, response: str, push: bool) -> List[Dict[str, Any]]:
        """Runs an utter_ action (in the conversation's language); the messages, when not pushed."""
        params = {"output_channel": "latest"} if push else {}
        body = await self._call("POST", f"/conversations/{conversation_id}/execute",
                                params=params, json={"name": response})
        return body.get("messages") or []


def history(events: List[Dict[str, Any]], limit: Optional[int] = 200) -> List[Dict[str, Any]]:
    """What staff read: the resident's and the assistant's messages as stored (redacted by the
    tracker store), staff messages, and the pauses."""
    items: List[Dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        when = event.get("timestamp")
        if kind == "user" and (event.get("text") or "").strip():
            items.append({"from": "user", "text": event["text"], "at": when})
        elif kind == "bot" and (event.get("text") or "").strip():
            staff = (event.get("metadata") or {}).get("staff")
            items.append({"from": "staff" if staff else "bot", "staff": staff, "text": event["text"], "at": when})
        elif kind in {"pause", "resume"}:
            items.append({"from": "system", "text": kind, "at": when})
    return items[-limit:] if limit else items
