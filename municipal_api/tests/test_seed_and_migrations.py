"""Migrations run at start and match the models; the seed is idempotent."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from municipal_api.all_models import metadata
from municipal_api.core.migrations import alembic_config
from municipal_api.core.seed import load_seed
from municipal_api.main import prepare_database

from conftest import SEED_DIR

SEEDED_TABLES = ("places", "partners", "activities", "practitioners", "document_checklists", "reference_data")


def snapshot(engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(select(metadata.tables[name])).all()), key=repr)
                for name in SEEDED_TABLES}


def test_database_is_at_the_latest_migration(api):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with api.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
        # The migration scripts create exactly what the models describe.
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    indexes = {ix["name"]: ix for ix in inspect(api.engine).get_indexes("appointments")}
    assert indexes["uq_appointments_booked_slot"]["unique"]


def test_seed_twice_changes_nothing(api):
    before = snapshot(api.engine)
    assert len(before["places"]) == 6 and len(before["practitioners"]) == 12 and len(before["partners"]) == 9
    with api.app.state.session_factory() as session:
        load_seed(session, SEED_DIR)
        load_seed(session, SEED_DIR)
    assert snapshot(api.engine) == before


def test_restart_migrates_and_seeds_again_without_change(api):
    before = snapshot(api.engine)
    prepare_database(api.app)  # what the lifespan does at every start
    assert snapshot(api.engine) == before


def test_seed_keeps_bookings(api):
    response = api.post("/v1/health/appointments", headers=api.auth, json={
        "slot_id": "gp-martin.20261203T0900", "patient_name": "A", "phone": "0612345678", "idempotency_key": "s"})
    assert response.status_code == 201
    prepare_database(api.app)
    assert api.scalar("SELECT count(*) FROM appointments") == 1
