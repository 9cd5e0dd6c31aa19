"""Signing in and staying signed in: a password gives a short-lived access token (signed with
roster's private key) and an opaque refresh token; the refresh token is stored only as its
SHA-256, renews once (rotation), and a second use of it ends the whole sign-in (a stolen
token and its rightful owner cannot both go on).

Failed sign-ins are counted per account (a lock for `lockout` after `max_failures` in a row,
in the database) and per client address (a sliding window in this process), and an unknown
login gets the same answer, in the same time, as a wrong password."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.auth import Principal, issue_access_token

from ..db.tables import accounts, refresh_tokens, staff
from ..domain.accounts import lock_after_failure, normalize_login, password_errors, seconds_to_wait
from ..domain.errors import DomainError, FieldError, NotFound, NotSignedIn, RuleViolation, TooManyAttempts
from .accounts import account_view, revoke_refresh_tokens
from .context import Context
from .credentials import Credentials
from .views import Row


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    expires_in: int  # seconds
    refresh_token: str
    refresh_expires_in: int
    account: dict


def _wrong_credentials() -> NotSignedIn:
    return NotSignedIn(
        "login", "invalid-credentials", "The login or the password is wrong.", "Tên đăng nhập hoặc mật khẩu không đúng."
    )


def _invalid_refresh(reason: str, reason_vi: str, rule: str = "invalid-refresh-token") -> NotSignedIn:
    return NotSignedIn(
        "refresh_token", rule, f"{reason}: sign in again with POST /auth/login.", f"{reason_vi}: hãy đăng nhập lại."
    )


def digest(token: str) -> str:
    """What is stored of a refresh token: a leaked table renews nobody's sign-in."""
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(row: Row) -> Principal:
    """Who the access token says the account is; the login is recorded as the actor of changes."""
    return Principal(
        account_id=str(row["id"]),
        role=row["role"],
        enterprise_ids=frozenset(row["enterprise_ids"]),
        staff_id=str(row["staff_id"]) if row["staff_id"] else None,
        name=row["login"],
    )


def _credentials(ctx: Context) -> Credentials:
    assert ctx.credentials is not None, "create_app sets the credentials"
    return ctx.credentials


async def _open(
    session: AsyncSession, credentials: Credentials, row: Row, *, family_id: uuid.UUID, now: datetime
) -> SignedIn:
    """A fresh access token and the next refresh token of the sign-in `family_id`."""
    refresh = secrets.token_urlsafe(32)
    await session.execute(
        refresh_tokens.insert().values(
            id=uuid.uuid4(),
            account_id=row["id"],
            family_id=family_id,
            token_hash=digest(refresh),
            issued_at=now,
            expires_at=now + credentials.refresh_ttl,
        )
    )
    access = issue_access_token(
        principal_of(row),
        private_key_pem=credentials.private_key,
        now=credentials.token_clock(),
        ttl=credentials.access_ttl,
    )
    return SignedIn(
        access,
        int(credentials.access_ttl.total_seconds()),
        refresh,
        int(credentials.refresh_ttl.total_seconds()),
        account_view(row),
    )


async def _account(session: AsyncSession, condition) -> Row | None:
    """The account, locked: one account's attempts are checked one after the other, so that
    concurrent guesses cannot all pass before the lock is written."""
    return (await session.execute(select(accounts).where(condition).with_for_update())).mappings().first()


async def _usable(session: AsyncSession, row: Row) -> bool:
    """An active account; a staff member's also needs their staff record active (someone who
    left the enterprise is deactivated there, and their account stops with it)."""
    if not row["active"]:
        return False
    if row["role"] != "staff" or row["staff_id"] is None:
        return True
    return bool(await session.scalar(select(staff.c.active).where(staff.c.id == row["staff_id"])))


async def _check_password(
    session: AsyncSession, credentials: Credentials, row: Row | None, password: str, *, login: str, now: datetime
) -> DomainError | None:
    """None if `password` is the active account's; else the error to answer, with the failure
    counted (and the account locked at the max-th failure in a row)."""
    if row is None:
        waiting = credentials.unknown_logins.take(login, now)  # unknown logins lock like real ones
        if waiting is not None:
            return TooManyAttempts(waiting)
        await credentials.verify(await credentials.dummy_hash(), password)
        return _wrong_credentials()
    if row["locked_until"] is not None and row["locked_until"] > now:
        return TooManyAttempts(seconds_to_wait(row["locked_until"], now))
    if await credentials.verify(row["password_hash"], password) and await _usable(session, row):
        return None
    failed, locked_until = lock_after_failure(
        row["failed_logins"], now=now, max_failures=credentials.max_failures, lockout=credentials.lockout
    )
    await session.execute(
        update(accounts).where(accounts.c.id == row["id"]).values(failed_logins=failed, locked_until=locked_until)
    )
    return _wrong_credentials()


async def _succeeded(session: AsyncSession, credentials: Credentials, row: Row, password: str, now: datetime) -> Row:
    """Reset the failure count; re-hash a password hashed with yesterday's parameters."""
    values: dict = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
    if credentials.needs_rehash(row["password_hash"]):
        values["password_hash"] = await credentials.hash(password)
    return (
        (
            await session.execute(
                update(accounts).where(accounts.c.id == row["id"]).values(**values).returning(*accounts.c)
            )
        )
        .mappings()
        .one()
    )


