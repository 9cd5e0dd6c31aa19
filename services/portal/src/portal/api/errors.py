"""Errors turned into pages once, at the edge: no session → the sign-in page (and back
afterwards); an expired one → the same, saying so; an item the services do not show this
person → the portal's "not found" page, exactly as for a missing one; a service down → a page
that names it (one answering 503 too: overloaded or without its database), offers the same address again (a page; a form
is said not sent, not saved, or perhaps saved, its page linked and what was typed kept there) and names the
pages of the person's menu that work without that service (domain.navigation.still_open) — and a start page that
needs it leads instead to the first of those, the same words at its top (`unavailable_page`); a refused CSRF token → 403 with nothing done; a value in the
address that is no value of its kind (`/tet-hours/xyz/notice.pdf`, `?limit=abc`) or out of its range
(`?limit=-5`) → 422, a page naming it, saying what it may be, and linking the page without it (never
FastAPI's JSON); a page position (`?cursor=`) the list did not hand out (its service's or the portal's own:
domain.paging.local_offset) → 422, a page saying so and linking the list's first page with its other filters kept."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Match, Mount

from lichtruc import vntime
from lichtruc.problems import RETRY_AFTER_SECONDS
from lichtruc.words import field_label

from ..clients.services import ServiceError, ServiceUnavailable, SessionExpired
from ..domain.expired_forms import kept_fields
from ..domain.navigation import needs, page_named, start_of, still_open, where_created
from ..domain.paging import NotAPagePosition
from ..handlers.my_shifts import NotYours
from .deps import UNSAFE, CsrfRefused, NotSignedIn, PageNotFound, here, lang_of, login_url, page_label, safe_next
from .kept import keep_sent_after_expiry, keep_sent_unanswered
from .pages import UNAVAILABLE, UNAVAILABLE_FROM, UNAVAILABLE_SHOWN

log = logging.getLogger(__name__)

PUBLIC_RETRY_AFTER = "60"
"""What a public page (the Tết hours, its notices and calendar) asks to wait when a service does not answer: its
words say "try again in a minute" ("thử lại sau ít phút"), and a header of 1 s contradicted them (QA)."""


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


def refused_page(
    request: Request, problems: Sequence[str], *, back: tuple[str, str] | None, kind: str = "address"
) -> Response:
    """422: what in the address is wrong (`problems`, each a sentence) and `back`, the page to go on from
    (its address and the catalogue key of the link's words). `kind` "export": a download refused rather
    than made with a filter left out."""
    values = {
        "problems": list(problems),
        "back": back[0] if back else "",
        "back_key": back[1] if back else "",
        "kind": kind,
    }
    return _page(request, "errors/refused.html", 422, values)


MAX_SHOWN_VALUE = 60
_RULES = {
    "uuid_parsing": "uuid",
    "int_parsing": "number",
    "float_parsing": "number",
    "missing": "missing",
    "number_range": "range",
    "string_too_long": "too_long",
}


def _problem(request: Request, error: dict[str, Any]) -> str:
    """One refused value as a sentence: the field by its name (the page's own label for it when its route gives
    one, deps.labelled), the value as given, what it should be."""
    lang = lang_of(request)
    catalogue = request.app.state.portal.catalogue
    loc = tuple(error.get("loc") or ())
    own = page_label(getattr(request.scope.get("route"), "endpoint", None), str(loc[1])) if len(loc) == 2 else None
    label = catalogue.text(own, lang) if own and loc[0] == "query" else field_label(loc, lang)
    value = error.get("input")
    shown = value if isinstance(value, str) else ("" if value is None else str(value))
    if len(shown) > MAX_SHOWN_VALUE:
        shown = shown[: MAX_SHOWN_VALUE - 1] + "…"
    rule = _RULES.get(str(error.get("type")), "value")
    bounds = {k: v for k, v in (error.get("ctx") or {}).items() if k in ("low", "high", "max_length")}  # allowed
    return catalogue.text(
        f"errors.refused.{rule}",
        lang,
        field=label[:1].upper() + label[1:],
        value=shown,
        length=len(value) if isinstance(value, str) else 0,
        **bounds,
    )


def _kind(request: Request, errors: Sequence[dict[str, Any]]) -> str:
    """ "form" when a form sent was refused (a value in its body), so the page does not speak of an address."""
    sent = request.method != "GET" and any((e.get("loc") or ("",))[0] == "body" for e in errors)
    return "form" if sent else "address"


def _is_page(request: Request, path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return _serves(request.app.router.routes, scope)


def _serves(routes: Sequence[BaseRoute], scope: dict[str, Any]) -> bool:
    """A route among these answers the request in full; the pages' router, mounted at the root (portal.app),
    is looked into, since the mount itself takes every path."""
    for route in routes:
        if isinstance(route, Mount) and route.path == "":
            if _serves(route.routes, scope):
                return True
        elif route.matches(scope)[0] is Match.FULL:
            return True
    return False


def _way_on(request: Request, errors: Sequence[dict[str, Any]]) -> tuple[str, str] | None:
    """Where to go on from: this page without the wrong query values; for a wrong part of the path, the
    page the path leads from (`/tet-hours/xyz/notice.pdf` → `/tet-hours`); None when there is none."""
    if request.method != "GET":
        return None
    wrong_query = {str(e["loc"][1]) for e in errors if len(e.get("loc") or ()) > 1 and e["loc"][0] == "query"}
    wrong_path = [str(e["loc"][1]) for e in errors if len(e.get("loc") or ()) > 1 and e["loc"][0] == "path"]
    path = request.url.path
    if wrong_path:
        template = getattr(request.scope.get("route"), "path", "")
        cut = next((i for i, part in enumerate(template.split("/")) if "{" + wrong_path[0] in part), None)
        if cut is None:
            return None
        path = "/".join(path.split("/")[:cut]) or "/"
        return (path, "errors.refused.list") if _is_page(request, path) else None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in wrong_query]
    return path + (f"?{urlencode(kept)}" if kept else ""), "errors.refused.without"


def _form_page(request: Request) -> str | None:
    """The page an address that takes a form only most likely belongs to: the nearest page up its path
    (`/inspect/inspections/x/finding` → `/inspect/inspections`); None when there is none but the start page."""
    parts = request.url.path.rstrip("/").split("/")
    for cut in range(len(parts) - 1, 1, -1):
        path = "/".join(parts[:cut])
        if _is_page(request, path):
            return path
    return None


def _first_page(request: Request) -> str | None:
    """For a list page opened at a page position (`cursor`) the list never handed out: that list's first page, its
    other filters kept; None when the request was no list page's (not a GET, or no `cursor` in its address)."""
    if request.method != "GET" or "cursor" not in request.query_params:
        return None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return request.url.path + (f"?{urlencode(kept)}" if kept else "")


def bad_position_page(request: Request, first: str) -> Response:
    """422 for a list opened at a page position it did not give (an older list's, an edited address): nothing was
    asked to change, so not a service's "refused, nothing changed", but the way to the list's `first` page."""
    return refused_page(request, [], back=(first, "errors.refused.first_page"), kind="cursor")


DOWNLOADS = {".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv", ".ics": "ics"}
"""A download's address ends with its file's kind; errors.download.file_<kind> names it when its route does not."""
_NOT_THE_PAGES = ("lang", "separator", "back")  # a download's own query values, which the page it is on has not


def _download_kind(request: Request) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    return next((kind for ext, kind in DOWNLOADS.items() if request.url.path.endswith(ext)), None)


def download_back(request: Request) -> str:
    """The page a download was asked from: its `back` (a path on the portal, as the page linking it gives it), else
    the page of the same name and filters (`/inspect/gaps.csv?sector=…` → `/inspect/gaps?sector=…`), else the nearest
    page up its path (`/reports/daily/<id>.pdf` → `/reports/daily`); blank when there is none but the start page."""
    if (back := safe_next(request.query_params.get("back"))) != "/":
        return back
    path = request.url.path.rsplit(".", 1)[0]
    if _is_page(request, path):
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in _NOT_THE_PAGES]
        return path + (f"?{urlencode(kept)}" if kept else "")
    return _form_page(request) or ""


