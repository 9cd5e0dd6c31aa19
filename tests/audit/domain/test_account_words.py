"""Account events in words, as the history of accounts shows them: the role and its enterprises by
name (an enterprise audit does not know, by its id), each change named — one alone leads the
sentence, several are listed — a password change as a fact only; and the search by login or name
as people type it."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from audit.domain.accounts import matches, name_at
from audit.domain.history import Known, describe

VNPT, POST, UNKNOWN = (str(uuid.UUID(int=n)) for n in (1, 2, 3))
NAMES = {VNPT: "VNPT Long An", POST: "Bưu điện tỉnh Long An"}
CREATED = "lichtruc.roster.account.created.v1"
CHANGED = "lichtruc.roster.account.changed.v1"
WHO = "hungnv@vnpt-longan.vn (Nguyễn Văn Hùng)"


def account(**more) -> dict:
    return {
        "account_id": str(uuid.UUID(int=9)),
        "login": "hungnv@vnpt-longan.vn",
        "display_name": "Nguyễn Văn Hùng",
        "role": "manager",
        "enterprise_ids": [VNPT],
        "staff_id": None,
        "active": True,
        "version": 1,
        "actor": "Quản trị viên Sở",
        **more,
    }


def words(event_type: str, data: dict) -> tuple[str, str, str, str | None]:
    d = describe(event_type, data, known=Known(enterprises=NAMES))
    return d.what, d.summary_vi, d.summary, d.actor


def test_a_creation_names_the_role_and_its_enterprises_and_who_created_it() -> None:
    assert words(CREATED, account()) == (
        "account.created",
        f"Tạo tài khoản {WHO}: Quản lý của VNPT Long An",
        f"Account {WHO} created: manager of VNPT Long An",
        "Quản trị viên Sở",
    )
    _, vi, en, _ = words(CREATED, account(enterprise_ids=[POST, UNKNOWN]))
    assert vi.endswith(f"Quản lý của Bưu điện tỉnh Long An, {UNKNOWN}")  # unknown to audit: its id
    assert en.endswith(f"manager of Bưu điện tỉnh Long An, {UNKNOWN}")
    _, vi, en, actor = words(CREATED, account(role="admin", enterprise_ids=[], actor="command line"))
    assert (vi, en, actor) == (
        f"Tạo tài khoản {WHO}: Quản trị",
        f"Account {WHO} created: administrator",
        "command line",
    )
    assert words(CREATED, account(role="inspector", enterprise_ids=[]))[1] == f"Tạo tài khoản {WHO}: Thanh tra"
    assert words(CREATED, account(role="staff"))[1] == f"Tạo tài khoản {WHO}: Nhân viên trực của VNPT Long An"
    assert words(CREATED, account(active=False))[1].endswith("VNPT Long An, ngừng hoạt động")


def test_an_account_recorded_as_it_stands_names_its_role_and_enterprises_not_a_creation() -> None:
    recorded = "lichtruc.roster.account.recorded.v1"
    assert words(recorded, account(version=4, actor="command line", active=False)) == (
        "account.recorded",
        f"Ghi nhận tài khoản {WHO} như hiện có: Quản lý của VNPT Long An, ngừng hoạt động",
        f"Account {WHO} recorded as it stands: manager of VNPT Long An, inactive",
        "command line",
    )


def test_one_change_leads_the_sentence() -> None:
    cases: dict[tuple[str, ...], tuple[str, str, dict[str, Any]]] = {
        ("role",): (
            f"Đổi vai trò tài khoản {WHO}: Thanh tra",
            f"Account {WHO}: role changed to inspector",
            {"role": "inspector", "enterprise_ids": []},
        ),
        ("active",): (f"Ngừng hoạt động tài khoản {WHO}", f"Account {WHO}: deactivated", {"active": False}),
        ("password",): (f"Đổi mật khẩu tài khoản {WHO}", f"Account {WHO}: password changed", {}),
        ("enterprise_ids",): (
            f"Đổi doanh nghiệp tài khoản {WHO}: VNPT Long An, Bưu điện tỉnh Long An",
            f"Account {WHO}: enterprises changed to VNPT Long An, Bưu điện tỉnh Long An",
            {"enterprise_ids": [VNPT, POST]},
        ),
    }
    for changed, (vi, en, state) in cases.items():
        assert words(CHANGED, account(version=2, changed=list(changed), **state)) == (
            "account.changed",
            vi,
            en,
            "Quản trị viên Sở",
        )
    reactivated = words(CHANGED, account(version=3, changed=["active"], active=True))
    assert reactivated[1] == f"Cho hoạt động lại tài khoản {WHO}"


def test_several_changes_are_listed_in_the_events_order_and_a_password_is_never_shown() -> None:
    data = account(
        version=2,
        role="manager",
        enterprise_ids=[POST],
        active=False,
        changed=["role", "enterprise_ids", "active", "password"],
        password="must never be read",  # not in the contract: a test that the words name no value of it
    )
    _, vi, en, _ = words(CHANGED, data)
    assert vi == (
        f"Thay đổi tài khoản {WHO}: đổi vai trò thành Quản lý; đổi doanh nghiệp thành Bưu điện tỉnh Long An; "
        "ngừng hoạt động; đổi mật khẩu"
    )
    assert en == (
        f"Account {WHO}: role changed to manager; enterprises changed to Bưu điện tỉnh Long An; deactivated; "
        "password changed"
    )
    assert "must never" not in vi + en
    renamed = words(CHANGED, account(version=2, display_name="Nguyễn Văn Hưng", changed=["display_name"]))
    assert renamed[1] == "Đổi tên hiển thị tài khoản hungnv@vnpt-longan.vn (Nguyễn Văn Hưng): Nguyễn Văn Hưng"
    unscoped = words(CHANGED, account(version=2, role="inspector", enterprise_ids=[], changed=["enterprise_ids"]))
    # An account left without enterprises says so, not "changed to none" (QA: "đổi doanh nghiệp thành
    # không còn doanh nghiệp nào").
    assert unscoped[1] == f"Đổi doanh nghiệp tài khoản {WHO}: không còn thuộc doanh nghiệp nào"
    assert unscoped[2] == f"Account {WHO}: no longer in any enterprise"
    both = words(CHANGED, account(version=2, role="inspector", enterprise_ids=[], changed=["role", "enterprise_ids"]))
    assert both[1] == f"Thay đổi tài khoản {WHO}: đổi vai trò thành Thanh tra; không còn thuộc doanh nghiệp nào"
    assert both[2] == f"Account {WHO}: role changed to inspector; no longer in any enterprise"


def test_names_match_as_people_type_them() -> None:
    name, login = "Nguyễn Văn Hùng", "hungnv@vnpt-longan.vn"
    for typed in ("nguyen van hung", "NGUYỄN  VĂN", unicodedata.normalize("NFD", "Văn Hùng"), "HUNGNV@", "vnpt-long"):
        assert matches(typed, login=login, display_name=name), typed
    for typed in ("Tuyết", "hung nv", "hungnv@post"):
        assert not matches(typed, login=login, display_name=name), typed
    assert matches("Đức", login="ducnt@x.vn", display_name="Trần Văn Đức") and matches(
        "duc", login=None, display_name="Đức"
    )


def test_an_actor_is_named_as_their_account_was_called_when_the_record_was_appended() -> None:
    names = [(10, "Nguyễn Văn Hùng"), (40, "Nguyễn Văn Hưng"), (90, "Nguyễn Văn Hưng (trưởng ca)")]
    assert [name_at(names, seq) for seq in (10, 39, 40, 89, 90, 500)] == [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
        "Nguyễn Văn Hưng",
        "Nguyễn Văn Hưng (trưởng ca)",
        "Nguyễn Văn Hưng (trưởng ca)",
    ]
    # Acting before the account's first event (recorded later, as it stood): its first name known.
    assert name_at(names, 3) == "Nguyễn Văn Hùng"
    assert name_at([], 3) is None


def test_a_new_password_asked_for_is_said_as_a_fact_with_the_accounts_scope() -> None:
    data = {k: v for k, v in account().items() if k not in ("active", "version", "actor")}
    data |= {"requested_at": "2027-02-06T22:30:00Z", "open_since": "2027-02-06T22:30:00Z"}
    what, vi, en, actor = words("lichtruc.roster.account.password_reset_requested.v1", data)
    assert what == "account.password_reset_requested" and actor is None
    assert vi == f"Xin đặt lại mật khẩu trên trang đăng nhập cho tài khoản {WHO}: Quản lý của VNPT Long An"
    assert en == f"A new password asked for at the sign-in page for account {WHO}: manager of VNPT Long An"
