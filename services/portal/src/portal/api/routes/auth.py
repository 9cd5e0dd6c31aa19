"""Signing in and out, changing one's password, the language switch, and the home page that
sends each role to its own start page."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from lichtruc.problems import RETRY_AFTER_SECONDS

from ...clients.services import ServiceError, ServiceUnavailable
from ...domain.areas import area_of
from ...domain.i18n import LANGS
from ...domain.passwords import PASSWORD_MIN, form_problems
from ...handlers.home import home_for
from ..cookies import LANG_COOKIE
from ..deps import Render, Signed, State, load_session, safe_next
from ..kept import carry_over

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def readyz() -> dict[str, str]:
    # The portal holds no state of its own: it is ready when it serves. A service that is down
    # shows as a page naming it, not as an unready portal (which a balancer would take out).
    return {"status": "ready"}


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> RedirectResponse:
    # Asked for by browsers where no page names the icon (a PDF or a text file shown in the browser): without
    # it, every such view logged a 404.
    return RedirectResponse("/static/icon.svg", status_code=301)


@router.get("/login")
async def login_page(
    request: Request,
    render: Render,
    state: State,
    next: str = "/",
    expired: bool = False,
    inactive: bool = False,
    ended: str = "",
) -> Response:
    load_session(request, state)
    if request.state.session is not None and not (expired or inactive):
        return RedirectResponse(safe_next(next), status_code=303)
    # A sign-in ended by the account's deactivation says so, not "expired": signing in again would not help.
    error = render.t("login.deactivated") if inactive else None
    # how it ended, when the portal could tell (deps.login_url); any other value says only that it ended
    hours = f"{state.settings.session_hours:g}"
    said = {
        "elsewhere": render.t("login.ended_elsewhere"),
        "time": render.t("login.timed_out", hours=hours),
        "gone": render.t("login.gone"),
        "gone_kept": render.t("login.gone_kept"),
    }
    ended_said = said.get(ended, render.t("login.expired")) if expired and not inactive else None
    return render("auth/login.html", {"next": safe_next(next), "expired": ended_said, "error": error, "login": ""})


@router.post("/login")
async def login(
    request: Request,
    render: Render,
    state: State,
    login: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if not login.strip() or not password:
        return render(
            "auth/login.html",
            {"next": safe_next(next), "expired": False, "login": login, "error": render.t("login.missing")},
            status=422,
        )
    client = request.client.host if request.client else None
    try:
        session = await state.services.sign_in(login.strip(), password, client_address=client, now=state.clock())
    except ServiceUnavailable as exc:
        # Roster, which holds the accounts, not answering: the sign-in form again, saying so, the login kept (never
        # the password), not the error page of a form not sent whose way back led here anyway (QA 2026-12-06).
        return render(
            "auth/login.html",
            {
                "next": safe_next(next),
                "expired": False,
                "login": login,
                "error": render.t("login.unavailable", service=render.t(f"service.{exc.service}")),
            },
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    except ServiceError as exc:
        if exc.status == 429:
            message = render.t("login.locked")
        elif exc.kind == "account-inactive":  # roster says so only to whoever gave the right password
            message = render.t("login.deactivated")
        elif exc.status in (401, 422):
            message = render.t("login.wrong")
        else:
            message = exc.detail(render.lang)
        return render(
            "auth/login.html",
            {"next": safe_next(next), "expired": False, "login": login, "error": message},
            status=exc.status if exc.status in (401, 422, 429) else 502,
            headers={"Retry-After": exc.headers["retry-after"]} if "retry-after" in exc.headers else None,
        )
    if request.cookies.get(LANG_COOKIE) not in LANGS:  # nobody chose a language in this browser: the person's own
        session = replace(session, lang=await state.services.language_of(session))
    target = safe_next(next)
    area = area_of(urlsplit(target).path)
    if target == "/" or (area is not None and session.account.role not in area.roles):
        # never a refusal right after signing in: another role's page (a form kept for it is forgotten) is not theirs
        target = home_for(session.account)
    response = RedirectResponse(target, status_code=303)
    state.jar.write_session(request, response, session)  # a new session id and CSRF secret: no fixation
    carry_over(request, state, response, session, target)  # a form sent after the session ended, if this account's
    request.state.session = session
    return response


def _forgot(render: Render, *, login: str, error: str | None = None, sent: bool = False, **kw: Any) -> Response:
    return render("auth/forgot.html", {"login": login, "error": error, "sent": sent}, **kw)


@router.get("/login/forgot")
async def forgot_page(request: Request, render: Render, login: str = "") -> Response:
    """ "Quên mật khẩu?" (QZ29 #15): whoever forgot their password asks the Department's administrators for a new
    one; the login typed on the sign-in page comes along."""
    return _forgot(render, login=login.strip()[:320])


@router.post("/login/forgot")
async def forgot(
    request: Request, render: Render, state: State, login: Annotated[str, Form(max_length=320)] = ""
) -> Response:
    """The request sent to roster, which answers the same whatever the login is: so does this page (who will call
    back, what to do meanwhile); refused for asking too soon, it says how long to wait and whom to call."""
    typed = login.strip()
    if not typed:
        return _forgot(render, login=login, error=render.t("login.forgot.missing"), status=422)
    client = request.client.host if request.client else None
    try:
        await state.services.request_password_reset(typed, client_address=client)
    except ServiceUnavailable as exc:
        error = render.t("login.forgot.unavailable", service=render.t(f"service.{exc.service}"))
        return _forgot(render, login=typed, error=error, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    except ServiceError as exc:
        if exc.status != 429:
            return _forgot(render, login=typed, error=exc.detail(render.lang), status=422 if exc.status == 422 else 502)
        wait = exc.headers.get("retry-after", "60")
        minutes = max(1, -(-int(wait) // 60)) if wait.isdigit() else 1
        key = "login.forgot.too_soon" if exc.kind == "reset-asked-recently" else "login.forgot.too_many"
        return _forgot(
            render, login=typed, error=render.t(key, minutes=minutes), status=429, headers={"Retry-After": wait}
        )
    return _forgot(render, login=typed, sent=True)


@router.post("/logout")
async def logout(request: Request, caller: Signed, state: State) -> Response:
    await state.services.sign_out(caller.session)
    request.state.signed_out = True
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    state.jar.clear_session(request, response)
    return response


@router.get("/lang/{code}")
async def switch_language(code: str, request: Request, state: State, next: str = "/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGS:
        state.jar.write_lang(request, response, code)
    return response


@router.get("/")
async def home(caller: Signed) -> Response:
    return RedirectResponse(home_for(caller.session.account), status_code=303)


FIELDS = ("current_password", "new_password", "confirm_password")
"""The password form's fields in the order it shows them."""


@router.get("/account/password")
async def password_page(caller: Signed, render: Render) -> Response:
    return render("auth/password.html", {"errors": {}, "done": False})


@router.post("/account/password")
async def change_password(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    current_password: Annotated[str, Form(max_length=256)] = "",
    new_password: Annotated[str, Form(max_length=256)] = "",
    confirm_password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    problems = form_problems(current=current_password, new=new_password, confirm=confirm_password)
    errors = {name: render.t(f"password.error.{key}", min=PASSWORD_MIN) for name, key in problems.items()}
    body = {"current_password": current_password, "new_password": new_password}
    # With mistakes of its own the portal asks roster for a dry run, which judges both passwords and changes nothing,
    # so that one answer says every mistake: the portal's and roster's (the current password, the new one's rules).
    params = {"dry_run": "true"} if errors else None
    try:
        answer = await caller.post("roster", "/auth/password", body, params=params)
    except ServiceError as exc:
        if exc.status not in (422, 429):
            raise
        said = exc.field_errors(render.lang) or {"current_password": exc.detail(render.lang)}
        ordered = {name: (said | errors)[name] for name in FIELDS if name in said | errors}
        return render("auth/password.html", {"errors": ordered, "done": False}, status=exc.status)
    if errors:  # roster would have made the change: the form's own mistakes alone
        return render("auth/password.html", {"errors": errors, "done": False}, status=422)
    # Roster ended every other sign-in and gave this one new tokens: keep them.
    caller.session = caller.session.renewed(
        access_token=answer["access_token"],
        refresh_token=answer["refresh_token"],
        access_expires_at=state.clock() + timedelta(seconds=int(answer["expires_in"])),
        account=replace(caller.session.account, secret_from_admin=False),  # their own now (roster cleared it)
    )
    caller.renewed = True
    return render("auth/password.html", {"errors": {}, "done": True})
