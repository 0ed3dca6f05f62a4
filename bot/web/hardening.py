"""Mitigations for Starlette advisories we cannot yet fix by upgrading (README, "Security").

FastAPI < 0.120, the last line that accepts pydantic 1 (which rasa 3.6 pins in the same
environment), needs Starlette < 0.49; the fixes are in later Starlette releases.
- CVE-2025-62727: a crafted `Range` header makes FileResponse (our /static and /vendor files)
  merge ranges in O(n^2). Nothing here needs partial content, so the headers are dropped
  and every file is sent whole.
- GHSA-86qp-5c8j-p5mr: `request.url.path` is rebuilt from the Host header and can be
  poisoned; path checks use `request.scope["path"]` (the routed path) instead.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

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
