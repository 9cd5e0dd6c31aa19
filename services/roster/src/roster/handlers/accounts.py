"""Accounts, as an administrator manages them: create, edit (If-Match), look up, list —
orchestration around domain/accounts.py, through the account repository (``uow.accounts``).

Each creation and each change is published (`account_event`: AccountCreated, AccountChanged,
lichtruc.events_accounts), so that audit's log holds who could act for whom and who gave them
that; the other services still learn who is calling from the access token alone. A password is
only ever stored as its argon2id hash; no answer about an account carries the hash (the api edge
shows `Account` without it), and no event says more of a new password than that there is one."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lichtruc.events import ROSTER_SOURCE, make_event
from lichtruc.events_accounts import AccountChanged, AccountCreated, AccountEvent, AccountRecorded
from lichtruc.paging import PageRequest, Slice

from ..db.ports import Repositories
from ..domain.accounts import (
    Account,
    AccountScope,
    edited_scope,
    keeps_an_administrator,
    password_errors,
    scope_errors,
)
from ..domain.errors import Conflict, DomainError, FieldError, Precondition, RuleViolation, missing
from ..domain.reference import StaffMember
from ..domain.values import person_name
from .context import Context, UnitOfWork, reading
from .credentials import Credentials


@dataclass(frozen=True)
class CreateAccount:
    login: str  # already normalised (lower-case, e-mail-like)
    display_name: str
    role: str
    password: str
    enterprise_ids: tuple[uuid.UUID, ...] = ()
    staff_id: uuid.UUID | None = None
    active: bool = True


async def checked_scope(
    uow: Repositories, scope: AccountScope, *, account_id: uuid.UUID | None
) -> tuple[uuid.UUID, ...]:
    """Check the role's scope against the data and give the enterprise ids to store: a manager's
    must exist, and their staff record (if any) be of one of them; a staff account's is its staff
    record's; a staff record has one account."""
    errors = scope_errors(scope)
    if errors:
        raise RuleViolation(errors)
    if scope.role == "manager":
        found = await uow.enterprises.existing(scope.enterprise_ids)
        absent = [e for e in scope.enterprise_ids if e not in found]
        if absent:
            raise RuleViolation(
                "enterprise_ids",
                "enterprise-exists",
                f"No enterprise has id {absent[0]}: list them with GET /enterprises.",
                f"Doanh nghiệp thứ {scope.enterprise_ids.index(absent[0]) + 1} trong danh sách chưa được đăng ký.",
                enterprise_id=str(absent[0]),
            )
        if scope.staff_id is not None:
            member = await _free_staff_record(uow, scope.staff_id, account_id=account_id)
            if member.enterprise_id not in scope.enterprise_ids:
                raise RuleViolation([await _not_managed(uow, member)])
        return tuple(sorted(scope.enterprise_ids, key=str))
    if scope.role == "staff":
        assert scope.staff_id is not None  # scope_errors: a staff account names its record
        member = await _free_staff_record(uow, scope.staff_id, account_id=account_id)
        return (member.enterprise_id,)
    return ()


async def _free_staff_record(uow: Repositories, staff_id: uuid.UUID, *, account_id: uuid.UUID | None) -> StaffMember:
    """The staff record an account is to be linked to: it exists, and no other account has it."""
    member = await uow.staff.get(staff_id)
    if member is None:
        raise RuleViolation(
            "staff_id",
            "staff-exists",
            f"No staff member has id {staff_id}: list them with GET /staff.",
            "Cán bộ đã chọn chưa được đăng ký.",
            staff_id=str(staff_id),
        )
    taken = await uow.accounts.holder_of_staff(staff_id, besides=account_id)
    if taken is not None:
        raise Conflict(
            "staff_id",
            "one-account-per-staff",
            f"{taken.full_name} already has an account ({taken.login}).",
            f"{taken.full_name} đã có tài khoản ({taken.login}).",
            account_id=str(taken.account_id),
        )
    return member


