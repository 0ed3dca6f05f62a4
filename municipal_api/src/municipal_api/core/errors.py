"""One error shape for every failure: {"error": {"code": "...", "message": "..."}}."""

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Codes for errors raised by the framework rather than by our services.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
}


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    message: str


class ErrorResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    error: ErrorBody


class ApiError(Exception):
    """A domain error with its HTTP status and stable snake_case code."""

    def __init__(self, status_code: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.headers = headers


def error_json(status_code: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message}}
    # Error messages are for developers and logs, always in English (clients act on the code).
    return JSONResponse(status_code=status_code, content=body, headers={"Content-Language": "en", **(headers or {})})


def responses(*status_codes: int) -> dict[int | str, dict]:
    """OpenAPI `responses=` entries documenting our error shape for these statuses (and 500, always)."""
    return {code: {"model": ErrorResponse, "description": HTTP_CODES.get(code, "error")}
            for code in sorted({*status_codes, 500})}


def _describe_validation(exc: RequestValidationError) -> str:
    # Locations and reasons only: the rejected input may hold a name or a phone number.
    parts = []
    for error in exc.errors()[:5]:
        location = ".".join(str(item) for item in error.get("loc", ()))
        parts.append(f"{location}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) or "The request is not valid."


async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    return error_json(exc.status_code, exc.code, exc.message, exc.headers)


async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ").capitalize()
    if exc.status_code == 404 and message == "Not Found":
        message = "No such route."
    return error_json(exc.status_code, code, message, getattr(exc, "headers", None))


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    return error_json(422, "validation_error", _describe_validation(exc))


def log_unhandled(method: str, path: str, exc: BaseException) -> None:
    """Type and stack frames only: messages can hold personal data (PostgreSQL's 'Failing row
    contains (...)', a value in a ValueError), and the path is logged without its query string."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("Unhandled %s on %s %s\n%s", type(exc).__name__, method, path, frames)


async def _unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    log_unhandled(request.method, request.url.path, exc)
    return error_json(500, "internal_error", "An internal error occurred.")


class CatchUnhandledErrors:
    """Answer 500 in our shape and stop the exception here, so the server does not log it whole."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log_unhandled(scope.get("method", ""), scope.get("path", ""), exc)
            if not started:  # too late for a clean answer otherwise; the client sees a cut response
                await error_json(500, "internal_error", "An internal error occurred.")(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unhandled_error)  # backstop for errors outside the middleware
    app.add_middleware(CatchUnhandledErrors)
