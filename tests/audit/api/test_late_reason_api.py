"""A late check-in's reason kept by audit, on the real database (QZ29 #13): Trần Văn Đức came to Tổng đài Tân An at
06:50 on 29 Tết, the road flooded, and said so with his check-in; Nguyễn Thị Ánh Tuyết came at 18:40 and said why
only afterwards (LateArrivalExplained). The inspector's presence list names each reason beside the lateness, the
"who is on duty" answer beside the person, and the log says it in words; an event without the field reads as before."""

from __future__ import annotations

from audit_testkit import Roster, province_events, vn

FLOODED = "Đường Quốc lộ 62 ngập sâu, phải đi vòng qua Thạnh Hóa"
CALLED = "Được gọi đi ứng cứu cáp quang ở Bến Lức trên đường đến trạm"


async def test_the_presence_list_names_why_a_person_came_late(audit, clock) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events)
    tan_an = {s.starts_at: i for i, s in roster.shifts.items() if s.site_id == p.tan_an}
    day, evening = tan_an[vn(2, 5, 6)], tan_an[vn(2, 5, 18)]
    duc = roster.shifts[day].assignees[0].staff_id
    tuyet = roster.shifts[evening].assignees[0].staff_id

    clock.now = vn(2, 5, 18, 45)
    await feed(roster.check_in(day, duc, at=vn(2, 5, 6, 50), late_reason=FLOODED))
    await feed(roster.check_in(evening, tuyet, at=vn(2, 5, 18, 40)))
    asked = {"campaign_id": str(p.campaign), "site_id": str(p.tan_an), "day": "2027-02-05"}
    said = {
        (a["full_name"], a["late_reason"])
        for f in (await client.get("/attendance/shortfalls", params=asked)).json()["items"]
        for a in f["absent"]
    }
    assert said == {("Trần Văn Đức", FLOODED), ("Nguyễn Thị Ánh Tuyết", None)}

    clock.now = vn(2, 5, 21)
    await feed(roster.explain_late(evening, tuyet, checked_in_at=vn(2, 5, 18, 40), reason=CALLED, at=clock.now))
    items = (await client.get("/attendance/shortfalls", params=asked)).json()["items"]
    kept = {(a["full_name"], a["checked_in_at"], a["late_reason"]) for f in items for a in f["absent"]}
    assert kept == {
        ("Trần Văn Đức", "2027-02-05T06:50:00+07:00", FLOODED),
        ("Nguyễn Thị Ánh Tuyết", "2027-02-05T18:40:00+07:00", CALLED),
    }
    on_duty = (await client.get("/on-duty", params={"at": "2027-02-05T20:00:00+07:00"})).json()
    people = [p for s in on_duty["shifts"] for p in s["people"] if p["full_name"] == "Nguyễn Thị Ánh Tuyết"]
    assert [p["late_reason"] for p in people] == [CALLED]
