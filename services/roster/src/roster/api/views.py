"""Typed results as the API shows them: the handlers answer with entities (and small outcome
dataclasses); the routes turn them into the response models here — UTC instants plus, under
`local`, the Asia/Ho_Chi_Minh reading and the lunar day name."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from lichtruc.duty_types import duty_type_name

from ..domain import imports
from ..domain.border import BorderDefaultKept
from ..domain.candidacy import Candidacy
from ..domain.districts import NewDistrict, SiteNote
from ..domain.early_leave import EarlyLeave
from ..domain.hours_import import HoursRowReport
from ..domain.incidents import Incident, IncidentWarning, severity_name
from ..domain.localtime import local_view, utc
from ..domain.people import LikelyDuplicate, NameCapitalised, StaffNote
from ..domain.presence import PresenceNote
from ..domain.requirements import RequirementVersion, RequirementWarning, StaffingRequirement, window_to_json
from ..domain.shifts import Booking, RuleLimits, Shift
from ..domain.swaps import Swap, SwapCandidate, SwapShift
from ..handlers.board import Board
from ..handlers.shifts import PublishOutcome
from .schemas import (
    AssigneeOut,
    BoardDay,
    BoardOut,
    BoardPeak,
    CoverageOut,
    DutyDay,
    EarlyLeaveOut,
    EarlyLeaveStatus,
    GapOut,
    HandedOverOut,
    ImportChange,
    ImportReport,
    ImportRow,
    ImportSummary,
    LocalInstant,
    LocalSpan,
    LunarDateOut,
    NightShiftsOut,
    Note,
    Person,
    PublishedShift,
    PublishOut,
    Ref,
    RemovalOut,
    RequirementOut,
    RequirementVersionOut,
    ShiftOut,
    SwapCandidateOut,
    SwapOut,
    SwapShiftOut,
    TookOverOut,
)
from .schemas.candidacy import CandidacyOut, NearShiftOut, ShortRestOut
from .schemas.incidents import IncidentOut, IncidentUpdateOut, RemovedResponderOut, ResponderOut
from .schemas.shifts import PresenceOut
from .schemas.swaps import SwapAnswer, SwapStage, SwapStatus


def local_instant(instant: datetime) -> LocalInstant:
    """How a person in Vietnam reads an instant: local ISO time and the lunar day name."""
    reading = local_view(instant)
    return LocalInstant(local=reading.local, lunar_day_vi=reading.lunar_day_vi, lunar_day_en=reading.lunar_day_en)


def local_span(starts_at: datetime, ends_at: datetime) -> LocalSpan:
    return LocalSpan(starts_at=local_instant(starts_at), ends_at=local_instant(ends_at))


def presence_out(note: PresenceNote | None) -> PresenceOut | None:
    if note is None:
        return None
    return PresenceOut(
        present=note.present,
        present_from=note.starts_at if note.present else None,
        present_until=note.ends_at if note.present else None,
        absent_from=None if note.present else note.starts_at,
        absent_until=None if note.present else note.ends_at,
        evidence=note.evidence,  # checked when it was said (domain.presence.EVIDENCE)
        evidence_note=note.evidence_note,
        confirmed_by=note.by,
        confirmed_by_name=note.by_name,
        confirmed_at=note.at,
    )


def shift_out(
    shift: Shift,
    *,
    taken_by: Shift | None = None,
    took_over: Shift | None = None,
    checks_in: frozenset[uuid.UUID] | None = None,
) -> ShiftOut:
    """A shift as the API shows it: UTC instants plus the local and lunar reading; `taken_by`, the shift that took
    it over (whole: a cancelled one handed over when nobody came; else its rest, from its end); `took_over`, the
    one it continues (`continues_shift_id`); `checks_in`, those of its people who can check in themselves (None: not
    read, each assignee's `can_check_in` null)."""
    return ShiftOut(
        id=shift.id,
        campaign_id=shift.campaign_id,
        enterprise_id=shift.enterprise_id,
        site_id=shift.site_id,
        covers_site_ids=list(shift.covers_site_ids),
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        local=local_span(shift.starts_at, shift.ends_at),
        assignees=[
            AssigneeOut(
                staff_id=a.staff_id,
                full_name=a.full_name,
                qualified=a.qualified,
                checked_in_at=a.checked_in_at,
                late_reason=a.late_reason,
                presence=presence_out(a.presence),
                can_check_in=None if checks_in is None else a.staff_id in checks_in,
            )
            for a in shift.assignees
        ],
        status=shift.status,
        notes=shift.notes,
        warnings=[Note.model_validate(dict(w)) for w in shift.warnings],
        cancel_reason=shift.cancel_reason,
        published_at=shift.published_at,
        continues_shift_id=shift.continues_shift_id,
        handover_reason=shift.handover_reason,
        handover_absent=shift.handover_absent,
        handed_over_to=None
        if taken_by is None
        else HandedOverOut(
            shift_id=taken_by.id,
            people=[a.full_name for a in taken_by.assignees],
            at=taken_by.created_at,
            starts_at=taken_by.starts_at,
            handover_absent=taken_by.handover_absent,
            reason=taken_by.handover_reason,
        ),
        took_over=None
        if took_over is None
        else TookOverOut(
            shift_id=took_over.id,
            people=[a.full_name for a in took_over.assignees],
            whole=took_over.status == "cancelled",
        ),
        late_from=shift.late_from,
        version=shift.version,
        created_at=shift.created_at,
        updated_at=shift.updated_at,
    )


def publish_out(outcome: PublishOutcome) -> PublishOut:
    return PublishOut(
        campaign_id=outcome.campaign_id,
        enterprise_id=outcome.enterprise_id,
        published=len(outcome.shifts),
        shifts=[
            PublishedShift(id=s.id, version=s.version, starts_at=s.starts_at, duty_type=s.duty_type)
            for s in outcome.shifts
        ],
    )


def requirement_out(requirement: StaffingRequirement, warnings: Iterable[RequirementWarning] = ()) -> RequirementOut:
    return RequirementOut(
        id=requirement.id,
        campaign_id=requirement.campaign_id,
        enterprise_id=requirement.enterprise_id,
        site_id=requirement.site_id,
        duty_type=requirement.duty_type,
        window=window_to_json(requirement.window),
        minimum=requirement.minimum,
        peak_minimum=requirement.peak_minimum,
        version=requirement.version,
        created_at=requirement.created_at,
        updated_at=requirement.updated_at,
        department_default=requirement.floor is not None,
        department_minimum=None if requirement.floor is None else requirement.floor.minimum,
        department_peak_minimum=None if requirement.floor is None else requirement.floor.peak_minimum,
        removed=None
        if requirement.removed is None
        else RemovalOut(at=requirement.removed.at, applies_from=requirement.removed.applies_from),
        warnings=[Note.model_validate(w.as_dict()) for w in warnings],
    )


def requirement_version_out(v: RequirementVersion) -> RequirementVersionOut:
    r = v.rule
    return RequirementVersionOut(
        version=v.version,
        applies_from=v.applies_from,
        removed=r is None,
        site_id=None if r is None else r.site_id,
        duty_type=None if r is None else r.duty_type,
        window=None if r is None else window_to_json(r.window),
        minimum=None if r is None else r.minimum,
        peak_minimum=None if r is None else r.peak_minimum,
        recorded_at=v.recorded_at,
    )


def swap_shift_out(about: SwapShift) -> SwapShiftOut:
    return SwapShiftOut(
        duty_type=about.duty_type,
        duty_type_vi=duty_type_name(about.duty_type, "vi"),
        duty_type_en=duty_type_name(about.duty_type, "en"),
        site_name=about.site_name,
        covers_site_names=list(about.covers_site_names),
        starts_at=about.starts_at,
        ends_at=about.ends_at,
        local=local_span(about.starts_at, about.ends_at),
    )


def swap_out(swap: Swap, *, shift: Shift | None = None) -> SwapOut:
    """A swap request with its people's names and its shift in words; after an approval, with the
    shift as it is now."""
    return SwapOut(
        id=swap.id,
        shift_id=swap.shift_id,
        enterprise_id=swap.enterprise_id,
        from_staff_id=swap.from_staff_id,
        from_name=swap.from_name,
        to_staff_id=swap.to_staff_id,
        to_name=swap.to_name,
        about=swap_shift_out(swap.about) if swap.about is not None else None,
        status=cast(SwapStatus, swap.status),  # the entity keeps to SwapOut's statuses (checked again here)
        reason=swap.reason,
        decision_note=swap.decision_note,
        requested_by=swap.requested_by,
        decided_by=swap.decided_by,
        answer=cast(SwapAnswer | None, swap.answer),
        answer_note=swap.answer_note,
        answered_at=swap.answered_at,
        agreement=swap.agreement,
        stage=cast(SwapStage, swap.stage) if swap.status == "requested" else None,
        version=swap.version,
        created_at=swap.created_at,
        updated_at=swap.updated_at,
        shift=shift_out(shift) if shift is not None else None,
    )


def swap_candidate_out(candidate: SwapCandidate, *, limits: RuleLimits) -> SwapCandidateOut:
    """A colleague who could take the shift over, with the warnings the shift would carry about them — in full, and
    the least rest and the night shifts as numbers for a list to say beside the name."""
    rests = [float(cast(float, w.context["rest_hours"])) for w in candidate.warnings if w.rule == "min-rest"]
    nights = [int(cast(int, w.context["night_shifts"])) for w in candidate.warnings if w.rule == "night-shifts"]
    return SwapCandidateOut(
        id=candidate.staff_id,
        full_name=candidate.full_name,
        phone_end=candidate.phone_end,
        email_hint=candidate.email_hint,
        shared_shift=candidate.shared_shift,
        short_rest_hours=round(max(0.0, min(rests)), 2) if rests else None,
        night_shifts=NightShiftsOut(
            count=max(nights),
            within_days=limits.night_shift_period.total_seconds() / 86400,
            at_most=limits.night_shift_limit,
        )
        if nights
        else None,
        warnings=[Note.model_validate(w.as_dict()) for w in candidate.warnings],
    )


def board_out(board: Board) -> BoardOut:
    """The board in UTC instants (a gap's bounds come from local days), each shift in full (with `handed_over_to`, as
    GET /shifts gives it)."""
    return BoardOut(
        campaign=Ref(id=board.campaign_id, name=board.campaign_name),
        enterprise=Ref(id=board.enterprise_id, name=board.enterprise_name),
        from_=board.first,
        to=board.last,
        days=[
            BoardDay(
                date=day.day,
                lunar=(
                    LunarDateOut(year=day.lunar.year, month=day.lunar.month, day=day.lunar.day, leap=day.lunar.leap)
                    if day.lunar is not None
                    else None
                ),
                lunar_name_vi=day.lunar_name_vi,
                lunar_name_en=day.lunar_name_en,
                peaks=[BoardPeak(name=p.name, starts_at=p.starts_at, ends_at=p.ends_at) for p in day.peaks],
                duty_types=[
                    DutyDay(
                        duty_type=duty.duty_type,
                        name_vi=duty.name_vi,
                        name_en=duty.name_en,
                        shifts=[
                            shift_out(s, taken_by=board.taken.of(s.id), checks_in=board.checks_in) for s in duty.shifts
                        ],
                        people=[Person(staff_id=p.staff_id, full_name=p.full_name) for p in duty.people],
                        coverage=[
                            CoverageOut(
                                site_id=c.site_id,
                                required=c.required,
                                planned=c.planned,
                                met=c.met,
                                met_published=c.met_published,
                                planned_published=c.planned if c.planned_published is None else c.planned_published,
                                gaps=[
                                    GapOut(
                                        starts_at=utc(g.starts_at),
                                        ends_at=utc(g.ends_at),
                                        required=g.required,
                                        planned=g.planned,
                                        peak=g.peak,
                                    )
                                    for g in c.gaps
                                ],
                            )
                            for c in duty.coverage
                        ],
                    )
                    for duty in day.duty_types
                ],
            )
            for day in board.days
        ],
    )


def _change_out(change: imports.FieldChange) -> ImportChange:
    def plain(value: str | bool | tuple[str, ...] | None) -> str | bool | list[str] | None:
        return list(value) if isinstance(value, tuple) else value

    return ImportChange(
        field=change.field,
        before=plain(change.before),
        after=plain(change.after),
        message=change.message,
        message_vi=change.message_vi,
    )


def _import_row(row: imports.RowReport) -> ImportRow:
    """A report row: number, errors, warnings, then what the row says (and, once committed, what it made)."""
    extra: dict[str, Any]
    if isinstance(row, HoursRowReport):
        extra = {"site_name": row.site_name, "day": row.day, "open": row.open, "hours": row.hours}
        if row.action is not None:
            extra["action"] = row.action
        if row.action == "update":
            extra["changes"] = [_change_out(c) for c in row.changes]
    elif isinstance(row, imports.StaffRowReport):
        extra = {"full_name": row.full_name, "action": row.action}
        if row.action == "update":
            extra["changes"] = [dict(c) for c in row.changes]
        if row.adds is not None:  # who a new row registers, as it will be stored
            extra["adds"] = {
                "full_name": row.adds.full_name,
                "email": row.adds.email,
                "phone": row.adds.phone,
                "qualifications": list(row.adds.qualifications),
                "active": row.adds.active,
            }
        if row.staff_id is not None:
            extra["staff_id"] = row.staff_id
    elif isinstance(row, imports.ShiftRowReport):
        extra = {
            "duty_type": row.duty_type,
            "starts_at": row.starts_at,
            "ends_at": row.ends_at,
            "staff_ids": list(row.staff_ids),
            "assignees": list(row.assignees),
        }
        if row.action is not None:
            extra["action"] = row.action
        if row.action == "update":
            extra["changes"] = [dict(c) for c in row.changes]
        if row.shift_id is not None:
            extra["shift_id"] = row.shift_id
    else:
        extra = {}
    return ImportRow.model_validate(
        {
            "row": row.row,
            "ok": row.ok,
            "errors": [e.as_dict() for e in row.errors],
            "warnings": [dict(w) for w in row.warnings],
            **extra,
        }
    )


def import_report_out(report: imports.ImportReport) -> ImportReport:
    return ImportReport(
        kind=report.kind,
        dry_run=report.dry_run,
        committed=report.committed,
        ignored_columns=list(report.ignored_columns),
        summary=ImportSummary(
            rows=report.summary.rows,
            ok=report.summary.ok,
            with_errors=report.summary.with_errors,
            with_warnings=report.summary.with_warnings,
        ),
        rows=[_import_row(r) for r in report.rows],
        late_points=list(report.late_points),
        empty_points=list(report.empty_points),
        notes=[dict(n) for n in report.notes],
    )


def staff_note_out(note: StaffNote) -> Note:
    """A warning of a staff command (ids as text, the extra fields after the common ones)."""
    if isinstance(note, LikelyDuplicate):
        return Note.model_validate(
            {
                "rule": note.rule,
                "staff_id": str(note.staff_id),
                "linked_staff_id": str(note.linked_staff_id),
                "person_id": str(note.person_id),
                "enterprise_id": str(note.enterprise_id),
                "matched_by": note.matched_by,
                "message": note.message,
                "message_vi": note.message_vi,
            }
        )
    if isinstance(note, NameCapitalised):
        return Note.model_validate(
            {
                "rule": note.rule,
                "staff_id": str(note.staff_id) if note.staff_id else None,
                "field": "full_name",
                "typed": note.typed,
                "full_name": note.full_name,
                "message": note.message,
                "message_vi": note.message_vi,
            }
        )
    return Note(
        rule=note.rule, staff_id=note.staff_id, shift_id=note.shift_id, message=note.message, message_vi=note.message_vi
    )


def site_note_out(note: SiteNote | BorderDefaultKept) -> Note:
    """A note of a site command: a district no site or incident is in yet and the closest known one, a
    district typed another way and the known spelling it was saved as, or a border default kept (changed by hand)
    when the site's border flag was cleared."""
    if isinstance(note, BorderDefaultKept):
        return Note.model_validate({"rule": note.rule, "message": note.message, "message_vi": note.message_vi})
    said = {"closest": note.closest} if isinstance(note, NewDistrict) else {"matched": note.matched}
    return Note.model_validate(
        {"rule": note.rule, "district": note.district, **said, "message": note.message, "message_vi": note.message_vi}
    )


def incident_out(
    incident: Incident, warnings: Iterable[IncidentWarning] = (), *, opened_by_name: str | None = None
) -> IncidentOut:
    """An incident as the API shows it (with the warnings of the change that answered it, and the name of whoever
    recorded it where the answer is one incident)."""
    return IncidentOut(
        id=incident.id,
        enterprise_id=incident.enterprise_id,
        enterprise_name=incident.enterprise_name,
        sector=cast(Any, incident.sector),
        campaign_id=incident.campaign_id,
        detected_at=incident.detected_at,
        detected_local=local_instant(incident.detected_at),
        site_id=incident.site_id,
        site_name=incident.site_name,
        district=incident.district,
        services=cast(Any, list(incident.services)),
        agency_links=incident.agency_links,
        border=incident.border,
        severity=cast(Any, incident.severity),
        severity_vi=severity_name(incident.severity),
        severe=incident.severe,
        written_up_afterwards=incident.written_up_afterwards,
        description=incident.description,
        status=cast(Any, incident.status),
        responders=[
            ResponderOut(
                staff_id=r.staff_id,
                full_name=r.full_name,
                added_at=r.added_at,
                added_local=local_instant(r.added_at),
                on_duty=r.on_duty,
            )
            for r in incident.responders
        ],
        removed_responders=[
            RemovedResponderOut(
                staff_id=r.staff_id,
                full_name=r.full_name,
                added_at=r.added_at,
                removed_at=r.removed_at,
                removed_local=local_instant(r.removed_at),
                by=r.by,
                by_name=r.by_name,
                reason=r.reason,
            )
            for r in incident.removed
        ],
        updates=[
            IncidentUpdateOut(at=u.at, local=local_instant(u.at), note=u.note, by=u.by, by_name=u.by_name)
            for u in incident.updates
        ],
        restored_at=incident.restored_at,
        cause=incident.cause,
        closing_note=incident.closing_note,
        resolved_at=incident.resolved_at,
        opened_by=incident.opened_by,
        opened_by_name=opened_by_name,
        version=incident.version,
        created_at=incident.created_at,
        updated_at=incident.updated_at,
        warnings=[Note.model_validate(w.as_dict()) for w in warnings],
    )


def candidacy_out(c: Candidacy, *, limits: RuleLimits) -> CandidacyOut:
    """A person as the shift's checks would judge them, the other shifts named by duty type and time."""

    def near(b: Booking) -> dict[str, Any]:
        return {
            "shift_id": b.shift_id,
            "duty_type": b.duty_type,
            "starts_at": b.starts_at,
            "ends_at": b.ends_at,
            "enterprise_name": b.enterprise_name,
        }

    nights = [int(cast(int, w.context["night_shifts"])) for w in c.warnings if w.rule == "night-shifts"]
    least = limits.min_rest.total_seconds() / 3600
    return CandidacyOut(
        id=c.staff_id,
        full_name=c.full_name,
        refused=[
            Note.model_validate({**e.context, "rule": e.rule, "message": e.message, "message_vi": e.message_vi})
            for e in c.refusals
        ],
        busy=[NearShiftOut(**near(b)) for b in c.busy],
        short_rests=[
            ShortRestOut(**near(r.other), rest_hours=r.rest_hours, before=r.before, min_rest_hours=least)
            for r in c.short_rests
        ],
        night_shifts=NightShiftsOut(
            count=max(nights),
            within_days=limits.night_shift_period.total_seconds() / 86400,
            at_most=limits.night_shift_limit,
        )
        if nights
        else None,
        warnings=[Note.model_validate(w.as_dict()) for w in c.warnings],
        free=c.free,
        can_check_in=c.can_check_in,
    )


def early_leave_out(notice: EarlyLeave) -> EarlyLeaveOut:
    """An early-leave notice with its people's names, its moment read in Vietnam too."""
    return EarlyLeaveOut(
        id=notice.id,
        shift_id=notice.shift_id,
        enterprise_id=notice.enterprise_id,
        staff_id=notice.staff_id,
        staff_name=notice.staff_name,
        leave_at=notice.leave_at,
        leave_at_local=local_instant(notice.leave_at),
        reason=notice.reason,
        colleague_id=notice.colleague_id,
        colleague_name=notice.colleague_name,
        status=cast(EarlyLeaveStatus, notice.status),
        asked_by=notice.asked_by,
        closed_at=notice.closed_at,
        closed_by=notice.closed_by,
        handed_over_to=notice.handed_over_to,
        version=notice.version,
        created_at=notice.created_at,
        updated_at=notice.updated_at,
    )
