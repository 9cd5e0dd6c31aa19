"""Inspection plans of the Department (issue 15, part 5): an inspector plans an inspection of an
enterprise (optionally at one of its sites) on a day before, during or after Tết; records its finding,
which marks it done; or reschedules or cancels it while it waits.

A **surprise** inspection is hidden from the enterprise (its managers and staff) until its finding is
recorded; a surprise plan cancelled before its finding stays hidden for good. A finding is recorded from
the inspection day on (Vietnam time): what was found cannot precede the visit — and a surprise plan's early
finding would reveal it to the enterprise ahead of time.

The phase is **derived** from the planned day and the campaign's Tết (a phase sent by the client must
agree with it):

* before Tết: up to the day before the last day of the old lunar year;
* during Tết: from the last day of the old lunar year (giao thừa) to mùng 5 tháng Giêng, inclusive;
* after Tết: from mùng 6 tháng Giêng on.

Pure: the clock comes in as ``today`` (the local day) or ``now``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from lichtruc import lunar, vntime

from .errors import Conflict, RuleViolation

Phase = Literal["before", "during", "after"]
PHASES: tuple[Phase, ...] = ("before", "during", "after")
PHASE_NAMES = {
    "before": ("trước Tết", "before Tết"),
    "during": ("trong Tết", "during Tết"),
    "after": ("sau Tết", "after Tết"),
}
STATUS_NAMES = {
    "planned": ("đã lên kế hoạch", "planned"),
    "overdue": ("quá hạn", "overdue"),
    "done": ("đã kiểm tra", "done"),
    "cancelled": ("đã hủy", "cancelled"),
}
_CLOSED = {"done": ("đã có kết quả", "has its result already"), "cancelled": ("đã bị hủy", "was cancelled")}
"""How a plan that no longer waits for its finding is told ("đã kiểm tra" would say the inspection inspected)."""
RESULT_NAMES = {
    "compliant": ("đạt yêu cầu", "compliant"),
    "issues_found": ("có tồn tại, thiếu sót", "issues found"),
}
DURING_LAST_DAY = 5
"""During Tết ends with this day of tháng Giêng (mùng 5)."""

PLAN_WINDOW_DAYS = 90
"""How far before a Tết campaign's start and after its end an inspection may be planned. A drill's inspections
lie within the drill's own days (QA: one planned a month after a drill ended was taken as the drill's, "before
Tết")."""


def tet_phases(lunar_year: int) -> tuple[date, date]:
    """The first and the last day (solar) of "during Tết" for the Tết of `lunar_year`."""
    eve = lunar.lunar_to_solar(lunar.last_day_of_year(lunar_year - 1))
    return eve, lunar.tet(lunar_year) + timedelta(days=DURING_LAST_DAY - 1)


def phase_of(day: date, lunar_year: int) -> Phase:
    """Before, during or after the Tết of `lunar_year` (see the module's text)."""
    first, last = tet_phases(lunar_year)
    if day < first:
        return "before"
    if day <= last:
        return "during"
    return "after"


def phase_name(phase: str, lang: str = "vi") -> str:
    vi, en = PHASE_NAMES[phase]
    return vi if lang == "vi" else en


