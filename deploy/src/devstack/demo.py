"""Demonstration data for `make run`, loaded through roster's public API (so that every
change also flows through Kafka to notifier and audit)."""

from __future__ import annotations

import uuid

import httpx

# Stable ids so that loading twice is recognisable (and the demo reads the same every time).
VNPT_LONG_AN = uuid.UUID("0b6f5f2e-7a7e-4a39-9a55-2f1a5c1e0001")
STAFF = [
    (uuid.UUID("0b6f5f2e-7a7e-4a39-9a55-2f1a5c1e1001"), "Nguyễn Thị Ánh Tuyết"),
    (uuid.UUID("0b6f5f2e-7a7e-4a39-9a55-2f1a5c1e1002"), "Trần Văn Đức"),
    (uuid.UUID("0b6f5f2e-7a7e-4a39-9a55-2f1a5c1e1003"), "Lê Hoàng Yến"),
]
# Giao thừa of Tết Đinh Mùi 2027 is the evening of 5 February 2027 (Asia/Ho_Chi_Minh).
SHIFTS = [
    ("leadership", "2027-02-05T18:00:00+07:00", "2027-02-06T06:00:00+07:00", [0]),
    ("operations", "2027-02-05T18:00:00+07:00", "2027-02-06T06:00:00+07:00", [1]),
    ("incident_response", "2027-02-05T22:00:00+07:00", "2027-02-06T06:00:00+07:00", [2]),
]


def load_demo_data(roster_url: str) -> None:
    with httpx.Client(base_url=roster_url, timeout=10) as client:
        for duty_type, start, end, people in SHIFTS:
            response = client.post("/shifts", json={
                "enterprise_id": str(VNPT_LONG_AN), "duty_type": duty_type, "starts_at": start, "ends_at": end,
                "assignees": [{"staff_id": str(STAFF[i][0]), "full_name": STAFF[i][1]} for i in people],
                "notes": "Trực đêm giao thừa Tết Đinh Mùi 2027",
            })
            response.raise_for_status()
    print(f"devstack: demonstration data loaded ({len(SHIFTS)} shifts of VNPT Long An around giao thừa 2027)")
