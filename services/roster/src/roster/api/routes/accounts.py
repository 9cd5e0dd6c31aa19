"""/auth: signing in, renewing, signing out, one's own account and password;
/accounts: the administrator's management of accounts."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from lichtruc.paging import MAX_LIMIT, page_out
from lichtruc.problems import refused_too

from ...domain.accounts import Account, normalize_login, password_errors
from ...handlers import accounts as handlers
from ...handlers import sign_in
from ...handlers.sign_in import SignedIn
from ..commands import etag
from ..deps import Caller, Change, Ctx, Cursor, IfMatch
from ..schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    AccountSort,
    LoginIn,
    Page,
    PasswordChangeIn,
    PasswordResetIn,
    RefreshIn,
    Role,
    SessionOut,
    SignInStateOut,
)

router = APIRouter()

SIGN_IN_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "wrong login or password (the same answer for both)"},
    429: {
        "description": "too many failed sign-ins from this address or for this account; Retry-After says how "
        "many seconds to wait"
    },
}
# Tokens must not be kept by caches on the way (RFC 6749, 5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _client(request: Request) -> str:
    """The address failed sign-ins are counted against: the peer's, or behind a reverse proxy
    named in ROSTER_FORWARDED_ALLOW_IPS the client's it forwards (uvicorn resolves it)."""
    return request.client.host if request.client else "unknown"


def account_out(account: Account) -> AccountOut:
    """An account as the API shows it: everything but the password hash and the failure count."""
    return AccountOut(
        id=account.id,
        login=account.login,
        display_name=account.display_name,
        role=account.role,
        enterprise_ids=list(account.enterprise_ids),
        staff_id=account.staff_id,
        active=account.active,
        locked_until=account.locked_until,
        last_login_at=account.last_login_at,
        secret_from_admin=account.secret_from_admin,
        reset_requested_at=account.reset_requested_at,
        version=account.version,
        created_at=account.created_at,
        updated_at=account.updated_at,
    )


def _session(signed: SignedIn) -> JSONResponse:
    body = SessionOut(
        access_token=signed.access_token,
        expires_in=signed.expires_in,
        refresh_token=signed.refresh_token,
        refresh_expires_in=signed.refresh_expires_in,
        account=account_out(signed.account),
    )
    return JSONResponse(body.model_dump(mode="json"), headers=NO_STORE)


@router.post(
    "/auth/login",
    response_model=SessionOut,
    tags=["sign-in"],
    responses=SIGN_IN_RESPONSES,
    summary="Sign in with login and password: a short-lived access token and a refresh token",
)
async def login(body: LoginIn, request: Request, ctx: Ctx) -> JSONResponse:
    return _session(await sign_in.sign_in(ctx, login=body.login, password=body.password, client=_client(request)))


@router.post(
    "/auth/refresh",
    response_model=SessionOut,
    tags=["sign-in"],
    responses={
        401: {
            "description": "the refresh token is unknown or revoked (`invalid-refresh-token`), expired "
            "(`refresh-token-expired`), or was used before (`refresh-token-reused`; then the whole sign-in ends), "
            "or the account is deactivated (`account-inactive`)"
        }
    },
    summary="Renew a sign-in: a new access token and the next refresh token (each refresh token works once)",
)
async def refresh(body: RefreshIn, ctx: Ctx) -> JSONResponse:
    return _session(await sign_in.renew(ctx, refresh_token=body.refresh_token))


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["sign-in"],
    summary="Sign out: the refresh token (and every token renewed from the same sign-in) stops working",
)
async def logout(body: RefreshIn, ctx: Ctx, caller: Caller) -> Response:
    await sign_in.sign_out(ctx, caller, refresh_token=body.refresh_token)
    return Response(status_code=204)


@router.get(
    "/auth/session",
    response_model=SignInStateOut,
    tags=["sign-in"],
    responses={
        401: {
            "description": "the sign-in this access token was issued for has ended (signed out, the password "
            "was changed, reused refresh token): `sign-in-ended`; its account was deactivated: `account-inactive`"
        }
    },
    summary="Whether the caller's sign-in still goes on (a client holding tokens asks this to learn of a "
    "sign-out at once; access tokens are otherwise accepted until they expire)",
)
async def session(ctx: Ctx, caller: Caller) -> JSONResponse:
    state = await sign_in.session_state(ctx, caller)
    body = SignInStateOut(sign_in_id=state.sign_in_id, account_id=state.account_id)
    return JSONResponse(body.model_dump(mode="json"), headers=NO_STORE)


@router.get("/auth/me", response_model=AccountOut, tags=["sign-in"], summary="The signed-in account")
async def me(ctx: Ctx, caller: Caller, response: Response) -> AccountOut:
    account = await sign_in.me(ctx, caller)
    response.headers.update(etag(account.version))
    return account_out(account)


PASSWORD_RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {"description": "a dry run: the change would be made (nothing was changed)"},
    422: {
        "description": "every mistake at once: the current password missing or wrong (a wrong one counted as a "
        "failed sign-in), and each rule the new one breaks"
    },
    429: SIGN_IN_RESPONSES[429],
}