def download_refused_page(
    request: Request, exc: ServiceError, *, what: str = "", back: str = "", page: str = ""
) -> Response:
    """A download a service refused (409, 422) as a page, not the forms' "refused, nothing changed" (QA: a PDF link's
    refusal read as a form's, with only "Về trang chính"): what could not be downloaded (`what`, the catalogue key
    of its name; else the file's kind), why and what to do (the service's own words), and the way back to the page
    it was asked from (`back`, else `download_back`), named when `page` (the catalogue key of its title) is given;
    for the Department's details not set, an administrator's link to the page that sets them."""
    lang = lang_of(request)
    catalogue = request.app.state.portal.catalogue
    kind = _download_kind(request) or "pdf"
    values = {
        "what": catalogue.text(what or f"errors.download.file_{kind}", lang),
        "detail": exc.detail(lang),
        "service": exc.service,
        "back": back or download_back(request),
        "page": catalogue.text(page, lang) if page else "",
        "change": "",
        "asked_wrong": False,
        "department": exc.kind == "department-profile-not-set",
    }
    return _page(request, "errors/download.html", exc.status, values)


def download_asked_wrong_page(request: Request, *, what: str, said: str, back: str, page: str, change: str) -> Response:
    """422: a download whose address the portal itself cannot use (a day that is no day, or not the campaign's), on
    the same page as a service's refusal, in the person's words: which file (`what`, a catalogue key), what is wrong
    (`said`), and the way back to the page by its name (`page`, its title; `back`, its address) saying what to
    change there (`change`) — never the service's field path ("Day [query.day]")."""
    lang = lang_of(request)
    values = {
        "what": request.app.state.portal.catalogue.text(what, lang),
        "detail": said,
        "asked_wrong": True,
        "back": back,
        "page": page,
        "change": change,
        "service": "",
        "department": False,
    }
    return _page(request, "errors/download.html", 422, values)


