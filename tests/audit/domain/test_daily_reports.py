"""Which enterprise's daily report is in, missing after the deadline, or not yet due (pure)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from audit.domain.daily_reports import DailyReport, apply_daily_report, due_at, statuses
from lichtruc.events_reports import DailyReportSubmitted

DAY = date(2027, 2, 6)
A, B = str(uuid.uuid4()), str(uuid.uuid4())
ENTERPRISES = [(A, "VNPT Long An"), (B, "Viettel Long An")]
NINE = time(9, 0)


def report(version: int, at: datetime, enterprise: str = A) -> DailyReport:
    return DailyReport(
        str(uuid.uuid4()), str(uuid.uuid4()), enterprise, DAY.isoformat(), version, "1/BC", at, "Tuyết", 1
    )


def test_the_deadline_is_the_local_hour_on_the_next_day() -> None:
    assert due_at(DAY, NINE) == datetime(2027, 2, 7, 2, 0, tzinfo=UTC)  # 09:00 +07:00


def test_missing_only_after_the_deadline_and_the_latest_version_counts() -> None:
    v1, v2 = report(1, datetime(2027, 2, 6, 13, tzinfo=UTC)), report(2, datetime(2027, 2, 7, 3, tzinfo=UTC))
    before = statuses(ENTERPRISES, [DAY], [v2, v1], due=NINE, now=datetime(2027, 2, 7, 1, 59, tzinfo=UTC))
    assert [(s.enterprise_name, s.status, s.version) for s in before] == [
        ("VNPT Long An", "submitted", 2),
        ("Viettel Long An", "not_yet_due", None),
    ]
    assert before[0].report_id == v2.report_id and before[0].late is False  # v1 came in time
    # and when v1 came, which made it in time (the latest's time, after the deadline, would read as late)
    assert (before[0].first_submitted_at, before[0].submitted_at) == (v1.submitted_at, v2.submitted_at)
    after = statuses(ENTERPRISES, [DAY], [v1], due=NINE, now=datetime(2027, 2, 7, 2, 0, tzinfo=UTC))
    assert [s.status for s in after] == ["submitted", "missing"]
    late = statuses(
        ENTERPRISES, [DAY], [report(1, datetime(2027, 2, 7, 5, tzinfo=UTC), B)], due=NINE, now=v2.submitted_at
    )
    assert [(s.status, s.late) for s in late] == [("missing", False), ("submitted", True)]


def test_a_version_is_kept_as_first_seen() -> None:
    data = DailyReportSubmitted(
        report_id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.UUID(A),
        enterprise_name="VNPT Long An",
        day=DAY,
        version=1,
        number="1/BC-VNPTLA",
        submitted_at=datetime(2027, 2, 6, 20, tzinfo=UTC),
        submitted_by_name="Nguyễn Thị Ánh Tuyết",
    )
    first = apply_daily_report(None, data, seq=7)
    assert first is not None and (first.day, first.version, first.updated_seq) == ("2027-02-06", 1, 7)
    assert apply_daily_report(first, data, seq=9) is None
