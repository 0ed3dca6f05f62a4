"""The one way the actions reach the city: a typed async client for the municipal API.

Every call has a timeout (the resident must hear back within 3 s), and every failure is
one of two exceptions: `CityUnavailable` (down, slow, 5xx, garbage) or `CityError` (the
city answered with a 4xx and its error code, e.g. `slot_taken`).

A circuit breaker per API address keeps a dead or hung city from slowing every
conversation: after MUNICIPAL_API_BREAKER_FAILURES (3) failures in a row, calls fail at
once for MUNICIPAL_API_BREAKER_COOLDOWN (20) seconds, then one call tests the city again.

The HTTP connections are shared too (`_http_for`): one httpx client per API address and
event loop, kept open. A new httpx client builds an SSL context and reads the CA bundle
even for a plain-http address: 20-30 ms of CPU, which made up most of the action server's
cost per message (`make bench`).
"""
from __future__ import annotations

import asyncio
import os
from datetime import date
from typing import Any, Dict, List, Optional, Type, TypeVar

import httpx
from pydantic import BaseModel, ValidationError, parse_obj_as

from actions.common import models
from actions.common.circuit_breaker import CircuitBreaker
from actions.common.settings import Settings, load_settings

T = TypeVar("T")


class CityUnavailable(Exception):
    """The city's systems did not answer usefully; tell the resident to call."""


_breakers: Dict[str, CircuitBreaker] = {}


def breaker_for(api_url: str) -> CircuitBreaker:
    """The breaker of this API address, shared by every action of the process."""
    if api_url not in _breakers:
        _breakers[api_url] = CircuitBreaker(
            failures=int(os.environ.get("MUNICIPAL_API_BREAKER_FAILURES") or 3),
            cooldown=float(os.environ.get("MUNICIPAL_API_BREAKER_COOLDOWN") or 20))
    return _breakers[api_url]


_clients: Dict[tuple, httpx.AsyncClient] = {}


def _http_for(api_url: str) -> httpx.AsyncClient:
    """The lasting client of this address on the running event loop."""
    loop = asyncio.get_running_loop()
    for key in [k for k in _clients if k[0] is not loop and k[0].is_closed()]:
        del _clients[key]   # clients of finished loops (the tests run one loop each)
    client = _clients.get((loop, api_url))
    if client is None or client.is_closed:
        client = _clients[(loop, api_url)] = httpx.AsyncClient(base_url=api_url)
    return client


