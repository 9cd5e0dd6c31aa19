"""Notifier's domain errors as RFC 9457 problems, translated once, here at the edge: each kind
has its status, the error's rule is the problem type, both languages go into the document."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.responses import Response

from lichtruc.paging import BadCursor
from lichtruc.problems import PROBLEM_JSON, Problem

from ..domain import links
from ..domain.errors import FeedNotFound, FeedRevoked, InvalidInput, NotFound, NotifierError
from ..domain.feed_gone import feed_gone_page


def field_errors(exc: InvalidInput) -> list[dict[str, Any]]:
    """A refused input as the `errors` of its problem: the field, the rule it broke, both languages' words."""
    return [
        {
            "field": exc.field,
            "rule": getattr(exc, "check", exc.rule),
            "message": getattr(exc, "message", exc.detail_en),
            "message_vi": getattr(exc, "message_vi", exc.detail_vi),
        }
    ]


def to_problem(exc: NotifierError) -> Problem:
    if isinstance(exc, NotFound):
        return Problem(404, exc.rule, f"{exc.what.capitalize()} not found", exc.detail_en, detail_vi=exc.detail_vi)
    if isinstance(exc, FeedRevoked):
        return Problem(409, exc.rule, "Feed revoked", exc.detail_en, detail_vi=exc.detail_vi)
    if isinstance(exc, InvalidInput):
        title = getattr(exc, "title", "Rule broken")
        return Problem(422, exc.rule, title, exc.detail_en, detail_vi=exc.detail_vi, errors=field_errors(exc))
    return Problem(422, exc.rule, "Rule broken", exc.detail_en, detail_vi=exc.detail_vi)


def bad_cursor(exc: BadCursor) -> Problem:
    """A cursor this list did not hand out: 422, in both languages, saying how to start over."""
    return Problem(
        422,
        "bad-cursor",
        "Invalid cursor",
        str(exc),
        detail_vi=exc.detail_vi,
        errors=[{"field": "query.cursor", "rule": "cursor", "message": str(exc)}],
    )


def _weights(accept: str) -> dict[str, float]:
    """An Accept header's media ranges and their q-values (RFC 9110 12.5.1); a q that is no number counts as 0."""
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            weights[media.lower()] = max(q, weights.get(media.lower(), 0.0))
    return weights


def wants_page(accept: str | None) -> bool:
    """A browser, not a calendar program: text/html named and preferred to text/calendar. A calendar program sends
    text/calendar or */* (or nothing) and gets the problem document it can log."""
    weights = _weights(accept or "")
    html = weights.get("text/html", 0.0)
    return html > 0 and html >= weights.get("text/calendar", 0.0)


def install(app: FastAPI) -> None:
    """Answer every NotifierError and BadCursor a route lets through with its problem document."""

    def respond(request: Request, problem: Problem) -> JSONResponse:
        return JSONResponse(
            jsonable_encoder(problem.body(request.url.path)),
            status_code=problem.status,
            media_type=PROBLEM_JSON,
            headers=problem.headers,
        )

    @app.exception_handler(NotifierError)
    async def _domain(request: Request, exc: NotifierError) -> Response:
        if isinstance(exc, FeedNotFound) and wants_page(request.headers.get("accept")):
            # a person who opened an old calendar link in a browser: words and the way to a new link, still a 404
            page = links.my_calendar(request.app.state.ctx.settings.portal_url)
            return HTMLResponse(feed_gone_page(exc, calendar_page=page), status_code=404)
        return respond(request, to_problem(exc))

    @app.exception_handler(BadCursor)
    async def _cursor(request: Request, exc: BadCursor) -> JSONResponse:
        return respond(request, bad_cursor(exc))
