"""The read of a pair's shifts within a batch's windows (db/batch.py `_SHIFTS_IN_WINDOWS`), on real
PostgreSQL, against the rule it stands for: a shift meets a window when it starts before the window ends
and ends after it starts, each window tried in turn. Shifts that end where a window starts, start where
one ends, last no time or end before they start (the event contract does not forbid it) are among them,
and so are windows that touch or overlap each other: a rewrite of the statement (a multirange of the
windows was tried on 2026-12-02, and would have failed on the shifts that end before they start) must
keep exactly these shifts."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

import asyncpg
from audit_testkit import vn

from audit.db.batch import _COUNTING, _SHIFTS_IN_WINDOWS

ENTERPRISE = uuid.uuid4()
OTHER = uuid.uuid4()


def _meets(starts_at: datetime, ends_at: datetime, windows: list[tuple[datetime, datetime]]) -> bool:
    return any(starts_at < hi and ends_at > lo for lo, hi in windows)


async def _insert(
    conn: Any, enterprise: uuid.UUID, duty: str, status: str, starts_at: datetime, ends_at: datetime
) -> uuid.UUID:
    shift_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO shifts (shift_id, enterprise_id, duty_type, starts_at, ends_at, status, assignees, version, "
        "updated_seq, last_event_id, interval_event_id, status_event_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, '[]'::jsonb, 1, 1, $7, $7, $7)",
        shift_id,
        enterprise,
        duty,
        starts_at,
        ends_at,
        status,
        uuid.uuid4(),
    )
    return shift_id


async def test_the_shifts_read_within_windows_are_those_that_meet_one_window_and_only_those(new_database) -> None:
    conn = await asyncpg.connect(new_database("audit").replace("postgresql+asyncpg://", "postgresql://"))
    try:
        rng = random.Random(20270206)
        base = vn(2, 5)
        quarter = timedelta(minutes=15)
        stored: dict[uuid.UUID, tuple[datetime, datetime]] = {}
        for _ in range(300):
            starts_at = base + rng.randrange(0, 4 * 24 * 3) * quarter
            ends_at = starts_at + rng.choice([-8, -1, 0, 1, 4, 16, 32, 48]) * quarter
            stored[await _insert(conn, ENTERPRISE, "patrol", "published", starts_at, ends_at)] = (starts_at, ends_at)
        # Read by the pair and the counting statuses: none of these may come back.
        await _insert(conn, OTHER, "patrol", "published", base, base + timedelta(days=3))
        await _insert(conn, ENTERPRISE, "operations", "published", base, base + timedelta(days=3))
        await _insert(conn, ENTERPRISE, "patrol", "cancelled", base, base + timedelta(days=3))

        for _ in range(40):
            windows = []
            for _ in range(rng.randint(1, 8)):
                lo = base + rng.randrange(0, 4 * 24 * 3) * quarter
                windows.append((lo, lo + rng.randint(1, 24) * quarter))
            if rng.random() < 0.3:  # one window ending where the next starts
                lo, hi = windows[0]
                windows.append((hi, hi + quarter))
            args = (
                ENTERPRISE,
                "patrol",
                _COUNTING,
                max(hi for _, hi in windows),
                [lo for lo, _ in windows],
                [hi for _, hi in windows],
            )
            found = {row["shift_id"] for row in await conn.fetch(_SHIFTS_IN_WINDOWS, *args)}
            expected = {i for i, (s, e) in stored.items() if _meets(s, e, windows)}
            assert found == expected, (
                f"windows {windows}: read {len(found)}, expected {len(expected)}; "
                f"missing {[stored[i] for i in expected - found][:3]}, extra {[stored[i] for i in found - expected][:3]}"
            )
        assert any(e <= s for s, e in stored.values())  # the case the multirange cannot hold was there
    finally:
        await conn.close()
