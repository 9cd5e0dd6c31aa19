"""One check-in grace (QZ26 Q1 leftover: 15 minutes written in four places): roster's late rule, audit's presence,
notifier's missed check-in alert and the portal's "muộn" all read `lichtruc.check_in.GRACE`, so they say "not there"
at the same instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from audit.domain import presence
from lichtruc import check_in
from notifier.domain import check_ins
from portal.domain import my_day
from roster.domain import reports

START = datetime(2027, 2, 5, 11, tzinfo=UTC)  # 18:00 on giao thừa, Vietnam time


def test_every_service_reads_the_one_shared_grace() -> None:
    assert timedelta(minutes=15) == check_in.GRACE and check_in.GRACE_MINUTES == 15
    for name, value in {
        "roster.domain.reports.LATE_AFTER": reports.LATE_AFTER,
        "audit.domain.presence.GRACE": presence.GRACE,
        "notifier.domain.check_ins.GRACE": check_ins.GRACE,
        "portal.domain.my_day.LATE_AFTER": my_day.LATE_AFTER,
    }.items():
        assert value is check_in.GRACE, f"{name} is its own copy of the grace: read lichtruc.check_in.GRACE"


def test_roster_notifier_and_the_portal_say_late_from_the_same_minute() -> None:
    at_grace, past = START + check_in.GRACE, START + check_in.GRACE + timedelta(minutes=1)
    end = START + timedelta(hours=12)
    status = reports.check_in_status
    assert status(starts_at=START, ends_at=end, checked_in_at=at_grace, now=past) == "on_time"
    assert status(starts_at=START, ends_at=end, checked_in_at=past, now=past) == "late"
    assert check_ins.due_at(starts_at=START, known_at=START) == at_grace
    assert my_day.overdue_minutes(starts_at=START, at=at_grace, checked_in_at=None) is None
    assert my_day.overdue_minutes(starts_at=START, at=past, checked_in_at=None) == 16
