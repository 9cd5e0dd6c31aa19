"""Changing existing shifts: optimistic concurrency (428/412), edit, reschedule, reassign,
cancel, publish, check in, complete, and swaps — each rule with its exact problem."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from support import auth, principal

from .seeding import shift_body


async def plan(client, campaign, enterprise, people, **extra) -> dict:
    response = await client.post("/shifts", json=shift_body(campaign, enterprise, people, **extra))
    assert response.status_code == 201, response.text
    return response.json()


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


# --- optimistic concurrency ------------------------------------------------------------------------


async def test_a_change_without_if_match_is_428_with_the_current_version(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet])
    problem = problem_of(await client.patch(f"/shifts/{shift['id']}", json={"notes": "x"}), 428)
    assert problem["type"].endswith("/if-match-required")
    assert problem["current_version"] == 1
    assert problem["errors"][0]["field"] == "If-Match"
    assert (await client.get(f"/shifts/{shift['id']}")).json()["version"] == 1
    # QA: the Vietnamese said "this shift" ("Sửa ca trực này"): it names the shift as the English does, in words.
    said = "trực điều hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết)"
    assert problem["detail_vi"] == (
        f"Sửa ca {said} của {tuyet['full_name']} cần gửi kèm phiên bản đã đọc (ETag); hiện tại là “1”."
    )
    assert problem["detail"].startswith(
        "Changing the shift Operations (command) duty 22:00 5 Feb 2027 (29th day of the 12th lunar month) – 06:00 "
        f"6 Feb 2027 (1st day of Tết) of {tuyet['full_name']} needs If-Match"
    )
    for action, body in (("cancel", {"reason": "Đổi kế hoạch"}), ("publish", {})):
        refused = problem_of(await client.post(f"/shifts/{shift['id']}/{action}", json=body), 428)
        assert refused["detail_vi"] == problem["detail_vi"]


async def test_a_stale_if_match_is_412_with_the_current_version(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet])
    first = await client.patch(f"/shifts/{shift['id']}", json={"notes": "Anh Tuấn sửa"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first.headers["etag"] == '"2"'
    # A second manager still holds version 1.
    response = await client.post(
        f"/shifts/{shift['id']}/cancel", json={"reason": "Chị Lan hủy"}, headers={"If-Match": '"1"'}
    )
    problem = problem_of(response, 412)
    assert problem["type"].endswith("/stale-version")
    assert problem["current_version"] == 2 and response.headers["etag"] == '"2"'
    assert "version 2" in problem["detail"] and problem["detail_vi"]
    current = (await client.get(f"/shifts/{shift['id']}")).json()
    assert (current["status"], current["notes"]) == ("draft", "Anh Tuấn sửa")
    assert (
        await client.patch(f"/shifts/{shift['id']}", json={"notes": "y"}, headers={"If-Match": "*"})
    ).status_code == 200
    assert problem_of(
        await client.patch(f"/shifts/{shift['id']}", json={"notes": "y"}, headers={"If-Match": "version three"}), 400
    )["type"].endswith("/if-match-format")


# --- edit, reschedule, reassign, cancel --------------------------------------------------------------


async def test_edit_notes_and_site(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    site = await seed.site(enterprise)
    shift = await plan(client, campaign, enterprise, [tuyet])
    response = await client.patch(
        f"/shifts/{shift['id']}",
        json={"notes": "Mang theo máy phát", "site_id": site["id"]},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200
    assert (response.json()["notes"], response.json()["site_id"], response.json()["version"]) == (
        "Mang theo máy phát",
        site["id"],
        2,
    )
    foreign = await seed.site(await seed.enterprise("MobiFone Long An"))
    problem = problem_of(
        await client.patch(f"/shifts/{shift['id']}", json={"site_id": foreign["id"]}, headers={"If-Match": '"2"'}), 422
    )
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [("site_id", "same-enterprise")]


async def test_reschedule_checks_every_rule_again(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet])
    other = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-07T08:00:00+07:00",
        ends_at="2027-02-07T16:00:00+07:00",
    )
    outside = await client.post(
        f"/shifts/{shift['id']}/reschedule",
        headers={"If-Match": '"1"'},
        json={"starts_at": "2027-02-16T02:00:00+07:00", "ends_at": "2027-02-16T08:00:00+07:00"},
    )
    assert [(e["field"], e["rule"]) for e in problem_of(outside, 422)["errors"]] == [
        ("starts_at", "inside-campaign"),  # wholly after the campaign: both ends said
        ("ends_at", "inside-campaign"),
    ]
    assert outside.json()["errors"][0]["message_vi"].startswith("Ca trực bắt đầu sau khi đợt trực đã kết thúc: ")
    assert outside.json()["errors"][1]["message_vi"].startswith("Ca trực kết thúc sau đợt trực: ")
    clash = await client.post(
        f"/shifts/{shift['id']}/reschedule",
        headers={"If-Match": '"1"'},
        json={"starts_at": "2027-02-07T06:00:00+07:00", "ends_at": "2027-02-07T10:00:00+07:00"},
    )
    assert problem_of(clash, 409)["conflicting_shift_id"] == other["id"]
    moved = await client.post(
        f"/shifts/{shift['id']}/reschedule",
        headers={"If-Match": '"1"'},
        json={"starts_at": "2027-02-07T00:00:00+07:00", "ends_at": "2027-02-07T04:00:00+07:00"},
    )
    assert moved.status_code == 200
    assert moved.json()["starts_at"] == "2027-02-06T17:00:00Z"
    assert [w["rule"] for w in moved.json()["warnings"]] == ["min-rest"]  # 4 h before the other shift


async def test_reassign_checks_the_new_people_and_cancel_frees_them(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    guard = await seed.staff(enterprise, "Đặng Văn Bảo", qualifications=["guard"])
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    shift = await plan(client, campaign, enterprise, [tuyet], duty_type="incident_response")
    problem = problem_of(
        await client.post(
            f"/shifts/{shift['id']}/reassign",
            headers={"If-Match": '"1"'},
            json={"assignees": [{"staff_id": guard["id"]}]},
        ),
        422,
    )
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [("assignees.0", "qualified")]
    response = await client.post(
        f"/shifts/{shift['id']}/reassign", headers={"If-Match": '"1"'}, json={"assignees": [{"staff_id": duc["id"]}]}
    )
    assert [a["full_name"] for a in response.json()["assignees"]] == ["Trần Văn Đức"]
    # Tuyết is free again at that time; Đức is not until the shift is cancelled.
    await plan(client, campaign, enterprise, [tuyet], duty_type="patrol")
    assert (await client.post("/shifts", json=shift_body(campaign, enterprise, [duc]))).status_code == 409
    cancelled = await client.post(
        f"/shifts/{shift['id']}/cancel", json={"reason": "Không cần"}, headers={"If-Match": '"2"'}
    )
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "Không cần")
    await plan(client, campaign, enterprise, [duc])
    again = problem_of(
        await client.post(
            f"/shifts/{shift['id']}/reschedule",
            headers={"If-Match": '"3"'},
            json={"starts_at": "2027-02-07T00:00:00+07:00", "ends_at": "2027-02-07T04:00:00+07:00"},
        ),
        409,
    )
    assert again["type"].endswith("/invalid-status") and again["status"] == 409


async def _events_of(settings, shift: dict) -> list[tuple[str, object]]:
    """The shift's events in roster's outbox, in the order written: (type, the cancellation's reason or None)."""
    conn = await asyncpg.connect(settings.database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        rows = await conn.fetch(
            "SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = $1 ORDER BY id", f"shifts/{shift['id']}"
        )
    finally:
        await conn.close()
    events = [json.loads(r["payload"]) for r in rows]
    return [
        (e["type"].removeprefix("lichtruc.roster.shift.").removesuffix(".v1"), e["data"].get("reason")) for e in events
    ]


async def test_a_published_shift_is_cancelled_only_with_a_reason_a_draft_without_one(
    client, seed, roster_settings
) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet], status="published")
    cancel, version = f"/shifts/{shift['id']}/cancel", {"If-Match": '"2"'}
    # No body, an empty one, a blank reason (spaces, a line break, a zero-width space): each refused by name.
    bodies: list[dict[str, Any]] = [{}, {"json": {}}, {"json": {"reason": None}}, {"json": {"reason": " \n\u200b "}}]
    for body in bodies:
        problem = problem_of(await client.post(cancel, headers=version, **body), 422)
        assert problem["type"].endswith("/cancel-reason-required") and problem["status"] == 422
        assert [(e["field"], e["rule"]) for e in problem["errors"]] == [("reason", "cancel-reason-required")]
        assert problem["detail_vi"] == (
            "Ca trực điều hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết) đã công bố, người "
            "trực và thanh tra đã thấy ca này: hãy nêu lý do hủy ca (lịch của người trực và lịch sử thay đổi ghi "
            "lại lý do)."
        )
        assert problem["detail"].startswith("The shift Operations (command) duty 22:00 5 Feb 2027 ")
        assert problem["detail"].endswith(
            " is published, so its staff and the inspectors already see it: give the reason for cancelling "
            "(their calendars and the history show it)."
        )
        assert shift["id"] not in problem["detail"] + problem["detail_vi"]
    # Nothing changed: still published at the same version, Tuyết still booked, no event but the two before.
    current = (await client.get(f"/shifts/{shift['id']}")).json()
    assert (current["status"], current["version"], current["cancel_reason"]) == ("published", 2, None)
    assert (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).status_code == 409
    assert await _events_of(roster_settings, shift) == [("planned", None), ("published", None)]

    cancelled = await client.post(cancel, headers=version, json={"reason": "  Bão số 3, chuyển sang ca dự phòng "})
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "Bão số 3, chuyển sang ca dự phòng",
    )
    assert (await _events_of(roster_settings, shift))[-1] == ("cancelled", "Bão số 3, chuyển sang ca dự phòng")

    # A draft nobody sees yet may still be cancelled without a word.
    draft = await plan(client, campaign, enterprise, [tuyet], duty_type="patrol")
    dropped = await client.post(f"/shifts/{draft['id']}/cancel", headers={"If-Match": '"1"'})
    assert dropped.status_code == 200, dropped.text
    assert (dropped.json()["status"], dropped.json()["cancel_reason"]) == ("cancelled", None)
    assert await _events_of(roster_settings, draft) == [("planned", None), ("cancelled", None)]


