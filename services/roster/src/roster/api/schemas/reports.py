"""Daily situation report bodies."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from lichtruc.events_reports import (
    ReportAbsence,
    ReportCheckIn,
    ReportDuty,
    ReportGap,
    ReportIncident,
    ReportShortfall,
)

from ...domain.reports import MAX_REMARKS, gaps_note
from .common import In


class ReportIn(In):
    enterprise_id: uuid.UUID
    day: date = Field(description="the local day (Asia/Ho_Chi_Minh) the report is about")
    campaign_id: uuid.UUID | None = Field(default=None, description="default: the campaign whose days include `day`")
    remarks: str = Field(default="", max_length=MAX_REMARKS, description="anything unusual (Vietnamese)")


class ReportVersionOut(BaseModel):
    id: uuid.UUID
    version: int
    number: str
    submitted_at: datetime
    submitted_by_name: str


class ReportIncidentOut(ReportIncident):
    """An incident of the report with its line as the report's PDF prints it (the portal's page shows these words)."""

    said: str = Field(description="the line of section III as the PDF prints it, in Vietnamese")
    said_en: str = Field(description="the same line in English words around what people wrote")


class AbsenceOut(ReportAbsence):
    """Someone on a shift of the day not there once their check-in was due (15 minutes after its start); one who
    never came, their shift handed over, with `handed_to` and `handed_at` (the event's `absences` line)."""


class DraftOut(BaseModel):
    """What the day's report says (a draft: computed now, nothing stored)."""

    campaign_id: uuid.UUID
    campaign_name: str
    enterprise_id: uuid.UUID
    enterprise_name: str
    day: date
    lunar_day_vi: str = Field(examples=["Mùng 1 Tết Đinh Mùi"])
    lunar_day_en: str
    duty: list[ReportDuty] = Field(description="the people on the shifts overlapping the day")
    check_ins: list[ReportCheckIn] = Field(description="the people on the shifts that began that day")
    incidents: list[ReportIncidentOut]
    gaps: list[ReportGap]
    gaps_note_vi: str = gaps_note("vi")  # the PDF's section IV heading says the same (domain.reports.GAPS_BASIS_VI)
    gaps_note_en: str = gaps_note("en")
    absences: list[AbsenceOut] = Field(
        default=[],
        description="people not there once their check-in was due, until they checked in, their shift ended, or now "
        "(a draft) / the submission (a report), each with `shortfall`: section IV lists only those of a shortfall, on "
        "its `shortfalls` line (those with `shortfall` none, of a report that kept no plan's stretches, one by one)",
    )
    shortfalls: list[ReportShortfall] = Field(
        default=[],
        description="section IV's presence shortfalls beside `gaps`: a post with fewer people there than required "
        "because some planned were not, the plan full or short (audit's presence rule), each with who was missing",
    )
    leader_ids: list[uuid.UUID] = Field(description="the people on leadership duty that day (they may submit)")
    versions: list[ReportVersionOut] = Field(default=[], description="the versions submitted so far, oldest first")


class ReportOut(DraftOut):
    """One submitted version (immutable); `versions` lists every version of its day."""

    id: uuid.UUID
    version: int
    supersedes: uuid.UUID | None
    number: str
    remarks: str
    submitted_at: datetime
    submitted_by: str | None
    submitted_by_name: str
    pdf: str = Field(description="address of the PDF")
    xlsx: str = Field(description="address of the workbook")
