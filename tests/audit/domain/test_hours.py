"""Audit's view of transaction points' Tết hours: a publication kept with its first time, stale ones
ignored, and the status of a point judged against the campaign's deadline at a given instant."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from audit.domain.hours import apply_published, due_day, hours_deadline, status
from lichtruc.events_hours import DayHours, TransactionHoursPublished

DEADLINE = datetime(2027, 1, 29, 17, tzinfo=UTC)


def _event(version: int, at: datetime) -> TransactionHoursPublished:
    return TransactionHoursPublished(
        site_id=uuid.UUID(int=1),
        enterprise_id=uuid.UUID(int=2),
        campaign_id=uuid.UUID(int=3),
        site_name="Bưu cục Tân An",
        days=(DayHours(day=date(2027, 2, 6), open=False),),
        published_at=at,
        published_version=version,
        version=version,
    )


def test_the_first_publication_time_is_kept_and_stale_events_ignored() -> None:
    first = apply_published(None, _event(1, DEADLINE - timedelta(days=2)), seq=10)
    assert first is not None
    second = apply_published(first, _event(2, DEADLINE + timedelta(days=1)), seq=11)
    assert second is not None
    assert (second.first_published_at, second.published_version) == (DEADLINE - timedelta(days=2), 2)
    assert apply_published(second, _event(1, DEADLINE - timedelta(days=2)), seq=12) is None


def test_status_against_the_deadline() -> None:
    assert status(None, deadline=DEADLINE, now=DEADLINE - timedelta(seconds=1)) == "pending"
    assert status(None, deadline=DEADLINE, now=DEADLINE) == "missing"
    assert status(DEADLINE, deadline=DEADLINE, now=DEADLINE + timedelta(days=3)) == "on_time"
    assert status(DEADLINE + timedelta(minutes=1), deadline=DEADLINE, now=DEADLINE + timedelta(days=3)) == "late"


def test_the_default_deadline_is_the_campaign_start() -> None:
    assert hours_deadline(DEADLINE, None) == DEADLINE
    assert hours_deadline(DEADLINE, DEADLINE - timedelta(days=3)) == DEADLINE - timedelta(days=3)


def test_an_enterprise_owing_from_a_later_day_is_not_held_to_the_deadline() -> None:
    """Hours due at 00:00 30/01 (Vietnam time) are due by the end of 29/01: an enterprise owing from 30/01 does not owe
    them (not_owed, never missing; once published, whenever, not_owed_published: neither on time nor late), one
    owing from 29/01, the day itself, does."""
    after = DEADLINE + timedelta(days=3)
    assert due_day(DEADLINE) == date(2027, 1, 29)
    assert status(None, deadline=DEADLINE, now=after, obligations_from=date(2027, 1, 30)) == "not_owed"
    assert status(None, deadline=DEADLINE, now=DEADLINE, obligations_from=date(2027, 2, 8)) == "not_owed"
    assert status(after, deadline=DEADLINE, now=after, obligations_from=date(2027, 1, 30)) == "not_owed_published"
    before = DEADLINE - timedelta(days=1)
    assert status(before, deadline=DEADLINE, now=after, obligations_from=date(2027, 1, 30)) == "not_owed_published"
    assert status(None, deadline=DEADLINE, now=after, obligations_from=date(2027, 1, 29)) == "missing"
    assert status(after, deadline=DEADLINE, now=after, obligations_from=date(2027, 1, 29)) == "late"
