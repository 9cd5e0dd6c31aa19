"""Domain errors as RFC 9457 problems: each kind has its status, the first error gives the
type and the detail, and every error is listed with its field and rule."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from lichtruc.paging import BadCursor
from lichtruc.problems import PROBLEM_JSON, Problem

from ..domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    NotSignedIn,
    PreconditionRequired,
    StaleVersion,
    TooLarge,
    TooManyAttempts,
)
from ..domain.imports import ImportRejected
from .views import import_report_out

# Members of every problem document; a domain error's context never overrides them.
_RESERVED = {"type", "title", "status", "detail", "detail_vi", "instance", "errors", "headers"}


def to_problem(exc: DomainError) -> Problem:
    first = exc.first
    errors = [e.as_dict() for e in exc.errors]
    if isinstance(exc, StaleVersion):
        return Problem(
            412,
            "stale-version",
            "Precondition failed",
            first.message,
            detail_vi=first.message_vi,
            headers={"ETag": f'"{exc.current}"'},
            current_version=exc.current,
            errors=errors,
        )
    if isinstance(exc, PreconditionRequired):
        return Problem(
            428,
            "if-match-required",
            "Precondition required",
            first.message,
            detail_vi=first.message_vi,
            headers={"ETag": f'"{exc.current}"'},
            current_version=exc.current,
            errors=errors,
        )
    if isinstance(exc, NotFound):
        slug = exc.what.replace(" ", "-")
        return Problem(
            404, f"{slug}-not-found", f"{exc.what.capitalize()} not found", first.message, detail_vi=first.message_vi
        )
    if isinstance(exc, NotSignedIn):
        return Problem(
            401,
            first.rule,
            "Not signed in",
            first.message,
            detail_vi=first.message_vi,
            headers={"WWW-Authenticate": 'Bearer realm="lichtruc"'},
        )
    if isinstance(exc, TooManyAttempts):
        return Problem(
            429,
            first.rule,
            "Too many requests",
            first.message,
            detail_vi=first.message_vi,
            headers={"Retry-After": str(exc.retry_after)},
            retry_after=exc.retry_after,
        )
    if isinstance(exc, TooLarge):
        return Problem(
            413,
            "event-too-large",
            "Content too large",
            first.message,
            detail_vi=first.message_vi,
            errors=errors,
            size_bytes=exc.size,
            limit_bytes=exc.limit,
        )
    if isinstance(exc, Conflict):
        context = {k: v for k, v in exc.context.items() if k not in _RESERVED}
        return Problem(409, first.rule, "Conflict", first.message, detail_vi=first.message_vi, errors=errors, **context)
    # An import's report as its answer would show it (jsonable_encoder makes it JSON below).
    extensions = {"report": import_report_out(exc.report).model_dump()} if isinstance(exc, ImportRejected) else {}
    return Problem(
        422, first.rule, "Rule broken", first.message, detail_vi=first.message_vi, errors=errors, **extensions
    )


def bad_cursor(exc: BadCursor) -> Problem:
    """A list's ``cursor`` that the list did not hand out: 422, saying to start again."""
    error = {"field": "cursor", "rule": "bad-cursor", "message": str(exc), "message_vi": exc.detail_vi}
    return Problem(422, "bad-cursor", "Bad cursor", str(exc), detail_vi=exc.detail_vi, errors=[error])


def install(app: FastAPI) -> None:
    """Answer every DomainError a handler raises (and a list's bad cursor) with its problem document."""

    @app.exception_handler(BadCursor)
    async def _bad_cursor(request: Request, exc: BadCursor) -> JSONResponse:
        problem = bad_cursor(exc)
        return JSONResponse(
            problem.body(request.url.path), status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
        )

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        problem = to_problem(exc)
        # jsonable_encoder: an import report carries datetimes and ids.
        return JSONResponse(
            jsonable_encoder(problem.body(request.url.path)),
            status_code=problem.status,
            media_type=PROBLEM_JSON,
            headers=problem.headers,
        )
