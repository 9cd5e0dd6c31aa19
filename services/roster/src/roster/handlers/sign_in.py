"""Signing in and staying signed in: a password gives a short-lived access token (signed with
roster's private key) and an opaque refresh token; the refresh token is stored only as its
SHA-256, renews once (rotation), and a second use of it ends the whole sign-in (a stolen
token and its rightful owner cannot both go on).

Someone who forgot their password asks for a new one (`request_password_reset`): an active account's request is
recorded and published (`PasswordResetRequested`, no secret in it) for the Department's administrators, who set
one; unknown, inactive and active logins get the same answer, within the same limits.

Failed sign-ins are counted per account (a lock for `lockout` after `max_failures` in a row,
in the database) and per client address (a sliding window in this process), and an unknown
login gets the same answer, in the same time, as a wrong password."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from lichtruc.auth import Principal, Role, issue_access_token
from lichtruc.events_accounts import PasswordResetRequested

from ..db.accounts import PgSignIns
from ..db.ports import Repositories
from ..domain.accounts import (
    Account,
    RefreshToken,
    lock_after_failure,
    normalize_login,
    password_errors,
    seconds_to_wait,
)
from ..domain.errors import (
    DomainError,
    FieldError,
    NotFound,
    NotSignedIn,
    RuleViolation,
    TooManyAttempts,
    TooManyResetRequests,
)
from .accounts import publish_account
from .context import Context, reading, unit_of_work, writing
from .credentials import Credentials


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    expires_in: int  # seconds
    refresh_token: str
    refresh_expires_in: int
    account: Account


def _wrong_credentials() -> NotSignedIn:
    return NotSignedIn(
        "login", "invalid-credentials", "The login or the password is wrong.", "Tên đăng nhập hoặc mật khẩu không đúng."
    )


def _deactivated() -> NotSignedIn:
    """The right password for an account that may no longer sign in: said as it is (only to whoever
    knows the password), so the person asks for it back instead of retrying into a lock."""
    return NotSignedIn(
        "login",
        "account-inactive",
        "This account has been deactivated: ask an administrator to reactivate it.",
        "Tài khoản này đã bị vô hiệu hoá: hãy nhờ quản trị viên kích hoạt lại.",
    )


def _invalid_refresh(reason: str, reason_vi: str, rule: str = "invalid-refresh-token") -> NotSignedIn:
    return NotSignedIn(
        "refresh_token", rule, f"{reason}: sign in again with POST /auth/login.", f"{reason_vi}: hãy đăng nhập lại."
    )


def digest(token: str) -> str:
    """What is stored of a refresh token: a leaked table renews nobody's sign-in."""
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(account: Account, *, sign_in_id: uuid.UUID | None = None) -> Principal:
    """Who the access token says the account is; the login is recorded as the actor of changes (and
    the display name said beside it in the events, `actor_name`), and the sign-in (refresh-token family) is named so that GET /auth/session can tell whether
    it has ended."""
    return Principal(
        account_id=str(account.id),
        role=cast("Role", account.role),  # the database allows only the four roles (ck_accounts_role)
        enterprise_ids=frozenset(str(e) for e in account.enterprise_ids),
        staff_id=str(account.staff_id) if account.staff_id else None,
        name=account.login,
        sign_in_id=str(sign_in_id) if sign_in_id is not None else None,
        display_name=account.display_name,
    )


def _credentials(ctx: Context) -> Credentials:
    assert ctx.credentials is not None, "create_app sets the credentials"
    return ctx.credentials


async def _open(
    uow: Repositories, credentials: Credentials, account: Account, *, family_id: uuid.UUID, now: datetime
) -> SignedIn:
    """A fresh access token and the next refresh token of the sign-in `family_id`."""
    refresh = secrets.token_urlsafe(32)
    await uow.sign_ins.add(
        RefreshToken(
            id=uuid.uuid4(),
            account_id=account.id,
            family_id=family_id,
            token_hash=digest(refresh),
            issued_at=now,
            expires_at=now + credentials.refresh_ttl,
        )
    )
    access = issue_access_token(
        principal_of(account, sign_in_id=family_id),
        private_key_pem=credentials.private_key,
        now=credentials.token_clock(),
        ttl=credentials.access_ttl,
    )
    return SignedIn(
        access,
        int(credentials.access_ttl.total_seconds()),
        refresh,
        int(credentials.refresh_ttl.total_seconds()),
        account,
    )


