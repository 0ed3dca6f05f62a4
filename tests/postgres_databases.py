"""A throwaway database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth;
TEST_POSTGRES_ADMIN_URL to change), for tests that need the real thing: created, handed
over as a URL, dropped after. The tests that use it are skipped when PostgreSQL does not
answer."""
from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
import sqlalchemy as sa

ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def reachable_or_skip(engine: sa.engine.Engine) -> None:
    """Skips the calling test or fixture when this PostgreSQL does not answer."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
    except Exception as error:  # no local PostgreSQL: these cases are skipped
        pytest.skip(f"PostgreSQL not reachable at {engine.url}: {error}")


def throwaway_database(prefix: str) -> Iterator[str]:
    """For a fixture: `yield from throwaway_database("privacy_test")`."""
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    reachable_or_skip(admin)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                               {"name": name})
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
