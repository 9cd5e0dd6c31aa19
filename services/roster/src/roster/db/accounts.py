"""Accounts and their sign-ins (refresh tokens) in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import asdict
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice

from ..domain.accounts import Account, AccountHolder, RefreshToken
from .pages import Row, offset_page
from .search import name_matches, with_name_keys
from .tables import accounts, refresh_tokens, staff

PAGE_KIND = "accounts"

SORTS: dict[str, list[Any]] = {  # display names in Vietnamese order, by their sort key (search.SORTED)
    "login": [accounts.c.login],
    "-login": [accounts.c.login.desc()],
    "display_name": [accounts.c.display_name_sort, accounts.c.display_name.collate("C")],
    "-display_name": [accounts.c.display_name_sort.desc(), accounts.c.display_name.collate("C").desc()],
    "created_at": [accounts.c.created_at],
    "-created_at": [accounts.c.created_at.desc()],
}


class AccountRepository(Protocol):
    async def add(self, account: Account) -> bool:
        """Store a new account; False when the login is taken."""
        ...

    async def with_login(self, login: str, *, lock: bool = False) -> Account | None:
        """The account of this (normalised) login; ``lock`` holds it until the transaction ends."""
        ...

    async def get(self, account_id: uuid.UUID, *, lock: bool = False) -> Account | None: ...

    async def display_names(self, logins: Collection[str]) -> dict[str, str]:
        """The display name of each of these logins that has an account (one read for them all)."""
        ...

    async def save(self, account: Account) -> None:
        """Write a changed account (same id)."""
        ...

    async def other_active_admin(self, account_id: uuid.UUID) -> uuid.UUID | None:
        """An active administrator besides this account (locked until the transaction ends)."""
        ...

    async def holder_of_staff(self, staff_id: uuid.UUID, *, besides: uuid.UUID | None) -> AccountHolder | None:
        """The account of a staff record, other than ``besides``."""
        ...

    async def signing_in(self, staff_ids: Collection[uuid.UUID]) -> frozenset[uuid.UUID]:
        """Those of these staff records an active account is linked to, with no request for a new password open:
        the people who can sign in and check in themselves (one read for them all). Someone who asked for a new
        password (`reset_requested_at`) cannot sign in until an administrator sets one, so a manager may record
        their arrival while the shift is under way, as for someone without an account."""
        ...

    async def find(
        self,
        *,
        role: str | None,
        enterprise_id: uuid.UUID | None,
        active: bool | None,
        q: str | None,
        sort: str,
        page: PageRequest,
        staff_ids: frozenset[uuid.UUID] | None = None,
        reset_requested: bool | None = None,
    ) -> Slice[Account]:
        """Accounts matching every filter given (``q``: part of the login or of the display name; ``staff_ids``:
        linked to one of these staff records; ``reset_requested``: with a request for a new password open or not),
        sorted by ``sort`` (a key of SORTS), then id."""
        ...


class SignInRepository(Protocol):
    async def add(self, token: RefreshToken) -> None: ...

    async def by_hash(self, token_hash: str, *, lock: bool = False) -> RefreshToken | None: ...

    async def mark_used(self, token_id: uuid.UUID, *, now: datetime) -> None: ...

    async def family_of(self, token_hash: str, *, account_id: uuid.UUID | None) -> uuid.UUID | None:
        """The sign-in a token of this account belongs to (None for an unknown or another's token)."""
        ...

    async def revoke_family(self, family_id: uuid.UUID, *, now: datetime) -> None:
        """End one sign-in: none of its tokens renews any more."""
        ...

    async def alive(self, family_id: uuid.UUID, *, account_id: uuid.UUID, now: datetime) -> bool:
        """Whether the account's sign-in `family_id` goes on: one of its refresh tokens is neither
        revoked (signed out, new password, reuse) nor expired."""
        ...

    async def revoke_account(self, account_id: uuid.UUID, *, now: datetime) -> None:
        """End every sign-in of an account."""
        ...

    async def purge_expired(self, *, now: datetime) -> int:
        """Forget the tokens past their expiry; how many."""
        ...


def account_of(row: Row) -> Account:
    return Account(
        id=row["id"],
        login=row["login"],
        display_name=row["display_name"],
        role=row["role"],
        enterprise_ids=tuple(uuid.UUID(e) for e in row["enterprise_ids"] or ()),
        staff_id=row["staff_id"],
        password_hash=row["password_hash"],
        active=row["active"],
        failed_logins=row["failed_logins"],
        locked_until=row["locked_until"],
        last_login_at=row["last_login_at"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        secret_from_admin=row["secret_from_admin"],
        reset_requested_at=row["reset_requested_at"],
    )


def _values(a: Account) -> dict[str, Any]:
    return with_name_keys(accounts, {**asdict(a), "enterprise_ids": [str(e) for e in a.enterprise_ids]})


def _containing(text: str) -> str:
    """The LIKE pattern of "contains `text`", with `%`, `_` and `\\` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class PgAccounts:
    """AccountRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, account: Account) -> bool:
        stmt = insert(accounts).values(**_values(account)).on_conflict_do_nothing(index_elements=["login"])
        return (await self.session.execute(stmt.returning(accounts.c.id))).first() is not None

    async def _one(self, condition: Any, lock: bool) -> Account | None:
        stmt = select(accounts).where(condition)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return None if row is None else account_of(row)

    async def with_login(self, login: str, *, lock: bool = False) -> Account | None:
        return await self._one(accounts.c.login == login, lock)

    async def get(self, account_id: uuid.UUID, *, lock: bool = False) -> Account | None:
        return await self._one(accounts.c.id == account_id, lock)

    async def display_names(self, logins: Collection[str]) -> dict[str, str]:
        if not logins:
            return {}
        stmt = select(accounts.c.login, accounts.c.display_name).where(accounts.c.login.in_(sorted(set(logins))))
        return {row.login: row.display_name for row in (await self.session.execute(stmt)).all()}

    async def save(self, account: Account) -> None:
        values = _values(account)
        del values["id"], values["created_at"]
        await self.session.execute(update(accounts).where(accounts.c.id == account.id).values(**values))

    async def other_active_admin(self, account_id: uuid.UUID) -> uuid.UUID | None:
        stmt = (
            select(accounts.c.id)
            .where(accounts.c.role == "admin", accounts.c.active, accounts.c.id != account_id)
            .with_for_update()
        )
        row = (await self.session.execute(stmt)).first()
        return None if row is None else row.id

    async def holder_of_staff(self, staff_id: uuid.UUID, *, besides: uuid.UUID | None) -> AccountHolder | None:
        row = (
            await self.session.execute(
                select(accounts.c.id, accounts.c.login, staff.c.full_name)
                .join(staff, staff.c.id == accounts.c.staff_id)
                .where(accounts.c.staff_id == staff_id, accounts.c.id != (besides or uuid.UUID(int=0)))
            )
        ).first()
        return None if row is None else AccountHolder(row.id, row.login, row.full_name)

    async def signing_in(self, staff_ids: Collection[uuid.UUID]) -> frozenset[uuid.UUID]:
        if not staff_ids:
            return frozenset()
        stmt = select(accounts.c.staff_id).where(
            accounts.c.active, accounts.c.reset_requested_at.is_(None), accounts.c.staff_id.in_(set(staff_ids))
        )
        return frozenset((await self.session.execute(stmt)).scalars())

    async def find(
        self,
        *,
        role: str | None,
        enterprise_id: uuid.UUID | None,
        active: bool | None,
        q: str | None,
        sort: str,
        page: PageRequest,
        staff_ids: frozenset[uuid.UUID] | None = None,
        reset_requested: bool | None = None,
    ) -> Slice[Account]:
        stmt = select(accounts)
        if reset_requested is not None:
            column = accounts.c.reset_requested_at
            stmt = stmt.where(column.is_not(None) if reset_requested else column.is_(None))
        if role:
            stmt = stmt.where(accounts.c.role == role)
        if enterprise_id:
            stmt = stmt.where(accounts.c.enterprise_ids.contains([str(enterprise_id)]))
        if active is not None:
            stmt = stmt.where(accounts.c.active == active)
        if staff_ids is not None:
            stmt = stmt.where(accounts.c.staff_id.in_(staff_ids))
        if q:
            stmt = stmt.where(or_(accounts.c.login.ilike(_containing(q)), name_matches(accounts, q)))
        return await offset_page(
            self.session,
            stmt,
            order_by=[*SORTS[sort], accounts.c.id],
            page=page,
            kind=f"{PAGE_KIND}:{sort}",
            entity=account_of,
        )


def _token_of(row: Row) -> RefreshToken:
    return RefreshToken(**{k: row[k] for k in RefreshToken.__dataclass_fields__})


class PgSignIns:
    """SignInRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: RefreshToken) -> None:
        await self.session.execute(refresh_tokens.insert().values(**asdict(token)))

    async def by_hash(self, token_hash: str, *, lock: bool = False) -> RefreshToken | None:
        stmt = select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return None if row is None else _token_of(row)

    async def mark_used(self, token_id: uuid.UUID, *, now: datetime) -> None:
        await self.session.execute(update(refresh_tokens).where(refresh_tokens.c.id == token_id).values(used_at=now))

    async def family_of(self, token_hash: str, *, account_id: uuid.UUID | None) -> uuid.UUID | None:
        return await self.session.scalar(
            select(refresh_tokens.c.family_id).where(
                refresh_tokens.c.token_hash == token_hash, refresh_tokens.c.account_id == account_id
            )
        )

    async def revoke_family(self, family_id: uuid.UUID, *, now: datetime) -> None:
        await self.session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def alive(self, family_id: uuid.UUID, *, account_id: uuid.UUID, now: datetime) -> bool:
        found = await self.session.scalar(
            select(refresh_tokens.c.id)
            .where(
                refresh_tokens.c.family_id == family_id,
                refresh_tokens.c.account_id == account_id,
                refresh_tokens.c.revoked_at.is_(None),
                refresh_tokens.c.expires_at > now,
            )
            .limit(1)
        )
        return found is not None

    async def revoke_account(self, account_id: uuid.UUID, *, now: datetime) -> None:
        await self.session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.account_id == account_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def purge_expired(self, *, now: datetime) -> int:
        result = await self.session.execute(refresh_tokens.delete().where(refresh_tokens.c.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)
