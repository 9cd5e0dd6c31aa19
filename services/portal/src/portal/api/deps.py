"""The dependencies routes are built from: the app's state, the person's language, the
signed-in caller, and the CSRF guard every unsafe request passes.

A route that needs a signed-in person takes `Signed`; one that renders takes `Render`; one that lists a page at
a time takes `Limit`."""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal, get_type_hints
from urllib.parse import quote, urlsplit

from fastapi import Depends, Form, Query, Request
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from starlette.responses import HTMLResponse

from lichtruc.duty_types import DutyTypeKey

from ..clients.services import Caller, SessionExpired
from ..domain.expired_forms import EXPIRED_FORM
from ..domain.i18n import LANGS, Catalogue, pick_lang
from ..domain.paging import MAX_LIMIT
from .cookies import ANON_CSRF_COOKIE, LANG_COOKIE, REFUSED_COOKIE, SESSION_COOKIE
from .state import PortalState

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_FIELD = "csrf_token"
FORM_KEY_FIELD = "form_key"
"""A hidden field of every form (partials/forms.html's `csrf()`), new each time a form is drawn: see
`Caller.idempotency_key`."""
CSRF_HEADER = "X-CSRF-Token"
FORM_FROM_FIELD = "form_from"
"""A hidden field of every form of a signed-in page (partials/forms.html's `csrf()`): its page and account, sealed
(`CookieJar.seal_origin`), for a form sent after its session ended."""


class NotSignedIn(Exception):
    """No (valid) session: the edge sends the person to the sign-in page, back here afterwards."""

    def __init__(self, next_path: str, *, expired: bool = False, owner: str | None = None, ended: str = "") -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired
        self.ended = ended  # "time": the cookie's session outlived its hours (`timed_out`); "gone": no cookie
        # came (errors.py adds "_kept" when a form's typed text is kept for its account); "": not known
        self.owner = owner  # a form sent after its session ended: the account it was drawn for, to keep it for


class CsrfRefused(Exception):
    """An unsafe request without the form's CSRF token: nothing is done."""


class PageNotFound(Exception):
    """The portal has no such page, or the services have no such item for this person."""


# The dependencies are coroutines: FastAPI runs a plain function in a worker thread, a hop that
# costs more than the function itself (a page solves several).


async def portal_state(request: Request) -> PortalState:
    return request.app.state.portal


State = Annotated[PortalState, Depends(portal_state)]


def lang_of(request: Request) -> str:
    """The pages' language (what `Lang` gives): the one chosen with the switch in this browser (its cookie), else
    the signed-in person's own (their session's, once `load_session` has opened it), else Vietnamese."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    session = getattr(request.state, "session", None)
    return pick_lang(session.lang if session is not None else None)


async def current_lang(request: Request, state: State) -> str:
    load_session(request, state)
    return lang_of(request)


Lang = Annotated[str, Depends(current_lang)]


def here(request: Request) -> str:
    """This page's path and query, for "back here after signing in"."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def load_session(request: Request, state: PortalState) -> None:
    """Open the session cookie once per request; put the session and the page's CSRF token on request.state."""
    if hasattr(request.state, "session"):
        return
    sealed = request.cookies.get(SESSION_COOKIE)
    session = state.jar.open(sealed)
    if session is not None and session.over(state.clock(), max_age=state.jar.max_age):
        session = None
    # a session of this portal's that has lasted its hours (not a cookie cleared, forged or of another key)
    request.state.timed_out = session is None and state.jar.outlived(sealed, now=state.clock())
    request.state.session = session
    if session is not None:
        request.state.csrf_token = session.csrf_secret
        request.state.form_from = _form_from(request, state, session.account.id)
        if request.method == "GET" and REFUSED_COOKIE in request.cookies and not request.headers.get("HX-Request"):
            kept = state.jar.open_refused(request.cookies[REFUSED_COOKIE], session_id=session.id, url=here(request))
            if kept is not None and kept.get("form") == EXPIRED_FORM:  # sent after a session ended: pages.py fills it
                request.state.expired_form = kept
        return
    token = state.jar.anon_csrf(request.cookies.get(ANON_CSRF_COOKIE))
    if token is None:
        token, sealed = state.jar.new_anon_csrf()
        request.state.new_anon_csrf = sealed
    request.state.csrf_token = token


def _form_from(request: Request, state: PortalState, account_id: str) -> Callable[[], str]:
    """The `form_from` field's value for this page's forms, sealed once however many forms it draws."""
    sealed: list[str] = []

    def once() -> str:
        if not sealed:
            sealed.append(state.jar.seal_origin(account_id=account_id, page=_form_page(request)))
        return sealed[0]

    return once