async def _usable(uow: Repositories, account: Account) -> bool:
    """An active account; a staff member's also needs their staff record active (someone who
    left the enterprise is deactivated there, and their account stops with it)."""
    if not account.active:
        return False
    if account.role != "staff" or account.staff_id is None:
        return True
    member = await uow.staff.get(account.staff_id)
    return member is not None and member.active


async def _check_password(
    uow: Repositories, credentials: Credentials, account: Account | None, *, password: str, login: str, now: datetime
) -> DomainError | None:
    """None if `password` is the active account's; else the error to answer: a deactivated account
    with its right password is told so (no failure counted), anything else is a failure counted (the
    account locked at the max-th in a row) and reads as an unknown login."""
    if account is None:
        waiting = credentials.unknown_logins.take(login, now)  # unknown logins lock like real ones
        if waiting is not None:
            return TooManyAttempts(waiting)
        await credentials.verify(await credentials.dummy_hash(), password)
        return _wrong_credentials()
    if account.locked_until is not None and account.locked(now):
        return TooManyAttempts(seconds_to_wait(account.locked_until, now))
    if await credentials.verify(account.password_hash, password):
        return None if await _usable(uow, account) else _deactivated()
    failed, locked_until = lock_after_failure(
        account.failed_logins, now=now, max_failures=credentials.max_failures, lockout=credentials.lockout
    )
    await uow.accounts.save(replace(account, failed_logins=failed, locked_until=locked_until))
    return _wrong_credentials()


async def _succeeded(
    uow: Repositories, credentials: Credentials, account: Account, *, password: str, now: datetime
) -> Account:
    """Reset the failure count; re-hash a password hashed with yesterday's parameters."""
    password_hash = account.password_hash
    if credentials.needs_rehash(password_hash):
        password_hash = await credentials.hash(password)
    # the person has their password back: a request for a new one is no longer the administrators' to answer
    account = replace(
        account,
        failed_logins=0,
        locked_until=None,
        last_login_at=now,
        password_hash=password_hash,
        reset_requested_at=None,
    )
    await uow.accounts.save(account)
    return account


async def sign_in(ctx: Context, *, login: str, password: str, client: str) -> SignedIn:
    """Check a login and password; answer a new sign-in (access and refresh token)."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    key = normalize_login(login) or login.strip().lower()
    waiting = credentials.clients.take(client, now)
    if waiting is not None:
        raise TooManyAttempts(waiting)
    async with writing(ctx) as uow:  # failures are counted even though the answer is an error
        # The account is locked: one account's attempts are checked one after the other, so that
        # concurrent guesses cannot all pass before the lock is written.
        account = await uow.accounts.with_login(key, lock=True)
        error = await _check_password(uow, credentials, account, password=password, login=key, now=now)
        if error is None:
            assert account is not None
            account = await _succeeded(uow, credentials, account, password=password, now=now)
            signed = await _open(uow, credentials, account, family_id=uuid.uuid4(), now=now)
    if error is not None:
        raise error
    credentials.clients.give_back(client, now)
    return signed


@dataclass(frozen=True)
class RequestPasswordReset:
    login: str  # as typed
    client: str  # the address the request came from


def reset_requested(account: Account, *, now: datetime) -> PasswordResetRequested:
    """The event of an account's request for a new password: who the account is, when; nothing secret."""
    return PasswordResetRequested(
        account_id=account.id,
        login=account.login,
        display_name=account.display_name,
        role=cast("Role", account.role),
        enterprise_ids=account.enterprise_ids,
        staff_id=account.staff_id,
        requested_at=now,
        open_since=account.reset_requested_at or now,
    )


