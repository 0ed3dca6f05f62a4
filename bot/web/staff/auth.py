"""Staff login for every page under /staff: the dependency other staff pages use.

How to protect a page (e.g. a dashboard mounted under /staff/dashboard):

    from fastapi import APIRouter, Depends, Request
    from bot.web.staff.auth import StaffForm, StaffSession, require_staff, require_staff_form
    from bot.web.staff.pages import render

    router = APIRouter(prefix="/staff/dashboard")

    @router.get("")
    def dashboard(request: Request, session: StaffSession = Depends(require_staff)):
        # session.staff.username, session.staff.display_name; session.csrf_token
        return render(request, "staff/dashboard.html", session, {"title": "..."})

    @router.post("/export")
    def export(form: StaffForm = Depends(require_staff_form)):
        # the CSRF token was checked; form.session is the StaffSession, form.get("field")
        ...

    # in bot/web/app.py, after install_staff(app): app.include_router(router)

- `require_staff`: the StaffSession of the request's session cookie. Without a live session,
  a GET gets a 303 to /staff/login?next=<this page> and anything else a 401, so the route's
  body never runs.
- `require_staff_form`: `require_staff` plus the form (application/x-www-form-urlencoded,
  parsed here: no python-multipart needed) whose `csrf_token` field (or `X-CSRF-Token`
  header, for fetch()) must be the session's token, and whose Origin, when the browser
  sends one, must be this site: else 403 and nothing is done. Every state-changing staff
  route uses it.
- In templates, `{{ csrf_field }}` (given by `pages.render`) is the hidden input to put in
  every <form method="post">; `staff/base.html` is the layout with the logout button.

Sessions are server-side (bot/web/staff/accounts.py): the cookie `staff_session` is a random
token, HttpOnly, Secure, SameSite=Strict, Path=/staff; logging out deletes the session.
The login form is protected from login CSRF by a double-submit cookie.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Dict, Optional
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Depends, HTTPException, Request

from bot.web.hardening import read_body, routed_path, routed_query
from bot.web.staff.accounts import StaffSession, StaffStore

SESSION_COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"
COOKIE_PATH = "/staff"
MAX_FORM_BYTES = 64 * 1024


@dataclass
class StaffForm:
    """A staff form whose CSRF token was checked."""
    session: StaffSession
    fields: Dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


def staff_store(request: Request) -> StaffStore:
    return request.app.state.staff_store


def safe_next(target: Optional[str]) -> str:
    """Only a path of the staff console: never an open redirect to another site."""
    if not target:
        return COOKIE_PATH
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(COOKIE_PATH) or "\\" in target:
        return COOKIE_PATH
    return target


async def require_staff(request: Request) -> StaffSession:
    session = staff_store(request).session(request.cookies.get(SESSION_COOKIE))
    if session is None:
        if request.method == "GET":
            query = routed_query(request)
            target = routed_path(request) + (f"?{query}" if query else "")
            raise HTTPException(303, "login required",
                                headers={"Location": f"{COOKIE_PATH}/login?next={quote(target)}"})
        raise HTTPException(401, "login required")
    return session


async def read_form(request: Request) -> Dict[str, str]:
    """An urlencoded form body as {name: last value}; 413 when oversized, 415 when not a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in {"application/x-www-form-urlencoded", ""}:
        raise HTTPException(415, "expected a form")
    body = await read_body(request, MAX_FORM_BYTES)
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as error:
        raise HTTPException(400, "the form is not UTF-8") from error
    return {name: values[-1] for name, values in parsed.items()}


def same_origin(request: Request) -> bool:
    """A browser's Origin (when sent) names this host: a form posted from elsewhere is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return True          # not a browser, or an old one: the CSRF token still decides
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def tokens_match(given: Optional[str], expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


async def require_staff_form(request: Request,
                             session: StaffSession = Depends(require_staff)) -> StaffForm:
    fields = await read_form(request)
    given = fields.get("csrf_token") or request.headers.get("x-csrf-token")
    if not same_origin(request) or not tokens_match(given, session.csrf_token):
        raise HTTPException(403, "invalid or missing CSRF token")
    return StaffForm(session, fields)


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)
