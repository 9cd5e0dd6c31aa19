"""Account rules (pure): logins, passwords, what each role carries, and the failure counters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.accounts import (
    AccountScope,
    SlidingWindow,
    edited_scope,
    lock_after_failure,
    normalize_login,
    password_errors,
    scope_errors,
)

T0 = datetime(2027, 2, 5, 12, tzinfo=UTC)
A, B = uuid.uuid4(), uuid.uuid4()
PERSON = uuid.uuid4()


def test_logins_are_lower_cased_addresses_of_at_most_200_characters() -> None:
    assert normalize_login("  Truong.Phong@VNPT-LongAn.vn ") == "truong.phong@vnpt-longan.vn"
    assert normalize_login("admin") is None
    assert normalize_login("a@b.vn" + "c" * 195) is None


def test_a_password_is_long_enough_and_not_the_login() -> None:
    assert password_errors("Tết đến xuân về", login="a@b.vn") == []
    assert [e.rule for e in password_errors("short", login="a@b.vn")] == ["password-length"]
    assert [e.rule for e in password_errors("x" * 257, login="a@b.vn")] == ["password-length"]
    assert [e.rule for e in password_errors(" Phong.Tran@vnpt.vn", login="phong.tran@vnpt.vn")] == [
        "password-not-login"
    ]


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "abababababab", "123456789012", "987654321098", "abcdefghijkl", "Password2027!", "matkhau12345"]
    + ["1q2w3e4r5t6y", "2027-02-06 09:15"],
)
def test_a_long_password_a_guesser_tries_first_is_refused(password: str) -> None:
    """QA (2026-12-04): "aaaaaaaaaaaa" and "123456789012" were taken, being twelve characters long."""
    (error,) = password_errors(password, login="a@b.vn")
    assert error.rule == "password-guessable" and "câu ngắn của riêng bạn" in error.message_vi


@pytest.mark.parametrize(
    "password",
    ["Tết đến xuân về 2027", "mat-khau-du-dai-12", "correct horse battery", "xK3_9aQ-uT2v", "đúng mật khẩu 2027"],
)
def test_a_sentence_or_a_random_password_is_not_guessable(password: str) -> None:
    assert password_errors(password, login="a@b.vn") == []


def test_each_role_carries_its_own_scope() -> None:
    assert scope_errors(AccountScope("manager", (A,))) == []
    assert scope_errors(AccountScope("manager", (A,), PERSON)) == []  # a leader on duty: their own record
    assert scope_errors(AccountScope("staff", (), PERSON)) == []
    assert scope_errors(AccountScope("inspector")) == []
    assert [e.rule for e in scope_errors(AccountScope("manager"))] == ["manager-enterprises"]
    assert [e.rule for e in scope_errors(AccountScope("admin", (A,), PERSON))] == ["no-enterprises", "staff-only"]
    assert [e.rule for e in scope_errors(AccountScope("staff", (A,)))] == ["staff-record", "derived-enterprise"]


def test_a_new_role_drops_the_old_scope_unless_the_edit_gives_it() -> None:
    manager = AccountScope("manager", (A,))
    assert edited_scope(manager, given={"enterprise_ids": [A, B, A]}) == AccountScope("manager", (A, B))
    assert edited_scope(manager, given={"role": "inspector"}) == AccountScope("inspector")
    assert edited_scope(manager, given={"role": "staff", "staff_id": PERSON}) == AccountScope("staff", (), PERSON)
    staff = AccountScope("staff", (A,), PERSON)  # A: derived from the staff record, not given
    assert edited_scope(staff, given={"role": "staff"}) == AccountScope("staff", (), PERSON)
    assert edited_scope(staff, given={"role": "manager"}) == AccountScope("manager")  # refused: no enterprises
    leader = AccountScope("manager", (A,), PERSON)
    assert edited_scope(leader, given={"enterprise_ids": [A, B]}) == AccountScope("manager", (A, B), PERSON)
    assert edited_scope(leader, given={"staff_id": None}) == AccountScope("manager", (A,))
    assert edited_scope(staff, given={"role": "manager", "enterprise_ids": [A]}) == AccountScope("manager", (A,))


def test_the_max_th_failure_in_a_row_locks_and_starts_the_count_again() -> None:
    lockout = timedelta(minutes=15)
    assert lock_after_failure(0, now=T0, max_failures=3, lockout=lockout) == (1, None)
    assert lock_after_failure(2, now=T0, max_failures=3, lockout=lockout) == (0, T0 + lockout)


def test_a_sliding_window_counts_failures_and_forgets_old_ones_and_successes() -> None:
    window = SlidingWindow(2, timedelta(minutes=15))
    assert window.take("10.0.0.1", T0) is None
    assert window.take("10.0.0.1", T0 + timedelta(minutes=1)) is None
    assert window.take("10.0.0.1", T0 + timedelta(minutes=2)) == 13 * 60  # until the first failure is old enough
    assert window.take("10.0.0.2", T0 + timedelta(minutes=2)) is None  # another address is not affected
    window.give_back("10.0.0.2", T0 + timedelta(minutes=2))
    assert window.wait("10.0.0.2", T0 + timedelta(minutes=2)) is None
    assert window.take("10.0.0.1", T0 + timedelta(minutes=15)) is None  # the first failure left the window


def test_a_flood_of_keys_forgets_the_oldest() -> None:
    window = SlidingWindow(1, timedelta(minutes=15), max_keys=3)
    for i in range(5):
        window.take(f"login-{i}", T0)
    assert window.wait("login-0", T0) is None and window.wait("login-4", T0) == 15 * 60
