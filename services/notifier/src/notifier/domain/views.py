"""Feed entries as a calendar feed and a reminder show them, so that a calendar feed and the
.ics attached to a reminder describe a shift identically."""

from __future__ import annotations

from lichtruc import vntime

from .calendar import FeedEntry
from .entries import WHOLE_SHIFT
from .messages import GapView, ShiftView
from .model import FeedRow, NamedEntry, NamedGap
from .on_duty import Beside
from .texts import Lang, message_texts


def to_feed_entry(named: NamedEntry, lang: Lang, *, beside: tuple[Beside, ...] | None = None) -> FeedEntry:
    """The calendar event of an entry, in ``lang``; with who else is on duty meanwhile (`beside`, an invitation's)."""
    e = named.entry
    return FeedEntry(
        shift_id=str(e.shift_id),
        person_id=str(e.staff_id) if e.staff_id is not None else WHOLE_SHIFT,
        duty_type=e.duty_type,
        enterprise_name=named.enterprise_name or message_texts(lang).unknown_enterprise,
        site_name=named.site_name,
        start=e.starts_at,
        end=e.ends_at,
        lunar_label=vntime.lunar_day_name(vntime.local_day(e.starts_at), lang),
        colleagues=tuple(e.people),
        manager_phone=named.manager_phone,
        status=e.status,
        sequence=e.sequence,
        changed_at=e.changed_at,
        notes=e.notes,
        cancel_reason=e.cancel_reason,
        handed_to=tuple(e.handed_to),
        drill=named.drill,
        handover=e.handover,
        handover_people=tuple(e.handover_people),
        handover_at=e.handover_at,
        handover_reason=e.handover_reason,
        beside=beside,
    )


def feed_entries_of(rows: list[FeedRow], lang: Lang) -> tuple[list[FeedEntry], list[tuple[FeedRow, ValueError]]]:
    """The calendar events of a feed's rows, in ``lang`` (what `to_feed_entry` gives, row by row,
    without the intermediate records); rows that cannot be events (e.g. ending before they start)
    are returned apart with the reason, for the caller to log and leave out."""
    unknown = message_texts(lang).unknown_enterprise
    lunar: dict[object, str] = {}
    made: list[FeedEntry] = []
    refused: list[tuple[FeedRow, ValueError]] = []
    for r in rows:
        day = vntime.local_day(r.starts_at)
        label = lunar.get(day)
        if label is None:
            label = lunar[day] = vntime.lunar_day_name(day, lang)
        try:
            made.append(
                FeedEntry(
                    shift_id=r.shift_id,
                    person_id=r.staff_id if r.staff_id is not None else WHOLE_SHIFT,
                    duty_type=r.duty_type,
                    enterprise_name=r.enterprise_name or unknown,
                    site_name=r.site_name,
                    start=r.starts_at,
                    end=r.ends_at,
                    lunar_label=label,
                    colleagues=tuple(r.people),
                    manager_phone=r.manager_phone,
                    status=r.status,  # type: ignore[arg-type]  # checked by FeedEntry
                    sequence=r.sequence,
                    changed_at=r.changed_at,
                    notes=r.notes,
                    cancel_reason=r.cancel_reason,
                    handed_to=tuple(r.handed_to),
                    drill=r.drill,
                    handover=r.handover,
                    handover_people=tuple(r.handover_people) if r.handover_people else (),
                    handover_at=r.handover_at,
                    handover_reason=r.handover_reason,
                )
            )
        except ValueError as exc:
            refused.append((r, exc))
    return made, refused


def to_shift_view(named: NamedEntry, *, beside: tuple[Beside, ...] | None = None) -> ShiftView:
    """What a reminder says about the shift of an entry; with who else is on duty meanwhile (`beside`) when read."""
    e = named.entry
    return ShiftView(
        shift_id=e.shift_id,
        enterprise_id=e.enterprise_id,
        duty_type=e.duty_type,
        enterprise_name=named.enterprise_name,
        site_name=named.site_name,
        starts_at=e.starts_at,
        ends_at=e.ends_at,
        colleagues=tuple(e.people),
        manager_phone=named.manager_phone,
        notes=e.notes,
        drill=named.drill,
        beside=beside,
    )


def gap_view(named: NamedGap) -> GapView:
    """What an alert says about a gap."""
    g = named.gap
    return GapView(
        gap_id=g.gap_id,
        enterprise_id=g.enterprise_id,
        enterprise_name=named.enterprise_name,
        site_name=named.site_name,
        duty_type=g.duty_type,
        starts_at=g.starts_at,
        ends_at=g.ends_at,
        required=g.required,
        actual=g.actual,
        peak=g.peak,
        missing_qualification=g.missing_qualification,
        drill=named.drill,
        campaign_id=g.campaign_id,
        site_id=g.site_id,
        requirement_changed=g.status == "closed" and g.closed_reason == "requirement_changed",
    )
