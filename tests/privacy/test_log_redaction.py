"""Logs without phone numbers or e-mails, in the Rasa and action server processes."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
import yaml

from bot import log_redaction
from bot.cli.stack import ROOT
from bot.redaction import privacy_rules, redact_text

PHONE, EMAIL = "06 12 34 56 78", "marie.dupont@example.fr"


@pytest.mark.parametrize("text, expected", [
    (f"rappelez le {PHONE}", "rappelez le [phone]"),
    ("mon numéro : +33612345678.", "mon numéro : [phone]."),
    ("whatsapp +44 7911 123456", "whatsapp [phone]"),
    (f"écrire à {EMAIL} svp", "écrire à [email] svp"),
    # Not phone numbers: a reference, a date, a price, a slot id.
    ("DOM-2026-000001 le 3 décembre à 9 h 30 pour 1 200 €", "DOM-2026-000001 le 3 décembre à 9 h 30 pour 1 200 €"),
    ("dent-haddad.20261203T0930", "dent-haddad.20261203T0930"),
])
def test_patterns(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_known_values_are_blanked_anywhere() -> None:
    assert redact_text("Rendez-vous pour Marie Dupont", ["Marie Dupont"]) == "Rendez-vous pour [redacted]"


def test_every_record_of_the_process_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    log_redaction.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("rasa.core.processor").info("Received user message '%s'", f"mon numéro {PHONE}")
        try:
            raise ValueError(f"bad answer {EMAIL}")
        except ValueError:
            logging.getLogger("actions").exception("failed for %s", PHONE)
    text = caplog.text
    assert PHONE not in text and EMAIL not in text
    assert "mon numéro [phone]" in text and "bad answer [email]" in text


@pytest.mark.parametrize("module", ["actions", "bot.tracker_store"])
def test_the_action_server_and_rasa_install_it_when_they_load_our_code(module: str) -> None:
    """rasa_sdk imports the actions package; Rasa imports the tracker store from endpoints.yml."""
    code = (f"import logging, sys, {module}\n"
            "logging.basicConfig(stream=sys.stdout, level=logging.INFO)\n"
            f"logging.getLogger('x').warning('call %s', {PHONE!r})\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore"))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "call [phone]" in run.stdout and PHONE not in run.stdout


def test_the_privacy_rules_name_real_slots_and_entities() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    rules = privacy_rules()
    assert rules.identifying_slots <= rules.personal_slots <= set(domain["slots"])
    assert rules.personal_entities <= set(domain["entities"])
    # Every form answer that identifies a resident is in the list.
    answers = {"patient_name", "patient_phone", "cancel_code", "dom_phone", "dom_access_code", "annual_income"}
    assert answers <= rules.personal_slots
