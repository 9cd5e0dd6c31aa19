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

    @property
    def _minutes(self) -> int:
        """The delay in minutes, rounded up: a report a few seconds late is one minute late, never none."""
        return -(-self.by // timedelta(minutes=1))

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
    return Lateness(due=due, by=first - due)
