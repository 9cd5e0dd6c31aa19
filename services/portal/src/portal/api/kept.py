"""A refused form answered by Post/Redirect/Get: what was typed and why it was refused are kept, sealed in a cookie of
this session (api.cookies), for the one page the refusal redirects to (303), which shows them once and forgets them.
The address is then the form's page, not the POST's, and the browser's Back and reload never offer to send the form
again (Chromium's "Confirm form resubmission"). A refusal too large to keep (a cookie holds 4 KB) is shown by the
POST's answer itself, as before.

A form's result to show once goes the same way (`shown_once`): a secret made for the person — a new calendar link,
never kept by the service that made it — rides in that sealed cookie to the page, never in its address (which would
stay in the history and the server logs); the page shows it once, and a reload shows the page without it.

A saved form's warnings (roster's notes) go the same way (`redirect_noted`), in a cookie of their own: the page the
save redirects to says them once (`take_notes`), and its address stays short (QA: a ~900-character token in it).

A form sent after its session ended goes the same way (`keep_sent_after_expiry`), kept for the account it was drawn
for rather than a session: the sign-in that follows, by that account alone, carries it over to its new session
(`carry_over`), and the form's page shows it back in the form once (domain.expired_forms; pages.py). A form sent to a
service that did not answer for it — out of reach, a 503, or stalled — is kept the same way for its page in the
session (`keep_sent_unanswered`), to be sent again from its form (QA: PostgreSQL down, a shift typed was lost)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..domain.expired_forms import EXPIRED_FORM, kept_fields, left_out, owner_of
from ..domain.said import Said
from ..domain.session import Session
from .cookies import NOTES_COOKIE, REFUSED_COOKIE
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


def redirect_noted(
    request: Request, state: PortalState, url: str, notes: Sequence[Said], *, anchor: str = ""
) -> Response:
    """303 to `url` (a page's path and query; `anchor`: the id of the part of it to scroll to), keeping `notes` (a
    saved form's warnings, or the words saying what was done) for that page of this session: it says them once
    (`take_notes`)."""
    response = RedirectResponse(url + (f"#{anchor}" if anchor else ""), status_code=303)
    session = getattr(request.state, "session", None)
    sealed = state.jar.seal_notes(notes, session_id=session.id, url=url) if notes and session is not None else None
    if sealed is not None:
        state.jar.write_notes(request, response, sealed)
    return response


def take_notes(request: Request, state: PortalState) -> tuple[Said, ...]:
    """The notes `redirect_noted` kept for this page of this session, if any (`forget_notes` on the answer then
    drops them: a reload shows the page without them)."""
    session = getattr(request.state, "session", None)
    if session is None:
        return ()
    return state.jar.open_notes(request.cookies.get(NOTES_COOKIE), session_id=session.id, url=here(request))


def forget_notes(request: Request, state: PortalState, response: Response) -> Response:
    """The page has said the notes kept for it (or had none): none are kept any more."""
    if request.cookies.get(NOTES_COOKIE):
        state.jar.clear_notes(request, response)
    return response


def take_refused(request: Request, state: PortalState) -> dict[str, Any] | None:
    """The refused form kept for this page of this session, if any (`forget_refused` on the answer then drops it)."""
    session = getattr(request.state, "session", None)
    if session is None:
        return None
    kept = state.jar.open_refused(request.cookies.get(REFUSED_COOKIE), session_id=session.id, url=here(request))
    return None if kept is None or kept.get("form") == EXPIRED_FORM else kept  # that one is pages.py's


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


async def keep_sent_after_expiry(
    request: Request, state: PortalState, response: Response, *, owner: str, page: str
) -> bool:
    """Keep the form this POST sent after its session ended — nothing of it done — for `owner`'s next sign-in, on
    `page` (the form's page): its text fields, but no password nor secret — only the names of those typed, for the
    page to ask for them again at their boxes (a password change, passwords alone: that nothing was changed); a chosen
    file cannot be kept (the page then says to choose it again). Too large for a cookie (a long note), only that it
    was sent is kept: the page then says, at its top, that what was typed could not be kept and must be typed again.
    True when typed text is kept (the sign-in page may say so)."""
    kept = await _sent(request, EXPIRED)
    if kept is None:  # nothing typed to give back
        return False
    sealed = state.jar.seal_refused(session_id=owner_of(owner), url=_without_anchor(page), kept=kept)
    typed = sealed is not None and bool(kept["fields"])
    if sealed is None:  # nothing of it kept, and said so: never a page that seems to have lost nothing
        lost = {**kept, "fields": {}, "secrets": [], "lost": True}
        sealed = state.jar.seal_refused(session_id=owner_of(owner), url=_without_anchor(page), kept=lost)
    if sealed is not None:
        state.jar.write_refused(request, response, sealed)
    return typed


async def keep_sent_unanswered(
    request: Request, state: PortalState, *, page: str, why: str, service: str
) -> str | None:
    """The form this POST sent to a `service` that did not answer for it, sealed for its `page` in this session the
    same way (`why`: "busy" or "unsent", nothing of it done; "maybe", perhaps saved), for the answer to keep
    (`CookieJar.write_refused`): the page gives it back filled, to send again if the change is not there. None when
    nothing can be kept (nothing typed, no session, or too large): the error page then promises nothing."""
    session = getattr(request.state, "session", None)
    kept = await _sent(request, why) if session is not None else None
    if session is None or kept is None:
        return None
    return state.jar.seal_refused(session_id=session.id, url=_without_anchor(page), kept={**kept, "service": service})


EXPIRED = "expired"
"""Why a form was kept (its "why"): its session had ended. Otherwise the service it was sent to did not answer for it
(api.errors.unavailable_page)."""


async def _sent(request: Request, why: str) -> dict[str, Any] | None:
    """What this POST's form sent, as kept for its page to give back; None when nothing was typed."""
    items = (await request.form()).multi_items()
    texts = [(name, value) for name, value in items if isinstance(value, str)]
    fields, secrets = kept_fields(texts), left_out(texts)
    files = any(not isinstance(value, str) and value.filename for _, value in items)
    if not fields and not files and not secrets:
        return None
    return {
        "form": EXPIRED_FORM,
        "why": why,
        "action": here(request),
        "fields": fields,
        "files": files,
        "secrets": secrets,
    }


def carry_over(request: Request, state: PortalState, response: Response, session: Session, url: str) -> None:
    """At sign-in (`session` new, going to `url`): a form kept for this account on that page is kept for the new
    session; any other kept form — another account's, another session's — is forgotten."""
    sealed = request.cookies.get(REFUSED_COOKIE)
    if not sealed:
        return
    url = _without_anchor(url)  # the browser asks for the page without its #anchor
    kept = state.jar.open_refused(sealed, session_id=owner_of(session.account.id), url=url)
    again = state.jar.seal_refused(session_id=session.id, url=url, kept=kept) if kept is not None else None
    if again is not None:
        state.jar.write_refused(request, response, again)
    else:
        state.jar.clear_refused(request, response)


def _without_anchor(url: str) -> str:
    return url.split("#", 1)[0]
