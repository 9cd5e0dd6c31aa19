"""A refused form answered by Post/Redirect/Get: what was typed and why it was refused are kept, sealed in a cookie of
this session (api.cookies), for the one page the refusal redirects to (303), which shows them once and forgets them.
The address is then the form's page, not the POST's, and the browser's Back and reload never offer to send the form
again (Chromium's "Confirm form resubmission"). A refusal too large to keep (a cookie holds 4 KB) is shown by the
POST's answer itself, as before."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .cookies import REFUSED_COOKIE
from .deps import here
from .state import PortalState


def redirect_refused(request: Request, state: PortalState, url: str, kept: Mapping[str, Any]) -> Response | None:
    """303 to `url` (a page's path and query) keeping `kept` for it; None when it cannot be kept (then render it)."""
    session = getattr(request.state, "session", None)
    if session is None:
        return None
    sealed = state.jar.seal_refused(session_id=session.id, url=url, kept=kept)
    if sealed is None:
        return None
    response = RedirectResponse(url, status_code=303)
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
