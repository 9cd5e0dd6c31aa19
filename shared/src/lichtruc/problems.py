"""RFC 9457 problem details for every 4xx/5xx of every service.

A route raises `Problem` (or lets FastAPI's validation fail); the handlers here turn
it into `application/problem+json` that names what was wrong and what to do.
No stack trace ever reaches a client.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .failures import database_unreachable
from .words import field_name

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://lichtruc.vn/problems/"
RETRY_AFTER_SECONDS = 1
"""What a 503 for a passing condition (database blip, too many requests in flight) asks clients to wait."""

log = logging.getLogger(__name__)


class Problem(Exception):
    """An error a client can act on. `type_` is a short slug, e.g. "double-booking"."""

    def __init__(
        self,
        status: int,
        type_: str,
        title: str,
        detail: str,
        *,
        detail_vi: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.type_ = type_
        self.title = title
        self.detail = detail
        self.detail_vi = detail_vi
        self.headers = headers
        self.extensions = extensions

    def body(self, instance: str | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": TYPE_BASE + self.type_,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.detail_vi:
            doc["detail_vi"] = self.detail_vi
        if instance:
            doc["instance"] = instance
        doc.update(self.extensions)
        return doc


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(instance), status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
    )


_STATUS_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    412: ("precondition-failed", "Precondition failed"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("too-many-requests", "Too many requests"),
}


# The one schema of every error body, as the OpenAPI documents describe it (`document_problems`).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document: `type` names the kind of error, `detail` says what to do "
    "(in English; `detail_vi` in Vietnamese). Some kinds add members, e.g. `errors` (the "
    "broken fields and rules), `current_version`, `report`.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "examples": [TYPE_BASE + "validation"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "detail_vi": {"type": "string"},
        "instance": {"type": "string", "description": "the path the request was sent to"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "rule": {"type": ["string", "null"]},
                    "message": {"type": ["string", "null"]},
                },
            },
        },
    },
    "additionalProperties": True,
}
# Any route may answer these (no or a bad token, another role or scope, malformed or too large a
# body, a wrong content type, throttling, an unexpected error): documented once, as ranges.
_ANY_ROUTE = {
    "4XX": "A problem (RFC 9457), e.g. 400 malformed JSON, 401 no or an invalid access token, 403 not allowed "
    "for the caller's role or scope, 404 not found, 413 body too large, 415 unsupported media type, "
    "422 invalid request, 429 too many requests; `type` names the kind.",
    "5XX": "A problem (RFC 9457): 500 the server failed (nothing was changed); 503 with `Retry-After` the "
    "database is briefly unreachable or too many requests are in flight (retry after that many seconds).",
}
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def document_problems(openapi: dict[str, Any]) -> dict[str, Any]:
    """Say in an app's OpenAPI document, once for every operation, that its errors are problem
    documents: FastAPI documents its own validation body (which our handlers replace) and the
    routes only describe their specific error codes, so clients and Schemathesis would
    otherwise expect other bodies than the ones they get."""
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = _problem_content()
            for code, description in _ANY_ROUTE.items():
                responses.setdefault(code, {"description": description, "content": _problem_content()})
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        if f'"#/components/schemas/{name}"' not in json.dumps(openapi):
            schemas.pop(name, None)
    return openapi


# SQLSTATEs of text PostgreSQL cannot store, which only a request can have brought: a NUL
# character in a text column (22021) or `\u0000` in a jsonb document (22P05).
_UNSTORABLE_TEXT = {"22021", "22P05"}


def database_unavailable_problem() -> Problem:
    """The 503 for a database that is briefly unreachable: nothing was changed, retry shortly."""
    return Problem(
        503,
        "database-unavailable",
        "Database unavailable",
        "The database could not be reached (restarting or failing over); nothing was changed. "
        f"Retry in {RETRY_AFTER_SECONDS} s; if it lasts, see /readyz.",
        detail_vi="Tạm thời không kết nối được cơ sở dữ liệu (đang khởi động lại); chưa có gì thay "
        f"đổi. Hãy thử lại sau {RETRY_AFTER_SECONDS} giây.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        out.append({"field": ".".join(loc), "rule": err.get("type"), "message": err.get("msg")})
    return out


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of `app` an RFC 9457 document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        if any(e["rule"] == "json_invalid" for e in errors):
            where = next(e for e in errors if e["rule"] == "json_invalid")["field"].removeprefix("body.")
            problem = Problem(
                400,
                "malformed-json",
                "Malformed JSON",
                f"The request body is not valid JSON (error near character {where}): send a JSON object.",
                detail_vi=f"Nội dung yêu cầu không phải JSON hợp lệ (lỗi gần ký tự {where}).",
            )
            return problem_response(problem, request)
        fields = ", ".join(e["field"] for e in errors[:5])
        # In Vietnamese the fields by their names ("Họ và tên"), not their keys; the keys stay in `errors`.
        fields_vi = ", ".join(dict.fromkeys(field_name(e["field"]) for e in errors[:5]))
        problem = Problem(
            422,
            "validation",
            "Invalid request",
            f"The request does not match the schema ({fields}): correct the listed fields and retry.",
            detail_vi=f"Yêu cầu không hợp lệ ({fields_vi}): hãy sửa các trường được liệt kê rồi gửi lại.",
            errors=errors,
        )
        return problem_response(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title = _STATUS_TITLES.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}: check the address against /openapi.json."
        if exc.status_code == 405:
            detail = (
                f"{request.method} is not allowed on {request.url.path}: see /openapi.json for the allowed methods."
            )
        return problem_response(
            Problem(exc.status_code, slug, title, detail, headers=getattr(exc, "headers", None)), request
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if database_unreachable(exc):
            log.warning("database unavailable on %s %s (answered 503): %r", request.method, request.url.path, exc)
            return problem_response(database_unavailable_problem(), request)
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        problem = Problem(
            500,
            "internal",
            "Internal error",
            "The server failed to handle this request; nothing was changed. Retry later; "
            "if it persists, report the time of the request to the administrator.",
            detail_vi="Máy chủ gặp lỗi, chưa có gì bị thay đổi. Hãy thử lại sau.",
        )
        return problem_response(problem, request)

    # Registered for their classes (not only through the catch-all above) so that they are answered
    # inside the app like any handled error, instead of being re-raised to the server as well.
    @app.exception_handler(PoolTimeoutError)
    @app.exception_handler(OSError)
    async def _unreachable(request: Request, exc: Exception) -> JSONResponse:
        return await _unexpected(request, exc)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if getattr(exc.orig, "sqlstate", None) not in _UNSTORABLE_TEXT:
            return await _unexpected(request, exc)
        log.warning("refused text PostgreSQL cannot store on %s %s: %s", request.method, request.url.path, exc.orig)
        problem = Problem(
            422,
            "unstorable-text",
            "Invalid text",
            "The request contains a NUL character (\\u0000), which cannot be stored: remove it "
            "and retry; nothing was changed.",
            detail_vi="Yêu cầu chứa ký tự NUL (\\u0000), không thể lưu: hãy xoá ký tự này rồi gửi lại.",
        )
        return problem_response(problem, request)
