"""A campaign moved to start today and moved back, end to end through real Kafka: roster → audit →
notifier → a local SMTP server (issue 12: "Moving a campaign's start to today and back sent 564
e-mails"). Each manager gets at most one message for the burst.

The rule, exactly (notifier/handlers/alerts.py, audit/domain/inforce.py):

* moving the start to today puts the campaign's readiness deadline in the past, so every gap still
  open comes into force, and the new gaps of the days added are in force at once: each gets an
  alert, due after the digest window, joined into one message per manager;
* moving back within the window closes the gaps of the days added: their alerts are cancelled and
  no closing notice follows (nothing was told); the campaign's first gap, closed by the move and
  re-opened by the move back, is a planning gap again (its deadline is ahead) and its alert waits
  for that deadline; the other gaps stay in force (once in force, a gap stays so) and are told;
* so each manager gets exactly one message, listing the enterprise's gaps in force, and nothing
  else is due before the readiness deadline. (Had the move lasted longer than the window, the first
  message would also list the added days' gaps, and their closing would be a second message.)

The clock is shared by the three services and moved by the test; conditions are waited for."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path

import httpx
import pytest

from support import eventually

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import Clock, clocked_apps
from notifier_testkit import Mailbox, smtp_server

WINDOW = 60  # seconds: the digest window of this test
TODAY = datetime(2027, 1, 27, 3, 0, tzinfo=UTC)  # 10:00 on 20 tháng Chạp Bính Ngọ, Vietnam time
ICT = timedelta(hours=7)
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
MANAGERS = {
    "VNPT Long An": ("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn"),
    "Viettel Long An": ("truca@viettel-longan.vn",),
}


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    box = Mailbox()
    async with smtp_server(box) as port:
        box.port = port
        yield box


@pytest.fixture
async def system(new_database, kafka, topic_prefix, mailbox):
    clock = Clock(TODAY)
    async with clocked_apps(
        new_database, kafka, topic_prefix, clock=clock, smtp_port=mailbox.port, alert_digest_seconds=WINDOW
    ) as (r, a, n, _):
        yield r, a, n, clock


def _created(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def _load(roster: httpx.AsyncClient) -> tuple[dict, dict[str, str]]:
    """The Tết campaign (23 tháng Chạp to mùng 10) and two enterprises requiring an operator around the
    clock, whose published rosters cover the days only: a gap every night."""
    campaign = _created(await roster.post("/campaigns", json={"lunar_year": 2027}))
    first_day = (_at(campaign["starts_at"]) + ICT).date()
    days = ((_at(campaign["ends_at"]) - _at(campaign["starts_at"])) // timedelta(days=1)) or 1
    enterprises = {}
    for name, emails in MANAGERS.items():
        enterprise = _created(
            await roster.post("/enterprises", json={"name": name, "sector": "telecom", "manager_emails": list(emails)})
        )
        enterprises[enterprise["id"]] = name
        people = [
            _created(
                await roster.post(
                    "/staff",
                    json={"enterprise_id": enterprise["id"], "full_name": full_name, "qualifications": ["operator"]},
                )
            )
            for full_name in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Đức")
        ]
        _created(
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
        for d in range(days):
            day = first_day + timedelta(days=d)
            _created(
                await roster.post(
                    "/shifts",
                    json={
                        "campaign_id": campaign["id"],
                        "enterprise_id": enterprise["id"],
                        "duty_type": "operations",
                        "starts_at": f"{day.isoformat()}T06:00:00+07:00",
                        "ends_at": f"{day.isoformat()}T18:00:00+07:00",
                        "assignees": [{"staff_id": people[d % 2]["id"]}],
                        "status": "published",
                    },
                )
            )
    return campaign, enterprises


async def _open_gaps(audit: httpx.AsyncClient, campaign_id: str) -> list[dict]:
    body = (
        await audit.get("/gaps", params={"campaign_id": campaign_id, "status": "open", "in_force": "all", "limit": 500})
    ).json()
    assert body["next"] is None
    return body["items"]


async def _alerts(notifier: httpx.AsyncClient, kind: str = "gap_opened") -> list[dict]:
    items: list[dict] = []
    params: dict[str, str | int] = {"kind": kind, "limit": 500}
    while True:
        page = (await notifier.get("/deliveries", params=params)).json()
        items += page["items"]
        if not page["next"]:
            return items
        params["cursor"] = page["next"].split("cursor=")[1].split("&")[0]


async def _patch_start(roster: httpx.AsyncClient, campaign: dict, day: int) -> dict:
    current = _created(await roster.get(f"/campaigns/{campaign['id']}"))
    return _created(
        await roster.patch(
            f"/campaigns/{campaign['id']}",
            json={"start": {"month": 12, "day": day}},
            headers={"If-Match": f'"{current["version"]}"'},
        )
    )


async def test_moving_a_campaign_to_today_and_back_sends_one_digest_per_manager(system, mailbox) -> None:
    roster, audit, notifier, clock = system
    campaign, enterprises = await _load(roster)
    deadline = _at(campaign["readiness_deadline"])
    managers = {e: MANAGERS[name] for e, name in enterprises.items()}
    expected_recipients = sum(len(m) for m in managers.values())

    # --- the roster as planned: a gap every night, planning gaps, their alerts held until the deadline --
    async def planned() -> list[dict]:
        gaps = await _open_gaps(audit, campaign["id"])
        assert len({g["enterprise_id"] for g in gaps}) == 2 and len(gaps) >= 2 * 17
        assert not any(g["in_force"] for g in gaps)
        # (the gaps opened and closed while the roster was entered, requirement first, had theirs cancelled)
        alerts = [a for a in await _alerts(notifier) if a["status"] != "cancelled"]
        assert sorted(a["gap_id"] for a in alerts) == sorted(
            g["gap_id"] for g in gaps for _ in managers[g["enterprise_id"]]
        )
        assert all(a["status"] == "pending" and _at(a["next_attempt_at"]) >= deadline for a in alerts)
        return gaps

    before = await eventually(planned, timeout=120, interval=0.5, what="the planned roster's gaps and held alerts")
    first_gaps = {g["gap_id"] for g in before if _at(g["starts_at"]) == _at(campaign["starts_at"])}
    assert len(first_gaps) == 2  # one per enterprise: the night before the first day shift

    # --- moved to start today (20 tháng Chạp) -------------------------------------------------------------
    clock.advance(10)
    moved = await _patch_start(roster, campaign, 20)
    assert (_at(moved["starts_at"]) + ICT).date() == (TODAY + ICT).date()
    burst_at = clock()

    async def in_force() -> list[dict]:
        gaps = await _open_gaps(audit, campaign["id"])
        assert gaps and all(g["in_force"] for g in gaps)
        assert {g["gap_id"] for g in gaps}.isdisjoint(first_gaps)  # closed: their start moved
        assert len([g for g in gaps if _at(g["starts_at"]) == _at(moved["starts_at"])]) == 2
        due = {a["gap_id"] for a in await _alerts(notifier) if a["status"] == "pending" and _due(a, burst_at)}
        assert due == {g["gap_id"] for g in gaps}
        return gaps

    during = await eventually(in_force, timeout=120, interval=0.5, what="every open gap in force and alerted soon")
    added = {g["gap_id"] for g in during if _at(g["starts_at"]) < _at(campaign["starts_at"])}
    assert len(added) == 2

    # --- and back (23 tháng Chạp) within the digest window -------------------------------------------------
    clock.advance(10)
    back = await _patch_start(roster, campaign, 23)
    assert back["starts_at"] == campaign["starts_at"]

    async def settled() -> list[dict]:
        gaps = await _open_gaps(audit, campaign["id"])
        ids = {g["gap_id"] for g in gaps}
        assert ids.isdisjoint(added) and first_gaps <= ids
        assert all(g["in_force"] == (g["gap_id"] not in first_gaps) for g in gaps)
        alerts = await _alerts(notifier)
        status = {(a["gap_id"], a["recipient"]): a for a in alerts}
        assert all(a["status"] == "cancelled" for a in alerts if a["gap_id"] in added)
        # The re-opened first gaps: a planning gap again, its alert waiting for the deadline.
        assert all(
            any(a["status"] == "pending" and _at(a["next_attempt_at"]) >= deadline for a in alerts if a["gap_id"] == g)
            for g in first_gaps
        )
        assert all(
            status.get((g["gap_id"], m), {}).get("status") == "pending"
            for g in gaps
            if g["in_force"]
            for m in managers[g["enterprise_id"]]
        )
        return gaps

    after = await eventually(settled, timeout=120, interval=0.5, what="the move back to settle")
    told = {e: sorted(g["gap_id"] for g in after if g["in_force"] and g["enterprise_id"] == e) for e in managers}
    assert all(told.values())

    # --- the window passes: one message per manager, listing the enterprise's gaps in force ---------------
    clock.advance(WINDOW)
    assert clock() >= burst_at + timedelta(seconds=WINDOW)

    async def delivered() -> list:
        assert len(mailbox.received) == expected_recipients
        sent = [a for a in await _alerts(notifier) if a["status"] == "sent"]
        assert len(sent) == sum(len(told[e]) * len(managers[e]) for e in managers)
        return mailbox.received

    received = await eventually(delivered, timeout=60, interval=0.2, what="one digest per manager")
    for enterprise, emails in managers.items():
        for email in emails:
            [message] = mailbox.to(email)
            n = len(told[enterprise])
            assert _subject(message) == (
                f"Cảnh báo thiếu người trực: {n} khoảng thiếu người mới — {enterprises[enterprise]}"
            )
            assert message.message.get_body(("plain",)).get_content().count("\n  - ") == n
    assert sorted(r for m in received for r in m.rcpt_tos) == sorted(e for m in managers.values() for e in m)

    # Nothing else is due before the readiness deadline: no closing notice (none of the closed gaps was
    # told), and the only alerts still waiting are the re-opened first gaps', due at the deadline.
    assert await _alerts(notifier, "gap_closed") == []
    waiting = [a for a in await _alerts(notifier) if a["status"] not in ("sent", "cancelled")]
    assert {a["gap_id"] for a in waiting} == first_gaps
    assert all(a["status"] == "pending" and _at(a["next_attempt_at"]) >= deadline for a in waiting)


def _due(alert: dict, burst_at: datetime) -> bool:
    """An alert due within the digest window after the burst (not held until the deadline)."""
    return _at(alert["next_attempt_at"]) <= burst_at + timedelta(seconds=WINDOW)
