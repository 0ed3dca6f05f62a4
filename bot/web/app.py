"""The web front: a demo city page carrying the chat widget (`/`) and the kiosk (`/kiosk`).

Both pages talk to Rasa's socket.io channel from the browser, with the socket.io client
installed from npm at `make install` (bot/web/node_modules, served under /vendor: nothing
is fetched from a CDN at run time).

Settings (environment):
  WEB_RASA_URL               Rasa as the browser reaches it (default: this host, port 5005)
  WEB_KIOSK_IDLE_SECONDS     kiosk: quiet time before the "are you still there?" warning
  WEB_KIOSK_WARNING_SECONDS  kiosk: time the warning stays before the conversation is wiped
The kiosk page also takes ?idle=N&warning=N (seconds), for tests and for trying it out.

Run: `uvicorn bot.web.app:app --port 8080 --ws none` (`make run` starts it with the rest).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Optional

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bot.feedback.settings import feedback_settings
from bot.languages import load_languages
from bot.web.chat_session import router as chat_session_router
from bot.web.content import city_contact, menu_languages, page_texts
from bot.web.dashboard import router as dashboard_router
from bot.web.feedback_api import router as feedback_router
from bot.web.hardening import DropRangeHeaders
from bot.web.staff import install_staff

HERE = Path(__file__).resolve().parent
SOCKET_IO_CLIENT = HERE / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

app = FastAPI(title="Levallois public services assistant: web chat and kiosk",
              docs_url=None, redoc_url=None, openapi_url=None)
# A city site on another origin may embed the widget (scripts, styles and config.json) and
# its answer feedback (POST /feedback, JSON).
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                   allow_headers=["Content-Type"])
# No partial content: a crafted Range header is a known Starlette DoS (bot/web/hardening.py).
app.add_middleware(DropRangeHeaders)
app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
templates = Jinja2Templates(directory=HERE / "templates")
# The staff console under /staff (login, handoff queue): bot/web/staff.
install_staff(app)


def _seconds(value: Optional[str], default: int) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


def _feedback_config() -> Dict[str, Any]:
    """Which answers get thumbs up/down (bot/feedback/feedback.yml)."""
    settings = feedback_settings()
    return {"skipPrefixes": list(settings.no_feedback_prefixes),
            "skipResponses": list(settings.no_feedback_responses), "maxChars": settings.comment_max_chars}


def widget_config(**settings: Any) -> Dict[str, Any]:
    """What the chat widget needs: where Rasa is, the languages and the texts."""
    return {
        "rasaUrl": os.environ.get("WEB_RASA_URL", ""),
        "defaultLanguage": load_languages().default,
        "languages": menu_languages(),
        "texts": page_texts(),
        "feedback": _feedback_config(),
        "sessionPath": "chat/session",   # the socket.io token, relative to the web app (chat_session.py)
        **settings,
    }


def _page(request: Request, template: str, **settings: Any) -> HTMLResponse:
    languages = load_languages()
    default = languages.languages[languages.default]
    config = widget_config(**settings)
    return templates.TemplateResponse(request, template, {
        "lang": default.code, "dir": default.dir,
        "t": page_texts()[default.code],
        "languages": config["languages"],
        "city": city_contact(),
        "config_json": json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
    })


@app.get("/", response_class=HTMLResponse)
def city_page(request: Request) -> HTMLResponse:
    return _page(request, "city.html")


@app.get("/kiosk", response_class=HTMLResponse)
def kiosk_page(request: Request, idle: Optional[str] = None,
               warning: Optional[str] = None) -> HTMLResponse:
    return _page(
        request, "kiosk.html",
        idleSeconds=_seconds(idle, _seconds(os.environ.get("WEB_KIOSK_IDLE_SECONDS"), 90)),
        warningSeconds=_seconds(warning, _seconds(os.environ.get("WEB_KIOSK_WARNING_SECONDS"), 30)),
    )


app.include_router(feedback_router)   # POST /feedback (bot/web/feedback_api.py)
app.include_router(chat_session_router)   # POST /chat/session: socket.io tokens (bot/web/chat_session.py)
app.include_router(dashboard_router)  # GET /staff/dashboard, staff login required (bot/web/dashboard.py)


@app.get("/config.json")
def config_json() -> Dict[str, Any]:
    """The widget's configuration, for a city site that embeds it (see the README)."""
    return widget_config()


@app.get("/vendor/socket.io.min.js")
def socket_io_client() -> FileResponse:
    if not SOCKET_IO_CLIENT.exists():
        raise HTTPException(404, "socket.io client missing: run `make install` (npm ci in bot/web)")
    return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript")


@app.get("/health")
def health() -> Dict[str, str]:
    return {"status": "ok"}
