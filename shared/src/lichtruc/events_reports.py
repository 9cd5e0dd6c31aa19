"""Events of the directive: Daily situation reports (issue 15, part 2). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .duty_types import DutyTypeKey
from .events import EventData

MAX_REPORT_LINES = 500
"""The most lines a report's section carries (duty, check-ins, incidents, gaps)."""

CheckInStatus = Literal["on_time", "late", "missing", "not_yet", "not_started", "absent", "confirmed"]


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReportDuty(_Line):
    """One person on one shift of the report's day."""

    shift_id: uuid.UUID
    duty_type: DutyTypeKey
    staff_id: uuid.UUID
    full_name: str = Field(max_length=200, description="the person's name")
    site_name: str | None = Field(default=None, max_length=200, description="the shift's site; none: the enterprise")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    handed_to: str | None = Field(
        None,
        max_length=2000,
        description="set when the person did not come and the whole shift was handed over: the names of the people "
        "it was handed over to (listed on their own shift's lines)",
    )
    covers_site_names: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        (), max_length=100, description="the further sites the shift covers besides `site_name`, by name"
    )
    handed_at: AwareDatetime | None = Field(
        None,
        description="with `handed_to`: the moment the shift was handed over (the start of the shift that took it); "
        "none in reports made before it was kept",
    )
    rest_handed_to: str | None = Field(
        None,
        max_length=2000,
        description="set when the shift was handed over after it began with its people on record as there (the "
        "shift kept, ending at the handover): the names of the people who took the rest, from its `ends_at`; none in "
        "reports made before it was kept",
    )
    qualified: bool = Field(
        True,
        description="whether the person holds the duty's qualification, so counts on the plan (an unqualified one "
        "does not: their absence leaves nobody short); true in reports made before it was kept",
    )


class ReportCheckIn(_Line):
    """Whether a person on a shift that began on the report's day checked in, and when."""

    shift_id: uuid.UUID
    duty_type: DutyTypeKey
    staff_id: uuid.UUID
    full_name: str = Field(max_length=200)
    starts_at: AwareDatetime = Field(description="when the shift began")
    checked_in_at: AwareDatetime | None = None
    status: CheckInStatus = Field(
        description="on_time; late (checked in after the start); missing (no check-in, and its window has closed: "
        "the shift has ended); not_yet (no check-in yet, and it may still come: the shift was under way when the "
        "report was made); not_started (the shift had not begun when the report was made); absent (did not come: nobody had checked in and the whole shift was handed over to "
        "`handed_to`, the shift cancelled); confirmed (no check-in, but the manager who handed over the rest of the "
        "shift said its people were there — “Người trực không đến” unticked, nobody having checked in: not counted "
        "absent; `rest_handed_to` and `handed_at` say to whom and from when)"
    )
    handed_to: str | None = Field(
        None, max_length=2000, description="absent: the names of the people the whole shift was handed over to"
    )
    handed_at: AwareDatetime | None = Field(
        None,
        description="with `handed_to` or `rest_handed_to`: the moment the shift was handed over (as the person's duty "
        "line's); none in reports made before it was kept",
    )
    rest_handed_to: str | None = Field(
        None,
        max_length=2000,
        description="set when the shift was handed over after it began with its people on record as there (the shift "
        "kept, ending at the handover): the names of the people who took the rest, from `handed_at`; none in reports "
        "made before it was kept",
    )
    confirmed_from: AwareDatetime | None = Field(
        None,
        description="a manager's word afterwards (roster's POST /shifts/{id}/presence) that the person was on post from "
        "then until `confirmed_until`: section IV counts that time present, as audit's presence rule does; none "
        "without such a word, and in reports made before it was kept",
    )
    confirmed_until: AwareDatetime | None = Field(
        None, description="with `confirmed_from`: the end of the time confirmed"
    )
    recorded_absent: bool = Field(
        False,
        description="a manager's word afterwards that the person was not on post: section IV counts them absent as if "
        "they never checked in, whatever `checked_in_at` says",
    )


class ReportIncident(_Line):
    """An incident of the report's day and how it was handled (from the incidents the roster holds)."""

    incident_id: uuid.UUID
    detected_at: AwareDatetime
    summary: str = Field(max_length=2000, description="what happened, where")
    severity: str | None = Field(default=None, max_length=40)
    status: str | None = Field(default=None, max_length=40, description="open or resolved")
    restored_at: AwareDatetime | None = None
    handling: str | None = Field(default=None, max_length=4000, description="responders, updates, cause, closing note")
    summary_en: str | None = Field(
        default=None,
        max_length=2000,
        description="the summary in English words around what people wrote (none in reports made before it was kept)",
    )
    handling_en: str | None = Field(default=None, max_length=4000, description="the handling in English words")


