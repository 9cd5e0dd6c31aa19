"""Bad input never gets a 500: every malformed or out-of-range request is a 4xx problem."""

from __future__ import annotations

import uuid

import pytest

from .seeding import shift_body

NOWHERE = str(uuid.uuid4())


@pytest.fixture(scope="module")
async def world(seed):
    campaign, enterprise, tuyet = await seed.world()
    shift = (await seed.client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).json()
    return {"campaign": campaign, "enterprise": enterprise, "tuyet": tuyet, "shift": shift}


def cases(w: dict) -> list[tuple[str, str, dict]]:
    c, e, t, s = w["campaign"]["id"], w["enterprise"]["id"], w["tuyet"], w["shift"]["id"]
    body = shift_body(w["campaign"], w["enterprise"], [t])
    return [
        ("POST", "/shifts", {"json": {**body, "starts_at": "0001-01-01T00:00:00+07:00"}}),
        ("POST", "/shifts", {"json": {**body, "ends_at": "9999-12-31T23:59:59-12:00"}}),
        ("POST", "/shifts", {"json": {**body, "starts_at": "2027-02-05T22:00:00"}}),  # no offset
        ("POST", "/shifts", {"json": [body]}),
        ("POST", "/shifts", {"json": {**body, "assignees": []}}),
        ("POST", "/shifts", {"json": {**body, "notes": "x" * 5000}}),
        ("POST", "/shifts", {"json": body, "headers": {"Idempotency-Key": "k" * 256}}),
        ("GET", "/shifts", {"params": {"from": "0001-01-01T00:00:00Z"}}),
        ("GET", "/shifts", {"params": {"cursor": "not-a-cursor"}}),
        ("GET", "/swaps", {"params": {"cursor": "eyJ4Ijp9"}}),
        ("GET", "/requirements", {"params": {"cursor": "W10"}}),
        ("GET", "/shifts", {"params": {"status": "sleeping"}}),
        ("GET", "/shifts/not-a-uuid", {}),
        (
            "POST",
            f"/shifts/{s}/reschedule",
            {"json": {"starts_at": "2027-02-05T22:00:00+07:00"}, "headers": {"If-Match": '"1"'}},
        ),
        (
            "POST",
            f"/shifts/{s}/reschedule",
            {
                "json": {"starts_at": "0001-01-01T00:00:00+14:00", "ends_at": "0001-01-01T08:00:00+14:00"},
                "headers": {"If-Match": '"1"'},
            },
        ),
        ("POST", f"/shifts/{NOWHERE}/cancel", {"headers": {"If-Match": '"1"'}}),
        ("POST", f"/shifts/{s}/check-in", {"json": {"staff_id": NOWHERE}, "headers": {"If-Match": '"99999999999"'}}),
        ("PATCH", f"/shifts/{s}", {"json": {"status": "completed"}, "headers": {"If-Match": '"1"'}}),
        ("POST", "/campaigns", {"json": {"lunar_year": 1900}}),
        ("POST", "/campaigns", {"json": {"lunar_year": 2030, "start": {"month": 13, "day": 1}}}),
        ("POST", "/campaigns", {"json": {"lunar_year": 2030, "end": {"month": 1, "day": 31}}}),
        (
            "POST",
            "/campaigns",
            {
                "json": {
                    "lunar_year": 2030,
                    "peaks": [{"name": "x", "starts_at": "2030-02-02T00:00Z", "ends_at": "2030-02-01T00:00Z"}],
                }
            },
        ),
        ("GET", f"/campaigns/{c}/enterprises/{e}/board", {"params": {"from": "0001-01-01"}}),
        ("GET", f"/campaigns/{c}/enterprises/{e}/board", {"params": {"from": "2027-02-01", "to": "9999-12-31"}}),
        (
            "POST",
            "/requirements",
            {
                "json": {
                    "campaign_id": c,
                    "enterprise_id": e,
                    "duty_type": "patrol",
                    "window": {"kind": "weekly"},
                    "minimum": 1,
                }
            },
        ),
        (
            "POST",
            "/requirements",
            {
                "json": {
                    "campaign_id": c,
                    "enterprise_id": e,
                    "duty_type": "patrol",
                    "window": {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
                    "minimum": -1,
                }
            },
        ),
        ("POST", "/staff", {"json": {"enterprise_id": e, "full_name": "", "qualifications": []}}),
        ("POST", "/staff", {"json": {"enterprise_id": e, "full_name": "A", "phone": "call me"}}),
        ("POST", "/enterprises", {"json": {"name": "X", "sector": "banking"}}),
        ("POST", "/sites", {"json": {"enterprise_id": e, "name": "X", "kind": "castle"}}),
        (
            "POST",
            f"/imports/shifts?campaign_id={c}&enterprise_id={e}",
            {"files": {"file": ("x.csv", b"duty_type,starts_at,ends_at,assignees\n\x00\x00", "text/csv")}},
        ),
        (
            "POST",
            f"/imports/shifts?campaign_id={c}&enterprise_id={e}",
            {
                "files": {
                    "file": (
                        "x.csv",
                        "duty_type,starts_at,ends_at,assignees\nlãnh đạo,0001-01-01 00:00,"
                        "0001-01-02 00:00,a@b.vn\n".encode(),
                        "text/csv",
                    )
                }
            },
        ),
        ("POST", f"/imports/staff?enterprise_id={e}", {"files": {"file": ("x.csv", b"", "text/csv")}}),
        ("POST", f"/imports/staff?enterprise_id={e}", {"files": {"file": ("x.csv", b"\xff\xfe\x00", "text/csv")}}),
        ("POST", f"/imports/staff?enterprise_id={e}", {"json": {"file": "no multipart"}}),
        ("POST", f"/swaps/{NOWHERE}/approve", {"json": {}, "headers": {"If-Match": '"1"'}}),
    ]


async def test_no_bad_input_is_a_server_error(client, world) -> None:
    for method, url, kwargs in cases(world):
        response = await client.request(method, url, **kwargs)
        assert 400 <= response.status_code < 500 or (response.status_code == 200 and "imports" in url), (
            method,
            url,
            response.status_code,
            response.text[:300],
        )
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json", (method, url)
            assert response.json()["detail"]
