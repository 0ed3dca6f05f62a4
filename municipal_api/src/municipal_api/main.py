"""Application factory: `uvicorn municipal_api.main:create_app --factory`."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from municipal_api import __version__
from municipal_api.api import api_router
from municipal_api.core.clock import Clock, FrozenClock
from municipal_api.core.db import create_db_engine, make_session_factory
from municipal_api.core.errors import install_error_handlers
from municipal_api.core.i18n import load_catalogues
from municipal_api.core.log_privacy import install_app_logging, install_log_privacy
from municipal_api.core.migrations import upgrade_to_head
from municipal_api.core.seed import load_seed
from municipal_api.core.settings import Settings, ensure_token, load_settings

logger = logging.getLogger(__name__)

DESCRIPTION = """The city's systems behind the Levallois assistant: places and opening hours, partner
permanences, documents to bring, social tariffs and quotient familial, domiciliation requests and
Maison de Santé bookings. Times are Europe/Paris. Every error is `{"error": {"code", "message"}}`.
Writes and personal reads need `Authorization: Bearer <MUNICIPAL_API_TOKEN>`.

Languages: the city's texts come in the language of `Accept-Language` (e.g. `fr`), or of the `lang`
query parameter, which wins over it, when the city has translated them, and in the data pack's English
otherwise. `Content-Language` names the language of the answer. Ids, codes, names, addresses and phone
numbers are never translated; error messages are in English."""


def prepare_database(app: FastAPI) -> None:
    """Migrate to the latest schema, then load the seed (both idempotent)."""
    settings: Settings = app.state.settings
    if settings.run_migrations:
        upgrade_to_head(app.state.engine)
    with app.state.session_factory() as session:
        load_seed(session, settings.seed_dir)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(prepare_database, app)
    yield
    app.state.engine.dispose()


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    install_app_logging()
    settings = settings or load_settings()
    token = ensure_token(settings)  # production refuses to start here with a weak secret
    app = FastAPI(title="Levallois Municipal API", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    engine = create_db_engine(settings.database_url)
    app.state.settings = settings
    app.state.token = token
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = clock or (FrozenClock(settings.now) if settings.now else Clock())
    app.state.translations = load_catalogues(settings.seed_dir / "translations")  # read once, like the seed
    install_error_handlers(app)
    install_log_privacy()
    app.include_router(api_router)
    return app


def __getattr__(name: str) -> FastAPI:
    """`uvicorn municipal_api.main:app` works too; the app is built on first access, not at import."""
    if name == "app":
        app = create_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)