def _only_the_path_refused(exc: ServiceError) -> bool:
    """The service refused the request for a part of its address alone (an id it could not read)."""
    fields = [str(e.get("field", "")) for e in exc.problem.get("errors") or () if isinstance(e, dict)]
    return exc.status == 422 and bool(fields) and all(f.startswith("path.") for f in fields)


async def unavailable_page(request: Request, exc: ServiceUnavailable) -> Response:
    """503 naming the service that does not answer (out of reach, stalled, or answering 503 itself: overloaded or
    without its database — never a refusal of what was typed), with "try this page again" (a page: its same address)
    or what became of the form sent — not sent, not saved, or not known whether saved, with the form's page to open
    and what was typed kept there (api.kept) — and the person's pages that still work without it; to someone not
    signed in (a public page: the Tết hours), the page not shown just now and "try again", in words for the public,
    with no service named and no way to a sign-in. The person's own
    start page, when it needs that service, is not an error page: a 303 to the first page that works without it,
    which says why."""
    from .deps import load_session

    state = request.app.state.portal
    load_session(request, state)
    session = request.state.session
    role = session.account.role if session is not None else ""
    open_pages = still_open(role, exc.service, session.account.staff_id) if session is not None else []
    page = request.method in ("GET", "HEAD")
    if page and open_pages and request.url.path == start_of(role) and needs(start_of(role), exc.service):
        # the page it was (its path and query) goes along: the page reached names it and links it again (QZ22 #6)
        sent_on = {UNAVAILABLE: exc.service, UNAVAILABLE_FROM: here(request)}
        return _redirect(request, f"{open_pages[0][0]}?{urlencode(sent_on)}")
    form = "" if page else ("busy" if exc.busy else "unsent" if exc.unsent else "maybe")
    form_page = "" if page else (getattr(request.state, "sent_from", None) or _form_page(request) or "")
    sealed = None
    if form and form_page and request.method in UNSAFE:
        sealed = await keep_sent_unanswered(request, state, page=form_page, why=form, service=exc.service)
    # A form that adds something listed elsewhere (a person added from /manage/staff/new), perhaps saved: the list
    # searched for the name typed is where to look first — the add form, empty or filled, cannot tell (QA).
    look = None
    if form == "maybe" and form_page and request.method in UNSAFE:
        texts = [(k, v) for k, v in (await request.form()).multi_items() if isinstance(v, str)]
        look = where_created(form_page, kept_fields(texts))
    values = {
        "service": exc.service,
        "busy": exc.busy,
        "look": look,
        "again": here(request) if page else "",
        # the page that could not be opened, by its menu name ("Sự cố"), above what failed (QZ22 #5)
        "failed_page": page_named(request.url.path) if page and session is not None else None,
        "failed_said": "errors.unavailable.page_not_opened",
        "form": form,
        "form_page": form_page,
        "form_page_key": page_named(form_page) if form_page else None,
        "kept": sealed is not None,
        "open_pages": open_pages,
        # Nobody signed in (a page anyone opens: the Tết hours): its words for the public, and no way to a start
        # page, which would be the sign-in form.
        "public": session is None and page,
        "start_works": session is not None and not needs(start_of(role), exc.service),
        "none_open": session is not None and not open_pages,
    }
    setattr(request.state, UNAVAILABLE_SHOWN, True)
    retry_after = PUBLIC_RETRY_AFTER if values["public"] else exc.retry_after or str(RETRY_AFTER_SECONDS)
    response = _page(request, "errors/unavailable.html", 503, values, retry_after=retry_after)
    if sealed is not None:
        state.jar.write_refused(request, response, sealed)
    return response