@dataclass(frozen=True)
class PlanWindow:
    """Which days a campaign's inspections may be planned on, and the campaign's name."""

    campaign_name: str
    lunar_year: int
    first_day: date
    last_day: date

    @classmethod
    def of(cls, *, name: str, lunar_year: int, starts_on: date, ends_on: date, drill: bool = False) -> PlanWindow:
        window = timedelta(days=0 if drill else PLAN_WINDOW_DAYS)
        return cls(name, lunar_year, starts_on - window, ends_on + window)

    def phase(self, day: date, claimed: str | None, *, field: str = "planned_on") -> Phase:
        """The phase of `day`; 422 if the day is outside the window or `claimed` disagrees."""
        if not self.first_day <= day <= self.last_day:
            shown = f"{self.first_day.strftime('%d/%m/%Y')} – {self.last_day.strftime('%d/%m/%Y')}"
            if field == "held_on":  # a result being recorded: the day it was held, not a plan
                en_todo, vi_todo = "the day an inspection was held must lie", "ngày kiểm tra thực tế phải nằm"
            else:
                en_todo, vi_todo = "plan its inspections", "hãy lên kế hoạch kiểm tra"
            raise RuleViolation(
                field,
                "within-campaign",
                f"{day.isoformat()} is too far from the campaign {self.campaign_name}: {en_todo} between "
                f"{self.first_day.isoformat()} and {self.last_day.isoformat()}.",
                f"Ngày {day.strftime('%d/%m/%Y')} quá xa đợt trực {self.campaign_name}: {vi_todo} "
                f"trong khoảng {shown}.",
            )
        phase = phase_of(day, self.lunar_year)
        if claimed is not None and claimed != phase:
            first, last = tet_phases(self.lunar_year)
            raise RuleViolation(
                "phase",
                "phase-of-day",
                f"{day.isoformat()} is {phase_name(phase, 'en')}, not {phase_name(claimed, 'en')} (during Tết runs "
                f"from {first.isoformat()} to {last.isoformat()}): leave the phase out, it is derived from the day.",
                f"Ngày {day.strftime('%d/%m/%Y')} thuộc giai đoạn {phase_name(phase)}, không phải "
                f"{phase_name(claimed)} (trong Tết: {first.strftime('%d/%m/%Y')} – {last.strftime('%d/%m/%Y')}); "
                "có thể bỏ trống giai đoạn, hệ thống tự xác định theo ngày.",
                phase=phase,
            )
        return phase


@dataclass(frozen=True, slots=True)
class Inspection:
    id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    planned_on: date
    phase: str  # before | during | after
    purpose: str
    inspectors: tuple[str, ...]
    surprise: bool
    status: str  # planned | done | cancelled
    version: int
    created_at: datetime
    updated_at: datetime
    planned_by: str | None = None
    result: str | None = None  # compliant | issues_found
    finding_text: str | None = None
    recommendations: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    cancel_reason: str | None = None
    rescheduled_from: date | None = None
    """The day the plan was on before its last move (None if never moved)."""
    reschedule_reason: str | None = None
    """Why it was last moved (None if never moved, or moved without a reason)."""

    @classmethod
    def plan(
        cls,
        *,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        site_id: uuid.UUID | None,
        planned_on: date,
        phase: Phase,
        purpose: str,
        inspectors: tuple[str, ...],
        surprise: bool,
        actor: str | None,
        now: datetime,
        enterprise_name: str | None = None,
        site_name: str | None = None,
    ) -> Inspection:
        """A new plan, on today or a later day (Vietnam time, `ensure_not_past`; the names are for the refusal)."""
        ensure_not_past(planned_on, now=now, enterprise_name=enterprise_name, site_name=site_name)
        return cls(
            id=uuid.uuid4(),
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            site_id=site_id,
            planned_on=planned_on,
            phase=phase,
            purpose=purpose,
            inspectors=inspectors,
            surprise=surprise,
            status="planned",
            version=1,
            created_at=now,
            updated_at=now,
            planned_by=actor,
        )

    @property
    def hidden_from_enterprise(self) -> bool:
        """A surprise inspection without its finding: its enterprise must not learn of it."""
        return self.surprise and self.recorded_at is None

    def state(self, today: date) -> str:
        """planned, overdue (its day has passed without a finding), done or cancelled."""
        if self.status == "planned" and self.planned_on < today:
            return "overdue"
        return self.status

    def ensure_open(self) -> None:
        """409 unless the plan still waits for its finding."""
        if self.status != "planned":
            vi, en = _CLOSED[self.status]
            raise Conflict(
                "status",
                "inspection-open",
                f"This inspection {en}: it can no longer be changed.",
                f"Cuộc kiểm tra này {vi}, không thể thay đổi nữa.",
                inspection_status=self.status,
            )

    def _change(self, *, now: datetime, **changes: Any) -> Inspection:
        self.ensure_open()
        return replace(self, version=self.version + 1, updated_at=now, **changes)

    def reschedule(
        self,
        *,
        planned_on: date,
        window: PlanWindow,
        reason: str | None,
        now: datetime,
        enterprise_name: str | None,
        site_name: str | None,
    ) -> Inspection:
        """Moved to another day, today or later (Vietnam time), within the campaign's window; its phase follows.
        The names are for the refusal. The day it leaves and the reason are kept (the last move's)."""
        if planned_on == self.planned_on:
            raise RuleViolation(
                "planned_on",
                "another-day",
                f"The inspection is already planned for {planned_on.isoformat()}: choose another day.",
                f"Cuộc kiểm tra đã được lên kế hoạch vào ngày {planned_on.strftime('%d/%m/%Y')}: hãy chọn ngày khác.",
            )
        today = vntime.local_day(now)
        if planned_on < today:
            self.ensure_open()
            raise moved_to_the_past(
                self, planned_on=planned_on, today=today, enterprise_name=enterprise_name, site_name=site_name
            )
        phase = window.phase(planned_on, None)
        return self._change(
            now=now, planned_on=planned_on, phase=phase, rescheduled_from=self.planned_on, reschedule_reason=reason
        )

    def cancel(self, *, reason: str | None, now: datetime) -> Inspection:
        return self._change(now=now, status="cancelled", cancel_reason=reason)

    def record_finding(
        self,
        *,
        result: str,
        text: str,
        recommendations: str | None,
        actor: str | None,
        now: datetime,
        enterprise_name: str | None,
        site_name: str | None,
        held_on: date | None = None,
        window: PlanWindow | None = None,
    ) -> Inspection:
        """Done, with what was found — not before the inspection day (Vietnam time). `held_on`: the day the
        inspection was really held when it was not the planned one (today or earlier; the plan moves there, its
        phase following `window`, and keeps the day it left), so that one held early can be recorded — a plan cannot
        be moved to a day past. The names are for the refusals."""
        today = vntime.local_day(now)
        if held_on is not None and held_on != self.planned_on:
            self.ensure_open()
            if held_on > today:
                raise held_ahead(
                    self, held_on=held_on, today=today, enterprise_name=enterprise_name, site_name=site_name
                )
            phase = window.phase(held_on, None, field="held_on") if window is not None else self.phase
            held = replace(
                self, planned_on=held_on, phase=phase, rescheduled_from=self.planned_on, reschedule_reason=None
            )
            return held.record_finding(
                result=result,
                text=text,
                recommendations=recommendations,
                actor=actor,
                now=now,
                enterprise_name=enterprise_name,
                site_name=site_name,
            )
        if today < self.planned_on:
            self.ensure_open()
            raise not_yet_held(self, now=now, enterprise_name=enterprise_name, site_name=site_name)
        return self._change(
            now=now,
            status="done",
            result=result,
            finding_text=text,
            recommendations=recommendations,
            recorded_by=actor,
            recorded_at=now,
        )