async def test_publish_turns_one_enterprises_drafts_into_published_shifts(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    elsewhere = await seed.enterprise("Bưu điện tỉnh Long An", "postal")
    lan = await seed.staff(elsewhere, "Hồ Thị Lan")
    a = await plan(client, campaign, enterprise, [tuyet])
    b = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-03T08:00:00+07:00",
        ends_at="2027-02-03T16:00:00+07:00",
    )
    not_mine = await plan(client, campaign, elsewhere, [lan])
    response = await client.post(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/publish")
    assert response.status_code == 200
    result = response.json()
    assert (result["published"], [s["id"] for s in result["shifts"]]) == (2, [b["id"], a["id"]])
    assert {s["version"] for s in result["shifts"]} == {2}
    assert (await client.get(f"/shifts/{a['id']}")).json()["status"] == "published"
    assert (await client.get(f"/shifts/{not_mine['id']}")).json()["status"] == "draft"
    again = await client.post(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/publish")
    assert again.json()["published"] == 0
    missing = await client.post(f"/campaigns/{campaign['id']}/enterprises/{campaign['id']}/publish")
    assert problem_of(missing, 404)["type"].endswith("/enterprise-not-found")


async def test_created_published_at_once(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet], status="published")
    assert (shift["status"], shift["version"]) == ("published", 2)


# --- check-in and completion ---------------------------------------------------------------------------


async def test_check_in_window_and_rules(client, seed, clock) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    draft = await plan(
        client,
        campaign,
        enterprise,
        [tuyet, duc],
        starts_at="2027-02-06T06:00:00+07:00",
        ends_at="2027-02-06T14:00:00+07:00",
    )
    url = f"/shifts/{draft['id']}/check-in"
    clock.now = datetime(2027, 2, 5, 23, 0, tzinfo=UTC)  # 06:00 local on mùng 1
    assert problem_of(await client.post(url, json={"staff_id": tuyet["id"]}, headers={"If-Match": '"1"'}), 409)[
        "type"
    ].endswith("/invalid-status")  # a draft is nobody's duty yet
    await client.post(f"/shifts/{draft['id']}/publish", headers={"If-Match": '"1"'})

    clock.now = datetime(2027, 2, 5, 22, 29, tzinfo=UTC)  # 05:29 local: 31 minutes early
    early = problem_of(await client.post(url, json={"staff_id": tuyet["id"]}, headers={"If-Match": '"2"'}), 409)
    assert early["type"].endswith("/check-in-window") and early["opens_at"] == "2027-02-05T22:30:00+00:00"
    clock.now = datetime(2027, 2, 5, 22, 30, tzinfo=UTC)
    stranger = await seed.staff(enterprise, "Ngô Văn Lạ")
    assert [
        (e["field"], e["rule"])
        for e in problem_of(
            await client.post(url, json={"staff_id": stranger["id"]}, headers={"If-Match": '"2"'}), 422
        )["errors"]
    ] == [("staff_id", "on-shift")]
    checked = await client.post(url, json={"staff_id": tuyet["id"]}, headers={"If-Match": '"2"'})
    assert checked.status_code == 200
    body = checked.json()
    assert (body["status"], body["version"]) == ("checked_in", 3)
    assert body["assignees"][0]["checked_in_at"] == "2027-02-05T22:30:00Z"
    assert body["assignees"][1]["checked_in_at"] is None
    twice = problem_of(await client.post(url, json={"staff_id": tuyet["id"]}, headers={"If-Match": '"3"'}), 409)
    assert twice["type"].endswith("/already-checked-in")

    complete = f"/shifts/{draft['id']}/complete"
    assert problem_of(await client.post(complete, headers={"If-Match": '"3"'}), 409)["type"].endswith("/shift-over")
    clock.now = datetime(2027, 2, 6, 7, 0, tzinfo=UTC)  # 14:00 local: Đức never came
    assert problem_of(await client.post(url, json={"staff_id": duc["id"]}, headers={"If-Match": '"3"'}), 409)[
        "type"
    ].endswith("/check-in-window")
    done = await client.post(complete, headers={"If-Match": '"3"'})
    assert (done.json()["status"], done.json()["version"]) == ("completed", 4)


# --- swaps ------------------------------------------------------------------------------------------------


async def published_shift(client, seed, **extra) -> tuple[dict, dict, dict, dict]:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet], status="published", **extra)
    return campaign, enterprise, tuyet, shift