async def request_password_reset(ctx: Context, cmd: RequestPasswordReset) -> None:
    """Ask the Department's administrators for a new password (QZ29 #15). The same answer (none) whether the login
    is an active account's, an inactive one's or nobody's, within the same limits: one request per login per
    window and a few per client address (`TooManyResetRequests`). An active account's request is recorded (its
    first time kept while it stays open) and published; asked again, it is published again (the administrators
    reminded), still open since the first."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    key = normalize_login(cmd.login) or cmd.login.strip().lower()
    waiting = credentials.reset_clients.take(cmd.client, now)
    if waiting is not None:
        raise TooManyResetRequests(waiting, per_login=False)
    waiting = credentials.reset_logins.take(key, now)
    if waiting is not None:
        raise TooManyResetRequests(waiting, per_login=True)
    async with unit_of_work(ctx) as uow:
        account = await uow.accounts.with_login(key, lock=True)
        if account is None or not await _usable(uow, account):
            return
        await uow.emit(reset_requested(account, now=now), key=account.id, subject=f"accounts/{account.id}")
        if account.reset_requested_at is None:
            await uow.accounts.save(replace(account, reset_requested_at=now))


async def renew(ctx: Context, *, refresh_token: str) -> SignedIn:
    """Trade a refresh token for a new access token and the next refresh token. The account is
    read again, so a new role or scope takes effect and a deactivated account is refused."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    error: NotSignedIn | None = None
    async with writing(ctx) as uow:
        tokens = uow.sign_ins
        token = await tokens.by_hash(digest(refresh_token), lock=True)
        if token is None or token.revoked_at is not None:
            error = _invalid_refresh(
                "This refresh token is unknown or was revoked (signed out, new password)",
                "Mã làm mới không hợp lệ hoặc đã bị thu hồi",
            )
        elif token.used_at is not None:
            await tokens.revoke_family(token.family_id, now=now)
            error = _invalid_refresh(
                "This refresh token was already used once, so it may have been copied: the "
                "sign-in it belongs to has been ended everywhere",
                "Mã làm mới này đã được dùng, có thể đã bị sao chép: phiên đăng nhập đã bị kết thúc",
                "refresh-token-reused",
            )
        elif token.expires_at <= now:
            # its own type: the portal tells a sign-in that ran out of time from one ended elsewhere
            error = _invalid_refresh("This refresh token has expired", "Mã làm mới đã hết hạn", "refresh-token-expired")
        else:
            account = await uow.accounts.get(token.account_id)
            if account is None or not await _usable(uow, account):
                await tokens.revoke_family(token.family_id, now=now)
                error = _invalid_refresh(
                    "This account has been deactivated", "Tài khoản đã bị vô hiệu hoá", "account-inactive"
                )
            else:
                await tokens.mark_used(token.id, now=now)
                signed = await _open(uow, credentials, account, family_id=token.family_id, now=now)
    if error is not None:
        raise error
    return signed


def _account_id(principal: Principal) -> uuid.UUID | None:
    try:
        return uuid.UUID(principal.account_id)
    except ValueError:
        return None


async def sign_out(ctx: Context, principal: Principal, *, refresh_token: str) -> None:
    """End the caller's sign-in that `refresh_token` belongs to (someone else's token, or an
    unknown one, ends nothing: the answer is the same)."""
    account_id = _account_id(principal)
    async with writing(ctx) as uow:
        tokens = uow.sign_ins
        family_id = await tokens.family_of(digest(refresh_token), account_id=account_id)
        if family_id is not None:
            await tokens.revoke_family(family_id, now=ctx.clock())


@dataclass(frozen=True)
class SignInState:
    """A sign-in that goes on: its id (None for a token issued without one) and its account."""

    sign_in_id: uuid.UUID | None
    account_id: str


def _ended() -> NotSignedIn:
    return NotSignedIn(
        "authorization",
        "sign-in-ended",
        "This sign-in has ended (signed out, the password was changed, or the account was deactivated): "
        "sign in again with POST /auth/login.",
        "Phiên đăng nhập này đã kết thúc (đã đăng xuất, đã đổi mật khẩu hoặc tài khoản bị vô hiệu hoá): "
        "hãy đăng nhập lại.",
    )


def _inactive() -> NotSignedIn:
    return NotSignedIn(
        "authorization",
        "account-inactive",
        "This sign-in has ended because the account was deactivated: ask an administrator to reactivate it.",
        "Phiên đăng nhập này đã kết thúc vì tài khoản đã ngừng hoạt động: hãy nhờ quản trị viên cho tài khoản "
        "hoạt động trở lại.",
    )


async def session_state(ctx: Context, principal: Principal) -> SignInState:
    """Whether the sign-in the caller's access token was issued for still goes on.

    Access tokens are checked without state by every service (a signature and an expiry), so a
    token outlives the sign-out, password change or deactivation that ended its sign-in by up to
    its lifetime. This is the cheap question a client that holds tokens for someone (the portal)
    asks to learn at once that the sign-in is over: one indexed read of the refresh-token family
    named in the token's `sid` claim, and of the account. An ended sign-in answers NotSignedIn
    (401): `account-inactive` when its account was deactivated (so the person is told why, not that a
    session expired), `sign-in-ended` otherwise. A token without `sid` (issued before sign-ins were named, or made by a test) names no
    sign-in to look up: it goes on as long as its account is usable."""
    account_id = _account_id(principal)
    sign_in_id = None
    if principal.sign_in_id is not None:
        try:
            sign_in_id = uuid.UUID(principal.sign_in_id)
        except ValueError:
            raise _ended() from None
    if account_id is None:
        if sign_in_id is None:
            return SignInState(None, principal.account_id)
        raise _ended()
    async with reading(ctx) as r:
        account = await r.accounts.get(account_id)
        if account is not None and not await _usable(r, account):
            raise _inactive()
        if sign_in_id is None:
            return SignInState(None, principal.account_id)
        alive = await r.sign_ins.alive(sign_in_id, account_id=account_id, now=ctx.clock())
        if not alive or account is None:
            raise _ended()
    return SignInState(sign_in_id, principal.account_id)