async def sign_in(ctx: Context, *, login: str, password: str, client: str) -> SignedIn:
    """Check a login and password; answer a new sign-in (access and refresh token)."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    key = normalize_login(login) or login.strip().lower()
    waiting = credentials.clients.take(client, now)
    if waiting is not None:
        raise TooManyAttempts(waiting)
    async with ctx.sessions.begin() as session:  # failures are counted even though the answer is an error
        row = await _account(session, accounts.c.login == key)
        error = await _check_password(session, credentials, row, password, login=key, now=now)
        if error is None:
            assert row is not None
            row = await _succeeded(session, credentials, row, password, now)
            signed = await _open(session, credentials, row, family_id=uuid.uuid4(), now=now)
    if error is not None:
        raise error
    credentials.clients.give_back(client, now)
    return signed


async def _revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def renew(ctx: Context, *, refresh_token: str) -> SignedIn:
    """Trade a refresh token for a new access token and the next refresh token. The account is
    read again, so a new role or scope takes effect and a deactivated account is refused."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    error: NotSignedIn | None = None
    async with ctx.sessions.begin() as session:
        token = (
            (
                await session.execute(
                    select(refresh_tokens).where(refresh_tokens.c.token_hash == digest(refresh_token)).with_for_update()
                )
            )
            .mappings()
            .first()
        )
        if token is None or token["revoked_at"] is not None:
            error = _invalid_refresh(
                "This refresh token is unknown or was revoked (signed out, new password)",
                "Mã làm mới không hợp lệ hoặc đã bị thu hồi",
            )
        elif token["used_at"] is not None:
            await _revoke_family(session, token["family_id"], now)
            error = _invalid_refresh(
                "This refresh token was already used once, so it may have been copied: the "
                "sign-in it belongs to has been ended everywhere",
                "Mã làm mới này đã được dùng, có thể đã bị sao chép: phiên đăng nhập đã bị kết thúc",
                "refresh-token-reused",
            )
        elif token["expires_at"] <= now:
            error = _invalid_refresh("This refresh token has expired", "Mã làm mới đã hết hạn")
        else:
            row = (
                (await session.execute(select(accounts).where(accounts.c.id == token["account_id"]))).mappings().first()
            )
            if row is None or not await _usable(session, row):
                await _revoke_family(session, token["family_id"], now)
                error = _invalid_refresh(
                    "This account has been deactivated", "Tài khoản đã bị vô hiệu hoá", "account-inactive"
                )
            else:
                await session.execute(
                    update(refresh_tokens).where(refresh_tokens.c.id == token["id"]).values(used_at=now)
                )
                signed = await _open(session, credentials, row, family_id=token["family_id"], now=now)
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
    async with ctx.sessions.begin() as session:
        family_id = await session.scalar(
            select(refresh_tokens.c.family_id).where(
                refresh_tokens.c.token_hash == digest(refresh_token), refresh_tokens.c.account_id == account_id
            )
        )
        if family_id is not None:
            await _revoke_family(session, family_id, ctx.clock())


async def me(ctx: Context, principal: Principal) -> dict:
    account_id = _account_id(principal)
    async with ctx.sessions() as session:
        row = (await session.execute(select(accounts).where(accounts.c.id == account_id))).mappings().first()
    if row is None:
        raise NotFound(
            "account",
            "tài khoản",
            principal.account_id,
            "the access token names an account that is not (or no longer) in roster: sign in again.",
        )
    return account_view(row)


async def change_password(ctx: Context, principal: Principal, *, current: str, new: str, client: str) -> SignedIn:
    """Change the caller's own password: every sign-in of the account ends, and this one goes
    on with a new refresh token. A wrong current password counts as a failed sign-in."""
    credentials = _credentials(ctx)
    now = ctx.clock()
    waiting = credentials.clients.take(client, now)
    if waiting is not None:
        raise TooManyAttempts(waiting)
    guessed = True  # until the current password proves right, the attempt counts as a failure
    async with ctx.sessions.begin() as session:
        row = await _account(session, accounts.c.id == _account_id(principal))
        if row is None:
            guessed = False
            error: DomainError | None = NotFound("account", "tài khoản", principal.account_id, "sign in again.")
        else:
            error = await _check_password(session, credentials, row, current, login=row["login"], now=now)
        if isinstance(error, NotSignedIn):
            error = RuleViolation(
                "current_password",
                "current-password",
                "The current password is wrong.",
                "Mật khẩu hiện tại không đúng.",
            )
        elif error is None and row is not None:
            guessed = False
            error = _new_password_error(row["login"], current, new)
            if error is None:
                hashed = await credentials.hash(new)
                row = (
                    (
                        await session.execute(
                            update(accounts)
                            .where(accounts.c.id == row["id"])
                            .values(
                                password_hash=hashed,
                                failed_logins=0,
                                locked_until=None,
                                version=row["version"] + 1,
                                updated_at=now,
                            )
                            .returning(*accounts.c)
                        )
                    )
                    .mappings()
                    .one()
                )
                await revoke_refresh_tokens(session, row["id"], now)
                signed = await _open(session, credentials, row, family_id=uuid.uuid4(), now=now)
    if not guessed:
        credentials.clients.give_back(client, now)
    if error is not None:
        raise error
    return signed


def _new_password_error(login: str, current: str, new: str) -> RuleViolation | None:
    errors = password_errors(new, login=login, field="new_password")
    if new == current:
        errors.append(
            FieldError(
                "new_password",
                "password-changed",
                "The new password is the current one.",
                "Mật khẩu mới trùng mật khẩu hiện tại.",
            )
        )
    return RuleViolation(errors) if errors else None


async def purge_expired_refresh_tokens(session: AsyncSession, *, now: datetime) -> int:
    """Forget refresh tokens past their expiry: they renew nothing, used or not."""
    result = await session.execute(refresh_tokens.delete().where(refresh_tokens.c.expires_at < now))
    return result.rowcount or 0