async def _not_managed(uow: Repositories, member: StaffMember) -> FieldError:
    """A manager's staff record is their own, in an enterprise they manage (their shifts there are theirs)."""
    enterprise = await uow.enterprises.get(member.enterprise_id)
    name = enterprise.name if enterprise is not None else str(member.enterprise_id)
    return FieldError(
        "staff_id",
        "staff-of-managed-enterprise",
        f"{member.full_name} is on the staff of {name}, which this manager's account does not manage: choose "
        f"the manager's own staff record in an enterprise they manage, or add {name} to their enterprises.",
        f"{member.full_name} là cán bộ của {name}, doanh nghiệp mà tài khoản quản lý này không quản lý: hãy chọn "
        f"hồ sơ cán bộ của chính người quản lý ở doanh nghiệp họ quản lý, hoặc thêm {name} vào danh sách "
        "doanh nghiệp được quản lý.",
        {"staff_id": str(member.id), "enterprise_id": str(member.enterprise_id)},
    )


CHANGEABLE = ("display_name", "role", "enterprise_ids", "staff_id", "active", "password")
"""What an AccountChanged says changed, in this order (`password`: a new password hash)."""
CLI_ACTOR = "command line"
"""The actor of what the server's command line does (no one signed in)."""


def account_event(account: Account, *, actor: str | None, changed: Iterable[str] = ()) -> AccountEvent:
    """The event of an account's new state: AccountCreated at version 1, else AccountChanged with
    what `changed` names (Account fields; `password_hash` is said as `password`)."""
    state = _state(account, actor=actor)
    if account.version == 1:
        return AccountCreated(**state)
    names = {"password" if name == "password_hash" else name for name in changed}
    return AccountChanged(**state, changed=tuple(name for name in CHANGEABLE if name in names))


def _state(account: Account, *, actor: str | None) -> dict[str, Any]:
    """What every account event carries: the account's whole state (never its password hash)."""
    return {
        "account_id": account.id,
        "login": account.login,
        "display_name": account.display_name,
        "role": account.role,
        "enterprise_ids": account.enterprise_ids,
        "staff_id": account.staff_id,
        "active": account.active,
        "version": account.version,
        "actor": actor,
    }


async def publish_account(uow: UnitOfWork, account: Account, *, changed: Iterable[str] = ()) -> None:
    """Queue the account's event in the unit's outbox, keyed by the account."""
    event = account_event(account, actor=uow.actor, changed=changed)
    await uow.emit(event, key=account.id, subject=f"accounts/{account.id}")


async def record_accounts(uow: Repositories, *, now: datetime, topic: str, page_size: int = 500) -> int:
    """The server's command line recording every account as it stands (`AccountRecorded`, actor "command
    line"), in the store's transaction, for a relay to publish: the accounts made before roster published
    account events then have their place in audit's log (their names, roles and enterprises). Running it
    again records the same states again, which changes nothing a reader is shown but the time."""
    recorded, page = 0, PageRequest(limit=page_size)
    while True:
        found = await uow.accounts.find(
            role=None, enterprise_id=None, active=None, q=None, sort="created_at", page=page
        )
        for account in found.items:
            data = AccountRecorded(**_state(account, actor=CLI_ACTOR))
            event = make_event(
                data, source=ROSTER_SOURCE, partitionkey=str(account.id), time=now, subject=f"accounts/{account.id}"
            )
            await uow.outbox.add(event, topic=topic)
            recorded += 1
        if found.next_cursor is None:
            return recorded
        page = PageRequest(limit=page_size, cursor=found.next_cursor)


async def create_first_admin(
    uow: Repositories, cmd: CreateAccount, *, password_hash: str, now: datetime, topic: str
) -> Account:
    """The server's command line creating an administrator (no one signed in, no app running):
    the account and its AccountCreated in the store's transaction, for a relay to publish."""
    account = await insert_account(uow, cmd, password_hash=password_hash, now=now)
    data = account_event(account, actor=CLI_ACTOR)
    event = make_event(
        data, source=ROSTER_SOURCE, partitionkey=str(account.id), time=now, subject=f"accounts/{account.id}"
    )
    await uow.outbox.add(event, topic=topic)
    return account


def _login_taken(login: str, existing: Account | None) -> Conflict:
    # Only administrators create accounts, and they may read every account: naming it tells nothing new.
    whose, whose_vi = (
        (f" by {existing.display_name}'s account", f" của {existing.display_name}") if existing else ("", "")
    )
    return Conflict(
        "login",
        "unique-login",
        f"The login {login} is already used{whose}: choose another login, or edit that account "
        "(PATCH /accounts/{id}) instead of creating one.",
        f"Tên đăng nhập {login} đã được dùng cho tài khoản{whose_vi or ' khác'}: hãy chọn tên đăng nhập khác, "
        "hoặc sửa tài khoản đó thay vì tạo mới.",
        account_id=str(existing.id) if existing else None,
        display_name=existing.display_name if existing else None,
    )


