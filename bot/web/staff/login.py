"""/staff/login and /staff/logout."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from bot.web.staff.auth import (COOKIE_PATH, LOGIN_CSRF_COOKIE, SESSION_COOKIE, StaffForm,
                                new_login_csrf, read_form, require_staff_form, safe_next,
                                same_origin, staff_store, tokens_match)
from bot.web.staff.pages import csrf_field, render

router = APIRouter(prefix=COOKIE_PATH)


def _cookie_options(request: Request) -> dict:
    return {"httponly": True, "secure": request.app.state.staff_settings.cookie_secure,
            "samesite": "strict", "path": COOKIE_PATH}


def _login_page(request: Request, next_page: str, error: str = "", status_code: int = 200) -> Response:
    token = new_login_csrf()
    response = render(request, "staff/login.html", None,
                      {"next": safe_next(next_page), "error": error,
                       "login_csrf_field": csrf_field(token)}, status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **_cookie_options(request))
    return response


@router.get("/login")
def login_form(request: Request, next: str = COOKIE_PATH) -> Response:
    return _login_page(request, next)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    next_page = safe_next(form.get("next"))
    if not same_origin(request) or not tokens_match(form.get("csrf_token"),
                                                    request.cookies.get(LOGIN_CSRF_COOKIE, "")):
        return _login_page(request, next_page, "expired", status_code=403)
    store = staff_store(request)
    staff = store.authenticate(form.get("username", ""), form.get("password", ""))
    if staff is None:
        return _login_page(request, next_page, "wrong", status_code=401)
    # A new session id at every login: a session planted before login is never promoted.
    store.close_session(request.cookies.get(SESSION_COOKIE))
    token, session = store.open_session(staff)
    response = RedirectResponse(next_page, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=store.session_seconds, **_cookie_options(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout")
def logout(request: Request, form: StaffForm = Depends(require_staff_form)) -> Response:
    staff_store(request).close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(f"{COOKIE_PATH}/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response
