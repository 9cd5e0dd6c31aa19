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


def _said(current: StaffingRequirement, **change) -> list[tuple[str, str, str]]:
    values = {"duty_type": current.duty_type, "window": current.window, "site_id": current.site_id, **change}
    return weakenings(current, **values)


def test_a_refusal_quotes_what_was_entered_and_nothing_for_a_blank_peak() -> None:
    """QZ11 #12: "(đề nghị: 0)" read as "recommended: 0", and a peak left blank was refused as "asked: 0"."""
    current = _req(DepartmentFloor(1, 1), minimum=1, peak=1)
    said = _said(current, minimum=0, peak_minimum=None)
    assert said == [
        (
            "minimum",
            "the minimum may not go below 1 (entered: 0)",
            "số người tối thiểu không được dưới 1 (đã nhập: 0)",
        )
    ]  # the blank peak (as the minimum) is not refused again, nor quoted as a 0 typed
    typed = _said(current, minimum=1, peak_minimum=0)
    assert [(f, en, vi) for f, en, vi in typed] == [
        (
            "peak_minimum",
            "the peak minimum may not go below 1 (entered: 0)",
            "số người tối thiểu lúc cao điểm không được dưới 1 (đã nhập: 0)",
        )
    ]
    # a peak floor above the minimum's, the peak left blank: asked to fill it in, no number quoted for it
    higher = _said(_req(DepartmentFloor(2, 3), minimum=2, peak=3), minimum=2, peak_minimum=None)
    assert [f for f, _, _ in higher] == ["peak_minimum"]
    assert "hãy nhập ô này" in higher[0][2] and "đã nhập" not in higher[0][2] and "entered" not in higher[0][1]
