"""Pages for other roles, refused before anything is shown: a 403 page saying whom the page is for
and what to do instead, rather than a form whose saving the services would refuse (and whose input
would be lost with it), or a "not found" for a page that is there. The services still decide every
change and every read; this only spares the person the form and says why.

- areas (`AREAS`, checked by `role_areas`, one dependency of the whole app, so that a new page of an
  area cannot forget it): `/manage/...` for managers and administrators; `/inspect/...` for the
  Department's inspectors and administrators, and for managers, whose reads audit narrows to their
  own enterprises — but not the province-wide ones (the log, its sequence gaps, the history of
  accounts, the readiness overview), which audit keeps for the Department; `/admin/...` for
  administrators, and for managers on their enterprises (roster lets them edit their own's details; the list is
  where `access.register_enterprise` sends them) and sites (in their menu) — the rest are the Department's, and a
  manager is told so in words of their own (`access.admin_manager`);
- a single action for fewer roles (registering an enterprise: administrators) raises `NotForYou`."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from starlette.responses import Response

from ..clients.services import Caller, ServiceError
from ..domain.areas import area_of
from .deps import State, lang_of, load_session, signed_in

WAYS = {
    "access.admin_manager": (("/manage/board", "nav.board"), ("/admin/enterprises", "nav.enterprises")),
    "access.campaign_report": (("/manage/campaign-report", "nav.campaign_report"),),
}
"""A refusal's links to the person's own pages it names (href, catalogue key of its name), beside "home"."""


class NotForYou(Exception):
    """This page is not for the signed-in person's role; `reason` is the catalogue key of the
    sentence saying who may use it and what to do (it is given the person's role as {role}).
    `typed`: a refused form's boxes as (label, value), said back on the page so that nothing typed is lost."""

    def __init__(self, reason: str, typed: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.typed = typed


def _role(request: Request) -> str | None:
    session = getattr(request.state, "session", None)
    return session.account.role if session is not None else None


def refuse_unless(request: Request, *roles: str, reason: str, typed: tuple[tuple[str, str], ...] = ()) -> None:
    """Raise NotForYou unless the signed-in person has one of `roles` (a route's first check); `typed`, a form's
    boxes as (label, value), said back on the refusal page (the empty ones left out)."""
    role = _role(request)
    if role is not None and role not in roles:
        raise NotForYou(reason, tuple((label, value) for label, value in typed if value.strip()))


async def role_areas(request: Request, state: State) -> None:
    """A page of an area (`AREAS`) opened by someone whose role it is not for gets the refusal page, the
    same in every area (someone not signed in is sent to sign in by the page's own `Signed`)."""
    area = area_of(request.url.path)
    if area is None:
        return
    load_session(request, state)
    refuse_unless(request, *area.roles, reason=area.reason_for(_role(request)))


ENTERPRISE_PAGES = ("/manage", "/reports", "/inspect", "/admin")
"""The pages where a manager's `enterprise_id` must be one of theirs (the public Tết hours name any enterprise)."""


class NotYourEnterprise(Exception):
    """A manager's address names an enterprise (`?enterprise_id=`, or `/{enterprise_id}` in the path) or a shift
    (`/go/shifts/…`) not theirs: one page says so in the words the chooser pages used (QZ11 #9: some pages said it,
    others showed the manager's own data without a word; QZ12 #11: an id in the path said "Không tìm thấy"), links the
    page without it (`without`, "" none) and each of their own enterprises (`own`: the address to open for it, name)."""

    def __init__(self, what: str, *, without: str, own: tuple[tuple[str, str], ...]) -> None:
        super().__init__(what)
        self.what = what
        self.without = without
        self.own = own


async def own_enterprises(caller: Caller) -> tuple[tuple[str, str], ...] | None:
    """The signed-in manager's enterprises as (id, name), as roster lists them to them (narrowed to their own, as
    every page's chooser reads them); None when roster does not answer."""
    try:
        found = await caller.every("roster", "/enterprises", limit=200)
    except ServiceError:
        return None
    return tuple((str(e["id"]), str(e["name"])) for e in found)


def _is_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _in_path(request: Request, own: tuple[tuple[str, str], ...]) -> NotYourEnterprise:
    """The refusal of a path's enterprise (`/manage/board/{campaign_id}/{enterprise_id}/cell`): each of the manager's
    own opens the route up to its enterprise (`/manage/board/C/<theirs>`: the rest, a cell's day or site, would be the
    other enterprise's), and the page without it is the route's first page above with no id in its path, the ids
    passed over given in its query (`/manage/board?campaign_id=C`, the chooser)."""
    route = request.scope.get("route")
    template = str(getattr(route, "path", "")) or request.url.path
    plain = re.sub(r"{(\w+):\w+}", r"{\1}", template)  # a converter's `{id:uuid}` as `{id}`
    head = plain.split("{enterprise_id}", 1)[0].rstrip("/")
    ids = {key: str(value) for key, value in request.path_params.items() if key != "enterprise_id"}
    links = tuple((head.format(**ids) + "/" + key, name) for key, name in own)
    above = head.split("/{", 1)[0]
    passed = {key: ids[key] for key in re.findall(r"{(\w+)}", head) if key in ids}
    return NotYourEnterprise("enterprise", without=f"{above}?{urlencode(passed)}".rstrip("?"), own=links)


async def managed_enterprise(request: Request, state: State) -> None:
    """A manager's page (`ENTERPRISE_PAGES`) asked for with another enterprise's id, in its path
    (`/manage/board/{campaign_id}/{enterprise_id}`) or its query (`?enterprise_id=`), is refused in words
    (`NotYourEnterprise`), the same on every page, never shown as their own enterprise's nor as "not found". One
    dependency of the whole app, beside `role_areas`; what roster and audit return is still narrowed by them."""
    if request.method not in ("GET", "HEAD") or not request.url.path.startswith(ENTERPRISE_PAGES):
        return
    in_path = str(request.path_params.get("enterprise_id", "")).strip()
    in_query = (request.query_params.get("enterprise_id") or "").strip()
    asked = [text for text in (in_path, in_query) if _is_id(text)]  # not an id: the page's own check says so
    if not asked:
        return
    load_session(request, state)
    session = getattr(request.state, "session", None)
    if session is None or session.account.role != "manager":
        return
    if all(text in session.account.enterprise_ids for text in asked):
        return  # theirs as they signed in: no question to roster on the way to every page (only a refusal asks)
    own = await own_enterprises(await signed_in(request, state))
    if own is None or all(text in {key for key, _ in own} for text in asked):
        return  # theirs (or roster unanswered: the page itself says so)
    if in_path in asked and in_path not in {key for key, _ in own}:
        raise _in_path(request, own)
    without = request.url.remove_query_params(["enterprise_id", "cursor"])
    links = tuple((f"{request.url.path}?enterprise_id={key}", name) for key, name in own)
    raise NotYourEnterprise("enterprise", without=f"{without.path}?{without.query}".rstrip("?"), own=links)


def install_refusal_page(app: FastAPI) -> None:
    @app.exception_handler(NotForYou)
    async def not_for_you(request: Request, exc: NotForYou) -> Response:
        state = request.app.state.portal
        load_session(request, state)
        lang = lang_of(request)
        role = _role(request) or ""
        said = state.catalogue.text(exc.reason, lang, role=state.catalogue.text(f"role.{role}", lang) if role else "")
        return state.pages.render(
            request,
            "errors/forbidden.html",
            {"reason": said, "typed": exc.typed, "ways": WAYS.get(exc.reason, ())},
            lang=lang,
            status=403,
        )

    @app.exception_handler(NotYourEnterprise)
    async def not_your_enterprise(request: Request, exc: NotYourEnterprise) -> Response:
        state = request.app.state.portal
        load_session(request, state)
        values = {"what": exc.what, "without": exc.without, "own": exc.own}
        return state.pages.render(request, "errors/not_your_enterprise.html", values, lang=lang_of(request), status=404)
