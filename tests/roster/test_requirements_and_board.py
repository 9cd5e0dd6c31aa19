"""Coverage requirements (set, change, remove, with their events) and the roster board."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from lichtruc import db
from support import auth, principal, read_topic

from .seeding import shift_body

WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}


async def test_requirement_life_and_events(client, seed, kafka, roster_topic) -> None:
    campaign, enterprise, _ = await seed.world()
    site = await seed.site(enterprise, border_area=True)
    response = await client.post(
        "/requirements",
        json={
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "site_id": site["id"],
            "duty_type": "incident_response",
            "window": WHOLE_DAY,
            "minimum": 2,
            "peak_minimum": 4,
        },
    )
    assert response.status_code == 201, response.text
    req = response.json()
    assert (req["window"], req["minimum"], req["peak_minimum"], req["version"]) == (WHOLE_DAY, 2, 4, 1)
    url = f"/requirements/{req['id']}"
    changed = await client.patch(
        url,
        json={
            "window": {
                "kind": "one_off",
                "starts_at": "2027-02-05T18:00:00+07:00",
                "ends_at": "2027-02-06T06:00:00+07:00",
            },
            "minimum": 3,
        },
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["window"] == {
        "kind": "one_off",
        "starts_at": "2027-02-05T11:00:00Z",
        "ends_at": "2027-02-05T23:00:00Z",
    }
    unmatched = await client.delete(url)
    assert unmatched.status_code == 428
    # named by what it is, not by its id
    assert "requirement (" in unmatched.json()["detail"] and req["id"] not in unmatched.json()["detail"]
    assert "at least 3, 18:00 5 Feb 2027 – 06:00 6 Feb 2027" in unmatched.json()["detail"]
    assert (await client.delete(url, headers={"If-Match": '"2"'})).status_code == 204
    assert (await client.get(url)).status_code == 404

    def mine(records) -> list[dict]:
        return [json.loads(r.value) for r in records if json.loads(r.value)["subject"] == f"requirements/{req['id']}"]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(mine(recs)) >= 3)
    first, second, removed = mine(records)
    assert first["type"] == "lichtruc.roster.requirement.set.v1"
    assert first["data"] == {
        "requirement_id": req["id"],
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "site_id": site["id"],
        "duty_type": "incident_response",
        "window": WHOLE_DAY,
        "minimum": 2,
        "peak_minimum": 4,
        "version": 1,
        "actor": "admin@test",
        "applies_from": None,  # the whole campaign: no change said otherwise
    }
    assert (second["data"]["version"], second["data"]["minimum"], second["data"]["window"]["kind"]) == (2, 3, "one_off")
    assert removed["type"] == "lichtruc.roster.requirement.removed.v1"
    assert removed["data"] == {
        "requirement_id": req["id"],
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "version": 3,
        "actor": "admin@test",
        "applies_from": None,
    }
    assert {r.key for r in records if json.loads(r.value)["subject"] == f"requirements/{req['id']}"} == {
        enterprise["id"].encode()
    }


async def test_requirement_rules(client, seed) -> None:
    campaign, enterprise, _ = await seed.world()
    base = {
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "duty_type": "operations",
        "window": WHOLE_DAY,
        "minimum": 2,
    }
    lower_peak = await client.post("/requirements", json={**base, "peak_minimum": 1})
    assert [(e["field"], e["rule"]) for e in lower_peak.json()["errors"]] == [("peak_minimum", "at-least-minimum")]
    outside = await client.post(
        "/requirements",
        json={
            **base,
            "window": {
                "kind": "one_off",
                "starts_at": "2027-03-01T00:00:00+07:00",
                "ends_at": "2027-03-02T00:00:00+07:00",
            },
        },
    )
    assert [(e["field"], e["rule"]) for e in outside.json()["errors"]] == [("window", "inside-campaign")]
    assert outside.json()["errors"][0]["message_vi"] == "Khung giờ phải nằm trong thời gian đợt trực."
    bad_time = await client.post(
        "/requirements", json={**base, "window": {"kind": "daily", "start_local": "24:00", "end_local": "06:00"}}
    )
    assert bad_time.status_code == 422 and bad_time.json()["errors"][0]["field"] == "body.window.daily.start_local"
    no_campaign = await client.post("/requirements", json={**base, "campaign_id": str(uuid.uuid4())})
    assert [(e["field"], e["rule"]) for e in no_campaign.json()["errors"]] == [("campaign_id", "campaign-exists")]


async def test_a_requirement_above_the_enterprises_qualified_staff_is_kept_with_a_warning(client, seed) -> None:
    """QA: a requirement of 200 people at an enterprise of about 14 staff was accepted without a word. It is kept,
    and the answer (to setting and to changing it) warns, counting the active staff holding the duty type's
    qualification; a number it can staff says nothing, and a requirement read back carries no warning."""
    campaign, enterprise, _ = await seed.world()  # one person holding every qualification
    await seed.staff(enterprise, "Trần Văn Đức", ["operator"])
    await seed.staff(enterprise, "Lê Thị Nghỉ", ["operator"], active=False)
    await seed.staff(enterprise, "Phạm Văn Bảo", ["guard"])
    base = {"campaign_id": campaign["id"], "enterprise_id": enterprise["id"], "duty_type": "operations"}
    fine = await client.post("/requirements", json={**base, "window": WHOLE_DAY, "minimum": 2})
    assert fine.status_code == 201 and fine.json()["warnings"] == []
    many = await client.post("/requirements", json={**base, "window": WHOLE_DAY, "minimum": 200})
    assert many.status_code == 201, many.text
    [warning] = many.json()["warnings"]
    assert (warning["rule"], warning["required"], warning["available"]) == ("beyond-staff", 200, 2)
    assert warning["message_vi"].startswith(
        f"Yêu cầu 200 người trực điều hành nhưng {enterprise['name']} chỉ có 2 người đang làm việc có chuyên môn "
        "Điều hành: các ca trực sẽ luôn thiếu người."
    )
    url = f"/requirements/{many.json()['id']}"
    assert (await client.get(url)).json()["minimum"] == 200  # kept
    assert (await client.get(url)).json()["warnings"] == []
    lowered = await client.patch(url, json={"minimum": 2, "peak_minimum": 3}, headers={"If-Match": '"1"'})
    assert lowered.status_code == 200, lowered.text
    assert [(w["rule"], w["required"]) for w in lowered.json()["warnings"]] == [("beyond-staff", 3)]
    assert "trong cao điểm" in lowered.json()["warnings"][0]["message_vi"]


async def test_board_shows_each_day_with_requirement_against_plan(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    an = await seed.staff(enterprise, "Lê Văn An")
    await client.post(
        "/requirements",
        json={
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "duty_type": "operations",
            "window": WHOLE_DAY,
            "minimum": 1,
            "peak_minimum": 2,
        },
    )
    day = await client.post(
        "/shifts",
        json=shift_body(
            campaign, enterprise, [duc], starts_at="2027-02-05T06:00:00+07:00", ends_at="2027-02-05T18:00:00+07:00"
        ),
    )
    night = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            enterprise,
            [tuyet, an],
            starts_at="2027-02-05T18:00:00+07:00",
            ends_at="2027-02-06T06:00:00+07:00",
            status="published",
        ),
    )
    assert day.status_code == night.status_code == 201
    response = await client.get(
        f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board",
        params={"from": "2027-02-05", "to": "2027-02-06"},
    )
    assert response.status_code == 200, response.text
    board = response.json()
    assert (board["from"], board["to"], board["enterprise"]["name"]) == ("2027-02-05", "2027-02-06", enterprise["name"])
    eve, mung1 = board["days"]
    assert (eve["date"], eve["lunar_name_vi"], mung1["lunar_name_vi"]) == ("2027-02-05", "29 tháng Chạp", "Mùng 1 Tết")
    assert [p["name"] for p in eve["peaks"]] == ["Giao thừa"]
    ops = next(d for d in eve["duty_types"] if d["duty_type"] == "operations")
    assert [s["id"] for s in ops["shifts"]] == [day.json()["id"], night.json()["id"]]
    assert [p["full_name"] for p in ops["people"]] == ["Lê Văn An", "Trần Văn Đức", "Nguyễn Thị Ánh Tuyết"]
    [cover] = ops["coverage"]
    # 00:00–06:00 on the 5th nobody is planned; from 18:00 the peak asks two and two are there.
    assert (cover["site_id"], cover["required"], cover["planned"], cover["met"], cover["met_published"]) == (
        (None, 2, 0, False, False)
    )
    assert cover["planned_published"] == 0
    assert [(g["starts_at"], g["ends_at"], g["required"], g["planned"]) for g in cover["gaps"]] == [
        ("2027-02-04T17:00:00Z", "2027-02-04T23:00:00Z", 1, 0)
    ]
    mung1_ops = next(d for d in mung1["duty_types"] if d["duty_type"] == "operations")
    assert [(g["starts_at"], g["ends_at"]) for g in mung1_ops["coverage"][0]["gaps"]] == [
        ("2027-02-05T23:00:00Z", "2027-02-06T17:00:00Z")
    ]  # from 06:00 on mùng 1 nobody is planned
    leadership = next(d for d in eve["duty_types"] if d["duty_type"] == "leadership")
    assert (leadership["shifts"], leadership["coverage"], leadership["name_vi"]) == ([], [], "Trực lãnh đạo")

    whole = (await client.get(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board")).json()
    assert (whole["from"], whole["to"], len(whole["days"])) == ("2027-01-30", "2027-02-15", 17)
    backwards = await client.get(
        f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board",
        params={"from": "2027-02-06", "to": "2027-02-05"},
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "to"
    outside = await client.get(
        f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board", params={"from": "2027-03-01"}
    )
    [error] = outside.json()["errors"]
    assert (outside.status_code, error["field"], error["rule"]) == (422, "from", "inside-campaign")
    assert error["message"].endswith(f"must be a day of {campaign['name']} (30 Jan 2027 to 15 Feb 2027).")
    assert error["message_vi"] == f"Ngày bắt đầu phải thuộc {campaign['name']} (30/01/2027 đến 15/02/2027)."
    unknown = await client.get(f"/campaigns/{uuid.uuid4()}/enterprises/{enterprise['id']}/board")
    assert unknown.status_code == 404


MUNG_2_NOON = datetime(2027, 2, 7, 5, 0, tzinfo=UTC)  # 12:00 on mùng 2 Tết, Vietnam time: the campaign has begun


async def _outbox(settings, subject: str) -> list[dict]:
    """The events roster wrote to its outbox about `subject`, in the order written."""
    engine = db.create_engine(settings.database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = :s ORDER BY id"), {"s": subject}
            )
            return [json.loads(r[0]) for r in rows]
    finally:
        await engine.dispose()


def _since(event: dict) -> datetime | None:
    found = event["data"].get("applies_from")
    return None if found is None else datetime.fromisoformat(found)


async def test_a_change_says_whether_it_applies_from_now_or_to_the_whole_campaign(
    client, seed, clock, roster_settings
) -> None:
    """`applies`: from now on, once the campaign has begun, the event's applies_from is roster's clock; before the
    campaign, for the whole campaign, or when not said, none — and a removal likewise."""
    campaign, enterprise, _ = await seed.world()
    body = {"campaign_id": campaign["id"], "enterprise_id": enterprise["id"], "duty_type": "operations"}
    clock.now = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)  # before the campaign (from 30/01/2027)
    made = await client.post("/requirements", json={**body, "window": WHOLE_DAY, "minimum": 1, "applies": "from_now"})
    early = await client.post("/requirements", json={**body, "window": WHOLE_DAY, "minimum": 5})
    assert made.status_code == early.status_code == 201, made.text
    url, early_url = f"/requirements/{made.json()['id']}", f"/requirements/{early.json()['id']}"
    assert (
        await client.delete(early_url, params={"applies": "from_now"}, headers={"If-Match": '"1"'})
    ).status_code == 204
    clock.now = MUNG_2_NOON
    for version, applies in enumerate(("from_now", "whole_campaign", None, "from_now"), start=1):
        change = {"minimum": 2 + version} | ({} if applies is None else {"applies": applies})
        changed = await client.patch(url, json=change, headers={"If-Match": f'"{version}"'})
        assert changed.status_code == 200, changed.text
    # The form saved as it was, or only `applies` sent: nothing changes — the requirement as it is, no new version.
    for same in ({"applies": "from_now"}, {"minimum": 6, "applies": "from_now"}):
        unchanged = await client.patch(url, json=same, headers={"If-Match": '"5"'})
        assert unchanged.status_code == 200 and unchanged.json()["version"] == 5, unchanged.text
        assert unchanged.headers["ETag"] == '"5"'
    wrong = await client.patch(url, json={"applies": "tomorrow"}, headers={"If-Match": '"5"'})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "body.applies"
    assert (await client.delete(url, params={"applies": "from_now"}, headers={"If-Match": '"5"'})).status_code == 204
    events = await _outbox(roster_settings, f"requirements/{made.json()['id']}")
    assert [(e["data"]["version"], _since(e)) for e in events] == [
        (1, None),  # from now on, but nothing of the campaign is past yet
        (2, MUNG_2_NOON),
        (3, None),  # a correction
        (4, None),  # not said: the whole campaign, as before the choice existed
        (5, MUNG_2_NOON),
        (6, MUNG_2_NOON),  # removed from now on
    ]
    assert events[-1]["type"] == "lichtruc.roster.requirement.removed.v1"
    # removed from now on, it still ruled the days before: it is read as it last was, with its removal
    assert (await client.get(url)).status_code == 404
    gone = await client.get(url, params={"include_removed": "true"})
    assert gone.status_code == 200, gone.text
    assert (gone.json()["minimum"], gone.json()["version"]) == (6, 6)  # 2 + 4, its last change
    assert gone.json()["removed"] == {"at": "2027-02-07T05:00:00Z", "applies_from": "2027-02-07T05:00:00Z"}
    versions = (await client.get(f"{url}/versions")).json()["items"]
    assert [(v["version"], v["removed"]) for v in versions][-2:] == [(5, False), (6, True)]
    listed = {"campaign_id": campaign["id"], "enterprise_id": enterprise["id"]}
    assert [r["id"] for r in (await client.get("/requirements", params=listed)).json()["items"]] == []
    with_removed = (await client.get("/requirements", params={**listed, "include_removed": "true"})).json()
    assert {r["id"]: r["removed"]["applies_from"] for r in with_removed["items"]} == {
        made.json()["id"]: "2027-02-07T05:00:00Z",
        early.json()["id"]: None,
    }
    [removed_early] = [
        e for e in await _outbox(roster_settings, f"requirements/{early.json()['id']}") if e["data"]["version"] == 2
    ]
    assert _since(removed_early) is None


async def test_a_minimum_raised_from_now_on_leaves_the_days_past_as_they_were(client, seed, clock) -> None:
    """The board judges each instant by the version in force then: raised on mùng 2 at noon "from now on", the
    days before and that morning still ask one; a correction for the whole campaign rewrites them all."""
    campaign, enterprise, _ = await seed.world()
    clock.now = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
    made = await client.post(
        "/requirements",
        json={
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "duty_type": "operations",
            "window": WHOLE_DAY,
            "minimum": 1,
        },
    )
    url = f"/requirements/{made.json()['id']}"
    clock.now = MUNG_2_NOON
    raised = await client.patch(url, json={"minimum": 3, "applies": "from_now"}, headers={"If-Match": '"1"'})
    assert raised.status_code == 200, raised.text

    async def gaps() -> list[tuple[str, str, int]]:
        board = await client.get(
            f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board",
            params={"from": "2027-02-06", "to": "2027-02-07"},
        )
        assert board.status_code == 200, board.text
        return [
            (g["starts_at"], g["ends_at"], g["required"])
            for day in board.json()["days"]
            for d in day["duty_types"]
            if d["duty_type"] == "operations"
            for g in d["coverage"][0]["gaps"]
        ]

    def asked(found: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
        """The gaps (cut at days and peaks) joined where they ask the same, from 00:00 on mùng 1 to the end of
        mùng 2 (nobody is planned: every instant is short)."""
        joined: list[tuple[str, str, int]] = []
        for a, b, n in found:
            if joined and joined[-1][1] == a and joined[-1][2] == n:
                joined[-1] = (joined[-1][0], b, n)
            else:
                joined.append((a, b, n))
        return joined

    assert asked(await gaps()) == [
        ("2027-02-05T17:00:00Z", "2027-02-07T05:00:00Z", 1),  # mùng 1 and mùng 2's morning: one, as then
        ("2027-02-07T05:00:00Z", "2027-02-07T17:00:00Z", 3),  # from noon on mùng 2: three
    ]
    first = (await client.get(f"{url}/versions", params={"limit": 1})).json()  # the one page format
    rest = (await client.get(first["next"])).json()
    versions = first["items"] + rest["items"]
    assert (first["total"], rest["next"]) == (2, None)
    assert [(v["version"], v["minimum"], v["applies_from"]) for v in versions] == [
        (1, 1, None),
        (2, 3, "2027-02-07T05:00:00Z"),
    ]
    # QZ11: the enterprise's manager may not rewrite the days already past — neither a correction for the whole
    # campaign nor a removal "as if it had never been"; told why and what to do, and nothing changes.
    manager = auth(principal("manager", enterprises=(enterprise["id"],), name="quan.ly@buudien.vn"))
    for attempt in (
        client.patch(url, json={"minimum": 0, "applies": "whole_campaign"}, headers={**manager, "If-Match": '"2"'}),
        client.patch(url, json={"minimum": 0}, headers={**manager, "If-Match": '"2"'}),  # not said: the whole campaign
        client.delete(url, params={"applies": "whole_campaign"}, headers={**manager, "If-Match": '"2"'}),
    ):
        refused = await attempt
        assert refused.status_code == 409, refused.text
        problem = refused.json()
        assert problem["errors"][0]["rule"] == "past-kept"
        assert "đã áp dụng cho những ngày đã qua; thanh tra dựa vào đó. Chỉ Sở" in problem["detail_vi"]
        assert "“Từ bây giờ”" in problem["detail_vi"] and enterprise["name"] in problem["detail_vi"]
        assert "only the Department" in problem["detail"] and "“From now on”" in problem["detail"]
    assert (await client.get(url)).json()["version"] == 2
    assert len(asked(await gaps())) == 2
    # QZ12 #6: nor add a requirement that reaches back to them — told so; from now on it is taken.
    new = {
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "duty_type": "leadership",
        "window": WHOLE_DAY,
        "minimum": 1,
    }
    for body in ({**new, "applies": "whole_campaign"}, new):
        refused = await client.post("/requirements", json=body, headers=manager)
        assert refused.status_code == 409, refused.text
        problem = refused.json()
        assert problem["errors"][0]["rule"] == "past-kept"
        assert "không thể áp dụng cho những ngày đã qua" in problem["detail_vi"]
        assert "“Từ bây giờ”" in problem["detail_vi"] and enterprise["name"] in problem["detail_vi"]
        assert "only the Department" in problem["detail"] and "“From now on”" in problem["detail"]
    added = await client.post("/requirements", json={**new, "applies": "from_now"}, headers=manager)
    assert added.status_code == 201, added.text
    assert (await client.get(f"/requirements/{added.json()['id']}/versions")).json()["items"][0]["applies_from"] == (
        "2027-02-07T05:00:00Z"
    )
    # The Department corrects a number typed wrong for the whole campaign.
    fixed = await client.patch(url, json={"minimum": 2, "applies": "whole_campaign"}, headers={"If-Match": '"2"'})
    assert fixed.status_code == 200, fixed.text
    assert asked(await gaps()) == [("2027-02-05T17:00:00Z", "2027-02-07T17:00:00Z", 2)]
    # The manager lowers it from now on: the days past keep what they asked.
    lowered = await client.patch(
        url, json={"minimum": 1, "applies": "from_now"}, headers={**manager, "If-Match": '"3"'}
    )
    assert lowered.status_code == 200, lowered.text
    assert asked(await gaps())[0] == ("2027-02-05T17:00:00Z", "2027-02-07T05:00:00Z", 2)
