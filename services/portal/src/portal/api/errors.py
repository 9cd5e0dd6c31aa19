"""Errors turned into pages once, at the edge: no session → the sign-in page (and back
afterwards); an expired one → the same, saying so; an item the services do not show this
person → the portal's "not found" page, exactly as for a missing one; a service down → a page
that names it and says to try again; a refused CSRF token → 403 with nothing done."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from lichtruc.problems import RETRY_AFTER_SECONDS

from ..clients.services import ServiceError, ServiceUnavailable, SessionExpired
from .deps import CsrfRefused, NotSignedIn, PageNotFound, here, lang_of, login_url

log = logging.getLogger(__name__)


def _redirect(request: Request, url: str) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def _page(
    request: Request, template: str, status: int, values: dict | None = None, *, retry_after: str | None = None
) -> Response:
    state = request.app.state.portal
    from .deps import load_session

    load_session(request, state)
    response = state.pages.render(request, template, values or {}, lang=lang_of(request), status=status)
    if retry_after is not None:
        response.headers["Retry-After"] = retry_after
    return response


def _retry_after(exc: ServiceError) -> str | None:
    """A service's 503 says when to try again; the page passes it on (a browser or proxy may use it)."""
    if exc.status != 503:
        return None
    for name, value in exc.headers.items():
        if name.lower() == "retry-after" and value.strip().isdigit():
            return value.strip()
    return str(RETRY_AFTER_SECONDS)


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        response = _redirect(request, login_url(exc.next_path, expired=exc.expired))
        if exc.expired:
            request.app.state.portal.jar.clear_session(request, response)
        return response

    @app.exception_handler(SessionExpired)
    async def expired(request: Request, exc: SessionExpired) -> Response:
        response = _redirect(request, login_url(here(request) if request.method == "GET" else "/", expired=True))
        request.app.state.portal.jar.clear_session(request, response)
        return response

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, exc: CsrfRefused) -> Response:
        return _page(request, "errors/csrf.html", 403)

    @app.exception_handler(PageNotFound)
    async def missing(request: Request, exc: PageNotFound) -> Response:
        return _page(request, "errors/not_found.html", 404)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        # Someone else's item answers like a missing one in every service; the portal does the same.
        if exc.status in (403, 404):
            return _page(request, "errors/not_found.html", 404)
        log.info("unhandled %s", exc)
        return _page(
            request,
            "errors/service.html",
            exc.status if 400 <= exc.status < 600 else 502,
            {"detail": exc.detail(lang_of(request)), "service": exc.service},
            retry_after=_retry_after(exc),
        )

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        log.warning("%s", exc)
        return _page(
            request, "errors/unavailable.html", 503, {"service": exc.service}, retry_after=str(RETRY_AFTER_SECONDS)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _page(request, "errors/not_found.html", 404)
        return _page(request, "errors/service.html", exc.status_code, {"detail": str(exc.detail), "service": "portal"})
