"""Feed entries as a calendar feed and a reminder show them, so that a calendar feed and the
.ics attached to a reminder describe a shift identically."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from lichtruc import vntime

from . import links
from .calendar import FeedEntry
from .entries import WHOLE_SHIFT
from .messages import GapView, ShiftView
from .model import FeedRow, NamedEntry, NamedGap
from .on_duty import Beside, OnDuty, on_duty_beside
from .texts import Lang, message_texts


def lunar_said(start: datetime, end: datetime, lang: Lang) -> tuple[str, str]:
    """A shift's lunar days for its calendar event: the title's label, and the description's with each end's time
    where the label alone does not say when it runs — across days or taking in giao thừa (`vntime.lunar_span`;
    QZ26 #7), else empty (the label said as before)."""
    label = vntime.lunar_span(start, end, lang)
    timed = vntime.local_day(start) != vntime.span_end(start, end)[0] or vntime.giao_thua(start, end)
    return label, (vntime.lunar_span(start, end, lang, hours=True) if timed and label else "")


def to_feed_entry(
    named: NamedEntry, lang: Lang, *, beside: tuple[Beside, ...] | None = None, portal_url: str = ""
) -> FeedEntry:
    """The calendar event of an entry, in ``lang``; with who else is on duty meanwhile (`beside`, an invitation's)
    and the link to the shift on the portal (`portal_url`: none without it)."""
    e = named.entry
    label, hours = lunar_said(e.starts_at, e.ends_at, lang)
    return FeedEntry(
        shift_id=str(e.shift_id),
        person_id=str(e.staff_id) if e.staff_id is not None else WHOLE_SHIFT,
        duty_type=e.duty_type,
        enterprise_name=named.enterprise_name or message_texts(lang).unknown_enterprise,
        site_name=named.site_name,
        start=e.starts_at,
        end=e.ends_at,
        lunar_label=label,
        lunar_hours=hours,
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
        url=links.my_shift(portal_url, e.shift_id),
    )


def feed_entries_of(
    rows: list[FeedRow], lang: Lang, *, on_duty: Sequence[OnDuty] | None = None, portal_url: str = ""
) -> tuple[list[FeedEntry], list[tuple[FeedRow, ValueError]]]:
    """The calendar events of a feed's rows, in ``lang`` (what `to_feed_entry` gives, row by row,
    without the intermediate records); rows that cannot be events (e.g. ending before they start)
    are returned apart with the reason, for the caller to log and leave out. ``on_duty``: the people on live shifts
    overlapping a person's (their feed's one read, `ShiftRepository.on_duty_of_person`): each of their shifts still
    on says who else is on duty during it, as the portal's card ("Cùng trực", QZ29 #1) and the mails' .ics do
    (`FeedEntry.beside`), the duty leaders first; or the duty leaders of an enterprise (an enterprise's or a duty
    type's feed: `leaders_of_enterprise`): each shift still on says who leads during it (`FeedEntry.leaders`). The
    shift's own people are left out. ``portal_url``: each event links to its shift on the portal (RFC 5545 URL)."""
    unknown = message_texts(lang).unknown_enterprise
    lunar: dict[tuple[datetime, datetime], tuple[str, str]] = {}
    made: list[FeedEntry] = []
    refused: list[tuple[FeedRow, ValueError]] = []
    for r in rows:
        span = (r.starts_at, r.ends_at)
        said = lunar.get(span)
        if said is None:
            said = lunar[span] = lunar_said(r.starts_at, r.ends_at, lang)
        label, hours = said
        during: tuple[Beside, ...] | None = None
        if on_duty is not None and r.status == "confirmed" and r.enterprise_id is not None:
            during = on_duty_beside(
                shift_id=uuid.UUID(r.shift_id),
                enterprise_id=r.enterprise_id,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                people=on_duty,
            )
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
                    lunar_hours=hours,
                    leaders=during,
                    beside=during if r.staff_id is not None else None,
                    url=links.my_shift(portal_url, uuid.UUID(r.shift_id)),
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
