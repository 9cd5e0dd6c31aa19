"""Late or on time, as the inspectors' pages judge it: audit says a daily report is late when its first version came
after the day's deadline (its `due_at`, AUDIT_DAILY_REPORT_DUE on the next day), and a point's Tết hours when their
first publication came after the campaign's deadline (roster's `hours_deadline`; audit's status "late"). The
deadlines are theirs, never derived here; this only says by how long, for the person who sent it.

Pure: values in, values out; the words are the templates' (late.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Lateness:
    """Something that came in after its deadline: the deadline (Vietnam time) and by how long."""

    due: datetime
    by: timedelta

    arrived: datetime | None = None
    """When it came in; the delay is then counted between the two times as a reader sees them, to the minute."""

    @property
    def _minutes(self) -> int:
        """The delay in whole minutes, as a reader counts it from the times the page shows ("Gửi lúc 10:03" against
        a deadline of 09:00 is 1 h 3 min, never 1 h 4 min): the minute-truncated arrival less the minute-truncated
        deadline. 0 for a few seconds late within the deadline's minute (`under_a_minute`)."""
        if self.arrived is None:
            return self.by // timedelta(minutes=1)
        return (_minute(self.arrived) - _minute(self.due)) // timedelta(minutes=1)

    @property
    def under_a_minute(self) -> bool:
        """Late by seconds only, within the deadline's own minute (said "less than a minute", never "0 minutes")."""
        return self._minutes == 0

    @property
    def days(self) -> int:
        """Whole days of the delay."""
        return self._minutes // (24 * 60)

    @property
    def hours(self) -> int:
        """The whole hours past the whole days."""
        return self._minutes // 60 % 24

    @property
    def minutes(self) -> int:
        """The minutes past the whole hours."""
        return self._minutes % 60


def lateness(first: datetime | None, due: datetime | None) -> Lateness | None:
    """How late the first version (or publication) at `first` came against the deadline `due`; None when it came by
    it, or either is unknown."""
    if first is None or due is None or first <= due:
        return None
    return Lateness(due=due, by=first - due, arrived=first)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)
