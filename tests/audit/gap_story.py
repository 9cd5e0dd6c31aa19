"""One coverage key through the real engine, for the domain stories of how its gaps open, change and close
(`tests/audit/domain/test_gap_causes.py`, `test_gap_reshaped_in_place.py`): Tổng đài Host Tân An must have
someone on operations duty 06:30–12:00 on 06/02/2027 (Mùng 1 Tết), and `settle` recomputes the key after an
event, or a batch of them, as handlers/projector.py does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from audit.domain.live import GapRecord, KeyRef, Touch, compute_key, reconcile_gaps
from audit.domain.model import Campaign, Requirement, Shift

KEY = KeyRef("camp", "vnpt", "tan-an", "operations")
DAY = datetime(2027, 2, 6, tzinfo=UTC) - timedelta(hours=7)  # 06/02/2027 00:00 in Viet Nam
CAMPAIGN = Campaign("camp", 2027, "Tết Đinh Mùi", DAY, DAY + timedelta(days=1), (), 1, 1)
AT = DAY - timedelta(days=3)  # the roster is being built days before
DEADLINE = DAY - timedelta(days=1)


def vn(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour, minutes=minute)


def requirement(minimum: int = 1) -> Requirement:
    window = {"kind": "one_off", "starts_at": "2027-02-06T06:30:00+07:00", "ends_at": "2027-02-06T12:00:00+07:00"}
    return Requirement("req", "camp", "vnpt", "tan-an", "operations", window, minimum, None, False, 1, 1)


def settle(
    known: list[GapRecord],
    shifts: list[Shift],
    *,
    seq: int,
    event: str,
    window: tuple[datetime, datetime] | None = None,
    minimum: int = 1,
    touches: list[Touch] | None = None,
) -> tuple[list[GapRecord], list]:
    """The key recomputed after `event` (its `window`: where it can have moved the key's coverage), or after a
    batch of several events (`touches`, in log order, `event` the last): the gaps as stored after it, and the
    changes."""
    _, computed = compute_key(KEY, CAMPAIGN, [requirement(minimum)], shifts)
    changes = reconcile_gaps(
        KEY,
        [g for g in known if g.status == "open"],
        computed,
        {g.gap_id: g for g in known if g.status == "closed"},
        seq=seq,
        at=AT + timedelta(minutes=seq),
        event_id=event,
        deadline=DEADLINE,
        touches=touches or [Touch(event, window)],
    )
    stored = {g.gap_id: g for g in known}
    stored.update((c.gap.gap_id, c.gap) for c in changes)
    return sorted(stored.values(), key=lambda g: g.starts_at), changes