class CityError(Exception):
    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _clean(params: Dict[str, Any]) -> Dict[str, Any]:
    out = {}
    for key, value in params.items():
        if value is None:
            continue
        out[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


class MunicipalClient:
    def __init__(self, settings: Optional[Settings] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None,
                 language: Optional[str] = None) -> None:
        self.settings = settings or load_settings()
        self._transport = transport
        # The city's texts (services, documents, steps...) come back in this language
        # when the city has a translation, in the data pack's own words otherwise.
        self.language = language

    async def _request(self, method: str, path: str, shape: Any, *,
                       params: Optional[dict] = None, json: Optional[dict] = None,
                       auth: bool = False) -> Any:
        breaker = breaker_for(self.settings.api_url)
        if not breaker.allow():
            raise CityUnavailable(f"{method} {path}: failing fast (the city failed repeatedly)")
        try:
            result = await self._call(method, path, shape, params=params, json=json, auth=auth)
        except CityUnavailable:
            breaker.record_failure()
            raise
        except CityError:
            breaker.record_success()   # the city answered, with a reason
            raise
        breaker.record_success()
        return result

    async def _call(self, method: str, path: str, shape: Any, *, params: Optional[dict],
                    json: Optional[dict], auth: bool) -> Any:
        headers = {"Accept": "application/json"}
        if self.language:
            headers["Accept-Language"] = self.language
        if auth:
            headers["Authorization"] = f"Bearer {self.settings.api_token}"
        timeout = httpx.Timeout(self.settings.timeout_seconds)
        request = dict(params=_clean(params or {}), json=json, headers=headers, timeout=timeout)
        try:
            if self._transport is None:
                response = await _http_for(self.settings.api_url).request(method, path, **request)
            else:   # a test's transport: a client of its own
                async with httpx.AsyncClient(base_url=self.settings.api_url,
                                             transport=self._transport) as http:
                    response = await http.request(method, path, **request)
        except httpx.HTTPError as exc:
            raise CityUnavailable(f"{method} {path}: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise CityUnavailable(f"{method} {path}: HTTP {response.status_code}")
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError) as exc:
            raise CityUnavailable(f"{method} {path}: not JSON") from exc
        if response.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            if not isinstance(error, dict) or "code" not in error:
                raise CityUnavailable(f"{method} {path}: HTTP {response.status_code}")
            raise CityError(response.status_code, str(error["code"]), str(error.get("message", "")))
        try:
            return parse_obj_as(shape, body) if shape is not None else body
        except (ValidationError, TypeError, ValueError) as exc:
            raise CityUnavailable(f"{method} {path}: unexpected answer") from exc

    # --- places, partners, documents
    async def places(self) -> List[models.Place]:
        return await self._request("GET", "/v1/places", List[models.Place])

    async def place(self, place_id: str) -> models.Place:
        return await self._request("GET", f"/v1/places/{place_id}", models.Place)

    async def opening_hours(self, place_id: str, day: date, days: int = 1) -> List[models.DayHours]:
        return await self._request("GET", f"/v1/places/{place_id}/opening-hours",
                                   List[models.DayHours], params={"date": day.isoformat(), "days": days})

    async def partners(self, topic: Optional[str] = None) -> List[models.Partner]:
        return await self._request("GET", "/v1/partners", List[models.Partner], params={"topic": topic})

    async def partner(self, partner_id: str) -> models.Partner:
        return await self._request("GET", f"/v1/partners/{partner_id}", models.Partner)

    async def documents(self, topic: Optional[str] = None) -> List[models.DocumentList]:
        return await self._request("GET", "/v1/documents", List[models.DocumentList], params={"topic": topic})

    # --- social tariffs
    async def activities(self) -> List[models.Activity]:
        return await self._request("GET", "/v1/tariffs", List[models.Activity])

    async def tariff_rules(self) -> Dict[str, Any]:
        return await self._request("GET", "/v1/tariffs/rules", Dict[str, Any])

    async def tariff_price(self, activity_id: str, qf: Optional[float], resident: bool = True) -> models.TariffPrice:
        return await self._request("GET", f"/v1/tariffs/{activity_id}", models.TariffPrice,
                                   params={"qf": None if qf is None else int(qf), "resident": resident})

    async def quotient_familial(self, *, annual_income: float, monthly_benefits: float, adults: int,
                                children: int, disabled_children: int) -> models.QuotientFamilial:
        body = {"annual_income": annual_income, "monthly_benefits": monthly_benefits, "adults": adults,
                "children": children, "disabled_children": disabled_children}
        return await self._request("POST", "/v1/quotient-familial", models.QuotientFamilial, json=body)

    # --- domiciliation
    async def domiciliation_info(self) -> Dict[str, Any]:
        return await self._request("GET", "/v1/domiciliation/info", Dict[str, Any])

    async def create_domiciliation_request(self, *, link_with_commune: str, has_identity_document: bool,
                                           contact_phone: Optional[str], language: str) -> models.DomiciliationReceipt:
        body = {"link_with_commune": link_with_commune, "has_identity_document": has_identity_document,
                "contact_phone": contact_phone, "language": language}
        return await self._request("POST", "/v1/domiciliation/requests", models.DomiciliationReceipt,
                                   json=body, auth=True)

    async def domiciliation_request(self, reference: str, access_code: str) -> models.DomiciliationStatus:
        return await self._request("GET", f"/v1/domiciliation/requests/{reference}", models.DomiciliationStatus,
                                   params={"access_code": access_code}, auth=True)

    # --- Maison de Santé
    async def health_info(self) -> Dict[str, Any]:
        return await self._request("GET", "/v1/health/info", Dict[str, Any])

    async def practitioners(self, **filters: Any) -> List[models.Practitioner]:
        return await self._request("GET", "/v1/health/practitioners", List[models.Practitioner], params=filters)

    async def slots(self, **filters: Any) -> List[models.Slot]:
        """Filters: specialty, practitioner_id, sector, accepts_c2s, language, from, to, limit."""
        return await self._request("GET", "/v1/health/slots", List[models.Slot], params=filters)

    async def book_appointment(self, *, slot_id: str, patient_name: str, phone: str,
                               idempotency_key: str) -> models.Appointment:
        body = {"slot_id": slot_id, "patient_name": patient_name, "phone": phone,
                "idempotency_key": idempotency_key}
        return await self._request("POST", "/v1/health/appointments", models.Appointment, json=body, auth=True)

    async def my_appointments(self, phone: str, cancel_code: str) -> List[models.Appointment]:
        return await self._request("GET", "/v1/health/appointments", List[models.Appointment],
                                   params={"phone": phone, "cancel_code": cancel_code}, auth=True)

    async def cancel_appointment(self, appointment_id: str, cancel_code: str) -> Dict[str, Any]:
        return await self._request("DELETE", f"/v1/health/appointments/{appointment_id}", Dict[str, Any],
                                   params={"cancel_code": cancel_code}, auth=True)
