"""Accounts and signing in on the in-memory repositories: scopes checked against the data, the
last administrator kept, sign-ins ended by a new password, refresh tokens that work once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from lichtruc.auth import generate_keypair
from lichtruc.events import encode
from lichtruc.events_accounts import AccountChanged, AccountCreated
from lichtruc.paging import BadCursor, PageRequest
from roster.domain.accounts import SlidingWindow
from roster.domain.errors import ANY_VERSION, Conflict, NotSignedIn, RuleViolation, TooManyAttempts
from roster.handlers import accounts as handlers
from roster.handlers import reference, sign_in
from roster.handlers.accounts import CreateAccount
from roster.handlers.credentials import Credentials

from .memory_roster import MemoryRoster

PASSWORD = "một mật khẩu đủ dài"


def _roster() -> MemoryRoster:
    private, _ = generate_keypair()
    lockout = timedelta(minutes=15)
    roster = MemoryRoster()
    roster.credentials = Credentials(
        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
        private_key=private,
        access_ttl=timedelta(minutes=15),
        refresh_ttl=timedelta(hours=12),
        max_failures=3,
        lockout=lockout,
        clients=SlidingWindow(100, lockout),
        unknown_logins=SlidingWindow(3, lockout),
    )
    return roster


async def _create(roster: MemoryRoster, login: str, role: str = "admin", **scope: object) -> handlers.Account:
    cmd = CreateAccount(login, login.split("@")[0], role, PASSWORD, **scope)  # type: ignore[arg-type]
    return await handlers.create_account(roster.uow(), roster.credentials, cmd=cmd)


async def test_scopes_are_checked_against_the_data() -> None:
    roster = _roster()
    with pytest.raises(RuleViolation) as unknown:
        await _create(roster, "ql@vnpt.vn", "manager", enterprise_ids=(uuid.uuid4(),))
    assert unknown.value.first.rule == "enterprise-exists"
    vnpt = await reference.register_enterprise(roster.uow(), reference.RegisterEnterprise("VNPT Long An", "telecom"))
    manager = await _create(roster, "ql@vnpt.vn", "manager", enterprise_ids=(vnpt.id, vnpt.id))
    assert manager.enterprise_ids == (vnpt.id,) and manager.password_hash.startswith("$argon2id$")
    with pytest.raises(Conflict) as taken:
        await _create(roster, "QL@vnpt.vn".lower(), "admin")
    assert taken.value.first.rule == "unique-login"

    duc = await reference.register_staff(roster.uow(), reference.RegisterStaff(vnpt.id, "Trần Văn Đức", ("guard",)))
    own = await _create(roster, "duc@vnpt.vn", "staff", staff_id=duc.staff.id)
    assert own.enterprise_ids == (vnpt.id,)  # a staff account's enterprise is its record's
    with pytest.raises(Conflict) as second:
        await _create(roster, "duc2@vnpt.vn", "staff", staff_id=duc.staff.id)
    assert second.value.first.rule == "one-account-per-staff" and "Trần Văn Đức" in second.value.first.message


async def test_the_last_active_administrator_stays() -> None:
    roster = _roster()
    admin = await _create(roster, "admin@so.gov.vn")
    with pytest.raises(Conflict) as last:
        await handlers.edit_account(
            roster.uow(),
            admin.id,
            credentials=roster.credentials,
            changes={"active": False},
            pre=ANY_VERSION,
        )
    assert last.value.first.rule == "last-admin"
    await _create(roster, "admin2@so.gov.vn")
    off = await handlers.edit_account(
        roster.uow(),
        admin.id,
        credentials=roster.credentials,
        changes={"active": False},
        pre=ANY_VERSION,
    )
    assert (off.active, off.version) == (False, 2)


async def test_a_refresh_token_works_once_and_a_new_password_ends_every_sign_in() -> None:
    roster = _roster()
    admin = await _create(roster, "admin@so.gov.vn")
    first = await sign_in.sign_in(roster.ctx, login="ADMIN@so.gov.vn", password=PASSWORD, client="10.0.0.1")
    assert first.account.id == admin.id and first.account.last_login_at == roster.now
    renewed = await sign_in.renew(roster.ctx, refresh_token=first.refresh_token)
    with pytest.raises(NotSignedIn) as reused:
        await sign_in.renew(roster.ctx, refresh_token=first.refresh_token)
    assert reused.value.first.rule == "refresh-token-reused"
    with pytest.raises(NotSignedIn):  # the whole sign-in ended with the reuse
        await sign_in.renew(roster.ctx, refresh_token=renewed.refresh_token)

    other = await sign_in.sign_in(roster.ctx, login="admin@so.gov.vn", password=PASSWORD, client="10.0.0.1")
    await handlers.edit_account(
        roster.uow(),
        admin.id,
        credentials=roster.credentials,
        changes={"password": "một mật khẩu mới khác hẳn"},
        pre=ANY_VERSION,
    )
    with pytest.raises(NotSignedIn) as ended:
        await sign_in.renew(roster.ctx, refresh_token=other.refresh_token)
    assert ended.value.first.rule == "invalid-refresh-token"  # revoked: the portal says "signed out elsewhere"

    # One left unused past its hours says it has expired, in a type of its own (the portal says "expired").
    later = await sign_in.sign_in(roster.ctx, login="admin@so.gov.vn", password="một mật khẩu mới khác hẳn", client="x")
    roster.now += timedelta(hours=12)
    with pytest.raises(NotSignedIn) as expired:
        await sign_in.renew(roster.ctx, refresh_token=later.refresh_token)
    assert expired.value.first.rule == "refresh-token-expired"


async def test_failed_sign_ins_lock_the_account() -> None:
    roster = _roster()
    await _create(roster, "admin@so.gov.vn")
    for _ in range(3):
        with pytest.raises(NotSignedIn):
            await sign_in.sign_in(roster.ctx, login="admin@so.gov.vn", password="sai mật khẩu rồi", client="10.0.0.2")
    with pytest.raises(TooManyAttempts):  # locked now, even with the right password
        await sign_in.sign_in(roster.ctx, login="admin@so.gov.vn", password=PASSWORD, client="10.0.0.2")


async def test_the_account_list_pages_in_its_sort_order() -> None:
    roster = _roster()
    for name in ("c", "a", "d", "b"):
        await _create(roster, f"{name}@so.gov.vn")

    async def logins(sort: str, page: PageRequest) -> tuple[list[str], str | None]:
        found = await handlers.list_accounts(
            roster.ctx,
            role=None,
            enterprise_id=None,
            active=None,
            q=None,
            sort=sort,
            page=page,
        )
        return [a.login[0] for a in found.items], found.next_cursor

    first, cursor = await logins("-login", PageRequest(limit=3))
    assert first == ["d", "c", "b"] and cursor is not None
    assert await logins("-login", PageRequest(limit=3, cursor=cursor)) == (["a"], None)
    with pytest.raises(BadCursor):  # the cursor of one order does not page another
        await logins("login", PageRequest(limit=3, cursor=cursor))


async def test_accounts_sorted_by_display_name_are_in_vietnamese_order() -> None:
    """Not by code point, which put "Đặng" after "Võ" and "Nguyễn" before "Ngô"."""
    roster = _roster()
    for i, name in enumerate(("Võ Thị Sáu", "Đặng Văn Hải", "Nguyễn Văn Nam", "Dương Thị Mai", "Ngô Thị Lan")):
        cmd = CreateAccount(f"{i}@so.gov.vn", name, "admin", PASSWORD)
        await handlers.create_account(roster.uow(), roster.credentials, cmd=cmd)

    async def names(sort: str) -> list[str]:
        found = await handlers.list_accounts(
            roster.ctx, role=None, enterprise_id=None, active=None, q=None, sort=sort, page=PageRequest()
        )
        return [a.display_name for a in found.items]

    in_order = ["Dương Thị Mai", "Đặng Văn Hải", "Ngô Thị Lan", "Nguyễn Văn Nam", "Võ Thị Sáu"]
    assert await names("display_name") == in_order
    assert await names("-display_name") == in_order[::-1]


async def test_each_account_change_is_published_with_who_made_it_and_no_secret() -> None:
    roster = _roster()
    vnpt = await reference.register_enterprise(roster.uow(), reference.RegisterEnterprise("VNPT Long An", "telecom"))
    before = len(roster.events)
    hung = await _create(roster, "hungnv@vnpt.vn", "manager", enterprise_ids=(vnpt.id,))
    created = roster.events[before]
    assert isinstance(created.data, AccountCreated) and created.key == str(hung.id)
    assert created.subject == f"accounts/{hung.id}"
    assert (created.data.login, created.data.role, created.data.enterprise_ids) == (
        "hungnv@vnpt.vn",
        "manager",
        (vnpt.id,),
    )
    assert (created.data.version, created.data.actor, created.data.active) == (1, "tester", True)

    async def edit(changes: dict, actor: str = "Trần Thị Quản Trị") -> None:
        await handlers.edit_account(
            roster.uow(actor), hung.id, credentials=roster.credentials, changes=changes, pre=ANY_VERSION
        )

    await edit({"role": "inspector", "display_name": "Nguyễn Văn Hùng", "password": "một mật khẩu mới đủ dài"})
    await edit({"active": False})
    await edit({"active": False})  # nothing changes: nothing published
    changes = [e.data for e in roster.events[before + 1 :]]
    assert [type(c) for c in changes] == [AccountChanged, AccountChanged]
    first, second = changes
    assert isinstance(first, AccountChanged) and isinstance(second, AccountChanged)
    assert first.changed == ("display_name", "role", "enterprise_ids", "password")  # the scope goes with the role
    assert (first.role, first.enterprise_ids, first.display_name, first.version) == (
        "inspector",
        (),
        "Nguyễn Văn Hùng",
        2,
    )
    assert (second.changed, second.active, second.version, second.actor) == (("active",), False, 3, "Trần Thị Quản Trị")
    for event in roster.state.events:
        assert "argon2" not in encode(event[1]).decode() and "mật khẩu mới" not in encode(event[1]).decode()


async def test_changing_ones_own_password_is_published_as_a_password_change() -> None:
    roster = _roster()
    admin = await _create(roster, "admin@so.gov.vn")
    principal = sign_in.principal_of(admin)
    await sign_in.change_password(
        roster.ctx, principal, current=PASSWORD, new="một mật khẩu khác hẳn", client="10.0.0.3"
    )
    last = roster.events[-1].data
    assert isinstance(last, AccountChanged)
    assert (last.changed, last.version, last.actor) == (("password",), 2, principal.actor)
    # A wrong current password changes nothing and publishes nothing.
    count = len(roster.events)
    with pytest.raises(RuleViolation):
        await sign_in.change_password(roster.ctx, principal, current="sai rồi", new="một mật khẩu thứ ba", client="x")
    assert len(roster.events) == count


async def test_a_display_name_typed_all_in_lower_or_upper_case_is_written_as_names_are() -> None:
    """K8: a staff member's name typed "nguyễn văn an" is stored "Nguyễn Văn An" (domain.values.person_name); an
    account's display name was stored as typed. The same rule, for a new account and a new name; a mixed-case name is
    kept, and a name stored before the rule and sent back unchanged is left as it is."""
    roster = _roster()
    shouted = await handlers.create_account(
        roster.uow(), roster.credentials, cmd=CreateAccount("an@so.gov.vn", "NGUYỄN VĂN AN", "admin", PASSWORD)
    )
    assert shouted.display_name == "Nguyễn Văn An"
    created = roster.events[-1].data
    assert isinstance(created, AccountCreated) and created.display_name == "Nguyễn Văn An"
    mixed = await handlers.create_account(
        roster.uow(), roster.credentials, cmd=CreateAccount("mac@so.gov.vn", "Lê McDonald", "admin", PASSWORD)
    )
    assert mixed.display_name == "Lê McDonald"

    async def rename(account_id: uuid.UUID, name: str) -> handlers.Account:
        return await handlers.edit_account(
            roster.uow(), account_id, credentials=roster.credentials, changes={"display_name": name}, pre=ANY_VERSION
        )

    renamed = await rename(mixed.id, "đặng thị đào")
    assert renamed.display_name == "Đặng Thị Đào" and renamed.version == 2
    old = roster.state.accounts[shouted.id] = replace(shouted, display_name="trần văn phong")  # stored before
    published = len(roster.events)
    kept = await rename(old.id, "trần văn phong")
    assert kept.display_name == "trần văn phong" and kept.version == old.version  # nothing changed
    assert len(roster.events) == published  # nor published
