"""A refused form answered by Post/Redirect/Get: what was typed and why it was refused are kept, sealed in a cookie of
this session (api.cookies), for the one page the refusal redirects to (303), which shows them once and forgets them.
The address is then the form's page, not the POST's, and the browser's Back and reload never offer to send the form
again (Chromium's "Confirm form resubmission"). A refusal too large to keep (a cookie holds 4 KB) is shown by the
POST's answer itself, as before.

A form's result to show once goes the same way (`shown_once`): a secret made for the person — a new calendar link,
never kept by the service that made it — rides in that sealed cookie to the page, never in its address (which would
stay in the history and the server logs); the page shows it once, and a reload shows the page without it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .cookies import REFUSED_COOKIE
from .deps import here
from .state import PortalState

Shown = Callable[[dict[str, Any]], Awaitable[Response]]
"""A page drawn with a refused form kept for it: what was typed put back in the form, and why it was refused."""


def redirect_refused(
    request: Request, state: PortalState, url: str, kept: Mapping[str, Any], *, anchor: str = ""
) -> Response | None:
    """303 to `url` (a page's path and query; `anchor`: the id of the item the refused form is at, scrolled to) keeping
    `kept` for it; None when it cannot be kept (then render it)."""
    session = getattr(request.state, "session", None)
    if session is None:
        return None
    sealed = state.jar.seal_refused(session_id=session.id, url=url, kept=kept)
    if sealed is None:
        return None
    response = RedirectResponse(url + (f"#{anchor}" if anchor else ""), status_code=303)
    state.jar.write_refused(request, response, sealed)
    return response


def take_refused(request: Request, state: PortalState) -> dict[str, Any] | None:
    """The refused form kept for this page of this session, if any (`forget_refused` on the answer then drops it)."""
    session = getattr(request.state, "session", None)
    if session is None:
        return None
    return state.jar.open_refused(request.cookies.get(REFUSED_COOKIE), session_id=session.id, url=here(request))


def forget_refused(request: Request, state: PortalState, response: Response) -> Response:
    """The page has shown the refused form: a reload shows the page as it is."""
    state.jar.clear_refused(request, response)
    return response


async def refused_again(
    request: Request, state: PortalState, url: str, kept: dict[str, Any], page: Shown, *, anchor: str = ""
) -> Response:
    """A refused form's answer: a 303 to its page (`url`, at `anchor`) keeping `kept` for it — or, when it is too large
    to keep, `page(kept)`, that page drawn by the POST's own answer."""
    if (redirected := redirect_refused(request, state, url, kept, anchor=anchor)) is not None:
        return redirected
    return await page(kept)


async def shown_once(request: Request, state: PortalState, url: str, result: dict[str, Any], page: Shown) -> Response:
    """A form's result that its page (`url`) shows once and never again — a 303 to that page keeping `result` for it
    (its "form" names the kind for `show_kept`) — or, when it cannot be kept (too large, no session), `page(result)`,
    drawn by the POST's own answer."""
    if (redirected := redirect_refused(request, state, url, result)) is not None:
        return redirected
    return await page(result)


async def show_kept(request: Request, state: PortalState, pages: Mapping[str, Shown]) -> Response | None:
    """This page with the refused form `refused_again` (or the result `shown_once`) kept for it, once —
    `pages[kind](kept)` for the kind of form kept (its "form") — or None when no form of those kinds is kept for it
    (then draw the page as it is)."""
    kept = take_refused(request, state)
    page = pages.get(str(kept.get("form"))) if kept is not None else None
    if kept is None or page is None:
        return None
    return forget_refused(request, state, await page(kept))