async def test_open_swap_needs_a_taker_and_is_checked_again_on_approval(client, seed) -> None:
    campaign, enterprise, tuyet, shift = await published_shift(client, seed)
    hoa = await seed.staff(enterprise, "Phạm Thị Hoa")
    response = await client.post(f"/shifts/{shift['id']}/swaps", json={"from_staff_id": tuyet["id"]})
    assert response.status_code == 201
    swap = response.json()
    assert (swap["status"], swap["to_staff_id"], swap["version"]) == ("requested", None, 1)
    assert response.headers["etag"] == '"1"'
    dup = problem_of(await client.post(f"/shifts/{shift['id']}/swaps", json={"from_staff_id": tuyet["id"]}), 409)
    assert dup["type"].endswith("/one-open-swap") and dup["swap_id"] == swap["id"]

    approve = f"/swaps/{swap['id']}/approve"
    missing = problem_of(await client.post(approve, json={}, headers={"If-Match": '"1"'}), 422)
    assert [(e["field"], e["rule"]) for e in missing["errors"]] == [("to_staff_id", "required")]
    # Meanwhile Hoa got a shift at that time: approval re-checks and refuses; nothing changes.
    busy = await plan(client, campaign, enterprise, [hoa], duty_type="patrol")
    clash = problem_of(
        await client.post(
            approve, json={"to_staff_id": hoa["id"], "agreement": "Đồng ý qua điện thoại"}, headers={"If-Match": '"1"'}
        ),
        409,
    )
    assert clash["conflicting_shift_id"] == busy["id"]
    assert (await client.get(f"/swaps/{swap['id']}")).json()["status"] == "requested"
    assert (await client.get(f"/shifts/{shift['id']}")).json()["version"] == 2
    await client.post(f"/shifts/{busy['id']}/cancel", headers={"If-Match": '"1"'})
    stale = problem_of(
        await client.post(
            approve, json={"to_staff_id": hoa["id"], "agreement": "Đồng ý qua điện thoại"}, headers={"If-Match": '"0"'}
        ),
        412,
    )
    assert stale["current_version"] == 1
    # named by who asked and when, not by its id
    assert f"asked by {tuyet['full_name']}, " in stale["detail"] and swap["id"] not in stale["detail"]
    done = await client.post(
        approve,
        json={"to_staff_id": hoa["id"], "note": "Đồng ý", "agreement": "Đồng ý qua điện thoại"},
        headers={
            "If-Match": '"1"',
            **auth(principal("manager", enterprises=(enterprise["id"],), name="truong.phong@vnpt.vn")),
        },
    )
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["to_staff_id"], body["decided_by"], body["version"]) == (
        "approved",
        hoa["id"],
        "truong.phong@vnpt.vn",
        2,
    )
    assert [a["staff_id"] for a in body["shift"]["assignees"]] == [hoa["id"]]
    assert problem_of(await client.post(f"/swaps/{swap['id']}/reject", headers={"If-Match": '"2"'}), 409)[
        "type"
    ].endswith("/swap-open")


