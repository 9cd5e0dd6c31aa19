"""Accounts and refresh tokens in memory (service-layer tests)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime

from lichtruc.paging import PageRequest, Slice
from lichtruc.text import sort_key

from ...domain.accounts import Account, AccountHolder, RefreshToken
from ..accounts import PAGE_KIND
from ..search import name_found
from .pages import offset_page
from .state import MemoryState


class MemoryAccounts:
    """AccountRepository over the in-memory state."""

    def __init__(self, state: MemoryState) -> None:
        self.rows = state.accounts
        self.staff_name = state.staff_name

    async def add(self, account: Account) -> bool:
        if await self.with_login(account.login) is not None:
            return False
        self.rows[account.id] = account
        return True

    async def with_login(self, login: str, *, lock: bool = False) -> Account | None:
        return next((a for a in self.rows.values() if a.login == login), None)

    async def get(self, account_id: uuid.UUID, *, lock: bool = False) -> Account | None:
        return self.rows.get(account_id)

    async def display_names(self, logins: Collection[str]) -> dict[str, str]:
        return {a.login: a.display_name for a in self.rows.values() if a.login in logins}

    async def save(self, account: Account) -> None:
        self.rows[account.id] = account

    async def other_active_admin(self, account_id: uuid.UUID) -> uuid.UUID | None:
        return next((a.id for a in self.rows.values() if a.role == "admin" and a.active and a.id != account_id), None)

    async def holder_of_staff(self, staff_id: uuid.UUID, *, besides: uuid.UUID | None) -> AccountHolder | None:
        return next(
            (
                AccountHolder(a.id, a.login, self.staff_name(staff_id))
                for a in self.rows.values()
                if a.staff_id == staff_id and a.id != besides
            ),
            None,
        )

    async def signing_in(self, staff_ids: Collection[uuid.UUID]) -> frozenset[uuid.UUID]:
        wanted = set(staff_ids)
        return frozenset(
            a.staff_id
            for a in self.rows.values()
            if a.active and a.reset_requested_at is None and a.staff_id is not None and a.staff_id in wanted
        )

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
        found = [
            a
            for a in self.rows.values()
            if (not role or a.role == role)
            and (not enterprise_id or enterprise_id in a.enterprise_ids)
            and (active is None or a.active == active)
            and (staff_ids is None or a.staff_id in staff_ids)
            and (reset_requested is None or (a.reset_requested_at is not None) == reset_requested)
            and (not q or q.lower() in a.login or name_found(q, a.display_name))
        ]
        field = sort.lstrip("-")
        found.sort(key=lambda a: a.id)
        if field == "display_name":  # as PostgreSQL: the sort key, then the name (`search.SORTED`)
            found.sort(key=lambda a: (sort_key(a.display_name), a.display_name), reverse=sort.startswith("-"))
        else:
            found.sort(key=lambda a: getattr(a, field), reverse=sort.startswith("-"))
        return offset_page(found, key=lambda _: 0, page=page, kind=f"{PAGE_KIND}:{sort}")


class MemorySignIns:
    """SignInRepository over the in-memory state."""

    def __init__(self, state: MemoryState) -> None:
        self.rows = state.sign_ins

    async def add(self, token: RefreshToken) -> None:
        self.rows[token.id] = token

    async def by_hash(self, token_hash: str, *, lock: bool = False) -> RefreshToken | None:
        return next((t for t in self.rows.values() if t.token_hash == token_hash), None)

    async def mark_used(self, token_id: uuid.UUID, *, now: datetime) -> None:
        self.rows[token_id] = replace(self.rows[token_id], used_at=now)

    async def family_of(self, token_hash: str, *, account_id: uuid.UUID | None) -> uuid.UUID | None:
        token = await self.by_hash(token_hash)
        return token.family_id if token is not None and token.account_id == account_id else None

    async def _revoke(self, keep: Callable[[RefreshToken], bool], now: datetime) -> None:
        for t in list(self.rows.values()):
            if keep(t) and t.revoked_at is None:
                self.rows[t.id] = replace(t, revoked_at=now)

    async def revoke_family(self, family_id: uuid.UUID, *, now: datetime) -> None:
        await self._revoke(lambda t: t.family_id == family_id, now)

    async def alive(self, family_id: uuid.UUID, *, account_id: uuid.UUID, now: datetime) -> bool:
        return any(
            t.family_id == family_id and t.account_id == account_id and t.revoked_at is None and t.expires_at > now
            for t in self.rows.values()
        )

    async def revoke_account(self, account_id: uuid.UUID, *, now: datetime) -> None:
        await self._revoke(lambda t: t.account_id == account_id, now)

    async def purge_expired(self, *, now: datetime) -> int:
        gone = [t.id for t in self.rows.values() if t.expires_at < now]
        for ident in gone:
            del self.rows[ident]
        return len(gone)
