"""The staff console under /staff: login (auth.py: `require_staff` for any staff page), the
handoff queue, a ticket's conversation, replies to the resident and handing back to the bot.

`install_staff(app)` is called once by bot/web/app.py; it opens the account store
(STAFF_DB), creates the development account when asked (`ensure_dev_account`), and adds the
routes and security headers.
"""
from __future__ import annotations

from typing import Optional

from fastapi import FastAPI

from bot.web.staff.accounts import StaffStore
from bot.web.staff.settings import StaffSettings


def install_staff(app: FastAPI, settings: Optional[StaffSettings] = None) -> None:
    from bot.web.staff import console, login
    from bot.web.staff.pages import staff_headers

    settings = settings or StaffSettings.from_env()
    app.state.staff_settings = settings
    app.state.staff_store = StaffStore(settings.db_path, settings.session_seconds)
    app.middleware("http")(staff_headers)
    app.include_router(login.router)
    app.include_router(console.router)