def shown_at(request: Request, page: str) -> None:
    """The forms drawn for this request are on `page` (path, query, and the #anchor they are at): the full page that
    shows them — a part of a page fetched by htmx (the board's cell panel) says the address it is shown at on its own,
    so that a form sent from it after the session ended comes back there, filled, after signing in (QA 2026-12-06:
    the cell panel opened by a click came back as the bare board, the form lost)."""
    request.state.form_page = page


def _form_page(request: Request) -> str:
    """The page a form drawn now is on: the one its route says it is shown at (`shown_at`); else this one; a part of it
    fetched by htmx, the page htmx says it is on; drawn by a POST's answer, the page the POST's own form was on."""
    if (page := getattr(request.state, "form_page", None)) is not None:
        return str(page)
    if request.method == "GET" and not request.headers.get("HX-Request"):
        return here(request)
    return getattr(request.state, "sent_from", None) or _htmx_page(request) or here(request)


def _htmx_page(request: Request) -> str | None:
    """The page an htmx request was made from (its HX-Current-URL), when on this portal."""
    current = urlsplit(request.headers.get("HX-Current-URL", "")) if request.headers.get("HX-Request") else None
    if current is None or current.netloc != request.url.netloc or not current.path.startswith("/"):
        return None
    return safe_next(current.path + (f"?{current.query}" if current.query else ""))


async def signed_in(request: Request, state: State) -> Caller:
    """The signed-in person, whose sign-in roster says still goes on (`Caller.check`): a cookie
    copied before a sign-out or a password change elsewhere is refused, cleared, and the person
    sent to the sign-in page saying the session has expired."""
    load_session(request, state)
    session = request.state.session
    if session is None:
        raise NotSignedIn(here(request), expired=SESSION_COOKIE in request.cookies, ended=_ended(request))
    caller = Caller(
        services=state.services,
        session=session,
        clock=state.clock,
        form_key=await _form_key(request),
        say_over=partial(_text_over, state.catalogue),
    )
    request.state.caller = caller
    try:
        await caller.check(every=state.session_check)
    except SessionExpired:
        # ended before the route did anything: a form sent is kept for its account (errors.py)
        request.state.ended_before = session.account.id
        request.state.session = None
        request.state.caller = None
        raise
    return caller


def _text_over(catalogue: Catalogue, lang: str, n: int, most: int) -> str:
    """portal.js's words under a box past its limit (QZ16 #7), for a service's refusal of one (QZ17 #4)."""
    return catalogue.text("check.text_over", lang, n=n, max=most)


def _ended(request: Request) -> str:
    """How the request's session ended, as far as its cookie says: "time" when it lasted its hours; "gone" with no
    session cookie at all (signed out in another tab of this browser, the cookie cleared or dropped with its age, or
    never signed in: the portal cannot tell which, only that no sign-in came with the request); else "" (a cookie it
    cannot open)."""
    if getattr(request.state, "timed_out", False):
        return "time"
    return "gone" if SESSION_COOKIE not in request.cookies else ""


async def _form_key(request: Request) -> uuid.UUID | None:
    """The `form_key` a POSTed form carries (starlette keeps the form read once), None without one or for a
    value that is not a UUID."""
    if request.method != "POST" or not request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return None
    value = (await request.form()).get(FORM_KEY_FIELD)
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


Signed = Annotated[Caller, Depends(signed_in)]


ANONYMOUS_FORMS = ("/login", "/login/forgot")
"""The forms sent by nobody signed in: the sign-in page's and "Quên mật khẩu?"'s (QZ29 #15)."""


