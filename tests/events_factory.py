"""Roster events as a producer would send them, for consumer tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from lichtruc.events import ROSTER_SOURCE, Assignee, CloudEvent, ShiftPlanned, ShiftSnapshot, encode, make_event

ENTERPRISE = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01")
GIAO_THUA = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 on 30 tháng Chạp, Asia/Ho_Chi_Minh


def shift_planned(
    *,
    shift_id: uuid.UUID | None = None,
    version: int = 1,
    name: str = "Nguyễn Thị Ánh Tuyết",
    enterprise: uuid.UUID = ENTERPRISE,
) -> CloudEvent:
    shift_id = shift_id or uuid.uuid4()
    data = ShiftPlanned(
        shift=ShiftSnapshot(
            shift_id=shift_id,
            enterprise_id=enterprise,
            duty_type="leadership",
            starts_at=GIAO_THUA,
            ends_at=GIAO_THUA + timedelta(hours=8),
            assignees=(Assignee(staff_id=uuid.uuid4(), full_name=name),),
            status="published",
            version=version,
        )
    )
    return make_event(
        data, source=ROSTER_SOURCE, partitionkey=str(enterprise), time=datetime.now(UTC), subject=f"shifts/{shift_id}"
    )


def message(event: CloudEvent) -> tuple[bytes, bytes, dict]:
    return event.partitionkey.encode(), encode(event), {"content-type": "application/cloudevents+json"}