async def insert_account(
    uow: Repositories,
    cmd: CreateAccount,
    *,
    password_hash: str,
    now: datetime,
    enterprise_ids: tuple[uuid.UUID, ...] | None = None,
) -> Account:
    """Write a checked account (the CLI's first administrator comes through here too, with a
    store's repositories in its own transaction); `enterprise_ids` as `checked_scope` gave them, else
    checked here. The database keeps logins unique: a login taken since it was looked up (two
    administrators creating the same one at once) is refused here, in the same words."""
    if enterprise_ids is None:
        scope = AccountScope(cmd.role, tuple(dict.fromkeys(cmd.enterprise_ids)), cmd.staff_id)
        enterprise_ids = await checked_scope(uow, scope, account_id=None)
    account = Account(
        id=uuid.uuid4(),
        login=cmd.login,
        display_name=cmd.display_name,
        role=cmd.role,
        enterprise_ids=enterprise_ids,
        staff_id=cmd.staff_id,
        password_hash=password_hash,
        active=cmd.active,
        failed_logins=0,
        locked_until=None,
        last_login_at=None,
        version=1,
        created_at=now,
        updated_at=now,
        secret_from_admin=True,
    )
    store = uow.accounts
    if not await store.add(account):
        existing = await store.with_login(cmd.login)
        raise _login_taken(cmd.login, existing)
    return account


def _refuse(refusals: Sequence[DomainError]) -> None:
    """Every refusal of one request in one answer, each at its field (QA 2026-12-06: a guessable password was
    said first and the taken login only at the next send). A broken rule makes it a 422 that lists the clashes
    too; clashes alone (the login taken, the last administrator) stay a 409."""
    errors = [error for refused in refusals for error in refused.errors]
    if not errors:
        return
    if all(isinstance(refused, Conflict) for refused in refusals):
        first, *more = errors
        raise Conflict(first.field, first.rule, first.message, first.message_vi, more=more, **first.context)
    raise RuleViolation(errors)


async def _checked_or_refused(
    uow: Repositories, scope: AccountScope, *, account_id: uuid.UUID | None
) -> tuple[uuid.UUID, ...] | DomainError:
    """`checked_scope`'s enterprise ids, or its refusal (to be said with the others)."""
    try:
        return await checked_scope(uow, scope, account_id=account_id)
    except DomainError as refused:
        return refused


def _password_refused(password: str, *, login: str) -> list[DomainError]:
    errors: list[FieldError] = password_errors(password, login=login)
    return [RuleViolation(errors)] if errors else []


async def create_account(uow: UnitOfWork, credentials: Credentials, *, cmd: CreateAccount) -> Account:
    """Create an account with its first password (the administrator hands it over). The login's owner, the
    role's scope and the password's rules are all judged before anything is refused (`_refuse`), and before
    the password is hashed."""
    refusals: list[DomainError] = []
    taken = await uow.accounts.with_login(cmd.login)
    if taken is not None:
        refusals.append(_login_taken(cmd.login, taken))
    scope = AccountScope(cmd.role, tuple(dict.fromkeys(cmd.enterprise_ids)), cmd.staff_id)
    enterprise_ids = await _checked_or_refused(uow, scope, account_id=None)
    if isinstance(enterprise_ids, DomainError):
        refusals.append(enterprise_ids)
    refusals += _password_refused(cmd.password, login=cmd.login)
    _refuse(refusals)
    assert not isinstance(enterprise_ids, DomainError)  # _refuse raised it
    password_hash = await credentials.hash(cmd.password)
    # a name typed all in lower or upper case is written as names are, as a staff member's (domain.values); the
    # command line's first administrator, named by its login when given no name, keeps it as it is
    cmd = replace(cmd, display_name=person_name(cmd.display_name))
    account = await insert_account(uow, cmd, password_hash=password_hash, now=uow.now, enterprise_ids=enterprise_ids)
    await publish_account(uow, account)
    return account