async def csrf_guard(request: Request, state: State) -> None:
    """Every POST/PUT/PATCH/DELETE carries the CSRF token of its session, as a form field or header."""
    load_session(request, state)
    if request.method not in UNSAFE:
        return
    sent = request.headers.get(CSRF_HEADER)
    origin = None
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = sent if sent is not None else value if isinstance(value, str) else None
        drawn = form.get(FORM_FROM_FIELD)
        origin = state.jar.open_origin(drawn) if isinstance(drawn, str) else None
    session = request.state.session
    if origin is not None and (session is None or session.account.id == origin[0]):
        request.state.sent_from = safe_next(origin[1])
    expected = getattr(request.state, "csrf_token", "")
    if sent and session is None and request.url.path not in ANONYMOUS_FORMS:
        # A form of a signed-in page sent after its session ended (the cookie gone with its age, or cleared):
        # "signed out", with the way back to that page — not "this form is stale or not ours" (QA) — and what was
        # typed kept for whoever it was drawn for (its sealed origin; a browser sends no Referer: security.py).
        back = getattr(request.state, "sent_from", None) or _htmx_page(request) or "/"
        raise NotSignedIn(back, expired=True, owner=origin[0] if origin is not None else None, ended=_ended(request))
    if (
        getattr(request.state, "new_anon_csrf", None) is not None
        or not sent
        or not expected
        or not hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise CsrfRefused()


class Renderer:
    def __init__(self, request: Request, state: PortalState, lang: str) -> None:
        self.request, self.state, self.lang = request, state, lang

    def __call__(
        self,
        template: str,
        values: dict[str, Any] | None = None,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        load_session(self.request, self.state)
        return self.state.pages.render(self.request, template, values, lang=self.lang, status=status, headers=headers)

    def t(self, key: str, **params: object) -> str:
        return self.state.catalogue.text(key, self.lang, **params)

    @property
    def now(self) -> datetime:
        return self.state.clock()


async def renderer(request: Request, state: State, lang: Lang) -> Renderer:
    return Renderer(request, state, lang)


Render = Annotated[Renderer, Depends(renderer)]


_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")


def whole_number(low: int, high: int) -> BeforeValidator:
    """A query value that must be a whole number from `low` to `high` when given (empty is not given). Any
    other value — "abc", "-5", one past `high` — is refused with the error page, which says the range
    (errors.py, rule "number_range"), never read as the page's default nor cut to the nearest bound."""

    def check(value: object) -> object:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if _WHOLE_NUMBER.fullmatch(text) and low <= int(text) <= high:
            return int(text)
        raise PydanticCustomError(
            "number_range", "must be a whole number from {low} to {high}", {"low": low, "high": high}
        )

    return BeforeValidator(check)


Limit = Annotated[int | None, whole_number(1, MAX_LIMIT), Query()]
"""A list page's `?limit=`: absent, the page's own size; else a whole number from 1 to MAX_LIMIT."""


def labelled(key: str) -> Any:
    """A query value's `Query()` naming it by the page's own label (`key`, a catalogue key): a refusal of the value
    (errors.py) then speaks of the field the person sees ("Hình thức"), not of the service's word for it ("Loại")."""
    return Query(json_schema_extra={"label": key})


def page_label(endpoint: Any, name: str) -> str | None:
    """The catalogue key `labelled` gave `endpoint`'s query parameter `name`, if any."""
    try:
        hints = get_type_hints(endpoint, include_extras=True)
    except (NameError, TypeError):  # a route whose annotations do not resolve: the shared words, then
        return None
    for meta in getattr(hints.get(name), "__metadata__", ()):
        extra = getattr(meta, "json_schema_extra", None)
        if isinstance(extra, dict) and isinstance(extra.get("label"), str):
            return str(extra["label"])
    return None


Confirmed = Annotated[str, Form(max_length=10)]
"""A form's answer to the question it asks before it acts (`data-confirm`, partials/forms.html's
`ask_without_script`): "yes" from the box ticked without script, or added by portal.js once the question is accepted."""


def is_confirmed(answer: str) -> bool:
    """Whether the question was answered: a browser that skips `required`, or a crafted POST, sends no answer, and
    the portal then does nothing (the box's `required` is a courtesy, as every field's is)."""
    return answer == "yes"


def _blank_is_none(value: object) -> object:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


OptionalId = Annotated[uuid.UUID | None, BeforeValidator(_blank_is_none), Query()]
"""A filter's id in the query (`?enterprise_id=`): blank, as a form's "all" option sends it, is no filter; any
other value that is no id is refused with the error page (errors.py, rule "uuid"), never read as "all"."""


def _id_text(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise PydanticCustomError("uuid_parsing", "not a valid id") from None


IdText = Annotated[str, BeforeValidator(_id_text), Query()]
"""`OptionalId` for a page that carries the id on as text: "" when blank, else the id as roster writes it; any other
value is refused the same way (QA 2026-12-06: `?enterprise_id=zzz` showed the page as if none was asked for)."""
IdForm = Annotated[str, BeforeValidator(_id_text), Form()]
"""`IdText` sent by a form's field."""


DutyTypeFilter = Literal["", DutyTypeKey]
"""A list's duty-type filter (`?duty_type=`), blank for every duty type: declared with the page's label
(`Annotated[DutyTypeFilter, labelled(key)]`), any other value is refused with the error page, never read as "all"."""


def login_url(next_path: str, *, expired: bool = False, inactive: bool = False, ended: str = "") -> str:
    """The sign-in page, back to `next_path` after; `expired`: it says the session ended — how, when `ended` says
    ("elsewhere": signed out in another window or device, "time": it lasted its hours, "gone": no session came from
    this browser, "gone_kept": nor with the form sent, which is kept) —, `inactive`: that the account was deactivated
    (roster said so)."""
    url = f"/login?next={quote(next_path, safe='/')}"
    return url + ("&inactive=1" if inactive else "&expired=1" + (f"&ended={ended}" if ended else "") if expired else "")


def safe_next(value: str | None) -> str:
    """Only a path on this portal (no scheme, no host, no //): never an open redirect."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