class ReportAbsence(_Line):
    """Section IV's presence line: someone on a shift of the report's day not there once their check-in was due
    (15 minutes after its start), until they checked in, their shift ended (or was handed over) or the submission
    — derived by roster from the report's duty and check-ins, carried as the page and the files show it."""

    duty_type: DutyTypeKey
    site_name: str | None = Field(default=None, max_length=200, description="none: the whole enterprise")
    full_name: str = Field(max_length=200)
    starts_at: AwareDatetime = Field(description="when their check-in was due")
    ends_at: AwareDatetime = Field(description="their check-in, their shift's end or handover, or the report's moment")
    checked_in_at: AwareDatetime | None = Field(
        default=None, description="none: not checked in (by the report's moment)"
    )
    handed_to: str | None = Field(
        None,
        max_length=2000,
        description="set when they never came and the whole shift was handed over: the names of those who took it",
    )
    handed_at: AwareDatetime | None = Field(
        None, description="with `handed_to` or `rest_handed_to`: the handover's moment"
    )
    status: CheckInStatus | None = Field(
        None,
        description="what became of them by the report's moment, as section II says it: late (checked in late), "
        "missing (the shift over or handed over without a check-in), not_yet (the shift under way), absent (never "
        "came, the whole shift handed over); none in events published before it was carried",
    )
    rest_handed_to: str | None = Field(
        None,
        max_length=2000,
        description="with status missing: the names of those the rest of the shift was handed over to, from "
        "`handed_at`",
    )
    covers_site_names: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        (),
        max_length=100,
        description="the further sites the shift covers besides `site_name`, by name (the absence counts at each); "
        "empty in events published before",
    )
    shortfall: bool | None = Field(
        None,
        description="whether their absence left their post short of people (a `shortfalls` line names them), the post "
        "short in plan or not; false when the others there kept it covered (events published before absence was "
        "counted on top of gaps say false of a post short in plan then too) — audit's presence rule; none in events "
        "published before, and in reports that kept no plan's stretches",
    )


class ReportShortfall(_Line):
    """A presence shortfall of the report's day: a post with fewer people there than required because some planned were
    not, the plan full or short (`planned` < `required`: a gap too, listed apart) — audit's presence rule, derived by
    roster from the report's plan and check-ins."""

    duty_type: DutyTypeKey
    site_name: str | None = Field(default=None, max_length=200, description="none: the whole enterprise")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    required: int = Field(ge=0)
    planned: int = Field(ge=0)
    present: int = Field(ge=0, description="planned minus the people missing")
    missing: tuple[ReportAbsence, ...] = Field((), max_length=MAX_REPORT_LINES, description="who was not there")


class ReportGap(_Line):
    """A coverage gap of the report's day: fewer people planned than required (roster's own check; audit's
    findings are the system of record)."""

    duty_type: DutyTypeKey
    site_name: str | None = Field(default=None, max_length=200, description="none: the whole enterprise")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    required: int = Field(ge=0)
    planned: int = Field(ge=0)
    not_come: tuple[ReportAbsence, ...] = Field(
        (),
        max_length=MAX_REPORT_LINES,
        description="the people who never came, their whole shift handed over, whose hours this gap is: named here "
        "and not among the report's `absences` (the gap counts those hours once, as audit's presence does); empty in "
        "events published before",
    )


class DailyReportSubmitted(EventData):
    """An enterprise's daily situation report (báo cáo tình hình trực Tết) for one local day, submitted by its
    leader on duty: the whole report, immutable; a correction is a new version with its own event
    (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.daily_report.submitted.v1"

    report_id: uuid.UUID = Field(description="this version's id")
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str = Field(max_length=200)
    day: date = Field(description="the local day (Asia/Ho_Chi_Minh) the report is about")
    version: int = Field(ge=1, description="1 for the first submission of the day, 2 for its first correction, …")
    supersedes: uuid.UUID | None = Field(default=None, description="the report this version corrects")
    number: str = Field(max_length=60, description="the report's number, e.g. '3/BC-VNPTLA'")
    remarks: str = Field(default="", max_length=8000, description="the leader's remarks: anything unusual")
    submitted_at: AwareDatetime
    submitted_by: str | None = Field(default=None, max_length=200, description="the account that submitted it")
    submitted_by_name: str = Field(max_length=200, description="the name signing the report")
    duty: tuple[ReportDuty, ...] = Field(default=(), max_length=MAX_REPORT_LINES)
    check_ins: tuple[ReportCheckIn, ...] = Field(default=(), max_length=MAX_REPORT_LINES)
    incidents: tuple[ReportIncident, ...] = Field(default=(), max_length=MAX_REPORT_LINES)
    gaps: tuple[ReportGap, ...] = Field(default=(), max_length=MAX_REPORT_LINES)
    absences: tuple[ReportAbsence, ...] = Field(
        default=(),
        max_length=MAX_REPORT_LINES,
        description="everyone not there once due (empty in events published before they were carried), each with "
        "`shortfall`; one who never came whose hours are a gap is named on the gap's `not_come`, not here",
    )
    shortfalls: tuple[ReportShortfall, ...] = Field(
        default=(),
        max_length=MAX_REPORT_LINES,
        description="section IV's presence shortfalls beside `gaps`, each with who was missing (empty in events "
        "published before they were carried)",
    )