async def test_named_swap_rules_and_rejection(client, seed, clock) -> None:
    _campaign, enterprise, tuyet, shift = await published_shift(client, seed)
    guard = await seed.staff(enterprise, "Đặng Văn Bảo", qualifications=["guard"])
    lan = await seed.staff(enterprise, "Hồ Thị Lan")
    url = f"/shifts/{shift['id']}/swaps"
    unqualified = problem_of(
        await client.post(url, json={"from_staff_id": tuyet["id"], "to_staff_id": guard["id"]}), 422
    )
    assert [(e["field"], e["rule"]) for e in unqualified["errors"]] == [("to_staff_id", "qualified")]
    not_on_it = problem_of(await client.post(url, json={"from_staff_id": lan["id"], "to_staff_id": tuyet["id"]}), 422)
    assert [(e["field"], e["rule"]) for e in not_on_it["errors"]] == [("from_staff_id", "on-shift")]
    swap = (
        await client.post(url, json={"from_staff_id": tuyet["id"], "to_staff_id": lan["id"], "reason": "Con ốm"})
    ).json()
    other = problem_of(
        await client.post(
            f"/swaps/{swap['id']}/approve",
            json={"to_staff_id": guard["id"], "agreement": "Đồng ý qua điện thoại"},
            headers={"If-Match": '"1"'},
        ),
        422,
    )
    assert other["errors"][0]["rule"] == "as-requested"
    rejected = await client.post(
        f"/swaps/{swap['id']}/reject", json={"note": "Không đủ người"}, headers={"If-Match": '"1"'}
    )
    assert (rejected.json()["status"], rejected.json()["decision_note"]) == ("rejected", "Không đủ người")
    listed = (await client.get("/swaps", params={"shift_id": shift["id"], "status": "rejected"})).json()
    assert [s["id"] for s in listed["items"]] == [swap["id"]]
    clock.now = datetime(2027, 2, 5, 15, 0, tzinfo=UTC)  # the shift has started
    started = problem_of(await client.post(url, json={"from_staff_id": tuyet["id"]}), 409)
    assert started["type"].endswith("/shift-started")


