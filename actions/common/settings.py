"""Action server settings, from the environment (and the repo's .env written by `make`)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _read_env_file(path: Path) -> dict:
    values = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip().strip('"').strip("'")
    return values


@dataclass(frozen=True)
class Settings:
    api_url: str
    api_token: str
    timeout_seconds: float
    seed_dir: Path


def load_settings() -> Settings:
    file_values = _read_env_file(Path(os.environ.get("ASSISTANT_ENV_FILE", ROOT / ".env")))

    def get(name: str, default: str) -> str:
        return os.environ.get(name) or file_values.get(name) or default

    return Settings(
        api_url=get("MUNICIPAL_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        api_token=get("MUNICIPAL_API_TOKEN", ""),
        # The resident must hear back within 3 s even when the city is slow.
        timeout_seconds=float(get("MUNICIPAL_API_TIMEOUT", "2.0")),
        seed_dir=Path(get("CITY_DATA_DIR", str(ROOT / "municipal_api" / "seed" / "city-data"))),
    )
