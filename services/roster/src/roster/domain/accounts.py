"""Accounts: who may sign in and as what, the rules their passwords follow, and how sign-in
failures slow a password guesser down. Plain values; the handlers hash, store and count."""

from __future__ import annotations

import math
import uuid
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import cast

from .errors import FieldError
from .values import normalize_email

ROLES = ("admin", "manager", "staff", "inspector")
LOGIN_MAX = 200
PASSWORD_MIN = 12
PASSWORD_MAX = 256


def normalize_login(text: str) -> str | None:
    """The login as stored and compared: an e-mail-like address, lower-cased (so that logins are
    unique whatever their case); None when it is not one."""
    login = normalize_email(text)
    return login if login is not None and len(login) <= LOGIN_MAX else None


COMMON_WORDS = frozenset(
    {"password", "passw0rd", "matkhau", "admin", "administrator", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm"}
    | {"abc", "abcd", "iloveyou", "lichtruc", "tet", "vietnam", "welcome", "letmein", "qazwsx", "", "a"}
)
"""Words a password guesser tries first (with digits and signs around them, "matkhau12345"): a password that
is only one of these and digits or signs is refused."""


def guessable(password: str) -> bool:
    """A password long enough that a guesser still tries early (NIST SP 800-63B, 5.1.1.2: repetitive or
    sequential characters, commonly used passwords): three different characters or fewer ("aaaaaaaaaaaa",
    "abababababab"), a run up or down the alphabet or the digits for most of its length ("123456789012",
    "abcdefghijkl"), digits and signs alone ("2027-02-06 09:15"), or a common word with only digits and signs
    around it ("Password2027!")."""
    text = password.lower()
    if len(set(text)) <= 3:
        return True
    pairs = list(pairwise(text))
    runs = sum(1 for a, b in pairs if abs(ord(b) - ord(a)) == 1 or a + b in ("90", "09"))  # 8, 9, 0, 1…
    if runs >= 0.75 * len(pairs):
        return True
    letters = "".join(c for c in text if c.isalpha())
    return letters in COMMON_WORDS


def password_errors(password: str, *, login: str | None, field: str = "password") -> list[FieldError]:
    """What is wrong with a new password. Length is what makes a password hard to guess, so
    that is the rule; the login, which everybody knows, is refused as a password, and so is a
    long password a guesser tries first anyway (`guessable`)."""
    errors = []
    if len(password) < PASSWORD_MIN:
        errors.append(
            FieldError(
                field,
                "password-length",
                f"A password needs at least {PASSWORD_MIN} characters: "
                "a short sentence is easy to remember and hard to guess.",
                f"Mật khẩu cần ít nhất {PASSWORD_MIN} ký tự: một câu ngắn vừa dễ nhớ vừa khó đoán.",
            )
        )
    elif len(password) > PASSWORD_MAX:
        errors.append(
            FieldError(
                field,
                "password-length",
                f"A password may have at most {PASSWORD_MAX} characters.",
                f"Mật khẩu tối đa {PASSWORD_MAX} ký tự.",
            )
        )
    elif guessable(password):
        errors.append(
            FieldError(
                field,
                "password-guessable",
                "This password is among the first a guesser tries (repeated characters, a run such as 123456 or "
                "abcdef, digits alone, or a common word such as “password” with digits): use a short sentence of "
                "your own.",
                "Mật khẩu này nằm trong số những mật khẩu bị dò đầu tiên (lặp ký tự, dãy liên tiếp như 123456 hay "
                "abcdef, chỉ có chữ số, hoặc từ thông dụng như “matkhau” kèm chữ số): hãy dùng một câu ngắn của "
                "riêng bạn.",
            )
        )
    if login is not None and password.strip().lower() == login.strip().lower():
        errors.append(
            FieldError(
                field,
                "password-not-login",
                "The password must not be the login.",
                "Mật khẩu không được trùng với tên đăng nhập.",
            )
        )
    return errors


@dataclass(frozen=True)
class AccountScope:
    """What an account reaches besides its role: a manager's enterprises, a staff member's record."""

    role: str
    enterprise_ids: tuple[uuid.UUID, ...] = ()
    staff_id: uuid.UUID | None = None


def scope_errors(scope: AccountScope) -> list[FieldError]:
    """A manager manages one or more enterprises, and may be linked to their own staff record
    (a leader on duty has shifts of their own: `checked_scope` wants it of an enterprise they
    manage); a staff account is one staff record (its enterprise comes from that record);
    administrators and inspectors reach everything, so they carry neither."""
    errors = []
    if scope.role == "manager" and not scope.enterprise_ids:
        errors.append(
            FieldError(
                "enterprise_ids",
                "manager-enterprises",
                "A manager's account needs the enterprises they manage (enterprise_ids).",
                "Tài khoản quản lý cần danh sách doanh nghiệp được quản lý.",
            )
        )
    if scope.role in ("admin", "inspector") and scope.enterprise_ids:
        errors.append(
            FieldError(
                "enterprise_ids",
                "no-enterprises",
                f"An {scope.role} reaches every enterprise: leave enterprise_ids out.",
                "Vai trò này truy cập mọi doanh nghiệp: bỏ trống danh sách doanh nghiệp.",
            )
        )
    if scope.role == "staff":
        if scope.staff_id is None:
            errors.append(
                FieldError(
                    "staff_id",
                    "staff-record",
                    "A staff account needs the staff record it belongs to (staff_id).",
                    "Tài khoản cán bộ cần chọn hồ sơ cán bộ của người dùng.",
                )
            )
        if scope.enterprise_ids:
            errors.append(
                FieldError(
                    "enterprise_ids",
                    "derived-enterprise",
                    "A staff account's enterprise comes from its staff record: leave enterprise_ids out.",
                    "Doanh nghiệp của tài khoản cán bộ lấy từ hồ sơ cán bộ: bỏ trống danh sách doanh nghiệp.",
                )
            )
    elif scope.role != "manager" and scope.staff_id is not None:
        errors.append(
            FieldError(
                "staff_id",
                "staff-only",
                "Only a staff or a manager's account is linked to a staff record: leave staff_id out.",
                "Chỉ tài khoản cán bộ hoặc quản lý mới gắn với hồ sơ cán bộ: hãy bỏ trống hồ sơ cán bộ.",
            )
        )
    return errors


def edited_scope(current: AccountScope, *, given: dict[str, object]) -> AccountScope:
    """The scope an edit leaves, from the fields the edit gives. On a change of role what the
    new role does not carry is dropped and what it needs must come with the change (a staff
    member promoted to manager does not silently manage their own enterprise, nor keep their
    staff record unless the edit gives it again). A staff
    account's stored enterprise is derived, so it is never carried over as if given."""
    role = str(given.get("role") or current.role)
    changed = role != current.role
    enterprise_ids: tuple[uuid.UUID, ...]
    if "enterprise_ids" in given:
        enterprise_ids = tuple(cast("Iterable[uuid.UUID]", given["enterprise_ids"] or ()))
    else:
        enterprise_ids = () if changed or current.role == "staff" else current.enterprise_ids
    staff_id = cast("uuid.UUID | None", given.get("staff_id"))
    if "staff_id" not in given and not changed:
        staff_id = current.staff_id
    return AccountScope(role, tuple(dict.fromkeys(enterprise_ids)), staff_id)


def lock_after_failure(
    failed_logins: int, *, now: datetime, max_failures: int, lockout: timedelta
) -> tuple[int, datetime | None]:
    """(failed_logins, locked_until) after one more failure: the max-th failure in a row locks
    the account for `lockout`, and the count starts again for when the lock ends."""
    failed = failed_logins + 1
    if failed >= max_failures:
        return 0, now + lockout
    return failed, None


def seconds_to_wait(until: datetime, now: datetime) -> int:
    """Whole seconds for a Retry-After header: rounded up, at least 1."""
    return max(1, math.ceil((until - now).total_seconds()))


class SlidingWindow:
    """At most `limit` failures per key within `window`, in this process's memory (for keys that
    have no row to count in: a client address, a login nobody has). The clock is passed in.

    An attempt is taken before the password is checked and given back when it succeeded, so
    that many concurrent guesses cannot all pass the check before any of them is counted."""

    def __init__(self, limit: int, window: timedelta, *, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        stamps = self._failures.get(key)
        if stamps is None:
            return deque()
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if not stamps:
            del self._failures[key]
        return stamps

    def wait(self, key: str, now: datetime) -> int | None:
        """Seconds to wait before `key` may try again; None if it may try now."""
        stamps = self._recent(key, now)
        if len(stamps) < self.limit:
            return None
        return seconds_to_wait(stamps[0] + self.window, now)

    def take(self, key: str, now: datetime) -> int | None:
        """Count an attempt of `key` as a failure unless it is over the limit (then: seconds to wait)."""
        waiting = self.wait(key, now)
        if waiting is not None:
            return waiting
        self._failures.setdefault(key, deque()).append(now)
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:  # a flood of keys forgets the oldest, not the process's memory
            self._failures.popitem(last=False)
        return None

    def give_back(self, key: str, stamp: datetime) -> None:
        """The attempt taken at `stamp` succeeded: it was no failure."""
        stamps = self._failures.get(key)
        if stamps is not None and stamp in stamps:
            stamps.remove(stamp)


# --- the account entities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """Who may sign in: the login, the role and its scope, the argon2id hash of the password
    (never shown), and the failures that lock it."""

    id: uuid.UUID
    login: str
    display_name: str
    role: str
    enterprise_ids: tuple[uuid.UUID, ...]
    staff_id: uuid.UUID | None
    password_hash: str
    active: bool
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime
    secret_from_admin: bool = False
    """The password was set by an administrator (the account made, or its password reset) and not changed by its
    owner since: the portal asks them to change it (QZ11 #7), without locking them out."""
    reset_requested_at: datetime | None = None
    """When the request for a new password still open was first made at the sign-in page (QZ29 #15); None when none
    is: a new password set (by an administrator or its owner), a sign-in or a deactivation closes it."""

    @property
    def scope(self) -> AccountScope:
        return AccountScope(self.role, self.enterprise_ids, self.staff_id)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class AccountHolder:
    """The account a staff record has already (one account per staff record)."""

    account_id: uuid.UUID
    login: str
    full_name: str


@dataclass(frozen=True)
class RefreshToken:
    """One refresh token of a sign-in (``family_id``), stored as its SHA-256 only."""

    id: uuid.UUID
    account_id: uuid.UUID
    family_id: uuid.UUID
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


def keeps_an_administrator(account: Account, *, role: str, active: bool) -> bool:
    """Whether an edit leaving ``role`` and ``active`` keeps this account's administrator role as it
    was (True for every account that is not an active administrator now)."""
    return account.role != "admin" or not account.active or (role == "admin" and active)
