"""Where the analytics read and write: the tracker store (read only) and the statistics
database (feedback and the counts rolled up from conversations).

Both are picked from the settings the rest of the assistant already uses:

  tracker store      TRACKER_DB_URL (production profile, PostgreSQL), else the SQLite file
                     TRACKER_DB (`make run`, the tests), else var/tracker.db — what
                     endpoints.yml / deploy/endpoints.prod.yml give Rasa
  statistics         ANALYTICS_DB_URL when set; else, in production, the tracker store's
                     PostgreSQL database (tables of their own: feedback, analytics_*); else
                     the SQLite file analytics.db next to the tracker store's

Why a database of its own and not the tracker store: conversations are deleted after 30
days (bot/retention.py) and on "forget me"; feedback and counts hold nothing personal and
are kept for the monthly open data and the year's trends.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Dict, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
_ENGINES: Dict[str, Engine] = {}
_LOCK = threading.Lock()


def tracker_db_url(env: Optional[Mapping[str, str]] = None) -> str:
    env = os.environ if env is None else env
    if env.get("TRACKER_DB_URL"):
        return env["TRACKER_DB_URL"]
    return f"sqlite:///{Path(env.get('TRACKER_DB') or ROOT / 'var' / 'tracker.db')}"


def stats_db_url(env: Optional[Mapping[str, str]] = None) -> str:
    env = os.environ if env is None else env
    if env.get("ANALYTICS_DB_URL"):
        return env["ANALYTICS_DB_URL"]
    if env.get("TRACKER_DB_URL"):
        return env["TRACKER_DB_URL"]
    tracker_file = Path(env.get("TRACKER_DB") or ROOT / "var" / "tracker.db")
    return f"sqlite:///{tracker_file.parent / 'analytics.db'}"


def engine_for(url: str) -> Engine:
    """One engine per database URL and process (SQLAlchemy pools its connections)."""
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            options = {"connect_args": {"timeout": 15}} if url.startswith("sqlite") else {
                "pool_size": 2, "max_overflow": 2, "pool_pre_ping": True}
            engine = sa.create_engine(url, future=True, **options)
            _ENGINES[url] = engine
        return engine


def dispose_all() -> None:
    """Closes every engine (tests, and the command line before it exits)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
