"""The engine's values: what it is given (windows, requirements, assignments, peaks)
and what it answers (segments, gaps, double bookings, rest violations, the report).
Instants are checked once here, on construction: aware, normalised to UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from lichtruc.vntime import VIETNAM

UTC = UTC
LOCAL_TZ = VIETNAM
"""The zone daily windows are written in (UTC+7, no daylight saving): ``lichtruc.vntime.VIETNAM``."""

DEFAULT_MINIMUM_REST = timedelta(hours=8)
"""Rest a person must have between two shifts unless the caller says otherwise."""


def _as_utc(value: object, what: str) -> datetime:
    """Return ``value`` as an aware UTC datetime, or say what is wrong with it."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} is a naive datetime ({value.isoformat()}); give a timezone-aware "
            "instant, e.g. datetime(2027, 2, 5, 17, 0, tzinfo=timezone.utc)"
        )
    # The common case costs nothing; other aware zones are converted so that
    # every instant the engine hands back is in UTC.
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _check_range(start: object, end: object, what: str) -> tuple[datetime, datetime]:
    start_utc = _as_utc(start, f"{what}.start")
    end_utc = _as_utc(end, f"{what}.end")
    if end_utc <= start_utc:
        raise ValueError(f"{what} must end after it starts (start={start_utc}, end={end_utc})")
    return start_utc, end_utc


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class OneOffWindow:
    """A requirement window given as one UTC interval ``[start, end)``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        start, end = _check_range(self.start, self.end, "OneOffWindow")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class DailyWindow:
    """A window recurring every local day from ``first_day`` to ``last_day`` inclusive.

    Times are wall-clock times in Asia/Ho_Chi_Minh. ``end_local <= start_local``
    means the window ends the next day (22:00–06:00); 00:00–00:00 is all day.
    The dates are the local days on which the window *starts*.
    """

    start_local: time
    end_local: time
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        for name in ("start_local", "end_local"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise TypeError(f"DailyWindow.{name} must be a datetime.time, not {type(value).__name__}")
            if value.tzinfo is not None:
                raise ValueError(f"DailyWindow.{name} must be a wall-clock time in Asia/Ho_Chi_Minh without tzinfo")
        for name in ("first_day", "last_day"):
            value = getattr(self, name)
            # datetime is a subclass of date; a datetime here is a caller mix-up.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"DailyWindow.{name} must be a datetime.date, not {type(value).__name__}")
        if self.last_day < self.first_day:
            raise ValueError(f"DailyWindow.last_day ({self.last_day}) is before first_day ({self.first_day})")


@dataclass(frozen=True, slots=True)
class PeakWindow:
    """A campaign-wide peak ``[start, end)`` (e.g. giao thừa) where peak minimums apply."""

    start: datetime
    end: datetime
    name: str

    def __post_init__(self) -> None:
        start, end = _check_range(self.start, self.end, f"PeakWindow {self.name!r}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class CoverageKey:
    """What coverage is judged for: an enterprise (``site_id=None``: as a whole) or
    one of its sites, and a duty type."""

    enterprise_id: str
    site_id: str | None
    duty_type: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """At least ``minimum`` people (``peak_minimum`` inside peak windows, when set)
    of a duty type on duty for an enterprise or site during ``window``.

    ``in_force_from`` / ``in_force_until`` (None: unbounded on that side) clip the window to the stretch
    in which this version of the requirement is in force (``lichtruc.coverage.in_force``): a requirement
    changed during a campaign is several of these, one per version, with the same ``requirement_id``."""

    requirement_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    minimum: int
    peak_minimum: int | None
    window: OneOffWindow | DailyWindow
    in_force_from: datetime | None = None
    in_force_until: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("in_force_from", "in_force_until"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _as_utc(value, f"Requirement {self.requirement_id}: {name}"))
        if isinstance(self.minimum, bool) or not isinstance(self.minimum, int) or self.minimum < 0:
            raise ValueError(
                f"Requirement {self.requirement_id}: minimum must be a whole number >= 0, got {self.minimum!r}"
            )
        if self.peak_minimum is not None and (
            isinstance(self.peak_minimum, bool) or not isinstance(self.peak_minimum, int) or self.peak_minimum < 0
        ):
            raise ValueError(
                f"Requirement {self.requirement_id}: peak_minimum must be None or a whole number >= 0, "
                f"got {self.peak_minimum!r}"
            )
        if not isinstance(self.window, (OneOffWindow, DailyWindow)):
            raise TypeError(f"Requirement {self.requirement_id}: window must be a OneOffWindow or a DailyWindow")

    @property
    def key(self) -> CoverageKey:
        """The key this requirement is judged under."""
        return CoverageKey(self.enterprise_id, self.site_id, self.duty_type)


@dataclass(frozen=True, slots=True)
class Assignment:
    """One person on one shift that counts (published, checked in or completed).

    Cancelled shifts are left out by the caller. ``qualified=False``: the person
    lacks the qualification the duty type demands and is not counted.
    ``cause_event_ids`` are the ids of the events that put this assignment in
    its present shape (planned, swapped, moved...), quoted as causes of gaps.
    ``covers_site_ids``: further sites of the enterprise where it counts too.
    """

    shift_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    staff_id: str
    start: datetime
    end: datetime
    qualified: bool = True
    cause_event_ids: tuple[str, ...] = ()
    covers_site_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        what = f"Assignment of {self.staff_id} to shift {self.shift_id}"
        start = _as_utc(self.start, f"{what}: start")
        end = _as_utc(self.end, f"{what}: end")
        if end <= start:
            raise ValueError(f"{what} must end after it starts (start={start}, end={end})")
        if start is not self.start:
            object.__setattr__(self, "start", start)
        if end is not self.end:
            object.__setattr__(self, "end", end)
        if type(self.cause_event_ids) is not tuple:
            if isinstance(self.cause_event_ids, str):
                raise TypeError(f"{what}: cause_event_ids must be a tuple of ids, not one string")
            object.__setattr__(self, "cause_event_ids", tuple(self.cause_event_ids))


# -------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch ``[start, end)`` of a key's timeline with constant required and
    actual headcount. A key's segments tile the analysed range without gaps."""

    start: datetime
    end: datetime
    required: int
    actual: int

    @property
    def shortfall(self) -> int:
        """People missing (0 when covered)."""
        return max(self.required - self.actual, 0)