@router.post(
    "/auth/password",
    response_model=SessionOut,
    tags=["sign-in"],
    responses=PASSWORD_RESPONSES,
    summary="Change one's own password: every other sign-in ends; this one goes on with the answer's tokens",
)
async def change_password(
    body: PasswordChangeIn,
    request: Request,
    ctx: Ctx,
    caller: Caller,
    dry_run: Annotated[
        bool,
        Query(
            description="judge the current password and the new one as the change would (a wrong current password "
            "counted the same), change nothing: 204 when the change would be made"
        ),
    ] = False,
) -> Response:
    signed = await sign_in.change_password(
        ctx, caller, current=body.current_password, new=body.new_password, client=_client(request), dry_run=dry_run
    )
    return Response(status_code=204) if signed is None else _session(signed)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,  # no body: nothing to tell, the same for every login
    tags=["sign-in"],
    responses={
        202: {
            "description": "the same answer whether the login is an active account's, an inactive one's or nobody's: "
            "an active account's request is recorded (`reset_requested_at`) and published (PasswordResetRequested), "
            "for the Department's administrators to call the person back and set a new password"
        },
        429: {
            "description": "asked for this login within ROSTER_PASSWORD_RESET_LOGIN_MINUTES (`reset-asked-recently`), "
            "or too many requests from this address within the hour (`reset-too-many`); Retry-After says how many "
            "seconds to wait"
        },
    },
    summary="Ask the Department's administrators for a new password (someone who forgot theirs; nobody signed in)",
)
async def request_password_reset(body: PasswordResetIn, request: Request, ctx: Ctx) -> Response:
    await sign_in.request_password_reset(ctx, sign_in.RequestPasswordReset(body.login, _client(request)))
    return Response(status_code=202, headers=NO_STORE)


# --- accounts (administrators) ----------------------------------------------------------------------------


def _password_too(request: Request, body: Any, refused: frozenset[str]) -> list[dict[str, Any]]:
    """A new password's rules, said with the schema's refusals of the rest of the body (one answer for every
    mistake); the login is compared as sent (an edit's is not known without the database)."""
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(password, str) or "body.password" in refused:
        return []
    login = body.get("login")
    login = normalize_login(login) if isinstance(login, str) else None
    return [{**e.as_dict(), "field": "body.password"} for e in password_errors(password, login=login)]


def _render(account: Account, *, created: bool = False) -> tuple[AccountOut, dict[str, str]]:
    headers = etag(account.version)
    if created:
        headers["Location"] = f"/accounts/{account.id}"
    return account_out(account), headers


@router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    tags=["accounts"],
    responses={
        409: {"description": "the login is taken, or the staff record already has an account"},
        422: {
            "description": "every mistake at once, each at its field: the password's rules, the role's scope, and "
            "the login taken or the staff record's account among them when a rule is broken too"
        },
    },
    summary="Create an account (administrators); the password is handed to its owner, who may change it",
)
@refused_too(_password_too)
async def create_account(body: AccountIn, change: Change) -> Response:
    cmd = handlers.CreateAccount(
        body.login, body.display_name, body.role, body.password, tuple(body.enterprise_ids), body.staff_id, body.active
    )
    credentials = change.ctx.credentials
    assert credentials is not None
    return await change.run(
        lambda uow: handlers.create_account(uow, credentials, cmd=cmd),
        lambda v: _render(v, created=True),
        status_code=201,
    )


@router.get("/accounts", response_model=Page[AccountOut], tags=["accounts"], summary="Accounts, filtered and sorted")
async def list_accounts(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    role: Role | None = None,
    enterprise_id: uuid.UUID | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the login or the display name")] = None,
    sort: Annotated[AccountSort, Query(description="a leading - sorts descending")] = "login",
    staff_id: Annotated[
        list[uuid.UUID] | None,
        Query(
            max_length=MAX_LIMIT,
            description="the accounts linked to these staff records only (repeat for several, at most 500: who "
            "holds the records a form offers); a record no account holds is simply absent",
        ),
    ] = None,
    reset_requested: Annotated[
        bool | None,
        Query(description="true: the accounts with a request for a new password open (`reset_requested_at`)"),
    ] = None,
) -> dict[str, Any]:
    page = await handlers.list_accounts(
        ctx,
        role=role,
        enterprise_id=enterprise_id,
        active=active,
        q=q,
        sort=sort,
        page=paging,
        staff_ids=frozenset(staff_id) if staff_id else None,
        reset_requested=reset_requested,
    )
    return page_out(request, response, page, paging.limit, [account_out(a) for a in page.items])


@router.get("/accounts/{account_id}", response_model=AccountOut, tags=["accounts"], summary="One account")
async def get_account(account_id: uuid.UUID, ctx: Ctx, response: Response) -> AccountOut:
    account = await handlers.get_account(ctx, account_id)
    response.headers.update(etag(account.version))
    return account_out(account)


@router.patch(
    "/accounts/{account_id}",
    response_model=AccountOut,
    tags=["accounts"],
    responses={409: {"description": "the staff record has another account, or this is the last active administrator"}},
    summary="Change name, role and scope, active flag or password; needs If-Match",
)
@refused_too(_password_too)
async def edit_account(account_id: uuid.UUID, body: AccountPatch, change: Change, pre: IfMatch) -> Response:
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    credentials = change.ctx.credentials
    assert credentials is not None
    return await change.run(
        lambda uow: handlers.edit_account(uow, account_id, credentials=credentials, changes=changes, pre=pre), _render
    )
