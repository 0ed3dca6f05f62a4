"""Tracker stores on SQLite and on the local PostgreSQL (a database of our own, dropped after).

PostgreSQL: 127.0.0.1:5432, user postgres, trust auth (TEST_POSTGRES_ADMIN_URL to change);
its cases are skipped when no server answers there.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from rasa.shared.core.domain import Domain

from bot.cli.stack import ROOT
from bot.tracker_store import PrivacySQLTrackerStore
from tests.postgres_databases import throwaway_database



@pytest.fixture(scope="session")
def domain() -> Domain:
    """The assistant's real domain: its slots, forms and responses."""
    files = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
    return Domain.load([str(f) for f in files])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    yield from throwaway_database("privacy_test")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, domain: Domain) -> Iterator[PrivacySQLTrackerStore]:
    if request.param == "sqlite":
        created = PrivacySQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    else:
        created = PrivacySQLTrackerStore(domain=domain, host=request.getfixturevalue("postgres_url"))
    yield created
    created.engine.dispose()


def stored_rows(store: PrivacySQLTrackerStore) -> list:
    """Every stored row, as (sender_id column, data column)."""
    with store.session_scope() as session:
        return [(row.sender_id, row.data) for row in session.query(store.SQLEvent).order_by(store.SQLEvent.id)]
