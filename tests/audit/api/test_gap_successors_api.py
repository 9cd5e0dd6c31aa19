"""A gap filled only in part: audit closes it and opens the rest as a new gap in the same change. Its
list row, its page and its exports say it was narrowed and name what replaced it — never "filled"."""

from __future__ import annotations

import csv
import io

import openpyxl
from audit_testkit import Roster, vn


async def test_a_gap_filled_in_part_names_its_successor_and_a_filled_one_says_filled(audit) -> None:
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    post, registered = roster.enterprise("Bưu điện tỉnh Long An", "postal")
    hung, joined = roster.staff(post, "Nguyễn Văn Hùng")
    lan, joined_too = roster.staff(post, "Lê Thị Lan")
    _, required = roster.requirement(campaign, post, window=(vn(2, 6, 6, 30), vn(2, 6, 12)))
    await feed(opened, registered, joined, joined_too, required)
    [whole] = (await client.get("/gaps", params={"in_force": "all"})).json()["items"]
    assert (whole["starts_at"], whole["ends_at"], whole["status"]) == (
        "2027-02-06T06:30:00+07:00",
        "2027-02-06T12:00:00+07:00",
        "open",
    )
    assert whole["closed_as"] is None and whole["replaced_by"] == [] and whole["still_short"] == []

    # Hùng for 06:30–10:30 only: the gap closes and 10:30–12:00 opens as another.
    _, morning = roster.shift(post, vn(2, 6, 6, 30), vn(2, 6, 10, 30), hung)
    await feed(morning)
    listed = {g["gap_id"]: g for g in (await client.get("/gaps", params={"in_force": "all"})).json()["items"]}
    old, rest = listed[whole["gap_id"]], next(g for i, g in listed.items() if i != whole["gap_id"])
    assert len(listed) == 2 and old["status"] == "closed" and rest["status"] == "open"
    assert old["closed_as"] == "narrowed"
    assert old["replaced_by"] == [
        {
            "gap_id": rest["gap_id"],
            "starts_at": "2027-02-06T10:30:00+07:00",
            "ends_at": "2027-02-06T12:00:00+07:00",
            "status": "open",
            "ends_as": "window_end",  # how the rest ends, as a whole gap's end is said (QZ29): nobody comes at 12:00
            "ends_with": [],
        }
    ]
    assert old["still_short"] == [{"starts_at": "2027-02-06T10:30:00+07:00", "ends_at": "2027-02-06T12:00:00+07:00"}]
    assert rest["closed_as"] is None and rest["replaced_by"] == []
    assert (await client.get(f"/gaps/{old['gap_id']}")).json() == old

    rows = list(
        csv.reader(io.StringIO((await client.get("/gaps.csv", params={"in_force": "all"})).text.lstrip("\ufeff")))
    )
    status = {r[0]: r[1] for r in rows[1:]}
    # Every time in the Vietnamese file says its zone, as the English one does (QA round 3).
    assert {"phát hiện lúc (giờ VN)", "đóng lúc (giờ VN)"} <= set(rows[0])
    assert status == {old["gap_id"]: "đã bổ sung một phần", rest["gap_id"]: "còn thiếu người"}
    english = await client.get("/gaps.xlsx", params={"in_force": "all", "lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(english.content)).active
    assert {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)} == {
        old["gap_id"]: "partly filled",
        rest["gap_id"]: "open",
    }
    assert [c.value for c in sheet[1]][:2] == ["gap id", "status"]

    # Lan for the rest: the second gap is filled; the first stays narrowed, with nothing of it short now.
    _, late = roster.shift(post, vn(2, 6, 10, 30), vn(2, 6, 12), lan)
    await feed(late)
    old_now = (await client.get(f"/gaps/{old['gap_id']}")).json()
    rest_now = (await client.get(f"/gaps/{rest['gap_id']}")).json()
    assert rest_now["closed_as"] == "filled" and rest_now["replaced_by"] == []
    assert old_now["closed_as"] == "narrowed" and old_now["still_short"] == []
    assert [s["status"] for s in old_now["replaced_by"]] == ["closed"]
    rows = list(
        csv.reader(io.StringIO((await client.get("/gaps.csv", params={"in_force": "all"})).text.lstrip("\ufeff")))
    )
    assert {r[0]: r[1] for r in rows[1:]} == {old["gap_id"]: "đã bổ sung một phần", rest["gap_id"]: "đã được bổ sung"}