@dataclass(frozen=True, slots=True)
class Gap:
    """An interval in which a key had fewer qualified people on duty than required.

    ``requirement_ids`` are the requirements breached somewhere in the gap (their
    own minimum exceeds ``actual``); for ``cause_event_ids`` see the module doc.
    """

    key: CoverageKey
    start: datetime
    end: datetime
    required: int
    actual: int
    missing_qualification: bool
    peak: bool
    requirement_ids: tuple[str, ...]
    cause_event_ids: tuple[str, ...]

    @property
    def missing(self) -> int:
        """How many people short."""
        return self.required - self.actual

    @property
    def duration(self) -> timedelta:
        """How long the gap lasted."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class DoubleBooking:
    """One person on two overlapping shifts (any enterprises, any sites).

    ``first_shift_id`` is the shift that starts first (then ends first, then by id).
    """

    staff_id: str
    first_shift_id: str
    second_shift_id: str
    overlap_start: datetime
    overlap_end: datetime


@dataclass(frozen=True, slots=True)
class RestViolation:
    """Too little rest between the end of one shift and the start of the person's next."""

    staff_id: str
    first_shift_id: str
    second_shift_id: str
    rest: timedelta
    minimum_rest: timedelta


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Everything :func:`analyse` finds for a campaign over ``[start, end)``.

    ``peak_understaffing`` is the subset of ``gaps`` with ``peak=True``. The
    containers are the engine's own; treat them as read-only.
    """

    start: datetime
    end: datetime
    timeline: dict[CoverageKey, list[Segment]]
    gaps: list[Gap]
    peak_understaffing: list[Gap]
    double_bookings: list[DoubleBooking]
    rest_violations: list[RestViolation]
