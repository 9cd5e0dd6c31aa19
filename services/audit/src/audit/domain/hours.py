"""Tết hours of post offices and transaction points (`lichtruc.counters`: the sites that serve the public at a
counter) as audit sees them: which points published their hours for a campaign, and — the finding-like item
inspectors read — which had not by the campaign's deadline (default: the campaign's first day, 00:00 local, i.e.
its start). An enterprise the Department set a later day it owes from (`obligations.owes`, the rule of reports and
readiness items) does not owe hours due before that day: its points are listed flagged not_owed, never missing or
late, and once published not_owed_published (neither on time nor late: no deadline was held against them). And a
publication in words, for an enterprise's history (`describe`). Pure: the clock is passed in."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.vntime import local_day, utc

from . import wording
from .errors import hours_tet_only
from .obligations import owes

_NAMESPACE = uuid.UUID("7d0c61b4-6f0e-4d51-9a8e-3f1f0b0c2a15")

HoursStatus = Literal["pending", "missing", "late", "on_time", "not_owed", "not_owed_published"]


@dataclass(frozen=True, slots=True)
class PublishedHours:
    """A point's publication for a campaign (the projection of TransactionHoursPublished)."""

    hours_id: str
    site_id: str
    campaign_id: str
    enterprise_id: str
    first_published_at: datetime
    published_at: datetime
    published_version: int
    version: int
    updated_seq: int


def hours_id(site_id: str, campaign_id: str) -> str:
    """The stable id of (point, campaign)."""
    return str(uuid.uuid5(_NAMESPACE, f"{site_id}/{campaign_id}"))


def apply_published(
    current: PublishedHours | None, data: TransactionHoursPublished, *, seq: int
) -> PublishedHours | None:
    """The publication after TransactionHoursPublished, or None if it is stale (an older publication
    arriving late). The first publication's time is kept: it says whether the point was on time."""
    if current is not None and data.published_version <= current.published_version:
        return None
    published_at = utc(data.published_at)
    return PublishedHours(
        hours_id=hours_id(str(data.site_id), str(data.campaign_id)),
        site_id=str(data.site_id),
        campaign_id=str(data.campaign_id),
        enterprise_id=str(data.enterprise_id),
        first_published_at=min(current.first_published_at, published_at) if current else published_at,
        published_at=published_at,
        published_version=data.published_version,
        version=data.version,
        updated_seq=seq,
    )


def hours_deadline(starts_at: datetime, explicit: datetime | None) -> datetime:
    """The campaign's deadline for published hours: the one set, else its start (events written
    before the field existed carry none)."""
    return explicit if explicit is not None else starts_at


def check_tet_campaign(kind: str, campaign_name: str) -> None:
    """Opening hours are published for a Tết campaign: a drill — an exercise of a few hours before Tết — has
    none, and listing its points as missing them would be false (roster refuses hours for one)."""
    if kind != "tet":
        raise hours_tet_only(campaign_name)


def due_day(deadline: datetime) -> date:
    """The local day the hours are due by: the day the deadline falls in, an end of day (00:00) counting for the day
    before — as a readiness item's due instant is read, so that hours due at the start of Tết (00:00 on its first
    day) are not owed by an enterprise owing from that first day."""
    return local_day(deadline - timedelta(microseconds=1))


def status(
    first_published_at: datetime | None,
    *,
    deadline: datetime,
    now: datetime,
    obligations_from: date | None = None,
) -> HoursStatus:
    """pending: not published, deadline not passed; missing: not published by the deadline, which
    passed; late: published, but after the deadline; on_time: published by the deadline. For an enterprise that
    owes from `obligations_from` (None: always) and so does not owe hours due before it (`due_day`): not_owed while
    not published, not_owed_published once published, whenever — no deadline is held against it, so it is said
    neither on time nor late ("Niêm yết đúng hạn" beside a first publication after the deadline read as a
    contradiction to inspectors)."""
    if not owes(obligations_from, due_day(deadline)):
        return "not_owed" if first_published_at is None else "not_owed_published"
    if first_published_at is None:
        return "missing" if now >= deadline else "pending"
    return "late" if first_published_at > deadline else "on_time"


def describe(what: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A post office's or transaction point's Tết hours published, in words (English, Vietnamese): the point by
    name, which publication, and its days — how many open, how many closed, first to last. None if not one."""
    if what != "transaction_hours.published":
        return None
    point = str(data.get("site_name") or "").strip() or "?"
    days = [d for d in data.get("days") or () if isinstance(d, Mapping)]
    opened = sum(1 for d in days if d.get("open"))
    closed = len(days) - opened
    which = data.get("published_version")
    en = f"Tết opening hours of {point} published (publication {which})"
    vi = f"Niêm yết giờ mở cửa dịp Tết của {point} (lần {which})"
    if days:
        (first_en, first_vi), (last_en, last_vi) = (wording.short_day(days[i].get("day")) for i in (0, -1))
        en += f": {first_en} to {last_en}, open {wording.days_en(opened)}, closed {wording.days_en(closed)}"
        vi += f": từ {first_vi} đến {last_vi}, mở cửa {opened} ngày, nghỉ {closed} ngày"
    return en, vi
