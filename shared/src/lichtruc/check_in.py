"""The check-in's grace: how long after a shift's start a check-in is still on time, one value for every service.

From this moment a person on a shift who has not checked in is *not there*, everywhere at once: roster's daily report
counts them in section IV and calls a later check-in late (`roster.domain.reports.LATE_AFTER`), audit's presence
counts them absent and opens a shortfall (`audit.domain.presence.GRACE`), notifier tells them, the leader on duty
and the managers (`notifier.domain.check_ins.GRACE`), and the portal says "Chưa điểm danh (quá …)", "muộn" and turns
a board cell to the alarm's colour (`portal.domain.my_day.LATE_AFTER`). Four copies of the number could drift apart
(QZ26 Q1 leftover); a mail saying "not there" while the board still says on time is the mistake this module prevents.

Why a constant and not a setting (an enterprise may want 10 minutes): every service must decide "not there" at the
same instant, and a setting is read per service — one set and three not would split them. It also rewrites history:
audit derives presence again from the log, and a grace changed today would change the shortfalls and the minutes
"Chưa có mặt" of giao thừa already reported to the Department. A per-enterprise grace would have to travel with the
enterprise's events so that every service reads the same value, and say from when it holds; that is not built."""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["GRACE", "GRACE_MINUTES", "MAX_LATE_REASON", "is_late", "minutes_late"]

GRACE = timedelta(minutes=15)
"""How long after a shift's start (or the moment it counts late from: a handover's) a check-in is still on time."""

GRACE_MINUTES = GRACE // timedelta(minutes=1)
"""`GRACE` in whole minutes, as people read it ("quá 15 phút cho phép")."""


MAX_LATE_REASON = 500
"""The longest reason a person may give for a late check-in (QZ29 #13: a flooded road, a child ill, called to an
incident on the way): a sentence or two, as it reads in the manager's mail and on the inspector's list."""


def is_late(arrived: datetime, due: datetime) -> bool:
    """Whether a check-in at `arrived` is late: after `GRACE` from `due` (a shift's start, or the moment lateness
    counts from: a handover's) — the rule roster's daily report, audit's presence, notifier's alert and the portal's
    "muộn" read, and so the one that decides when a check-in may say why it is late."""
    return arrived > due + GRACE


def minutes_late(arrived: datetime, due: datetime) -> int:
    """Whole minutes from `due` (a shift's start, or the moment lateness counts from) to a check-in at `arrived`, as
    their clock times read ("06:00" → "10:06" is 246, whatever the seconds); 0 when not after. The portal's card and
    notifier's mail of one check-in say it beside the same "10:06", so both count it here (QZ29 #2: the mail rounded
    4 h 6 min 40 s up to "4 giờ 7 phút" where the card said "4 giờ 6 phút")."""
    if arrived.tzinfo is None or due.tzinfo is None:
        raise ValueError("minutes_late needs aware instants (UTC), not naive ones")
    # to the minute in each instant's own zone: UTC and Vietnam time differ by whole hours, so their clocks agree
    a, d = (t.replace(second=0, microsecond=0) for t in (arrived, due))
    return max(0, (a - d) // timedelta(minutes=1))
