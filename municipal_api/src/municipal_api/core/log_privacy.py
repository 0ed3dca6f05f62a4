"""Keep personal data out of logs: access-log lines lose their query string (phones travel there)."""

import logging


class DropQueryString(logging.Filter):
    """uvicorn.access records carry (client, method, path, http_version, status); cut the path at '?'."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            if isinstance(path, str):
                record.args = (client, method, path.split("?", 1)[0], version, status)
        return True


def install_log_privacy() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, DropQueryString) for existing in access.filters):
        access.addFilter(DropQueryString())


def install_app_logging() -> None:
    """Our own INFO messages (seed loaded, token generated) on stderr when nobody configured logging."""
    app_logger = logging.getLogger("municipal_api")
    if app_logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
    app_logger.addHandler(handler)
    app_logger.setLevel(logging.INFO)
