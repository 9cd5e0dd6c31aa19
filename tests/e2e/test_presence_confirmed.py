"""Presence confirmed afterwards end to end (QZ27 #3), over the real broker and databases on one clock the test moves:
Lò Văn Tâm was on post at the relay station from 06:40, his phone flat, and signed the paper handover book; audit
counted him absent 06:00–14:00. Once the shift is over his manager confirms he was there from 06:40, with evidence:
roster publishes PresenceConfirmed, audit's presence counts 06:40–14:00 present, marked "confirmed afterwards" by whom
and when — the shortfall is 06:00–06:40 (40 person-minutes, not 480: QZ28 #2, absent from the start once the
grace passed), the board's day says the 440 confirmed
person-minutes apart — and notifier applies the event (no mail of its own: nothing in notifier acts on it)."""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from lichtruc.vntime import VIETNAM, local_day
from support import auth, eventually, principal

sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import clocked_system

INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_presence_confirmed_afterwards_reaches_audit_marked_and_notifier_applies_it(
    new_database, kafka, topic_prefix
) -> None:
    async with clocked_system(new_database, kafka, topic_prefix, datetime(2027, 1, 10, 9, tzinfo=VIETNAM)) as s:
        r, a = s.roster, s.audit
        campaign = _created(await r.post("/campaigns", json={"lunar_year": 2027}))
        day = local_day(datetime.fromisoformat(campaign["starts_at"])) + timedelta(days=3)
        viettel = _created(await r.post("/enterprises", json={"name": "Viettel Long An", "sector": "telecom"}))
        tam = _created(
            await r.post(
                "/staff",
                json={"enterprise_id": viettel["id"], "full_name": "Lò Văn Tâm", "qualifications": ["operator"]},
            )
        )
        requirement = {"campaign_id": campaign["id"], "enterprise_id": viettel["id"], "duty_type": "operations"}
        _created(await r.post("/requirements", json={**requirement, "window": WHOLE_DAY, "minimum": 1}))
        shift = _created(
            await r.post(
                "/shifts",
                json={
                    **requirement,
                    "starts_at": f"{day}T06:00:00+07:00",
                    "ends_at": f"{day}T14:00:00+07:00",
                    "assignees": [{"staff_id": tam["id"]}],
                    "status": "published",
                },
            )
        )
        s.clock.now = datetime.combine(day, datetime.min.time(), VIETNAM) + timedelta(hours=15)  # 15:00, over
        a.headers.update(INSPECTOR)
        asked = {"campaign_id": campaign["id"], "enterprise_id": viettel["id"], "day": str(day)}

        async def absent_from() -> list[tuple[str, str]] | None:
            got = (await a.get("/attendance/shortfalls", params=asked)).json()["items"]
            return [(f["starts_at"], f["ends_at"]) for f in got] or None

        assert await eventually(absent_from, what="audit to count Tâm absent") == [
            (f"{day}T06:00:00+07:00", f"{day}T14:00:00+07:00")
        ]

        manager = auth(principal("manager", enterprises=(viettel["id"],), name="quan.ly@viettel-longan.vn"))
        said = {
            "staff_id": tam["id"],
            "present_from": f"{day}T06:40:00+07:00",
            "evidence": "handover_book",
            "evidence_note": "Sổ giao ca trạm Bà Đen, trang 14",
        }
        confirmed = await r.post(
            f"/shifts/{shift['id']}/presence", json=said, headers={"If-Match": f'"{shift["version"]}"', **manager}
        )
        assert confirmed.status_code == 200, confirmed.text

        async def confirmed_in_audit() -> dict | None:
            got = (await a.get("/attendance/confirmations", params=asked)).json()["items"]
            return got[0] if got else None

        mark = await eventually(confirmed_in_audit, what="audit to count Tâm present from 06:40")
        assert (mark["full_name"], mark["person_minutes"]) == ("Lò Văn Tâm", 440)  # 06:40–14:00
        assert (mark["counted_from"], mark["counted_until"]) == (f"{day}T06:40:00+07:00", f"{day}T14:00:00+07:00")
        word = mark["presence"]
        assert (word["present"], word["evidence_vi"], word["confirmed_by"]) == (
            True,
            "sổ giao ca",
            "quan.ly@viettel-longan.vn",
        )
        assert word["confirmed_at"] == f"{day}T15:00:00+07:00"
        (stretch,) = (await a.get("/attendance/shortfalls", params=asked)).json()["items"]
        assert (stretch["starts_at"], stretch["ends_at"]) == (f"{day}T06:00:00+07:00", f"{day}T06:40:00+07:00")
        assert stretch["absent"][0]["presence"]["present_from"] == f"{day}T06:40:00+07:00"
        board = (await a.get(f"/campaigns/{campaign['id']}/board", params={"enterprise_id": viettel["id"]})).json()
        (row,) = [row for row in board["rows"] if row["duty_type"] == "operations" and not row["site_id"]]
        (cell,) = [d for d in row["days"] if d["day"] == str(day)]
        assert (cell["absent_person_minutes"], cell["confirmed_person_minutes"]) == (40, 440)
        # the coverage file says the same, the confirmed person-hours in a column of their own
        got = await a.get(f"/campaigns/{campaign['id']}/coverage.csv", params={"enterprise_id": viettel["id"]})
        rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
        (line,) = [x for x in rows if x["ngày"] == str(day) and x["loại trực"] == "Trực điều hành"]
        assert (
            line["giờ-người thiếu: đã xếp, chưa có mặt"],
            line["giờ-người có mặt xác nhận sau (không điểm danh)"],
        ) == (
            "0.67",
            "7.33",
        )

        # notifier applies it as any shift event (recorded in its inbox, its read model at the shift's new version)
        await s.notifier_has(lambda events: any(e.type.endswith("presence_confirmed.v1") for e in events))