async def me(ctx: Context, principal: Principal) -> Account:
    account_id = _account_id(principal)
    async with reading(ctx) as r:
        account = None if account_id is None else await r.accounts.get(account_id)
    if account is None:
        raise NotFound(
            "account",
            "tài khoản",
            principal.account_id,
            "the access token names an account that is not (or no longer) in roster: sign in again.",
        )
    return account


async def change_password(
    ctx: Context, principal: Principal, *, current: str, new: str, client: str, dry_run: bool = False
) -> SignedIn | None:
    """Change the caller's own password: every sign-in of the account ends, and this one goes
    on with a new refresh token. The current password and the new one are both judged, and every
    mistake of either is answered at once; a wrong current password counts as a failed sign-in.

    `dry_run`: the same judgement, attempt counted or given back the same way, and nothing changed
    (None when the change would be made) — so that a form with mistakes of its own learns roster's too."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    waiting = credentials.clients.take(client, now)
    if waiting is not None:
        raise TooManyAttempts(waiting)
    guessed = bool(current)  # until a typed current password proves right, the attempt counts as a failure
    account_id = _account_id(principal)
    signed: SignedIn | None = None
    async with unit_of_work(ctx, actor=principal.actor) as uow:
        account = None if account_id is None else await uow.accounts.get(account_id, lock=True)
        if account is None:
            guessed = False
            error: DomainError | None = NotFound("account", "tài khoản", principal.account_id, "sign in again.")
        else:
            error, right = await _judge_change(uow, credentials, account, current=current, new=new, now=now)
            if right:
                guessed = False
            if error is None and not dry_run:
                account = replace(
                    account,
                    password_hash=await credentials.hash(new),
                    failed_logins=0,
                    locked_until=None,
                    secret_from_admin=False,
                    reset_requested_at=None,
                    version=account.version + 1,
                    updated_at=now,
                )
                await uow.accounts.save(account)
                await publish_account(uow, account, changed=("password",))
                await uow.sign_ins.revoke_account(account.id, now=now)
                signed = await _open(uow, credentials, account, family_id=uuid.uuid4(), now=now)
    if not guessed:
        credentials.clients.give_back(client, now)
    if error is not None:
        raise error
    return signed


async def _judge_change(
    uow: Repositories, credentials: Credentials, account: Account, *, current: str, new: str, now: datetime
) -> tuple[DomainError | None, bool]:
    """What is wrong with a password change (every field's mistakes in one error, or a lock's wait),
    and whether the current password was right. A wrong one is counted as a failed sign-in."""
    errors: list[FieldError] = []
    right = False
    if not current:
        errors.append(
            FieldError(
                "current_password",
                "current-password-missing",
                "Type your current password.",
                "Hãy nhập mật khẩu hiện tại.",
            )
        )
    else:
        checked = await _check_password(uow, credentials, account, password=current, login=account.login, now=now)
        if isinstance(checked, TooManyAttempts):
            return checked, False
        right = checked is None
        if isinstance(checked, NotSignedIn):
            errors.append(
                FieldError(
                    "current_password",
                    "current-password",
                    "The current password is wrong.",
                    "Mật khẩu hiện tại không đúng.",
                )
            )
    errors += password_errors(new, login=account.login, field="new_password")
    if right and new == current:
        errors.append(
            FieldError(
                "new_password",
                "password-changed",
                "The new password is the current one.",
                "Mật khẩu mới trùng mật khẩu hiện tại.",
            )
        )
    return (RuleViolation(errors) if errors else None), right


async def purge_expired_refresh_tokens(session: Any, *, now: datetime) -> int:
    """Forget refresh tokens past their expiry: they renew nothing, used or not."""
    return await PgSignIns(session).purge_expired(now=now)
