"""Feed entries joined with the reference data they show, for feeds and for messages alike,
so that a calendar feed and the .ics attached to a reminder describe a shift identically."""

from __future__ import annotations

from sqlalchemy import Select, select

from lichtruc import vntime

from ..db.tables import enterprises, feed_entries, sites
from ..domain.calendar import FeedEntry
from ..domain.entries import WHOLE_SHIFT
from ..domain.messages import ShiftView
from ..domain.texts import Lang, message_texts


def entries_with_names() -> Select:
    """feed_entries with the enterprise's name and manager phone and the site's name (None when unknown)."""
    return (
        select(
            feed_entries,
            enterprises.c.name.label("enterprise_name"),
            enterprises.c.manager_phone.label("manager_phone"),
            sites.c.name.label("site_name"),
        )
        .select_from(feed_entries)
        .outerjoin(enterprises, enterprises.c.enterprise_id == feed_entries.c.enterprise_id)
        .outerjoin(sites, sites.c.site_id == feed_entries.c.site_id)
    )


def to_feed_entry(row, lang: Lang) -> FeedEntry:
    """The calendar event of an entry row, in ``lang``."""
    return FeedEntry(
        shift_id=str(row.shift_id),
        person_id=str(row.staff_id) if row.staff_id is not None else WHOLE_SHIFT,
        duty_type=row.duty_type,
        enterprise_name=row.enterprise_name or message_texts(lang).unknown_enterprise,
        site_name=row.site_name,
        start=row.starts_at,
        end=row.ends_at,
        lunar_label=vntime.lunar_day_name(vntime.local_day(row.starts_at), lang),
        colleagues=tuple(row.people),
        manager_phone=row.manager_phone,
        status=row.status,
        sequence=row.sequence,
        changed_at=row.changed_at,
        notes=row.notes,
        cancel_reason=row.cancel_reason,
        handed_to=tuple(row.handed_to),
    )


def to_shift_view(row) -> ShiftView:
    """What a reminder says about the shift of an entry row."""
    return ShiftView(
        shift_id=row.shift_id,
        enterprise_id=row.enterprise_id,
        duty_type=row.duty_type,
        enterprise_name=row.enterprise_name,
        site_name=row.site_name,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        colleagues=tuple(row.people),
        manager_phone=row.manager_phone,
        notes=row.notes,
    )