async def revoke_refresh_tokens(uow: Repositories, account_id: uuid.UUID, *, now: datetime) -> None:
    """End every sign-in of the account: its refresh tokens renew nothing any more."""
    await uow.sign_ins.revoke_account(account_id, now=now)


async def _last_administrator(uow: UnitOfWork, current: Account, values: dict[str, Any]) -> Conflict | None:
    """The last active administrator can be neither demoted nor deactivated: nobody could
    manage accounts any more (except by the CLI on the server)."""
    role, active = values.get("role", current.role), values.get("active", current.active)
    if keeps_an_administrator(current, role=role, active=active):
        return None
    if await uow.accounts.other_active_admin(current.id) is not None:
        return None
    return Conflict(
        "role" if "role" in values else "active",
        "last-admin",
        "This is the last active administrator: create or activate another one first.",
        "Đây là quản trị viên cuối cùng còn hoạt động: hãy tạo hoặc kích hoạt một quản trị viên khác trước.",
    )


async def edit_account(
    uow: UnitOfWork,
    account_id: uuid.UUID,
    *,
    credentials: Credentials,
    changes: dict[str, Any],
    pre: Precondition,
) -> Account:
    """Change an account's name, role and scope, active flag or password. A new password or a
    deactivation ends the account's sign-ins (refresh tokens); a new role or scope reaches the
    account's next access token (at most access_token_minutes later)."""
    store = uow.accounts
    current = await store.get(account_id, lock=True)
    if current is None:
        raise missing("account", account_id)
    pre.check(current.version, what="account", what_vi="tài khoản", ident=current.display_name)
    values: dict[str, Any] = {k: changes[k] for k in ("display_name", "active") if changes.get(k) is not None}
    # a new name typed all in lower or upper case is written as names are (as a staff member's); one stored before
    # this rule and sent back unchanged is left as it is
    if values.get("display_name") not in (None, current.display_name):
        values["display_name"] = person_name(values["display_name"])
    given: dict[str, object] = {k: changes[k] for k in ("role", "enterprise_ids", "staff_id") if k in changes}
    if given.get("role", "") is None:
        del given["role"]
    refusals: list[DomainError] = []  # every one said at once (`_refuse`)
    if given:
        scope = edited_scope(current.scope, given=given)
        values.update(role=scope.role, staff_id=scope.staff_id)
        enterprise_ids = await _checked_or_refused(uow, scope, account_id=account_id)
        if isinstance(enterprise_ids, DomainError):
            refusals.append(enterprise_ids)
        else:
            values.update(enterprise_ids=enterprise_ids)
    values = {k: v for k, v in values.items() if getattr(current, k) != v}
    if changes.get("password") is not None:
        refusals += _password_refused(changes["password"], login=current.login)
    if (last := await _last_administrator(uow, current, values)) is not None:
        refusals.append(last)
    _refuse(refusals)
    if changes.get("password") is not None:
        values.update(
            password_hash=await credentials.hash(changes["password"]),
            failed_logins=0,
            locked_until=None,
            secret_from_admin=True,  # an administrator's PATCH: its owner is asked to change it
        )
    if current.reset_requested_at is not None and ("password_hash" in values or values.get("active") is False):
        values["reset_requested_at"] = None  # the request for a new password answered (or moot): closed
    if not values:  # nothing changes: no new version
        return current
    account = replace(current, **values, version=current.version + 1, updated_at=uow.now)
    await store.save(account)
    await publish_account(uow, account, changed=values)
    if "password_hash" in values or values.get("active") is False:
        await revoke_refresh_tokens(uow, account_id, now=uow.now)
    return account


async def get_account(ctx: Context, account_id: uuid.UUID) -> Account:
    async with reading(ctx) as r:
        account = await r.accounts.get(account_id)
    if account is None:
        raise missing("account", account_id)
    return account


async def list_accounts(
    ctx: Context,
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
    """Accounts matching every given filter; `q` is a part of the login or the display name; `staff_ids`: the
    accounts linked to these staff records; `reset_requested`: with a request for a new password open (or not)."""
    async with reading(ctx) as r:
        return await r.accounts.find(
            role=role,
            enterprise_id=enterprise_id,
            active=active,
            q=q,
            sort=sort,
            page=page,
            staff_ids=staff_ids,
            reset_requested=reset_requested,
        )
