"""Settings read from MUNICIPAL_API_* environment variables (and the shared env file)."""

import logging
import os
import re
import secrets
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger(__name__)

# src/municipal_api/core/settings.py -> project root is three levels up from core/.
PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SEED_DIR = PROJECT_ROOT / "seed"
MIN_TOKEN_LENGTH = 32
# Values people leave in templates; production must never run with them.
WEAK_TOKENS = {"", "changeme", "change-me", "change_me", "secret", "token", "default", "dev",
               "development", "test", "password", "municipal", "municipal-api"}


class Environment(StrEnum):
    development = "development"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MUNICIPAL_API_", extra="ignore")

    env: Environment = Environment.development
    database_url: str = "sqlite:///./var/municipal.db"
    token: SecretStr | None = None
    env_file: Path = Path(".env")
    now: datetime | None = Field(default=None, description="Freezes the clock (ISO datetime, Paris time if naive).")
    seed_dir: Path = DEFAULT_SEED_DIR
    run_migrations: bool = True


class InsecureSettingsError(RuntimeError):
    """Raised when the production profile is asked to start with a weak secret."""


def load_settings(**overrides) -> Settings:
    """Environment first, then the env file named by MUNICIPAL_API_ENV_FILE (default ./.env)."""
    env_file = overrides.get("env_file") or os.environ.get("MUNICIPAL_API_ENV_FILE", ".env")
    return Settings(_env_file=env_file, _env_file_encoding="utf-8", **overrides)


def ensure_token(settings: Settings) -> str:
    """Return the service token; refuse weak ones in production, generate one in development."""
    token = settings.token.get_secret_value().strip() if settings.token else ""
    if settings.env is Environment.production:
        if token.lower() in WEAK_TOKENS or len(token) < MIN_TOKEN_LENGTH:
            raise InsecureSettingsError(
                f"MUNICIPAL_API_TOKEN must be set to a random secret of at least {MIN_TOKEN_LENGTH} "
                "characters in production (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return token
    if token:
        return token
    token = secrets.token_urlsafe(32)
    write_env_value(settings.env_file, "MUNICIPAL_API_TOKEN", token)
    settings.token = SecretStr(token)
    # The path only: the token itself never goes to the logs.
    logger.warning("No MUNICIPAL_API_TOKEN set: generated a development token into %s", settings.env_file)
    return token


def write_env_value(path: Path, name: str, value: str) -> None:
    """Set NAME=value in a dotenv file, replacing an existing line and keeping the others."""
    path = Path(path)
    created = not path.exists()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    pattern = re.compile(rf"^\s*(export\s+)?{re.escape(name)}\s*=")
    kept = [line for line in lines if not pattern.match(line)]
    kept.append(f"{name}={value}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    if created:  # a file we create holds a secret: owner-only
        path.chmod(0o600)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
