"""The Department's floor on a border default: what counts as weakening it (pure)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time

from roster.domain.requirements import Daily, DepartmentFloor, OneOff, StaffingRequirement, covers, weakenings

SITE = uuid.uuid4()
NOW = datetime(2027, 1, 1, tzinfo=UTC)
WHOLE = Daily(time(0, 0), time(0, 0))


def _req(floor: DepartmentFloor | None, *, minimum: int = 1, peak: int | None = None) -> StaffingRequirement:
    return StaffingRequirement(
        uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), SITE, "patrol", WHOLE, minimum, peak, 1, NOW, NOW, floor
    )


def _fields(current: StaffingRequirement, **change) -> list[str]:
    values = {
        "duty_type": current.duty_type,
        "window": current.window,
        "minimum": current.minimum,
        "peak_minimum": current.peak_minimum,
        "site_id": current.site_id,
        **change,
    }
    return [field for field, _, _ in weakenings(current, **values)]


def test_raising_keeps_the_floor_lowering_or_moving_breaks_it() -> None:
    current = _req(DepartmentFloor(2, 3), minimum=2, peak=3)
    assert _fields(current, minimum=4, peak_minimum=5) == []
    assert _fields(current, minimum=3) == []  # the peak stays 3, the floor's
    assert _fields(current, minimum=1, peak_minimum=3) == ["minimum"]
    assert _fields(current, peak_minimum=None) == ["peak_minimum"]  # the peak would fall to 2
    assert _fields(current, duty_type="leadership", site_id=None) == ["duty_type", "site_id"]
    assert _fields(current, window=Daily(time(6), time(22))) == ["window"]
    # An ordinary requirement has no floor: anything goes.
    assert _fields(_req(None, minimum=2), minimum=0, duty_type="leadership") == []


def test_windows_cover_across_midnight_and_one_offs() -> None:
    night = Daily(time(18), time(6))
    assert covers(WHOLE, night) and not covers(night, WHOLE)
    assert covers(Daily(time(17), time(7)), night) and not covers(Daily(time(19), time(6)), night)
    a = OneOff(datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 2, tzinfo=UTC))
    b = OneOff(datetime(2027, 1, 31, tzinfo=UTC), datetime(2027, 2, 2, tzinfo=UTC))
    assert covers(b, a) and not covers(a, b) and not covers(WHOLE, a)