def internal_error_page(request: Request, exc: Exception) -> Response:
    """A bug of the portal's own: its page in the person's language (logged with the traceback), not
    the server's bare "Internal Server Error". The page cannot know whether a form sent just before was
    saved by a service, so it says to look before sending it again. If even the page fails (the
    session itself broken), a plain sentence in both languages."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    try:
        # the portal's own clock (a test clock's page says its time, as its banner does), not the machine's
        return _page(request, "errors/internal.html", 500, {"at": vntime.clock(request.app.state.portal.clock())})
    except Exception:
        log.exception("the error page itself failed on %s %s", request.method, request.url.path)
        return PlainTextResponse(
            "Cổng thông tin gặp lỗi; hãy thử lại sau. / The portal failed; try again later.", status_code=500
        )


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        return refused_page(
            request, [_problem(request, e) for e in errors], back=_way_on(request, errors), kind=_kind(request, errors)
        )

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        response = Response()  # the cookies first: with no session cookie, the sign-in page says whether the text
        # typed is kept (QZ14), which it is once kept here
        if exc.expired:
            request.app.state.portal.jar.clear_session(request, response)
        typed = False
        if exc.owner is not None and request.method in UNSAFE:
            typed = await keep_sent_after_expiry(
                request, request.app.state.portal, response, owner=exc.owner, page=exc.next_path
            )
        ended = f"{exc.ended}_kept" if exc.ended == "gone" and typed else exc.ended
        redirect = _redirect(request, login_url(exc.next_path, expired=exc.expired, ended=ended))
        for value in response.headers.getlist("set-cookie"):
            redirect.headers.append("set-cookie", value)
        return redirect

    @app.exception_handler(SessionExpired)
    async def expired(request: Request, exc: SessionExpired) -> Response:
        back = here(request) if request.method == "GET" else getattr(request.state, "sent_from", None) or "/"
        response = _redirect(request, login_url(back, expired=True, inactive=exc.inactive, ended=exc.ended))
        request.app.state.portal.jar.clear_session(request, response)
        # A form sent as roster said the sign-in had ended (before the route did anything) is kept for its page; not
        # for an account deactivated, which signing in again would not bring back.
        owner = getattr(request.state, "ended_before", None)
        if owner is not None and back != "/" and request.method in UNSAFE and not exc.inactive:
            await keep_sent_after_expiry(request, request.app.state.portal, response, owner=owner, page=back)
        return response

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, exc: CsrfRefused) -> Response:
        return _page(request, "errors/csrf.html", 403)

    @app.exception_handler(PageNotFound)
    async def missing(request: Request, exc: PageNotFound) -> Response:
        return _page(request, "errors/not_found.html", 404)

    @app.exception_handler(NotYours)
    async def not_yours(request: Request, exc: NotYours) -> Response:
        # someone else's shift or request on one's own pages: as roster answers a duty worker, a missing one
        return _page(request, "errors/not_found.html", 404)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        # Someone else's item answers like a missing one in every service; the portal does the same. So does
        # an address whose item id the service could not read (a page asked for, "/me/shifts/abc/swap"): it
        # names nothing there is, and "refused, nothing changed" would read oddly of a page only looked at.
        if exc.status in (403, 404) or (request.method == "GET" and _only_the_path_refused(exc)):
            return _page(request, "errors/not_found.html", 404)
        # roster's, notifier's and audit's "bad-cursor": a list they page opened at a position they did not give
        if exc.kind == "bad-cursor" and (first := _first_page(request)) is not None:
            return bad_position_page(request, first)
        if exc.status in (409, 422) and _download_kind(request) is not None:
            return download_refused_page(request, exc)
        log.info("unhandled %s", exc)
        return _page(
            request,
            "errors/service.html",
            exc.status if 400 <= exc.status < 600 else 502,
            {"detail": exc.detail(lang_of(request)), "service": exc.service},
            retry_after=_retry_after(exc),
        )

    @app.exception_handler(NotAPagePosition)
    async def bad_position(request: Request, exc: NotAPagePosition) -> Response:
        # the same for a list the portal pages itself (domain.paging.local_offset: hours, plans, one's shifts, swaps,
        # who is on duty)
        first = _first_page(request)
        if first is None:  # a position not from the address: the portal's own mistake
            return internal_error_page(request, exc)
        return bad_position_page(request, first)

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        log.warning("%s", exc)
        return await unavailable_page(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _page(request, "errors/not_found.html", 404)
        if exc.status_code == 405:  # an address that takes a form only, opened by itself: Starlette's words are English
            back = _form_page(request)
            values = {"words": "errors.method", "back": back or "", "back_key": "errors.method.back"}
            return _page(request, "errors/not_a_page.html", 405, values)
        return _page(request, "errors/service.html", exc.status_code, {"detail": str(exc.detail), "service": "portal"})
