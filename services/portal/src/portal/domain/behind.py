"""Whether what audit answers may be behind roster, for either of two reasons: roster's outbox holds changes it
committed and has not yet handed to Kafka (Kafka down or slow), so audit — which learns of them only from Kafka —
cannot have them yet; or they are on Kafka and audit has not read them yet (its consumer stopped, failing or slow:
audit's `GET /lag`). And when audit does not answer how far behind it is, that the figures cannot be checked; when
it answers figures it read over a minute before (Kafka slow or down), when it read them.

The pages that read audit's coverage (the gaps, the heatmap) say so when the oldest such change waits longer than a
threshold: a change is normally handed on within a second, so a short wait is nothing to mention, and a long one
means the gaps and the coverage shown may not include it. An outbox with nothing waiting, or waiting only briefly,
says nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .dates import local, on_day, time_label


@dataclass(frozen=True)
class Behind:
    """`pending` changes committed in roster and not yet on their way to audit, the oldest committed at `since`."""

    pending: int
    since: datetime


@dataclass(frozen=True)
class Notices:
    """What a page reading audit's coverage says above it: roster's changes not yet handed on (`outbox`), changes
    on Kafka audit has not read yet (`unread`), or that audit did not say (`unknown`). Each, or none."""

    outbox: Behind | None = None
    unread: Behind | None = None
    unknown: bool = False
    read_at: datetime | None = None
    """When audit last read how far behind it is, when that is over `READ_LONG_AGO` before (Kafka slow or down:
    audit answers its last figures): said with them, "đọc lúc 10:02"."""

    def __bool__(self) -> bool:
        return self.outbox is not None or self.unread is not None or self.unknown or self.read_at is not None


READ_LONG_AGO = timedelta(minutes=1)
"""Audit's figures about its lag read longer ago than this are said with their time (it reads them every few
seconds; older ones mean a new reading is slow or fails)."""


def read_long_ago(read_at: datetime | None, *, now: datetime) -> datetime | None:
    """`read_at` when it is over `READ_LONG_AGO` before `now` (the page says it), else None."""
    return read_at if read_at is not None and now - read_at > READ_LONG_AGO else None


def audit_behind(pending: int, waited: timedelta | None, *, now: datetime, threshold: timedelta) -> Behind | None:
    """What the page says about changes waiting on their way to audit (`pending` of them, the oldest waiting for
    `waited` as measured where they wait — roster's database clock for its outbox, Kafka's for the records audit
    has not read): a `Behind` when the oldest has waited longer than `threshold`, else None (up to date
    as far as is known). Its time is `now` less the wait, so that it is said on the page's own clock (a stack on a
    test clock included: roster's rows are stamped by the database's)."""
    if pending <= 0 or waited is None or waited <= threshold:
        return None
    return Behind(pending, now - waited)


def since_said(since: datetime, *, now: datetime, lang: str) -> str:
    """When the oldest waiting change was committed, as the notice says it: its Vietnam clock time ("14:05") on the
    day of `now`, with its day otherwise ("23:40 06/02/2027", "23:40 6 Feb 2027")."""
    if local(since).date() == local(now).date():
        return time_label(since)
    return f"{time_label(since)} {on_day(local(since).date(), lang)}"
