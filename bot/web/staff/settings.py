"""Settings of the staff console, from the environment (the web app's `.env` is read by whoever
starts it: `make run` / bot.cli.stack).

  STAFF_DB               SQLite file of staff accounts and sessions (default var/staff.db)
  STAFF_SESSION_HOURS    a session ends this long after the last page (default 8)
  STAFF_COOKIE_SECURE    `false` only to try the console over plain http on another host than
                         localhost (browsers accept Secure cookies from http://localhost)
  STAFF_DEV_PASSWORD     development only: password of the `staff` account `make run` creates
  ASSISTANT_ENV          `production`: no development account, no default password, Secure cookies
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

ROOT = Path(__file__).resolve().parents[3]
DEV_USERNAME = "staff"


class StaffSettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class StaffSettings:
    db_path: Path
    session_seconds: int
    cookie_secure: bool
    production: bool
    dev_password: Optional[str]

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "StaffSettings":
        env = os.environ if environ is None else environ
        production = env.get("ASSISTANT_ENV", "").lower() == "production"
        dev_password = env.get("STAFF_DEV_PASSWORD") or None
        if production and dev_password:
            # A password written in an env file for development must never open production.
            raise StaffSettingsError("STAFF_DEV_PASSWORD is set with ASSISTANT_ENV=production: "
                                     "remove it and create accounts with `python -m bot.cli staff add`")
        try:
            hours = float(env.get("STAFF_SESSION_HOURS") or 8)
        except ValueError as error:
            raise StaffSettingsError("STAFF_SESSION_HOURS must be a number of hours") from error
        secure_setting = (env.get("STAFF_COOKIE_SECURE") or "true").lower()
        return cls(
            db_path=Path(env.get("STAFF_DB") or ROOT / "var" / "staff.db"),
            session_seconds=max(60, int(hours * 3600)),
            cookie_secure=production or secure_setting not in {"0", "false", "no"},
            production=production,
            dev_password=dev_password,
        )
