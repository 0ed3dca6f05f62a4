"""The production profile's settings: refused secrets, where values come from, and the
prod endpoints file kept in step with the development one."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli.prod import PROD_ENDPOINTS, SECRETS, prod_environment, settings_problems
from bot.cli.stack import ROOT

EXAMPLE = ROOT / "deploy" / "prod.env.example"


def good_settings() -> dict:
    values = {name: secrets.token_urlsafe(32) for name in SECRETS}
    values.update(TRACKER_DB_URL="postgresql://postgres@127.0.0.1:5432/t",
                  MUNICIPAL_API_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/m",
                  REDIS_HOST="127.0.0.1")
    return values


def test_random_secrets_and_postgresql_pass():
    assert settings_problems(good_settings()) == []


@pytest.mark.parametrize("value, problem", [
    ("", "is not set"),
    ("   ", "is not set"),
    ("too-short-for-a-secret", "shorter than 32"),
    ("change-me-change-me-change-me-change-me", "placeholder"),
    ("my-super-secret-value-for-the-city-2026", "placeholder"),
    ("a" * 40, "placeholder"),
])
@pytest.mark.parametrize("name", SECRETS)
def test_a_missing_short_or_placeholder_secret_is_refused(name, value, problem):
    settings = good_settings()
    settings[name] = value
    problems = settings_problems(settings)
    assert len(problems) == 1 and name in problems[0] and problem in problems[0]


def test_the_rasa_api_secret_may_be_left_empty_but_not_weak_or_shared():
    settings = good_settings()
    settings["RASA_JWT_SECRET"] = ""
    assert settings_problems(settings) == []          # generated at each start
    settings["RASA_JWT_SECRET"] = "change-me-change-me-change-me-change-me"
    assert settings_problems(settings) == ["RASA_JWT_SECRET looks like a placeholder, not a random secret"]
    settings["RASA_JWT_SECRET"] = settings["REST_TOKEN_SECRET"]
    assert any("different" in problem for problem in settings_problems(settings))


def test_the_same_secret_twice_is_refused():
    settings = good_settings()
    settings["REST_TOKEN_SECRET"] = settings["MUNICIPAL_API_TOKEN"]
    assert any("different" in problem for problem in settings_problems(settings))


def test_sqlite_is_not_a_production_database():
    settings = good_settings()
    settings["TRACKER_DB_URL"] = "sqlite:///var/tracker.db"
    assert settings_problems(settings) == ["TRACKER_DB_URL must be a PostgreSQL URL (postgresql://...)"]


def test_the_example_env_file_has_no_secret_and_is_refused_as_is():
    example = prod_environment(EXAMPLE, environ={})
    for name in SECRETS:
        assert example[name] == ""
    problems = settings_problems(example)
    assert sorted(p.split()[0] for p in problems) == sorted(SECRETS)


def test_the_environment_wins_over_the_env_file_but_not_when_empty(tmp_path: Path):
    env_file = tmp_path / "prod.env"
    env_file.write_text("REDIS_HOST=redis-from-file\nREDIS_DB=3\n", encoding="utf-8")
    values = prod_environment(env_file, environ={"REDIS_HOST": "redis-from-env", "REDIS_DB": ""})
    assert values["REDIS_HOST"] == "redis-from-env" and values["REDIS_DB"] == "3"
    assert values["REDIS_PORT"] == "6379"                      # a default


def test_run_prod_refuses_to_start_without_secrets(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--profile", "prod",
                           "--env-file", str(EXAMPLE)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    for name in SECRETS:
        assert f"{name} is not set" in done.stderr
    assert "training" not in done.stdout                      # refused before any model work


def test_prod_endpoints_differ_from_development_only_in_the_stores():
    development = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    production = yaml.safe_load(PROD_ENDPOINTS.read_text(encoding="utf-8"))
    stores = {"tracker_store", "lock_store"}
    assert {k: v for k, v in development.items() if k not in stores} == \
        {k: v for k, v in production.items() if k not in stores}
    assert production["tracker_store"]["type"] == development["tracker_store"]["type"]
    assert production["lock_store"]["type"] == "bot.lock_store.AtomicRedisLockStore"
