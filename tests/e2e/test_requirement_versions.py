"""A requirement raised during Tết "from now on", end to end through real Kafka: roster → audit. The days already
past keep the requirement they had (the inspector's record of them does not change), the rest of the campaign is
judged by the new one; a correction "for the whole campaign" then judges every instant by the corrected number.
Moved to a site from now on, and back for the whole campaign, roster's board and audit's gaps give one answer.

The contract between them: roster's event carries `applies_from` (its clock's now, once the campaign has begun),
audit lays the versions on the time line (`lichtruc.coverage.in_force`): at each instant the newest version that
applies then. The clock is shared by the services; conditions are waited for."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from support import eventually

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import Clock, clocked_apps
from notifier_testkit import Mailbox, smtp_server

NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết, Vietnam time: the campaign is under way
ICT = timedelta(hours=7)
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}


@pytest.fixture
async def system(new_database, kafka, topic_prefix) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    box = Mailbox()
    async with (
        smtp_server(box) as port,
        clocked_apps(new_database, kafka, topic_prefix, clock=Clock(NOW), smtp_port=port) as (r, a, _, _),
    ):
        yield r, a


def _ok(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def _open_gaps(audit: httpx.AsyncClient, campaign_id: str) -> list[dict]:
    body = _ok(
        await audit.get("/gaps", params={"campaign_id": campaign_id, "status": "open", "in_force": "all", "limit": 500})
    )
    assert body["next"] is None
    return body["items"]


def _covering(gaps: list[dict], instant: datetime) -> list[dict]:
    return [g for g in gaps if _at(g["starts_at"]) <= instant < _at(g["ends_at"])]


async def test_a_minimum_raised_from_now_on_leaves_the_days_past_as_they_were(system) -> None:
    roster, audit = system
    campaign = _ok(await roster.post("/campaigns", json={"lunar_year": 2027}))
    enterprise = _ok(await roster.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}))
    person = _ok(
        await roster.post(
            "/staff",
            json={
                "enterprise_id": enterprise["id"],
                "full_name": "Nguyễn Thị Ánh Tuyết",
                "qualifications": ["operator"],
            },
        )
    )
    requirement = _ok(
        await roster.post(
            "/requirements",
            json={
                "campaign_id": campaign["id"],
                "enterprise_id": enterprise["id"],
                "duty_type": "operations",
                "window": WHOLE_DAY,
                "minimum": 1,
            },
        )
    )
    # One person by day, 06:00–18:00 every day of the campaign: a gap every night, none by day.
    first_day = (_at(campaign["starts_at"]) + ICT).date()
    days = (_at(campaign["ends_at"]) - _at(campaign["starts_at"])) // timedelta(days=1)
    for d in range(days):
        day = (first_day + timedelta(days=d)).isoformat()
        _ok(
            await roster.post(
                "/shifts",
                json={
                    "campaign_id": campaign["id"],
                    "enterprise_id": enterprise["id"],
                    "duty_type": "operations",
                    "starts_at": f"{day}T06:00:00+07:00",
                    "ends_at": f"{day}T18:00:00+07:00",
                    "assignees": [{"staff_id": person["id"]}],
                    "status": "published",
                },
            )
        )
    noon = [
        datetime.combine(first_day + timedelta(days=d), datetime.min.time(), UTC) + timedelta(hours=5)
        for d in range(days)
    ]
    past_noons = [t for t in noon if t < NOW]
    today_noon = next(t for t in noon if t > NOW)
    assert len(past_noons) >= 5  # the campaign began days ago

    async def nights_only() -> list[dict]:
        gaps = await _open_gaps(audit, campaign["id"])
        assert len(gaps) >= days - 1
        assert not any(_covering(gaps, t) for t in noon)
        return gaps

    before = await eventually(nights_only, timeout=120, interval=0.5, what="a gap every night, none by day")
    past_nights = {g["gap_id"]: g for g in before if _at(g["ends_at"]) <= NOW}
    assert past_nights

    # Raised to two from now on (10:00 on mùng 2): the manager's answer to "how does the change apply?".
    current = _ok(await roster.get(f"/requirements/{requirement['id']}"))
    _ok(
        await roster.patch(
            f"/requirements/{requirement['id']}",
            json={"minimum": 2, "applies": "from_now"},
            headers={"If-Match": f'"{current["version"]}"'},
        )
    )

    async def raised_from_now() -> list[dict]:
        gaps = await _open_gaps(audit, campaign["id"])
        short_today = _covering(gaps, today_noon)
        assert short_today and short_today[0]["required"] == 2 and short_today[0]["missing"] == 1
        return gaps

    after = await eventually(
        raised_from_now, timeout=60, interval=0.5, what="today's afternoon short of a second person"
    )
    # The days past: no noon short, and every past night's gap as it was (same gap, still one person required).
    assert not any(_covering(after, t) for t in past_noons)
    kept = {g["gap_id"]: g for g in after if g["gap_id"] in past_nights}
    assert kept.keys() == past_nights.keys()
    assert all(g["required"] == 1 and g["missing"] == 1 for g in kept.values())
    versions = _ok(await roster.get(f"/requirements/{requirement['id']}/versions"))["items"]
    assert [(v["minimum"], v["applies_from"] and _at(v["applies_from"])) for v in versions] == [(1, None), (2, NOW)]

    # Corrected for the whole campaign (two was a typo: the rule was always one): today's afternoon is covered
    # again, and the days past were never judged by the mistyped number.
    current = _ok(await roster.get(f"/requirements/{requirement['id']}"))
    _ok(
        await roster.patch(
            f"/requirements/{requirement['id']}",
            json={"minimum": 1, "applies": "whole_campaign"},
            headers={"If-Match": f'"{current["version"]}"'},
        )
    )
    await eventually(nights_only, timeout=60, interval=0.5, what="a gap every night again, none by day")

    # Moved to the Tân An exchange from now on, then back to the enterprise as a whole for the whole campaign (the
    # site was a mistake): roster's board (the managers') and audit's gaps (the inspectors') give one answer each
    # time — the enterprise keeps its nights until now and the exchange, where nobody is planned, is short from
    # now on; then the nights all campaign long again, and nothing at the exchange.
    exchange = _ok(
        await roster.post(
            "/sites", json={"enterprise_id": enterprise["id"], "name": "Tổng đài Tân An", "kind": "office"}
        )
    )
    for site_id, applies, short in (
        (exchange["id"], "from_now", {exchange["id"]: [(NOW, _at(campaign["ends_at"]))]}),
        (None, "whole_campaign", {exchange["id"]: []}),
    ):
        current = _ok(await roster.get(f"/requirements/{requirement['id']}"))
        _ok(
            await roster.patch(
                f"/requirements/{requirement['id']}",
                json={"site_id": site_id, "applies": applies},
                headers={"If-Match": f'"{current["version"]}"'},
            )
        )

        async def one_answer(site_id=site_id, short=short) -> bool:
            board, gaps = await _short_on_board(roster, campaign, enterprise), await _short_in_audit(audit, campaign)
            assert board == gaps
            assert {s: gaps.get(s, []) for s in short} == short
            nights = gaps.get(None, [])
            assert all(_at(campaign["starts_at"]) <= a < b for a, b in nights)  # the nights: until now, or all
            assert (max(b for _, b in nights) < NOW + timedelta(hours=1)) == (site_id is not None)
            return True

        await eventually(one_answer, timeout=60, interval=0.5, what=f"one answer once moved ({applies})")


def _joined(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    joined: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if joined and a <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], b))
        else:
            joined.append((a, b))
    return joined


async def _short_on_board(roster: httpx.AsyncClient, campaign: dict, enterprise: dict) -> dict:
    """Where roster's board says the enterprise is short, by site (None: the enterprise as a whole)."""
    board = _ok(await roster.get(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board"))
    spans: dict = {}
    for day in board["days"]:
        for duty in day["duty_types"]:
            for c in duty["coverage"]:
                spans.setdefault(c["site_id"], []).extend((_at(g["starts_at"]), _at(g["ends_at"])) for g in c["gaps"])
    return {site: _joined(found) for site, found in spans.items() if found}


async def _short_in_audit(audit: httpx.AsyncClient, campaign: dict) -> dict:
    """Where audit's open gaps say the enterprise is short, by site."""
    spans: dict = {}
    for g in await _open_gaps(audit, campaign["id"]):
        spans.setdefault(g["site_id"], []).append((_at(g["starts_at"]), _at(g["ends_at"])))
    return {site: _joined(found) for site, found in spans.items()}
