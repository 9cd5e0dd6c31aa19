"""Accounts in words, for the history of accounts the inspectors read from the log (who was given
which role for which enterprises, by whom; deactivations; password changes, the fact only).

Roster publishes `AccountCreated` and `AccountChanged` (lichtruc.events_accounts), each with the
account's whole state after the change, and `AccountRecorded` for an account as it stands (its command
line's `publish-accounts`, for the accounts made before roster published account events); audit logs them and keeps no projection of them. The words
work on the stored JSON, like `history.describe`, so that a field this version does not know is
still named (as its code). The roles' words are the portal's (its `role.*` messages)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lichtruc.events_accounts import AccountChanged, AccountCreated, AccountRecorded, PasswordResetRequested
from lichtruc.text import fold

ACCOUNT_EVENT_TYPES: tuple[str, ...] = (
    AccountCreated.event_type,
    AccountChanged.event_type,
    AccountRecorded.event_type,
    PasswordResetRequested.event_type,
)
"""The log's event types of the history of accounts."""

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("Quản trị", "administrator"),
    "manager": ("Quản lý", "manager"),
    "staff": ("Nhân viên trực", "duty staff"),
    "inspector": ("Thanh tra", "inspector"),
}
"""Each role in words (Vietnamese, English inside a sentence), as the portal names them."""


NO_ENTERPRISE = ("không còn thuộc doanh nghiệp nào", "no longer in any enterprise")
"""An account's enterprises all taken away: said as what it comes to, not "changed to nothing"."""


def _part(verb: str, value: str, to: str) -> str:
    """One change inside a sentence: "đổi vai trò thành Thanh tra", "role changed to inspector"; an
    account left without enterprises as just that."""
    if value in NO_ENTERPRISE:
        return value
    return verb + (f" {to} {value}" if value else "")


def name_at(names: Sequence[tuple[int, str]], seq: int) -> str | None:
    """The display name an account had when the log record `seq` was appended, from its account's
    names by record (`names`: (seq, display name), in seq order): the name of its latest account event
    at or before `seq` — who acted is shown as they were called then, not as since renamed. An account
    whose first event comes later (made before roster published accounts, recorded afterwards) is
    shown by its first name known; None when no account event names it."""
    before = [name for at, name in names if at <= seq]
    if before:
        return before[-1]
    return names[0][1] if names else None


def role_names(role: str) -> tuple[str, str]:
    """A role in words (Vietnamese, English); a role this version does not know, as it is."""
    return ROLE_NAMES.get(role, (role, role))


def enterprise_list(ids: Sequence[str], names: Mapping[str, str]) -> str:
    """The enterprises by name, in the event's order; one audit does not know, by its id."""
    return ", ".join(names.get(i, i) for i in ids)


def matches(text: str, *, login: str | None, display_name: str | None) -> bool:
    """Whether a search `text` is part of the login or of the display name, whatever its case,
    diacritics, Unicode form or spacing (lichtruc.text.fold, as roster matches names); a blank
    `text` is part of every name."""
    wanted = fold(text)
    return wanted in fold(login or "") or wanted in fold(display_name or "")


def _scope(data: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, str]:
    """The role and its enterprises: "Quản lý của VNPT Long An" / "manager of VNPT Long An"."""
    vi, en = role_names(str(data.get("role", "")))
    ids = [str(i) for i in data.get("enterprise_ids") or ()]
    if not ids:
        return vi, en
    listed = enterprise_list(ids, names)
    return f"{vi} của {listed}", f"{en} of {listed}"


def _change(field: str, data: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, str, str, str]:
    """One change: (what, Vietnamese, as it starts a sentence; its new value or ""; the same in English)."""
    ids = [str(i) for i in data.get("enterprise_ids") or ()]
    if field == "display_name":
        name = str(data.get("display_name", ""))
        return "Đổi tên hiển thị", name, "display name changed", name
    if field == "role":
        vi, en = role_names(str(data.get("role", "")))
        return "Đổi vai trò", vi, "role changed", en
    if field == "enterprise_ids":
        listed = enterprise_list(ids, names)
        return "Đổi doanh nghiệp", listed or NO_ENTERPRISE[0], "enterprises changed", listed or NO_ENTERPRISE[1]
    if field == "staff_id":
        return "Đổi hồ sơ nhân viên trực", "", "staff record changed", ""
    if field == "active":
        if data.get("active"):
            return "Cho hoạt động lại", "", "reactivated", ""
        return "Ngừng hoạt động", "", "deactivated", ""
    if field == "password":
        return "Đổi mật khẩu", "", "password changed", ""
    return f"Đổi {field}", "", f"{field} changed", ""


def describe(what: str, data: Mapping[str, Any], *, enterprise_names: Mapping[str, str]) -> tuple[str, str] | None:
    """An account event in words (English, Vietnamese); None if `what` is not one.

    A creation, or an account recorded as it stands, names the role and its enterprises; a change names each thing that changed, in the
    event's order — one alone leads the sentence ("Đổi vai trò tài khoản …: Thanh tra"), several
    are listed after it ("Thay đổi tài khoản …: đổi vai trò thành Thanh tra; đổi mật khẩu")."""
    if what not in ("account.created", "account.changed", "account.recorded", "account.password_reset_requested"):
        return None
    who = f"{data.get('login')} ({data.get('display_name')})"
    if what == "account.password_reset_requested":  # QZ29 #15: the fact only, for the administrators to answer
        vi, en = _scope(data, enterprise_names)
        return (
            f"A new password asked for at the sign-in page for account {who}: {en}",
            f"Xin đặt lại mật khẩu trên trang đăng nhập cho tài khoản {who}: {vi}",
        )
    if what in ("account.created", "account.recorded"):
        vi, en = _scope(data, enterprise_names)
        inactive_vi, inactive_en = ("", "") if data.get("active", True) else (", ngừng hoạt động", ", inactive")
        if what == "account.recorded":
            return (
                f"Account {who} recorded as it stands: {en}{inactive_en}",
                f"Ghi nhận tài khoản {who} như hiện có: {vi}{inactive_vi}",
            )
        return f"Account {who} created: {en}{inactive_en}", f"Tạo tài khoản {who}: {vi}{inactive_vi}"
    changes = [_change(str(f), data, enterprise_names) for f in data.get("changed") or ()]
    if not changes:
        return f"Account {who} changed", f"Thay đổi tài khoản {who}"
    if len(changes) == 1:
        [(verb_vi, value_vi, verb_en, value_en)] = changes
        en = f"Account {who}: {_part(verb_en, value_en, 'to')}"
        return en, f"{verb_vi} tài khoản {who}" + (f": {value_vi}" if value_vi else "")
    parts_vi = [_part(verb.lower(), value, "thành") for verb, value, _, _ in changes]
    parts_en = [_part(verb, value, "to") for _, _, verb, value in changes]
    return f"Account {who}: {'; '.join(parts_en)}", f"Thay đổi tài khoản {who}: {'; '.join(parts_vi)}"