def not_yet_held(
    inspection: Inspection, *, now: datetime, enterprise_name: str | None, site_name: str | None
) -> RuleViolation:
    """A finding recorded before the inspection day: the plan by its enterprise, site and day (with its lunar day),
    and what to do — wait for the day, or move the plan to the day the inspection was really held."""
    where_en, where_vi = _where(inspection, enterprise_name, site_name)
    return RuleViolation(
        "planned_on",
        "day-begun",
        f"The finding of the inspection of {where_en} planned for {vntime.day_label(inspection.planned_on, 'en')} "
        f"cannot be recorded yet: that day has not begun (it is now {vntime.instant_label(now, 'en')}, Vietnam "
        "time). Record it from that day on; if the inspection was held earlier, give the day it was held (held_on) "
        "with the finding.",
        f"Chưa thể ghi kết quả cuộc kiểm tra {where_vi} dự kiến ngày {vntime.day_label(inspection.planned_on)}: "
        f"chưa đến ngày kiểm tra (bây giờ là {vntime.instant_label(now)}, giờ Việt Nam). Hãy ghi kết quả từ ngày "
        "đó; nếu đã kiểm tra sớm hơn, hãy ghi ngày đã kiểm tra thực tế cùng kết quả.",
        planned_on=inspection.planned_on.isoformat(),
    )


def _where(inspection: Inspection, enterprise_name: str | None, site_name: str | None) -> tuple[str, str]:
    """The plan's enterprise and site, in English and in Vietnamese."""
    where_en = (enterprise_name or "the enterprise") + (f" at {site_name}" if site_name else "")
    where_vi = (enterprise_name or "doanh nghiệp") + (f" tại {site_name}" if site_name else "")
    return where_en, where_vi


