"""`create_app(settings)`: the portal wired together — pooled clients for the three services
(made and closed in the lifespan), the sealed-cookie sessions, the CSRF guard on every
route, security headers, error pages, query strings in NFC, the catalogue and the static files."""

from __future__ import annotations

import contextlib
import functools
import tomllib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from lichtruc.problems import AnswerUnhandled
from lichtruc.vntime import local_day
from lichtruc.web import InFlightLimit

from .api.cookies import CookieJar
from .api.deps import csrf_guard
from .api.errors import install_error_pages, internal_error_page
from .api.overloaded import overload_page
from .api.pages import Pages
from .api.refusals import install_refusal_page, managed_enterprise, role_areas
from .api.routes import ROUTERS
from .api.security import SecurityHeaders
from .api.state import PortalState
from .api.text import LfForm, NfcQuery
from .clients.services import Services
from .domain.dates import VIETNAM
from .domain.i18n import LANGS, Catalogue
from .settings import PortalSettings

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
MESSAGES = HERE / "messages"


@functools.cache
def _pages() -> APIRouter:
    """Every page, behind the CSRF guard and the role areas, made once per process and mounted in each app.
    FastAPI analyses an included router's routes (their dependencies' signatures, a pydantic adapter for each
    parameter) for every app it is included in, on the app's first requests: up to 0.3 s of CPU a portal app,
    and the tests make some 320 apps. Mounted, the analysis is this router's, made once."""
    pages = APIRouter(dependencies=[Depends(csrf_guard), Depends(role_areas), Depends(managed_enterprise)])
    for router in ROUTERS:
        pages.include_router(router)
    return pages


@functools.cache
def load_catalogue() -> Catalogue:
    """messages/<lang>/<concept>.toml: one file per concept and language. Keys of common.toml are used as
    written ("nav.board"); those of another file are prefixed by its name ("board.title" from board.toml).
    Read once per process: the files are the installed package's, and the catalogue is frozen (each app the
    tests make read them again, about a tenth of a second each)."""
    tables: dict[str, dict[str, object]] = {}
    for lang in LANGS:
        tables[lang] = {}
        for path in sorted((MESSAGES / lang).glob("*.toml")):
            table = tomllib.loads(path.read_text("utf-8"))
            if path.stem == "common":
                tables[lang].update(table)
            else:
                tables[lang][path.stem] = table
    return Catalogue.from_tables(tables)


def create_app(
    settings: PortalSettings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    transport_for: Callable[[str], httpx.AsyncBaseTransport | None] | None = None,
) -> FastAPI:
    """The portal; `transport_for(service)` lets fast tests put the services in-process; `clock` replaces the
    settings' clock (the wall clock, or LICHTRUC_CLOCK_OFFSET's test clock, which every page then says)."""
    settings = settings or PortalSettings()
    now = clock or settings.clock()
    catalogue = load_catalogue()
    urls = {"roster": settings.roster_url, "notifier": settings.notifier_url, "audit": settings.audit_url}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services.create(
            urls,
            timeout=settings.request_timeout_seconds,
            read_timeout=settings.read_timeout_seconds,
            transport_for=transport_for or (lambda name: None),
            max_connections=settings.max_in_flight_requests,
        )
        app.state.portal = PortalState(
            settings=settings,
            services=services,
            jar=CookieJar(
                settings.cookie_key(), secure=settings.secure_cookies, max_age=timedelta(hours=settings.session_hours)
            ),
            catalogue=catalogue,
            pages=Pages(catalogue, public_url=settings.public_url),
            clock=now,
        )
        # base.html's banner: a test clock is said on every page, so that nobody takes its time for the real one.
        app.state.portal.pages.env.globals["test_clock"] = now if settings.test_clock else None
        # base.html's data-now: portal.js judges "now" by this clock, not the browser's (see wake()).
        app.state.portal.pages.env.globals["portal_now"] = now
        # The board's and the heatmaps' "today" and "now": the portal's clock's Vietnam day and hour.
        app.state.portal.pages.env.globals["portal_today"] = lambda: local_day(now())
        app.state.portal.pages.env.globals["portal_hour"] = lambda: now().astimezone(VIETNAM).hour
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(
        title="lichtruc portal",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("", _pages())
    install_error_pages(app)
    install_refusal_page(app)
    # A bug's page answered inside the app (lichtruc.problems.AnswerUnhandled says why), within the
    # cookie and security-header layers below.
    app.add_middleware(AnswerUnhandled, respond=internal_error_page)

    @app.middleware("http")
    async def write_cookies(request: Request, call_next: Callable) -> Response:
        response: Response = await call_next(request)
        jar = request.app.state.portal.jar
        caller = getattr(request.state, "caller", None)
        if caller is not None and caller.changed and not getattr(request.state, "signed_out", False):
            jar.write_session(request, response, caller.session)
        sealed = getattr(request.state, "new_anon_csrf", None)
        if sealed is not None and getattr(request.state, "session", None) is None:
            jar.write_anon_csrf(request, response, sealed)
        if getattr(request.state, "expired_form_shown", False):  # given back once (api.pages): a reload shows the page
            jar.clear_refused(request, response)
        return response

    # Sheds before any work (the security headers still wrap its 503): see max_in_flight_requests.
    app.add_middleware(NfcQuery)
    app.add_middleware(LfForm)  # a form's line breaks one character, LF, before any route counts or sends a text
    # its answer a page for a browser (api.overloaded), the problem document for a script or a probe
    app.add_middleware(InFlightLimit, limit=settings.max_in_flight_requests, page=overload_page(catalogue))
    app.add_middleware(SecurityHeaders)
    return app
