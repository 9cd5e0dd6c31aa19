"""Audit on the real broker and database, driven by roster events as roster publishes
them: live gaps and their CoverageGapOpened/Closed on the audit topic, the roster "as
known at" an earlier record time, an inspection finding's discrepancies, tamper
evidence of the findings, gaps found too late kept as history, and a rebuild from the
log (through the real command line) that ends in exactly the same state."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from audit_testkit import Roster, vn
from sqlalchemy import text

from audit.app import create_app
from events_factory import message
from lichtruc import topics
from lichtruc.events import decode
from support import eventually, produce, read_topic, running, wait_ready


def gap_events(records, gap_id: str | None = None) -> list:
    found = [decode(r.value) for r in records]
    return [e for e in found if gap_id is None or e.data["gap_id"] == gap_id]


async def test_live_gaps_alerts_as_of_findings_history_and_rebuild(settings, kafka, clock) -> None:
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    audit_topic = topics.with_prefix(settings.topic_prefix, topics.AUDIT_EVENTS)
    roster = Roster()
    vnpt, e_vnpt = roster.enterprise("VNPT Long An", "telecom")
    post, e_post = roster.site(vnpt, "Trạm Bình Hiệp", border=True, district="Mộc Hóa")
    tuyet, e_tuyet = roster.staff(vnpt, "Nguyễn Thị Ánh Tuyết")
    duc, e_duc = roster.staff(vnpt, "Trần Văn Đức")
    campaign, e_campaign = roster.campaign()
    # The night of giao thừa at the border post: one operator, two at the peak (23:00–01:00).
    _, e_req = roster.requirement(
        campaign, vnpt, site_id=post, minimum=1, peak_minimum=2, window=(vn(2, 5, 22), vn(2, 6, 6))
    )
    _night_a, e_shift_a = roster.shift(vnpt, vn(2, 5, 22), vn(2, 6, 6), tuyet, site_id=post, campaign_id=campaign)

    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)

        async def log_size(n: int):
            async def probe():
                items = (await client.get("/log", params={"limit": 500})).json()["items"]
                return items if len(items) >= n else None

            return await eventually(probe, what=f"{n} log records")

        # --- 1. the roster as published: a gap at the peak, announced -------------------------
        # The campaign is keyed by its own id (another partition): sent first so that the order is known.
        await produce(kafka, roster_topic, [message(e_campaign)])
        await log_size(1)
        await produce(kafka, roster_topic, [message(e) for e in (e_vnpt, e_post, e_tuyet, e_duc, e_req)])
        await log_size(6)
        # Tuyết's shift after the requirement is logged: in one batch with it, the gap would be settled
        # once for both and name both (domain/live.py, "Settled per append").
        await produce(kafka, roster_topic, [message(e_shift_a)])
        log = await log_size(7)
        known_at_first = log[-1]["received_at"]
        gaps = (await client.get("/gaps", params={"status": "open", "in_force": "all"})).json()
        assert gaps["total"] == 1
        peak_gap = gaps["items"][0]
        assert (peak_gap["starts_at"], peak_gap["ends_at"]) == (
            "2027-02-05T23:00:00+07:00",
            "2027-02-06T01:00:00+07:00",
        )
        assert (peak_gap["required"], peak_gap["actual"], peak_gap["peak"], peak_gap["announced"]) == (2, 1, True, True)
        assert (peak_gap["border_area"], peak_gap["site_name"], peak_gap["sector"]) == (
            True,
            "Trạm Bình Hiệp",
            "telecom",
        )
        # The requirement revealed it (before anyone was planned); Tuyết's shift, spanning it, is no cause.
        assert peak_gap["cause_event_ids"] == [str(e_req.id)] and peak_gap["version"] == 2
        # 20 January, before the readiness deadline (24 h before the campaign): a planning gap, published with
        # the instant it would come into force, but not in the inspectors' default list of gaps in force.
        assert (peak_gap["in_force"], peak_gap["in_force_from"]) == (False, "2027-01-29T00:00:00+07:00")
        assert (await client.get("/gaps")).json()["total"] == 0

        # --- 2. a second operator for the peak closes it -----------------------------------------
        clock.advance(hours=2)
        _, e_shift_b = roster.shift(vnpt, vn(2, 5, 23), vn(2, 6, 1), duc, site_id=post, campaign_id=campaign)
        await produce(kafka, roster_topic, [message(e_shift_b)])
        records = await read_topic(kafka, audit_topic, until=lambda rs: len(gap_events(rs, peak_gap["gap_id"])) >= 3)
        # Opened when the requirement arrived (nobody yet), updated when Tuyết was planned, closed by Đức.
        opened, updated, closed = gap_events(records, peak_gap["gap_id"])
        assert opened.type == updated.type == "lichtruc.audit.coverage_gap.opened.v1"
        assert opened.partitionkey == str(vnpt) and opened.data["site_id"] == str(post)
        assert [
            (e.data["required"], e.data["actual"], e.data["peak"], e.data["version"]) for e in (opened, updated)
        ] == [(2, 0, True, 1), (2, 1, True, 2)]
        assert closed.type == "lichtruc.audit.coverage_gap.closed.v1"
        assert closed.data["closed_by_event_ids"] == [str(e_shift_b.id)] and closed.data["version"] == 3
        gap_now = (await client.get(f"/gaps/{peak_gap['gap_id']}")).json()
        assert gap_now["status"] == "closed" and gap_now["closed_by_event_ids"] == [str(e_shift_b.id)]

        # --- 3. two kinds of time: the change after R is not visible as of R ---------------------
        window = {"from": "2027-02-05T20:00:00+07:00", "to": "2027-02-06T08:00:00+07:00"}
        then = (await client.get(f"/campaigns/{campaign}/coverage", params={**window, "as_of": known_at_first})).json()
        [key_then] = then["keys"]
        assert [g["gap_id"] for g in key_then["gaps"]] == [peak_gap["gap_id"]]
        assert then["as_of"]["seq"] == log[-1]["seq"]
        now = (await client.get(f"/campaigns/{campaign}/coverage", params=window)).json()
        assert now["keys"][0]["gaps"] == []
        assert [s["actual"] for s in now["keys"][0]["segments"]] == [0, 1, 2, 1, 0]

        at = "2027-02-06T00:30:00+07:00"
        on_duty_then = (await client.get("/on-duty", params={"at": at, "as_of": known_at_first})).json()
        assert [p["full_name"] for s in on_duty_then["shifts"] for p in s["people"]] == ["Nguyễn Thị Ánh Tuyết"]
        on_duty_now = (await client.get("/on-duty", params={"at": at})).json()
        assert sorted(p["full_name"] for s in on_duty_now["shifts"] for p in s["people"]) == [
            "Nguyễn Thị Ánh Tuyết",
            "Trần Văn Đức",
        ]
        before_everything = await client.get("/on-duty", params={"at": at, "as_of": "2020-01-01T00:00:00+07:00"})
        assert before_everything.json()["shifts"] == [] and before_everything.json()["as_of"]["seq"] == 0

        # --- 4. a surprise inspection at 00:30 on mùng 1 -------------------------------------------
        clock.now = vn(2, 6, 0, 40)
        response = await client.post(
            "/findings",
            json={
                "site_id": str(post),
                "observed_at": at,
                "duty_type": "operations",
                "people_found": [{"staff_id": str(tuyet)}, {"name": "Phạm Văn Lạ"}],
                "notes": "Có người lạ trực thay",
            },
        )
        assert response.status_code == 201, response.text
        finding = response.json()
        assert {(d["kind"], d["full_name"]) for d in finding["discrepancies"]} == {
            ("missing", "Trần Văn Đức"),
            ("unexpected", "Phạm Văn Lạ"),
        }
        assert [p["full_name"] for p in finding["present"]] == ["Nguyễn Thị Ánh Tuyết"]
        # Đức's shift as the roster held it, for a reader to name in their own words (an unexpected person has none)
        assert {d["kind"]: d["shift"] for d in finding["discrepancies"]} == {
            "missing": {
                "duty_type": "operations",
                "starts_at": "2027-02-05T23:00:00+07:00",
                "ends_at": "2027-02-06T01:00:00+07:00",
                "site_id": str(post),
                "site_name": "Trạm Bình Hiệp",
            },
            "unexpected": None,
        }
        assert finding["recorded_at"] == "2027-02-06T00:40:00+07:00"
        listed = (await client.get("/findings", params={"with_discrepancies": "true", "site_id": str(post)})).json()
        assert [f["finding_id"] for f in listed["items"]] == [finding["finding_id"]]
        assert (await client.get("/findings/verify")).json()["ok"] is True

        # --- 5. a requirement for a window already over is history, not an alert ------------------
        _, e_past = roster.requirement(campaign, vnpt, duty_type="leadership", window=(vn(2, 5, 8), vn(2, 5, 12)))
        _, e_future = roster.requirement(campaign, vnpt, duty_type="leadership", window=(vn(2, 7, 8), vn(2, 7, 12)))
        await produce(kafka, roster_topic, [message(e_past), message(e_future)])
        await log_size(10)
        history = (
            await client.get("/gaps", params={"duty_type": "leadership", "announced": "false", "in_force": "all"})
        ).json()["items"]
        alerts = (
            await client.get("/gaps", params={"duty_type": "leadership", "announced": "true", "in_force": "all"})
        ).json()["items"]
        assert [g["starts_at"] for g in history] == ["2027-02-05T08:00:00+07:00"]
        assert [g["starts_at"] for g in alerts] == ["2027-02-07T08:00:00+07:00"]
        records = await read_topic(kafka, audit_topic, until=lambda rs: bool(gap_events(rs, alerts[0]["gap_id"])))
        assert gap_events(records, history[0]["gap_id"]) == []

        # --- 6. rebuild from the log, through the command line: the same state --------------------
        digest_before = (await client.get("/projections/digest")).json()
        gaps_before = (await client.get("/gaps", params={"limit": 500, "in_force": "all"})).json()
        board_before = (await client.get(f"/campaigns/{campaign}/board")).json()
        env = {
            **os.environ,
            "AUDIT_DATABASE_URL": settings.database_url,
            "AUDIT_LOG_JSON": "false",
            "AUDIT_SNAPSHOT_EVERY": "4",
        }
        check = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "audit", "rebuild", "--check"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert "match the log" in check.stdout
        rebuilt = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "audit", "rebuild"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        assert (await client.get("/projections/digest")).json() == digest_before
        assert (await client.get("/gaps", params={"limit": 500, "in_force": "all"})).json() == gaps_before
        assert (await client.get(f"/campaigns/{campaign}/board")).json() == board_before
        snapshots = (await client.get("/snapshots")).json()["items"]
        assert [s["seq"] for s in snapshots] == [8, 4]
        # As-of answers now start from a snapshot and still say the same.
        assert (await client.get(f"/campaigns/{campaign}/coverage", params={**window, "as_of": known_at_first})).json()[
            "keys"
        ] == then["keys"]

        # --- 7. a finding edited in the database is reported by its chain -------------------------
        async with app.state.runtime.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE findings DISABLE TRIGGER findings_no_update_delete"))
            await conn.execute(
                text("UPDATE findings SET canonical = replace(canonical, 'Phạm Văn Lạ', 'Trần Văn Đức')")
            )
            await conn.execute(text("ALTER TABLE findings ENABLE TRIGGER findings_no_update_delete"))
        verdict = (await client.get("/findings/verify")).json()
        assert verdict["ok"] is False and verdict["first_broken_seq"] == 1
