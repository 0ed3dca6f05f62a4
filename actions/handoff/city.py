"""The handoff routes of the municipal API (/v1/handoff), on the shared client (timeouts,
circuit breaker, CityUnavailable / CityError)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from pydantic import BaseModel

from actions.common.client import MunicipalClient


class Desk(BaseModel):
    id: str
    label: str


class Availability(BaseModel):
    place_id: str
    open_now: bool
    closes_at: Optional[datetime]
    next_opening: Optional[datetime]
    desk: Desk


class Ticket(BaseModel):
    id: str
    number: str
    kind: str
    status: str
    channel: str
    desk: Desk


class HandoffClient(MunicipalClient):
    async def handoff_availability(self) -> Availability:
        return await self._request("GET", "/v1/handoff/availability", Availability, auth=True)

    async def create_handoff_ticket(self, *, kind: str, channel: str, conversation_id: str, language: str,
                                    summary: Dict[str, Any], contact_phone: Optional[str] = None,
                                    reply_from: Optional[str] = None) -> Ticket:
        body: Dict[str, Any] = {"kind": kind, "channel": channel, "conversation_id": conversation_id,
                                "language": language, "consent": True, "summary": summary}
        if contact_phone:
            body["contact_phone"] = contact_phone
        if reply_from:
            body["reply_from"] = reply_from
        return await self._request("POST", "/v1/handoff/tickets", Ticket, json=body, auth=True)

    async def open_handoff_tickets(self) -> List[Ticket]:
        return await self._request("GET", "/v1/handoff/tickets", List[Ticket], auth=True)
