"""An inspector's finding outweighs a manager's word afterwards, on the real database (QZ28 #1): a surprise visit at
19:00 on 30 Tết found Tổng đài Tân An empty — Nguyễn Thị Ánh Tuyết, on the 18:00 shift, missing; her manager later
confirmed her there for the whole shift. The confirmation counts 18:00–19:00 only, the shortfall runs from 19:00
naming the finding, and the board and the campaign report count that absence as the inspections section reads it."""

from __future__ import annotations

from audit_testkit import Roster, province_events, vn

from support import auth, principal

INSPECTOR = "thanh.tra@stttt.longan.gov.vn"


async def test_a_confirmation_over_an_inspectors_finding_counts_present_only_until_the_visit(audit, clock) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events)
    evening = next(i for i, s in roster.shifts.items() if s.starts_at == vn(2, 5, 18) and s.site_id == p.tan_an)
    tuyet = next(a.staff_id for a in roster.shifts[evening].assignees)
    clock.now = vn(2, 5, 19, 5)
    visit = {"site_id": str(p.tan_an), "observed_at": "2027-02-05T19:00:00+07:00", "duty_type": "operations"}
    as_inspector = auth(principal("inspector", name=INSPECTOR))
    made = await client.post("/findings", json={**visit, "people_found": []}, headers=as_inspector)
    assert made.status_code == 201, made.text
    clock.now = vn(2, 16, 9)
    await feed(roster.confirm_presence(evening, tuyet, at=clock.now))

    asked = {"campaign_id": str(p.campaign), "site_id": str(p.tan_an), "day": "2027-02-05"}
    [word] = (await client.get("/attendance/confirmations", params=asked)).json()["items"]
    assert word["full_name"] == "Nguyễn Thị Ánh Tuyết"
    assert (word["counted_from"], word["counted_until"], word["person_minutes"]) == (
        "2027-02-05T18:00:00+07:00",
        "2027-02-05T19:00:00+07:00",
        60,
    )
    finding = word["overruled_by"]
    assert (finding["observed_at"], finding["site_name"]) == ("2027-02-05T19:00:00+07:00", "Tổng đài Tân An")
    assert finding["inspector"]  # named: the inspector's name, else their login
    short = (await client.get("/attendance/shortfalls", params=asked)).json()["items"]
    tuyets = [(f["starts_at"], f["ends_at"], a["overruled_by"]) for f in short for a in f["absent"]]
    tuyets = [t for t in tuyets if t[0] >= "2027-02-05T18:00"]
    assert [(a, b) for a, b, _ in tuyets] == [("2027-02-05T19:00:00+07:00", "2027-02-06T00:00:00+07:00")]
    assert tuyets[0][2]["finding_id"] == finding["finding_id"]
    # the board's day and the report count her absent from 19:00: 5 h on 30 Tết, the confirmed hour apart
    board = (await client.get(f"/campaigns/{p.campaign}/board", params={"enterprise_id": str(p.vnpt)})).json()
    [row] = [r for r in board["rows"] if r["site_id"] == str(p.tan_an) and r["duty_type"] == "operations"]
    day = row["days"][0]
    assert day["confirmed_person_minutes"] == 60
    assert day["absent_person_minutes"] == 12 * 60 + 5 * 60  # Đức's 06:00–18:00 and Tuyết's 19:00–24:00
