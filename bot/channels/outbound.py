"""Sending to Twilio and Meta: one async httpx client per provider, timeouts and retries.

Called from the webhooks' background tasks, never while a webhook waits: the provider gets
its answer at once and the resident's messages follow. A failure is retried (connection
errors, timeouts, 429 and 5xx, honouring a short Retry-After) with growing pauses that are
`asyncio.sleep`s, so other residents are served meanwhile. A timed-out request may have
been delivered: a retry can then duplicate a message, which beats losing it. Logs never
carry the recipient or the text.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional

import httpx

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
ATTEMPTS = 4
FIRST_PAUSE = 0.5        # seconds; then 1, 2...
MAX_RETRY_AFTER = 10.0


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _pause(response: Optional[httpx.Response], attempt: int) -> float:
    pause = FIRST_PAUSE * 2 ** attempt
    if response is not None:
        try:
            pause = max(pause, min(float(response.headers.get("Retry-After", 0)), MAX_RETRY_AFTER))
        except ValueError:
            pass
    return pause


class Outbound:
    """POSTs to one provider's API, retrying what can succeed on a second try."""

    def __init__(self, base_url: str, name: str, auth: Optional[httpx.Auth] = None,
                 headers: Optional[Dict[str, str]] = None, attempts: int = ATTEMPTS,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.attempts = attempts
        self._options = {"auth": auth, "headers": headers or {}, "timeout": timeout}
        self._client: Optional[httpx.AsyncClient] = None

    def _http(self) -> httpx.AsyncClient:
        # Created on first use, inside the server's running event loop.
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(base_url=self.base_url, **self._options)
        return self._client

    async def post(self, path: str, **body: Any) -> bool:
        """True once the provider accepted the message (2xx)."""
        for attempt in range(self.attempts):
            response = None
            try:
                response = await self._http().post(path, **body)
                if response.is_success:
                    return True
                if not _retryable(response.status_code):
                    logger.error("%s refused a message: HTTP %s", self.name, response.status_code)
                    return False
                problem = f"HTTP {response.status_code}"
            except httpx.TransportError as error:
                problem = type(error).__name__
            if attempt + 1 < self.attempts:
                logger.warning("%s: %s, retrying (attempt %d)", self.name, problem, attempt + 2)
                await asyncio.sleep(_pause(response, attempt))
        logger.error("%s: a message could not be sent after %d attempts", self.name, self.attempts)
        return False

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


class TwilioMessages:
    """Twilio's Messages resource (SMS and WhatsApp), authenticated with the account's token."""

    def __init__(self, base_url: str, account_sid: str, auth_token: str, **options: Any) -> None:
        self.account_sid = account_sid
        self.outbound = Outbound(base_url, "twilio", auth=httpx.BasicAuth(account_sid, auth_token), **options)

    async def send(self, to: str, sender: str, body: str) -> bool:
        return await self.outbound.post(f"/2010-04-01/Accounts/{self.account_sid}/Messages.json",
                                        data={"To": to, "From": sender, "Body": body})


class MetaMessages:
    """The WhatsApp Cloud API's messages endpoint of one business phone number."""

    def __init__(self, base_url: str, phone_number_id: str, access_token: str, **options: Any) -> None:
        self.phone_number_id = phone_number_id
        self.outbound = Outbound(base_url, "whatsapp",
                                 headers={"Authorization": f"Bearer {access_token}"}, **options)

    async def send(self, message: Dict[str, Any]) -> bool:
        return await self.outbound.post(f"/{self.phone_number_id}/messages", json=message)
