"""Mitigations for Starlette advisories we cannot yet fix by upgrading (README, "Security").

FastAPI < 0.120, the last line that accepts pydantic 1 (which rasa 3.6 pins in the same
environment), needs Starlette < 0.49; the fixes are in later Starlette releases.
- CVE-2025-62727: a crafted `Range` header makes FileResponse (our /static and /vendor files)
  merge ranges in O(n^2). Nothing here needs partial content, so the headers are dropped
  and every file is sent whole.
- GHSA-86qp-5c8j-p5mr, CVE-2026-54282: `request.url` is rebuilt from the Host header and the
  path, and either can move its parts; we read the path and query from the ASGI scope.
- CVE-2026-54283: `request.form()` ignores its size limits for urlencoded bodies. We never
  call it: forms are read by `read_body`, which stops at a byte limit however the body is
  sent (with or without Content-Length).
Reviewed and not applicable (README, "Security"): CVE-2026-48817 (we route no HTTPEndpoint
class; a test checks) and CVE-2026-48818 (StaticFiles on Windows only).
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from fastapi import HTTPException

_DROPPED = {b"range", b"if-range"}


class DropRangeHeaders:
    """ASGI middleware: removes Range and If-Range from every HTTP request."""

    def __init__(self, app: Callable[..., Awaitable[Any]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _DROPPED]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


def routed_path(request: Any) -> str:
    """The path the router saw, whatever the Host header says."""
    return request.scope.get("path", "")


def routed_query(request: Any) -> str:
    """The raw query string as the client sent it, not re-parsed from a rebuilt URL."""
    return request.scope.get("query_string", b"").decode("latin-1")


async def read_body(request: Any, limit: int) -> bytes:
    """The request body, or 413 as soon as it passes `limit` bytes (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, "body too large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, "body too large")
    return body
