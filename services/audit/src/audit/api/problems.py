"""Audit's domain errors (and a cursor no list handed out) as RFC 9457 problems: the one
place where a kind of error gets its HTTP status."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from lichtruc.paging import BadCursor
from lichtruc.problems import Problem, problem_response

from ..domain.errors import AuditError, Conflict, Invalid, NotFound, TooLarge, Unavailable, Unsupported

STATUS: tuple[tuple[type[AuditError], int], ...] = (  # the first kind that matches: subclasses first
    (TooLarge, 413),
    (Unsupported, 415),
    (NotFound, 404),
    (Conflict, 409),
    (Invalid, 422),
    (Unavailable, 503),
)


def to_problem(exc: AuditError) -> Problem:
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 422)
    return Problem(status, exc.code, exc.title, exc.detail, detail_vi=exc.detail_vi, **exc.extensions)


def bad_cursor(exc: BadCursor) -> Problem:
    return Problem(
        422,
        "bad-cursor",
        "Invalid page cursor",
        str(exc),
        detail_vi=exc.detail_vi,
        errors=[{"field": "query.cursor", "rule": "cursor", "message": str(exc)}],
    )


def install(app: FastAPI) -> None:
    """Answer every AuditError and BadCursor a handler raises with its problem document."""

    @app.exception_handler(AuditError)
    async def _audit(request: Request, exc: AuditError) -> JSONResponse:
        return problem_response(to_problem(exc), request)

    @app.exception_handler(BadCursor)
    async def _cursor(request: Request, exc: BadCursor) -> JSONResponse:
        return problem_response(bad_cursor(exc), request)
