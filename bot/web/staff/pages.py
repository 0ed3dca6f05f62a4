"""Rendering staff pages: the shared templates, the CSRF field and the headers every staff
answer carries (never cached, never framed, scripts only from this site)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from bot.web.hardening import routed_path
from bot.web.staff.accounts import StaffSession

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
                                "base-uri 'none'"),
}


def csrf_field(token: str) -> Markup:
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(token)}">')


def render(request: Request, template: str, session: Optional[StaffSession],
           context: Optional[Dict[str, Any]] = None, status_code: int = 200) -> HTMLResponse:
    values: Dict[str, Any] = {"session": session, "staff": session.staff if session else None,
                              "csrf_field": csrf_field(session.csrf_token) if session else ""}
    values.update(context or {})
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)


async def staff_headers(request: Request, call_next: Any) -> Any:
    """Middleware: the security headers on everything under /staff."""
    response = await call_next(request)
    if routed_path(request).startswith("/staff"):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response
