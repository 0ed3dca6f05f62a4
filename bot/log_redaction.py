"""Logs without personal data: phone numbers and e-mails are blanked in every log record.

Installed as the logging record factory, so every record of the process is redacted when
it is created, whichever logger, handler or library (Rasa's structlog ends in the standard
logging too) produced it, and whatever handlers are added later. Installed by
bot.tracker_store (imported by Rasa at start) and by the actions package.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from bot.redaction import redact_text

_installed = False


class RedactionFilter(logging.Filter):
    """The same redaction as a filter, for handlers that must not rely on the factory."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    if getattr(record, "_redacted", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a record whose arguments do not fit its format: keep what we can
        message = str(record.msg)
    record.msg, record.args = redact_text(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact_text("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    record._redacted = True  # type: ignore[attr-defined]
    return record


def install() -> None:
    """Redacts every log record created in this process from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
