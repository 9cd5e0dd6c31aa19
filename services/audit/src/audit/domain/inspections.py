"""The Department's inspection plans as audit keeps them (issue 15, part 5), and the per-phase
summary inspectors read: planned, done, overdue and cancelled, before, during and after Tết.

Not to be confused with audit's own **findings** (`domain/findings.py`, ``/findings``): those are
site visits held against the roster's coverage. Here an inspection *plan* comes from roster with its
*result* (compliant / issues found) once the inspectors record it. Pure: `today` comes in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lichtruc.events_inspections import InspectionEvent
from lichtruc.text import sort_key

from . import wording

PHASES = ("before", "during", "after")
STATES = ("planned", "overdue", "done", "cancelled")


@dataclass(frozen=True, slots=True)
class InspectionPlan:
    plan_id: str
    campaign_id: str
    enterprise_id: str
    enterprise_name: str | None
    site_id: str | None
    site_name: str | None
    planned_on: str  # ISO day, Vietnam time
    phase: str
    purpose: str
    inspectors: tuple[str, ...]
    surprise: bool
    status: str  # planned | done | cancelled
    result: str | None
    result_text: str | None
    recommendations: str | None
    recorded_by: str | None
    recorded_at: datetime | None
    version: int
    updated_seq: int

    def state(self, today: date) -> str:
        """planned, overdue (its day passed without a result), done or cancelled."""
        if self.status == "planned" and date.fromisoformat(self.planned_on) < today:
            return "overdue"
        return self.status


def apply_inspection(current: InspectionPlan | None, data: InspectionEvent, *, seq: int) -> InspectionPlan | None:
    """The plan after any inspection event (each carries the whole state), or None if stale."""
    s = data.inspection
    if current is not None and s.version <= current.version:
        return None
    f = s.finding
    return InspectionPlan(
        plan_id=str(s.inspection_id),
        campaign_id=str(s.campaign_id),
        enterprise_id=str(s.enterprise_id),
        enterprise_name=s.enterprise_name,
        site_id=str(s.site_id) if s.site_id else None,
        site_name=s.site_name,
        planned_on=s.planned_on.isoformat(),
        phase=s.phase,
        purpose=s.purpose,
        inspectors=tuple(s.inspectors),
        surprise=s.surprise,
        status=s.status,
        result=f.result if f else None,
        result_text=f.text if f else None,
        recommendations=f.recommendations if f else None,
        recorded_by=f.recorded_by if f else None,
        recorded_at=f.recorded_at if f else None,
        version=s.version,
        updated_seq=seq,
    )


@dataclass(frozen=True)
class PhaseSummary:
    phase: str
    counts: dict[str, int]
    plans: dict[str, list[InspectionPlan]]


def summarize(plans: Iterable[InspectionPlan], today: date) -> list[PhaseSummary]:
    """Per phase (before, during, after): the plans by state, each list by planned day then name."""
    grouped: dict[str, dict[str, list[InspectionPlan]]] = {p: {s: [] for s in STATES} for p in PHASES}
    for plan in plans:
        grouped[plan.phase][plan.state(today)].append(plan)
    out = []
    for phase in PHASES:
        lists = {
            s: sorted(items, key=lambda p: (p.planned_on, sort_key(p.enterprise_name or ""), p.plan_id))
            for s, items in grouped[phase].items()
        }
        out.append(PhaseSummary(phase, {s: len(v) for s, v in lists.items()}, lists))
    return out


_VERBS = {
    "inspection.planned": ("planned", "Lên kế hoạch kiểm tra"),
    "inspection.rescheduled": ("rescheduled", "Dời lịch kiểm tra"),
    "inspection.cancelled": ("cancelled", "Hủy kế hoạch kiểm tra"),
    "inspection.finding_recorded": ("result recorded", "Ghi kết quả kiểm tra"),
}
_PHASE_WORDS = {
    "before": ("before Tết", "trước Tết"),
    "during": ("during Tết", "trong Tết"),
    "after": ("after Tết", "sau Tết"),
}
_RESULTS = {"compliant": ("compliant", "đạt yêu cầu"), "issues_found": ("issues found", "có tồn tại, thiếu sót")}


def describe(what: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """An inspection event in words (English, Vietnamese) for an enterprise's history: a surprise one
    or not, of which enterprise (and site), on which day (with the lunar day; a rescheduled one also
    from which day), before, during or after Tết; its result, or the reason given. None if not one."""
    if what not in _VERBS:
        return None
    plan = data.get("inspection") or {}
    verb_en, verb_vi = _VERBS[what]
    day_en, day_vi = wording.day(plan.get("planned_on"))
    where = str(plan.get("enterprise_name") or "") or "?"
    if plan.get("site_name"):
        where = f"{where} – {plan['site_name']}"
    phase = str(plan.get("phase", ""))
    phase_en, phase_vi = _PHASE_WORDS.get(phase, (phase, phase))
    surprise = bool(plan.get("surprise"))
    kind_en = "Surprise inspection" if surprise else "Inspection"
    surprise_vi = " (đột xuất)" if surprise else ""
    if what == "inspection.rescheduled":
        before_en, before_vi = wording.day(data.get("previous_planned_on"))
        en = f"{kind_en} of {where} moved from {before_en} to {day_en}, {phase_en}"
        vi = f"{verb_vi}{surprise_vi}: {where}, từ ngày {before_vi} sang ngày {day_vi}, {phase_vi}"
    else:
        en = f"{kind_en} of {where} on {day_en}, {phase_en}: {verb_en}"
        vi = f"{verb_vi}{surprise_vi}: {where}, ngày {day_vi}, {phase_vi}"
    finding = plan.get("finding") or {}
    if finding.get("result") in _RESULTS:
        result_en, result_vi = _RESULTS[finding["result"]]
        en, vi = f"{en}: {result_en}", f"{vi}: {result_vi}"
    if reason := wording.text(data, "reason"):
        en, vi = f"{en}: {reason}", f"{vi}: {reason}"
    return en, vi
