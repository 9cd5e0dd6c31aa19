"""RFC 9457 problem details for every 4xx/5xx of every service.

A route raises `Problem` (or lets FastAPI's validation fail); the handlers here turn
it into `application/problem+json` that names what was wrong and what to do.
No stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://lichtruc.vn/problems/"

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
    return JSONResponse(problem.body(instance), status_code=problem.status, media_type=PROBLEM_JSON,
                        headers=problem.headers)


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
                400, "malformed-json", "Malformed JSON",
                f"The request body is not valid JSON (error near character {where}): send a JSON object.",
                detail_vi=f"Nội dung yêu cầu không phải JSON hợp lệ (lỗi gần ký tự {where}).",
            )
            return problem_response(problem, request)
        fields = ", ".join(e["field"] for e in errors[:5])
        problem = Problem(
            422, "validation", "Invalid request",
            f"The request does not match the schema ({fields}): correct the listed fields and retry.",
            detail_vi=f"Yêu cầu không hợp lệ ({fields}): hãy sửa các trường được liệt kê rồi gửi lại.",
            errors=errors,
        )
        return problem_response(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title = _STATUS_TITLES.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}: check the address against /docs."
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}: see /docs for the allowed methods."
        return problem_response(Problem(exc.status_code, slug, title, detail,
                                        headers=getattr(exc, "headers", None)), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        problem = Problem(500, "internal", "Internal error",
                          "The server failed to handle this request; nothing was changed. Retry later; "
                          "if it persists, report the time of the request to the administrator.",
                          detail_vi="Máy chủ gặp lỗi, chưa có gì bị thay đổi. Hãy thử lại sau.")
        return problem_response(problem, request)
