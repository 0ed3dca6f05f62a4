"""Alembic environment: used by the app at start (shared connection) and by the alembic CLI."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from municipal_api.all_models import metadata

config = context.config


def _configure_and_run(connection) -> None:
    # SQLite cannot ALTER most things in place: batch mode rebuilds tables when needed.
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    shared = config.attributes.get("connection")
    if shared is not None:  # programmatic upgrade from the app lifespan
        _configure_and_run(shared)
        return
    if not config.get_main_option("sqlalchemy.url"):
        from municipal_api.core.settings import load_settings

        config.set_main_option("sqlalchemy.url", load_settings().database_url)
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        _configure_and_run(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
