"""Accounts, as an administrator manages them: create, edit (If-Match), look up, list.

Account changes are not published to Kafka: the other services learn who is calling from
the access token alone. A password is only ever stored as its argon2id hash, and no view
of an account carries the hash."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.search import name_matches, with_folded
from ..db.tables import accounts, enterprises, refresh_tokens, staff
from ..domain.accounts import AccountScope, edited_scope, password_errors, scope_errors
from ..domain.errors import Conflict, Precondition, RuleViolation, missing
from .context import Context, UnitOfWork
from .credentials import Credentials
from .views import Page, Row, containing, fetch_page

VIEW_COLUMNS = (
    "id",
    "login",
    "display_name",
    "role",
    "enterprise_ids",
    "staff_id",
    "active",
    "locked_until",
    "last_login_at",
    "version",
    "created_at",
    "updated_at",
)

SORTS = {
    "login": [accounts.c.login],
    "-login": [accounts.c.login.desc()],
    "display_name": [accounts.c.display_name],
    "-display_name": [accounts.c.display_name.desc()],
    "created_at": [accounts.c.created_at],
    "-created_at": [accounts.c.created_at.desc()],
}


def account_view(row: Row) -> dict:
    """An account as the API shows it: everything but the password hash and the failure count."""
    return {k: row[k] for k in VIEW_COLUMNS}


@dataclass(frozen=True)
class CreateAccount:
    login: str  # already normalised (lower-case, e-mail-like)
    display_name: str
    role: str
    password: str
    enterprise_ids: tuple[uuid.UUID, ...] = ()
    staff_id: uuid.UUID | None = None
    active: bool = True


async def checked_scope(session: AsyncSession, scope: AccountScope, *, account_id: uuid.UUID | None) -> list[str]:
    """Check the role's scope against the data and give the enterprise ids to store: a manager's
    must exist; a staff account's is its staff record's, and a staff record has one account."""
    errors = scope_errors(scope)
    if errors:
        raise RuleViolation(errors)
    if scope.role == "manager":
        found = set(
            (
                await session.execute(select(enterprises.c.id).where(enterprises.c.id.in_(scope.enterprise_ids)))
            ).scalars()
        )
        missing = [e for e in scope.enterprise_ids if e not in found]
        if missing:
            raise RuleViolation(
                "enterprise_ids",
                "enterprise-exists",
                f"No enterprise has id {missing[0]}: list them with GET /enterprises.",
                f"Doanh nghiệp thứ {scope.enterprise_ids.index(missing[0]) + 1} trong danh sách chưa được đăng ký.",
                enterprise_id=str(missing[0]),
            )
        return sorted(str(e) for e in scope.enterprise_ids)
    if scope.role == "staff":
        enterprise_id = await session.scalar(select(staff.c.enterprise_id).where(staff.c.id == scope.staff_id))
        if enterprise_id is None:
            raise RuleViolation(
                "staff_id",
                "staff-exists",
                f"No staff member has id {scope.staff_id}: list them with GET /staff.",
                "Cán bộ đã chọn chưa được đăng ký.",
                staff_id=str(scope.staff_id),
            )
        taken = (
            await session.execute(
                select(accounts.c.id, accounts.c.login, staff.c.full_name)
                .join(staff, staff.c.id == accounts.c.staff_id)
                .where(accounts.c.staff_id == scope.staff_id, accounts.c.id != (account_id or uuid.UUID(int=0)))
            )
        ).first()
        if taken is not None:
            raise Conflict(
                "staff_id",
                "one-account-per-staff",
                f"{taken.full_name} already has an account ({taken.login}).",
                f"{taken.full_name} đã có tài khoản ({taken.login}).",
                account_id=str(taken.id),
            )
        return [str(enterprise_id)]
    return []


def _login_taken(login: str, existing: object) -> Conflict:
    return Conflict(
        "login",
        "unique-login",
        f"The login {login} is taken (account {existing}).",
        f"Tên đăng nhập {login} đã được dùng cho một tài khoản khác.",
        account_id=str(existing),
    )


async def insert_account(session: AsyncSession, cmd: CreateAccount, *, password_hash: str, now: datetime) -> dict:
    """Write a checked account (the CLI's first administrator comes through here too)."""
    scope = AccountScope(cmd.role, tuple(dict.fromkeys(cmd.enterprise_ids)), cmd.staff_id)
    enterprise_ids = await checked_scope(session, scope, account_id=None)
    values = {
        "id": uuid.uuid4(),
        "login": cmd.login,
        "display_name": cmd.display_name,
        "role": cmd.role,
        "enterprise_ids": enterprise_ids,
        "staff_id": cmd.staff_id,
        "password_hash": password_hash,
        "active": cmd.active,
        "failed_logins": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    row = (
        (
            await session.execute(
                insert(accounts)
                .values(**with_folded(accounts, values))
                .on_conflict_do_nothing(index_elements=["login"])
                .returning(*accounts.c)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise _login_taken(cmd.login, await session.scalar(select(accounts.c.id).where(accounts.c.login == cmd.login)))
    return dict(row)


async def create_account(uow: UnitOfWork, credentials: Credentials, cmd: CreateAccount) -> dict:
    """Create an account with its first password (the administrator hands it over)."""
    errors = password_errors(cmd.password, login=cmd.login)
    if errors:
        raise RuleViolation(errors)
    taken = await uow.session.scalar(select(accounts.c.id).where(accounts.c.login == cmd.login))
    if taken is not None:  # before hashing: a taken login is answered at once
        raise _login_taken(cmd.login, taken)
    row = await insert_account(uow.session, cmd, password_hash=await credentials.hash(cmd.password), now=uow.now)
    return account_view(row)


async def revoke_refresh_tokens(session: AsyncSession, account_id: uuid.UUID, now: datetime) -> None:
    """End every sign-in of the account: its refresh tokens renew nothing any more."""
    await session.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.account_id == account_id, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _scope_of(row: Row) -> AccountScope:
    return AccountScope(row["role"], tuple(uuid.UUID(e) for e in row["enterprise_ids"]), row["staff_id"])


async def _keep_an_administrator(session: AsyncSession, row: Row, values: dict) -> None:
    """The last active administrator can be neither demoted nor deactivated: nobody could
    manage accounts any more (except by the CLI on the server)."""
    stays = values.get("role", row["role"]) == "admin" and values.get("active", row["active"])
    if row["role"] != "admin" or not row["active"] or stays:
        return
    others = (
        await session.execute(
            select(accounts.c.id)
            .where(accounts.c.role == "admin", accounts.c.active, accounts.c.id != row["id"])
            .with_for_update()
        )
    ).first()
    if others is None:
        field = "role" if "role" in values else "active"
        raise Conflict(
            field,
            "last-admin",
            "This is the last active administrator: create or activate another one first.",
            "Đây là quản trị viên cuối cùng còn hoạt động: hãy tạo hoặc kích hoạt một quản trị viên khác trước.",
        )


async def edit_account(
    uow: UnitOfWork, credentials: Credentials, account_id: uuid.UUID, changes: dict, pre: Precondition
) -> dict:
    """Change an account's name, role and scope, active flag or password. A new password or a
    deactivation ends the account's sign-ins (refresh tokens); a new role or scope reaches the
    account's next access token (at most access_token_minutes later)."""
    row = (
        (await uow.session.execute(select(accounts).where(accounts.c.id == account_id).with_for_update()))
        .mappings()
        .first()
    )
    if row is None:
        raise missing("account", account_id)
    pre.check(row["version"], what="account", what_vi="tài khoản", ident=account_id)
    values: dict = {k: changes[k] for k in ("display_name", "active") if changes.get(k) is not None}
    given = {k: changes[k] for k in ("role", "enterprise_ids", "staff_id") if k in changes}
    if given.get("role", "") is None:
        del given["role"]
    if given:
        scope = edited_scope(_scope_of(row), given=given)
        values.update(
            role=scope.role,
            staff_id=scope.staff_id,
            enterprise_ids=await checked_scope(uow.session, scope, account_id=account_id),
        )
    values = {k: v for k, v in values.items() if row[k] != v}
    if changes.get("password") is not None:
        errors = password_errors(changes["password"], login=row["login"])
        if errors:
            raise RuleViolation(errors)
        values.update(password_hash=await credentials.hash(changes["password"]), failed_logins=0, locked_until=None)
    if not values:  # nothing changes: no new version
        return account_view(row)
    await _keep_an_administrator(uow.session, row, values)
    row = (
        (
            await uow.session.execute(
                update(accounts)
                .where(accounts.c.id == account_id)
                .values(**with_folded(accounts, values), version=row["version"] + 1, updated_at=uow.now)
                .returning(*accounts.c)
            )
        )
        .mappings()
        .one()
    )
    if "password_hash" in values or values.get("active") is False:
        await revoke_refresh_tokens(uow.session, account_id, uow.now)
    return account_view(row)


async def get_account(ctx: Context, account_id: uuid.UUID) -> dict:
    async with ctx.sessions() as session:
        row = (await session.execute(select(accounts).where(accounts.c.id == account_id))).mappings().first()
    if row is None:
        raise missing("account", account_id)
    return account_view(row)


async def list_accounts(
    ctx: Context,
    *,
    role: str | None,
    enterprise_id: uuid.UUID | None,
    active: bool | None,
    q: str | None,
    sort: str,
    limit: int,
    offset: int,
) -> Page:
    """Accounts matching every given filter; `q` is a part of the login or the display name."""
    stmt = select(accounts)
    if role:
        stmt = stmt.where(accounts.c.role == role)
    if enterprise_id:
        stmt = stmt.where(accounts.c.enterprise_ids.contains([str(enterprise_id)]))
    if active is not None:
        stmt = stmt.where(accounts.c.active == active)
    if q:
        stmt = stmt.where(or_(accounts.c.login.ilike(containing(q)), name_matches(accounts, q)))
    order: Sequence = [*SORTS[sort], accounts.c.id]
    async with ctx.sessions() as session:
        return await fetch_page(session, stmt, order_by=order, limit=limit, offset=offset, view=account_view)
