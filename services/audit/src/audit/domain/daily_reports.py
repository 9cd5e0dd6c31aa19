"""Daily situation reports as audit sees them: each submitted version (from `DailyReportSubmitted`),
and each enterprise's status for each day — submitted (which version, when), missing after the
deadline, or not yet due. The deadline is a local time on the day after the report's day
(AUDIT_DAILY_REPORT_DUE, 09:00 by default). And a submission in words, for an enterprise's history
(`describe`). Pure: `now` is passed in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from lichtruc import report_deadline
from lichtruc.events_reports import DailyReportSubmitted

from . import wording
from .obligations import owes_report

Status = report_deadline.ReportStatus | Literal["not_owed"]
"""A day's report: submitted, missing, not yet due, or not owed (a day before the day the enterprise owes from)."""


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DailyReport:
    """One submitted version of an enterprise's report for a day (a projected record)."""

    report_id: str
    campaign_id: str
    enterprise_id: str
    day: str  # the local day, ISO 8601
    version: int
    number: str
    submitted_at: datetime
    submitted_by_name: str
    updated_seq: int


def apply_daily_report(old: DailyReport | None, data: DailyReportSubmitted, *, seq: int) -> DailyReport | None:
    """A version is immutable: the first sighting is kept (a repeated event changes nothing)."""
    if old is not None:
        return None
    return DailyReport(
        report_id=str(data.report_id),
        campaign_id=str(data.campaign_id),
        enterprise_id=str(data.enterprise_id),
        day=data.day.isoformat(),
        version=data.version,
        number=data.number,
        submitted_at=utc(data.submitted_at),
        submitted_by_name=data.submitted_by_name,
        updated_seq=seq,
    )


@dataclass(frozen=True, slots=True)
class DayStatus:
    enterprise_id: str
    enterprise_name: str
    day: date
    status: Status
    due_at: datetime
    version: int | None = None
    report_id: str | None = None
    number: str | None = None
    submitted_at: datetime | None = None
    submitted_by_name: str | None = None
    late: bool = False  # the first version came after the deadline
    seq: int | None = None  # the log record of the latest version
    event_id: str | None = None  # its logged event (the handler reads it from the log): what proves it
    first_submitted_at: datetime | None = None  # when its first version came (on time or late: `late`)
    obligations_from: date | None = None  # the day the enterprise owes reports from (the Department's), if set


def due_at(day: date, due: time) -> datetime:
    """The deadline of a day's report: `due` (local) on the next day (`lichtruc.report_deadline`)."""
    return report_deadline.due_at(day, due)


def statuses(
    enterprises: Sequence[tuple[str, str]],
    days: Sequence[date],
    reports: Iterable[DailyReport],
    *,
    due: time,
    now: datetime,
    owes_from: Mapping[str, date] | None = None,
) -> list[DayStatus]:
    """Per day, per enterprise (in the given orders): the latest version, else missing once the
    deadline has passed, else not yet due. A day whose report an enterprise does not owe (a day before the day in
    `owes_from`, by enterprise id: `obligations.owes_report`) is listed not_owed unless it submitted one anyway (QZ14 #3:
    the enterprise is on the inspectors' page, saying why); each row of such an enterprise carries its day."""
    owes_from = owes_from or {}
    by_key: dict[tuple[str, str], list[DailyReport]] = {}
    for r in reports:
        by_key.setdefault((r.enterprise_id, r.day), []).append(r)
    found = []
    for day in days:
        deadline = due_at(day, due)
        for enterprise_id, name in enterprises:
            versions = sorted(by_key.get((enterprise_id, day.isoformat()), []), key=lambda r: r.version)
            if versions:
                latest = versions[-1]
                found.append(
                    DayStatus(
                        enterprise_id,
                        name,
                        day,
                        "submitted",
                        deadline,
                        latest.version,
                        latest.report_id,
                        latest.number,
                        latest.submitted_at,
                        latest.submitted_by_name,
                        late=report_deadline.is_late(versions[0].submitted_at, deadline),
                        seq=latest.updated_seq,
                        first_submitted_at=versions[0].submitted_at,
                        obligations_from=owes_from.get(enterprise_id),
                    )
                )
            else:
                owing = owes_report(owes_from.get(enterprise_id), day)
                found.append(
                    DayStatus(
                        enterprise_id,
                        name,
                        day,
                        report_deadline.report_status(submitted=False, deadline=deadline, now=now)
                        if owing
                        else "not_owed",
                        deadline,
                        obligations_from=owes_from.get(enterprise_id),
                    )
                )
    return found


def describe(what: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A daily report's submission in words (English, Vietnamese): its day (with the lunar day), which
    time it was sent (a correction says so), its number and who signed it. None if not one."""
    if what != "daily_report.submitted":
        return None
    day_en, day_vi = wording.day(data.get("day"))
    version = data.get("version")
    again = isinstance(version, int) and version > 1
    number = str(data.get("number") or "").strip() or "?"
    signer = str(data.get("submitted_by_name") or "").strip() or "?"
    return (
        f"Daily duty report for {day_en} submitted"
        + (f" again, version {version}" if again else "")
        + f", no. {number}, signed by {signer}",
        f"Gửi {'lại ' if again else ''}báo cáo tình hình trực Tết ngày {day_vi}"
        + (f", lần {version}" if again else "")
        + f", số {number}, người ký: {signer}",
    )
