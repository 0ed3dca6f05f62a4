"""The retention job: conversations are kept `--days` days after their last message (30 by
default), and personal values left in a conversation abandoned mid-form are erased once it
has been idle for `--idle-minutes` (60 by default, Rasa's session expiry).

    python -m bot.cli retention --days 30          # or: make retention
    python -m bot.cli retention --endpoints deploy/endpoints.prod.yml

It reads the tracker store from the endpoints file (SQLite or PostgreSQL) and is meant to
run daily (cron, a Kubernetes CronJob...). It prints only counts.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:   # Rasa is imported only once the arguments are read
    from bot.tracker_store import PrivacySQLTrackerStore

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DAYS = 30
DEFAULT_IDLE_MINUTES = 60
_CHUNK = 500   # ids per DELETE: keeps the statement small on any database


@dataclass(frozen=True)
class RetentionReport:
    conversations_deleted: int
    events_deleted: int
    values_erased: int


def _senders_idle_since(store: PrivacySQLTrackerStore, session, cutoff: float) -> List[str]:
    import sqlalchemy as sa

    event = store.SQLEvent
    rows = (session.query(event.sender_id).group_by(event.sender_id)
            .having(sa.func.max(event.timestamp) < cutoff).all())
    return [sender_id for (sender_id,) in rows]


def delete_old_conversations(store: PrivacySQLTrackerStore, days: float,
                             now: Optional[float] = None) -> tuple[int, int]:
    """Deletes every conversation whose last event is older than `days`; (conversations, events)."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    with store.session_scope() as session:
        senders = _senders_idle_since(store, session, cutoff)
        events = 0
        for start in range(0, len(senders), _CHUNK):
            chunk = senders[start:start + _CHUNK]
            events += (session.query(store.SQLEvent).filter(store.SQLEvent.sender_id.in_(chunk))
                       .delete(synchronize_session=False))
        session.commit()
    return len(senders), events


def erase_idle_personal_values(store: PrivacySQLTrackerStore, idle_minutes: float,
                               now: Optional[float] = None) -> int:
    """Erases personal slot values still stored in conversations idle for `idle_minutes`."""
    from bot.event_redaction import is_stale_personal_value, without_value

    cutoff = (now if now is not None else time.time()) - idle_minutes * 60
    erased = 0
    with store.session_scope() as session:
        senders = _senders_idle_since(store, session, cutoff)
        for start in range(0, len(senders), _CHUNK):
            rows = (session.query(store.SQLEvent)
                    .filter(store.SQLEvent.sender_id.in_(senders[start:start + _CHUNK]),
                            store.SQLEvent.type_name == "slot").all())
            for row in rows:
                data = json.loads(row.data)
                if is_stale_personal_value(data, {}):   # an idle conversation holds nothing
                    row.data = json.dumps(without_value(data))
                    erased += 1
        session.commit()
    return erased


def apply_retention(store: PrivacySQLTrackerStore, days: float = DEFAULT_DAYS,
                    idle_minutes: float = DEFAULT_IDLE_MINUTES, now: Optional[float] = None) -> RetentionReport:
    conversations, events = delete_old_conversations(store, days, now)
    erased = erase_idle_personal_values(store, idle_minutes, now)
    return RetentionReport(conversations, events, erased)


def stats_engine_for(store: PrivacySQLTrackerStore):
    """The statistics database beside this tracker store, as the dashboard finds it
    (bot/analytics/database.py): ANALYTICS_DB_URL, else analytics.db next to a SQLite
    tracker store, else the tracker store's own database."""
    from bot.analytics.database import engine_for, stats_db_url

    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        env = {"TRACKER_DB": url.database}
    else:
        env = {"TRACKER_DB_URL": url.render_as_string(hide_password=False)}
    if os.environ.get("ANALYTICS_DB_URL"):
        env["ANALYTICS_DB_URL"] = os.environ["ANALYTICS_DB_URL"]
    return engine_for(stats_db_url(env))


def roll_up_counts(store: PrivacySQLTrackerStore) -> int:
    """Counts per hour outlive the conversations (bot/analytics/rollup.py): they are rolled
    up before anything is deleted, so no day is lost to the dashboard or the open data."""
    from bot.analytics import rollup

    return len(rollup.refresh(store.engine, stats_engine_for(store)))


def _expand(value: object) -> object:
    """${VAR} as Rasa expands it in endpoints files; an unset variable is an error."""
    if not isinstance(value, str):
        return value
    expanded = os.path.expandvars(value)
    if "${" in expanded:
        raise SystemExit(f"set the environment variables in {value!r}")
    return expanded


def store_from_endpoints(endpoints: Path) -> PrivacySQLTrackerStore:
    """The tracker store that Rasa would open with this endpoints file."""
    import yaml
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import EndpointConfig

    from bot.tracker_store import PrivacySQLTrackerStore

    os.environ.setdefault("TRACKER_DB", str(ROOT / "var" / "tracker.db"))
    # Only the tracker store's section: the others may need variables this job has not.
    section = (yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    config = EndpointConfig.from_dict({key: _expand(value) for key, value in section.items()})
    store = TrackerStore.create(config)
    if not isinstance(store, PrivacySQLTrackerStore):
        raise SystemExit(f"{endpoints}: the tracker store is not bot.tracker_store.PrivacySQLTrackerStore")
    return store


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli retention", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", DEFAULT_DAYS)),
                        help="keep conversations this many days after their last message (default 30)")
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                        help="erase personal values of conversations idle this long (default 60)")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    args = parser.parse_args(argv)
    if args.days <= 0 or args.idle_minutes <= 0:
        parser.error("--days and --idle-minutes must be positive")
    store = store_from_endpoints(args.endpoints)
    try:
        rolled = roll_up_counts(store)
        report = apply_retention(store, args.days, args.idle_minutes)
    finally:
        from bot.analytics.database import dispose_all

        dispose_all()
        store.engine.dispose()
    print(f"analytics: {rolled} days rolled up before deleting")
    print(f"retention: {report.conversations_deleted} conversations older than {args.days:g} days deleted "
          f"({report.events_deleted} events); {report.values_erased} personal values erased "
          f"from conversations idle for {args.idle_minutes:g} minutes")
    return 0