@pytest.mark.parametrize("status", ["draft"])
async def test_only_published_shifts_can_be_swapped(client, seed, status) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet], status=status)
    problem = problem_of(await client.post(f"/shifts/{shift['id']}/swaps", json={"from_staff_id": tuyet["id"]}), 409)
    assert problem["type"].endswith("/invalid-status")


async def test_deactivating_someone_warns_about_their_upcoming_shifts(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    shift = await plan(client, campaign, enterprise, [tuyet], duty_type="leadership")
    response = await client.patch(
        f"/staff/{tuyet['id']}", json={"qualifications": ["operator"]}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert [(w["rule"], w["shift_id"]) for w in response.json()["warnings"]] == [("qualified", shift["id"])]
    response = await client.patch(f"/staff/{tuyet['id']}", json={"active": False}, headers={"If-Match": '"2"'})
    assert [(w["rule"], w["shift_id"]) for w in response.json()["warnings"]] == [("staff-active", shift["id"])]


# --- whether a shift was ever published ------------------------------------------------------------


async def test_a_shift_says_when_it_was_first_published_and_a_cancelled_draft_never_was(client, seed, clock) -> None:
    """QA: a draft cancelled before it was published showed under the worker's "Ca đã hủy" though nobody had
    been told of it. The shift says whether (and when) it was first published: null for a draft and for a
    cancelled draft; set by publishing (and by planning it published), kept through later changes and a
    cancellation; a staff member's list can ask for the shifts they were told of (`ever_published`)."""
    campaign, enterprise, tuyet = await seed.world()
    staff = auth(principal("staff", enterprises=(enterprise["id"],), staff=tuyet["id"]))
    at = datetime(2027, 1, 20, 8, tzinfo=UTC)
    clock.now = at
    draft = await plan(client, campaign, enterprise, [tuyet])
    assert draft["published_at"] is None
    dropped = await client.post(f"/shifts/{draft['id']}/cancel", json={}, headers={"If-Match": '"1"'})
    assert dropped.status_code == 200 and dropped.json()["published_at"] is None

    told = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-07T06:00:00+07:00",
        ends_at="2027-02-07T14:00:00+07:00",
    )
    published = await client.post(f"/shifts/{told['id']}/publish", headers={"If-Match": '"1"'})
    assert datetime.fromisoformat(published.json()["published_at"]) == at
    clock.now = datetime(2027, 1, 22, 8, tzinfo=UTC)
    noted = await client.patch(f"/shifts/{told['id']}", json={"notes": "Mang áo mưa"}, headers={"If-Match": '"2"'})
    cancelled = await client.post(
        f"/shifts/{told['id']}/cancel", json={"reason": "Đổi kế hoạch"}, headers={"If-Match": '"3"'}
    )
    assert noted.status_code == cancelled.status_code == 200, cancelled.text
    assert datetime.fromisoformat(cancelled.json()["published_at"]) == at  # the first time, not the last change

    born = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-09T06:00:00+07:00",
        ends_at="2027-02-09T14:00:00+07:00",
        status="published",
    )
    assert datetime.fromisoformat(born["published_at"]) == clock.now
    assert (await client.get(f"/shifts/{born['id']}")).json()["published_at"] == born["published_at"]

    mine = {"staff_id": tuyet["id"], "from": "2027-01-01T00:00:00+07:00"}
    shown = await client.get("/shifts", params={**mine, "ever_published": "true"})
    assert [s["id"] for s in shown.json()["items"]] == [told["id"], born["id"]]
    assert shown.json()["total"] == 2
    never = await client.get("/shifts", params={**mine, "ever_published": "false"})
    assert [s["id"] for s in never.json()["items"]] == [draft["id"]]
    # The worker themself is never shown the draft they were not told of (see the test below).
    listed = await client.get("/shifts", params=mine, headers=staff)
    assert [s["id"] for s in listed.json()["items"]] == [told["id"], born["id"]]


