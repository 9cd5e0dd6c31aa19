"""Last Tết's coverage requirements and opening hours copied into the next Tết through roster's API on PostgreSQL
(QZ27 #5): Tết 2032 (tháng Chạp of 29 days) to Tết 2033 (of 30): giao thừa's requirement and hours go to 2033's
giao thừa (30 tháng Chạp), each day by its distance from mùng 1; a dry run copies nothing; a second copy skips what
is there and says why; a point's draft is not overwritten unless asked; a manager copies only their enterprise's."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from lichtruc import lunar
from lichtruc.vntime import VIETNAM, day_label, lunar_day_name
from support import auth, principal

TET_2032, TET_2033 = lunar.tet(2032), lunar.tet(2033)


def _schedule(first: date, last: date) -> list[dict]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [
        {"day": d.isoformat(), "open": False, "note": "Nghỉ Tết"}
        if d == TET_2032
        else {"day": d.isoformat(), "open": True, "sessions": [{"opens": "07:30", "closes": f"{10 + i % 5}:00"}]}
        for i, d in enumerate(days)
    ]


async def test_requirements_and_hours_copied_from_the_last_tet_by_distance_from_mung_1(client, seed) -> None:
    last, this = await seed.campaign(2032), await seed.campaign(2033)
    enterprise = await seed.enterprise("Bưu điện tỉnh Long An", sector="postal")
    other = await seed.enterprise("Viettel Long An")
    point = await seed.site(
        enterprise, "Điểm giao dịch Mộc Hóa", kind="transaction_point", district="Thị xã Kiến Tường"
    )
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    eve = (TET_2032 - timedelta(days=1)).isoformat()
    for window in (
        {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
        {"kind": "one_off", "starts_at": f"{eve}T18:00:00+07:00", "ends_at": f"{TET_2032}T06:00:00+07:00"},
    ):
        made = await client.post(
            "/requirements",
            json={
                "campaign_id": last["id"],
                "enterprise_id": enterprise["id"],
                "duty_type": "operations",
                "window": window,
                "minimum": 2,
                "site_id": point["id"] if window["kind"] == "one_off" else None,
            },
        )
        assert made.status_code == 201, made.text

    first = await seed.campaign(1902)  # no Tết before it: said in both languages, what to do instead
    for what, vi in (("requirements", "định mức trực"), ("tet-hours", "giờ mở cửa Tết")):
        none = await client.post(f"/campaigns/{first['id']}/{what}/previous-tet", json={})
        assert none.status_code == 409, none.text
        assert none.headers["content-type"].startswith("application/problem+json")
        assert f"Chưa có đợt trực Tết nào trước {first['name']} để chép {vi}" in none.json()["detail_vi"]
        assert f"There is no Tết campaign before {first['name']}" in none.json()["detail"]

    url = f"/campaigns/{this['id']}/requirements/previous-tet"
    refused = await client.post(
        url, json={"enterprise_id": enterprise["id"]}, headers=auth(principal("manager", enterprises=(other["id"],)))
    )
    assert refused.status_code == 403, refused.text
    tried = await client.post(url, json={"dry_run": True}, headers=manager)  # no enterprise: the manager's own
    assert tried.status_code == 200, tried.text
    assert (tried.json()["from_campaign_name"], tried.json()["added"], tried.json()["skipped"]) == (last["name"], 2, 0)
    listed = {"campaign_id": this["id"], "enterprise_id": enterprise["id"]}
    assert (await client.get("/requirements", params=listed)).json()["items"] == []

    copied = await client.post(url, json={"enterprise_id": enterprise["id"]}, headers=manager)
    assert copied.status_code == 200, copied.text
    assert copied.json()["added"] == 2
    saved = (await client.get("/requirements", params=listed)).json()["items"]
    one_off = next(r for r in saved if r["window"]["kind"] == "one_off")
    eve_2033 = TET_2033 - timedelta(days=1)
    assert lunar_day_name(eve_2033).startswith("30 tháng Chạp")  # the last day of a 30-day tháng Chạp
    assert one_off["window"]["starts_at"] == f"{eve_2033}T11:00:00Z"  # 18:00 on giao thừa, as in 2032
    assert one_off["site_id"] == point["id"] and one_off["minimum"] == 2

    again = (await client.post(url, json={"enterprise_id": enterprise["id"]}, headers=manager)).json()
    assert (again["added"], again["skipped"]) == (0, 2)
    assert {s["why"] for s in again["skipped_items"]} == {"exists"}
    assert again["skipped_items"][0]["why_vi"] == "đợt trực mới đã có định mức này"

    # the point's hours: last Tết's published days, into this Tết's draft
    path = f"/sites/{point['id']}/tet-hours"
    days = _schedule(date.fromisoformat(last["start"]["date"]), date.fromisoformat(last["end"]["date"]))
    put = await client.put(path, json={"campaign_id": last["id"], "days": days}, headers={**manager, "If-Match": '"0"'})
    assert put.status_code == 200, put.text
    published = await client.post(
        f"{path}/publish", json={"campaign_id": last["id"]}, headers={**manager, "If-Match": '"1"'}
    )
    assert published.status_code == 200, published.text
    hours_url = f"/campaigns/{this['id']}/tet-hours/previous-tet"
    dry = (await client.post(hours_url, json={"dry_run": True}, headers=manager)).json()
    assert (dry["points"], dry["days"]) == (1, len(days))
    assert (await client.get(path, params={"campaign_id": this["id"]}, headers=manager)).json()["days"] == []
    done = (await client.post(hours_url, json={}, headers=manager)).json()
    assert (done["points"], done["days"], done["copied"][0]["site_name"]) == (1, len(days), point["name"])
    draft = (await client.get(path, params={"campaign_id": this["id"]}, headers=manager)).json()
    by_day = {d["day"]: d for d in draft["days"]}
    assert by_day[TET_2033.isoformat()]["open"] is False and by_day[TET_2033.isoformat()]["note"] == "Nghỉ Tết"
    was_eve = next(d for d in days if d["day"] == eve)
    assert by_day[eve_2033.isoformat()]["sessions"] == was_eve["sessions"]
    assert draft["published_version"] == 0  # a draft, to check and publish
    # a 30-day tháng Chạp: 2033's 23 tháng Chạp is 8 days before mùng 1, and 2032 had no such day: left empty
    assert date.fromisoformat(this["start"]["date"]).isoformat() not in by_day

    kept = (await client.post(hours_url, json={}, headers=manager)).json()
    assert (kept["points"], [s["why"] for s in kept["skipped_items"]]) == (0, ["has-draft"])
    over = (await client.post(hours_url, json={"replace_drafts": True}, headers=manager)).json()
    assert over["points"] == 1 and over["copied"][0]["replaced"] is True


async def test_a_copy_into_a_drill_is_refused_saying_what_was_asked_for(client) -> None:
    """S2's leftover: requirements copied into a drill were refused with the opening hours' words."""
    made = await client.post(
        "/campaigns",
        json={
            "kind": "drill",
            "name": f"Diễn tập chép định mức {uuid.uuid4().hex[:6]}",
            "starts_at": "2038-12-01T08:00:00+07:00",
            "ends_at": "2038-12-01T12:00:00+07:00",
        },
    )
    assert made.status_code == 201, made.text
    drill = made.json()
    refused = await client.post(f"/campaigns/{drill['id']}/requirements/previous-tet", json={"dry_run": True})
    assert refused.status_code == 422, refused.text
    error = refused.json()["errors"][0]
    assert error["rule"] == "copy-tet-only"
    assert refused.json()["detail_vi"].startswith(f"{drill['name']} là buổi diễn tập: định mức trực của Tết trước")
    assert "giờ mở cửa" not in refused.json()["detail_vi"] and "opening hours" not in refused.json()["detail"]
    assert "“Add a requirement”" in refused.json()["detail"]
    hours = await client.post(f"/campaigns/{drill['id']}/tet-hours/previous-tet", json={"dry_run": True})
    assert hours.status_code == 422 and hours.json()["errors"][0]["rule"] == "hours-tet-only"


async def test_a_manager_copying_requirements_into_a_tet_already_begun_is_refused_the_department_is_not(
    client, seed, clock
) -> None:
    """S2's leftover: copied requirements apply to the whole campaign; once it has begun that reaches the days past,
    the Department's alone (`rewrites_past`, as the requirement form): a manager's copy (its dry run too) is a 409
    past-kept saying what to do instead; before the campaign, or the Department's, it copies."""
    last, this = await seed.campaign(2038), await seed.campaign(2039)
    enterprise = await seed.enterprise("VNPT Long An")
    made = await client.post(
        "/requirements",
        json={
            "campaign_id": last["id"],
            "enterprise_id": enterprise["id"],
            "duty_type": "leadership",
            "window": {"kind": "daily", "start_local": "07:00", "end_local": "19:00"},
            "minimum": 1,
        },
    )
    assert made.status_code == 201, made.text
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    url = f"/campaigns/{this['id']}/requirements/previous-tet"
    before = await client.post(url, json={"dry_run": True}, headers=manager)  # the wall clock: years before 2039
    assert before.status_code == 200 and before.json()["added"] == 1, before.text

    clock.now = datetime.fromisoformat(this["starts_at"]) + timedelta(days=8)
    for body in ({"dry_run": True}, {}):
        refused = await client.post(url, json=body, headers=manager)
        assert refused.status_code == 409, refused.text
        problem = refused.json()
        assert problem["type"].endswith("/past-kept")
        first = datetime.fromisoformat(this["starts_at"]).astimezone(VIETNAM).date()
        assert problem["detail_vi"].startswith(f"{this['name']} đã bắt đầu từ {day_label(first)}: định mức trực")
        assert "Chỉ Sở (tài khoản quản trị)" in problem["detail_vi"] and "“Từ bây giờ”" in problem["detail_vi"]
        assert problem["detail"].startswith(f"{this['name']} began on {day_label(first, 'en')}:")
    listed = {"campaign_id": this["id"], "enterprise_id": enterprise["id"]}
    assert (await client.get("/requirements", params=listed)).json()["items"] == []

    by_department = await client.post(url, json={"enterprise_id": enterprise["id"]})  # an administrator
    assert by_department.status_code == 200 and by_department.json()["added"] == 1, by_department.text
    assert len((await client.get("/requirements", params=listed)).json()["items"]) == 1