def held_ahead(
    inspection: Inspection, *, held_on: date, today: date, enterprise_name: str | None, site_name: str | None
) -> RuleViolation:
    """A finding said to come from an inspection held on a day still to come."""
    where_en, where_vi = _where(inspection, enterprise_name, site_name)
    return RuleViolation(
        "held_on",
        "not-in-future",
        f"The inspection of {where_en} planned for {vntime.day_label(inspection.planned_on, 'en')} cannot have been "
        f"held on {vntime.day_label(held_on, 'en')}: that day has not come (today is {vntime.day_label(today, 'en')}, "
        "Vietnam time). Give the day it was really held, today or earlier.",
        f"Cuộc kiểm tra {where_vi} dự kiến ngày {vntime.day_label(inspection.planned_on)} không thể đã diễn ra ngày "
        f"{vntime.day_label(held_on)}: ngày đó chưa đến (hôm nay là {vntime.day_label(today)}, giờ Việt Nam). "
        "Hãy ghi ngày đã kiểm tra thực tế, hôm nay hoặc trước đó.",
        held_on=held_on.isoformat(),
        today=today.isoformat(),
    )


def ensure_not_past(planned_on: date, *, now: datetime, enterprise_name: str | None, site_name: str | None) -> None:
    """A new plan is for today or a later day (Vietnam time): a plan of a day gone would be overdue at once, and
    its enterprise told it "will be inspected" on a day past (QA: 01/01/2027 was planned on 05/02/2027, and mailed).
    An inspection held already is planned for today and its finding recorded with the day it was held (held_on).
    Names the enterprise (and site), the day given with its lunar day, and today."""
    today = vntime.local_day(now)
    if planned_on >= today:
        return
    where_en = (enterprise_name or "the enterprise") + (f" at {site_name}" if site_name else "")
    where_vi = (enterprise_name or "doanh nghiệp") + (f" tại {site_name}" if site_name else "")
    raise RuleViolation(
        "planned_on",
        "not-past",
        f"An inspection of {where_en} cannot be planned for {vntime.day_label(planned_on, 'en')}: that day has "
        f"passed (today is {vntime.day_label(today, 'en')}, Vietnam time). Choose today or a later day; if the "
        "inspection was held already, plan it for today and record its finding with the day it was held.",
        f"Không thể lên kế hoạch kiểm tra {where_vi} vào ngày {vntime.day_label(planned_on)}: ngày đó đã qua (hôm "
        f"nay là {vntime.day_label(today)}, giờ Việt Nam). Hãy chọn hôm nay hoặc một ngày sau đó; nếu đã kiểm tra "
        "rồi, hãy lên kế hoạch cho hôm nay và ghi kết quả kèm ngày đã kiểm tra thực tế.",
        planned_on=planned_on.isoformat(),
        today=today.isoformat(),
    )


def moved_to_the_past(
    inspection: Inspection, *, planned_on: date, today: date, enterprise_name: str | None, site_name: str | None
) -> RuleViolation:
    """A plan moved to a day already gone: it would be overdue at once, and the enterprise asked to prepare for a
    day past. Names the plan (enterprise, site, its day with the lunar one), the day given and today."""
    where_en, where_vi = _where(inspection, enterprise_name, site_name)
    return RuleViolation(
        "planned_on",
        "not-past",
        f"The inspection of {where_en} planned for {vntime.day_label(inspection.planned_on, 'en')} cannot be moved "
        f"to {vntime.day_label(planned_on, 'en')}: that day has passed (today is {vntime.day_label(today, 'en')}, "
        "Vietnam time). Choose today or a later day.",
        f"Không thể dời cuộc kiểm tra {where_vi} dự kiến ngày {vntime.day_label(inspection.planned_on)} sang ngày "
        f"{vntime.day_label(planned_on)}: ngày đó đã qua (hôm nay là {vntime.day_label(today)}, giờ Việt Nam). "
        "Hãy chọn hôm nay hoặc một ngày sau đó.",
        planned_on=planned_on.isoformat(),
        today=today.isoformat(),
    )