async def test_a_draft_cancelled_before_it_was_published_stays_hidden_from_its_people(client, seed) -> None:
    """Code review: roster hid drafts from staff by their status, so a draft cancelled before it was ever
    published (status 'cancelled', published_at null) was shown to the person booked on it — read by id and
    listed — though nobody had told them of it. What a staff member sees follows whether the shift was ever
    published: a cancelled draft is a 404 and not in their list; a shift published, then cancelled, they
    still see (they were told of it, and of its cancellation); the managers see both."""
    campaign, enterprise, tuyet = await seed.world()
    staff = auth(principal("staff", enterprises=(enterprise["id"],), staff=tuyet["id"]))
    draft = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-10T06:00:00+07:00",
        ends_at="2027-02-10T14:00:00+07:00",
    )
    told = await plan(
        client,
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-11T06:00:00+07:00",
        ends_at="2027-02-11T14:00:00+07:00",
        status="published",
    )
    for shift in (draft, told):  # each at its version as the other's cancellation left it (its rest warnings)
        version = (await client.get(f"/shifts/{shift['id']}")).json()["version"]
        cancelled = await client.post(
            f"/shifts/{shift['id']}/cancel", json={"reason": "Đổi kế hoạch"}, headers={"If-Match": f'"{version}"'}
        )
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text

    hidden = await client.get(f"/shifts/{draft['id']}", headers=staff)
    assert problem_of(hidden, 404)["type"].endswith("/shift-not-found")
    seen = await client.get(f"/shifts/{told['id']}", headers=staff)
    assert seen.status_code == 200 and seen.json()["status"] == "cancelled"
    window = {"from": "2027-02-10T00:00:00+07:00", "to": "2027-02-12T00:00:00+07:00"}
    for params in (window, {**window, "staff_id": tuyet["id"]}, {**window, "status": "cancelled"}):
        listed = await client.get("/shifts", params=params, headers=staff)
        assert listed.status_code == 200, listed.text
        assert [s["id"] for s in listed.json()["items"]] == [told["id"]] and listed.json()["total"] == 1
    managed = await client.get("/shifts", params={**window, "staff_id": tuyet["id"]})
    assert [s["id"] for s in managed.json()["items"]] == [draft["id"], told["id"]]
    assert (await client.get(f"/shifts/{draft['id']}")).status_code == 200
