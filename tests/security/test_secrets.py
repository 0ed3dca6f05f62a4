"""Secrets come from the environment only: none is written in the repository, `.env` is
git-ignored, and the configuration files name variables, never values."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from bot.cli.stack import ROOT

# Shapes of real credentials of the services the assistant uses or might.
PROVIDER_PATTERNS = {
    "Twilio account SID": r"\bAC[0-9a-f]{32}\b",
    "Twilio API key": r"\bSK[0-9a-f]{32}\b",
    "Meta access token": r"\bEAA[A-Za-z0-9]{30,}",
    "AWS key": r"\bAKIA[0-9A-Z]{16}\b",
    "private key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{30,}",
    "Slack token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
}
# A secret-looking name given a literal value, outside the tests (which make theirs up).
ASSIGNMENT = re.compile(r"(?i)(secret|token|password|passwd|api_key|auth_key)\w*[\"']?\s*[:=]\s*[\"']"
                        r"([A-Za-z0-9_\-+/=.]{16,})[\"']")
NOT_SCANNED = ("uv.lock", "package-lock.json")
SECRET_KEYS = re.compile(r"(?i)(token|secret|password|sid|key)")


def tracked_files() -> List[Path]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in names.decode().split("\0") if name and not name.endswith(NOT_SCANNED)]


def texts() -> Iterator[Tuple[str, str]]:
    for path in tracked_files():
        try:
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue


def test_no_provider_credential_in_the_repository() -> None:
    found = [(name, kind) for name, text in texts() for kind, pattern in PROVIDER_PATTERNS.items()
             if re.search(pattern, text)]
    assert found == []


def test_no_literal_secret_outside_the_tests() -> None:
    found = [(name, match.group(0)[:40]) for name, text in texts()
             if not name.startswith(("tests/", "municipal_api/tests/"))
             for match in ASSIGNMENT.finditer(text)
             if not re.fullmatch(r"[A-Z][A-Z0-9_]*", match.group(2))]   # the name of a variable
    assert found == []


def test_the_env_file_is_ignored_and_not_tracked() -> None:
    assert subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0
    assert ".env" not in {str(p.relative_to(ROOT)) for p in tracked_files()}


@pytest.mark.parametrize("config", ["credentials.yml", "endpoints.yml"])
def test_configuration_names_variables_never_values(config: str) -> None:
    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, str) and SECRET_KEYS.search(path.rsplit(".", 1)[-1]):
            yield path, node

    document = yaml.safe_load((ROOT / config).read_text(encoding="utf-8")) or {}
    literal = [(path, value) for path, value in walk(document) if not re.fullmatch(r"\$\{\w+\}", value.strip())]
    assert literal == []
