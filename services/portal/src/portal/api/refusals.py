"""Pages for other roles, refused before anything is shown: a 403 page saying whom the page is for
and what to do instead, rather than a form whose saving the services would refuse (and whose input
would be lost with it). The services still decide every change; this only spares the person the form.

- `/manage/...`: the manager's pages (board, staff, requirements, imports, swaps, hours, readiness,
  Tết hours, inspections) are for managers and administrators (`manager_area`, one dependency of the
  whole app, so a new manager page cannot forget it);
- a single action for fewer roles (registering an enterprise: administrators) raises `NotForYou`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import Response

from .deps import State, lang_of, load_session

MANAGER_AREA = "/manage"
MANAGERS = ("manager", "admin")


class NotForYou(Exception):
    """This page is not for the signed-in person's role; `reason` is the catalogue key of the
    sentence saying who may use it and what to do (it is given the person's role as {role})."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _role(request: Request) -> str | None:
    session = getattr(request.state, "session", None)
    return session.account.role if session is not None else None


def refuse_unless(request: Request, *roles: str, reason: str) -> None:
    """Raise NotForYou unless the signed-in person has one of `roles` (a route's first check)."""
    role = _role(request)
    if role is not None and role not in roles:
        raise NotForYou(reason)


async def manager_area(request: Request, state: State) -> None:
    """Every page under /manage is for managers and administrators: a staff member or an inspector
    opening one by its address gets the refusal page (someone not signed in is sent to sign in by the
    page's own `Signed`)."""
    path = request.url.path
    if path != MANAGER_AREA and not path.startswith(MANAGER_AREA + "/"):
        return
    load_session(request, state)
    refuse_unless(request, *MANAGERS, reason="access.manage")


def install_refusal_page(app: FastAPI) -> None:
    @app.exception_handler(NotForYou)
    async def not_for_you(request: Request, exc: NotForYou) -> Response:
        state = request.app.state.portal
        load_session(request, state)
        lang = lang_of(request)
        role = _role(request) or ""
        said = state.catalogue.text(exc.reason, lang, role=state.catalogue.text(f"role.{role}", lang) if role else "")
        return state.pages.render(request, "errors/forbidden.html", {"reason": said}, lang=lang, status=403)
