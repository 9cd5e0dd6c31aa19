"""Border coverage in roster: the Tết defaults create a whole-day requirement per border site
(once, through the requirement path, with its event), and a shift may cover further sites of
its own enterprise."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from support import auth, principal, read_topic

from .seeding import shift_body

WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}


async def _site_requirements(client, campaign: dict, site: dict) -> list[tuple[str, dict, int, int | None]]:
    items = (await client.get("/requirements", params={"campaign_id": campaign["id"], "site_id": site["id"]})).json()[
        "items"
    ]
    return sorted((r["duty_type"], r["window"], r["minimum"], r["peak_minimum"]) for r in items)


async def _patch_site(client, site: dict, body: dict) -> dict:
    response = await client.patch(f"/sites/{site['id']}", json=body, headers={"If-Match": f'"{site["version"]}"'})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_border_site_registered_during_a_campaign_gets_the_defaults_once(client, seed) -> None:
    campaign = await seed.campaign()
    assert (campaign["border_duty_types"], campaign["border_sectors"]) == (["patrol"], ["telecom", "internet"])
    telecom = await seed.enterprise("Viettel Long An")
    border = await seed.site(telecom, "Trạm BTS Thái Bình Trung", border_area=True, district="Vĩnh Hưng")
    assert await _site_requirements(client, campaign, border) == [("patrol", WHOLE_DAY, 1, None)]

    # Editing the site again, or flagging it off and on, adds nothing: the requirement is there.
    border = await _patch_site(client, border, {"district": "Vĩnh Hưng", "name": border["name"] + " (mới)"})
    border = await _patch_site(client, border, {"border_area": False})
    border = await _patch_site(client, border, {"border_area": True})
    assert await _site_requirements(client, campaign, border) == [("patrol", WHOLE_DAY, 1, None)]

    # A site flagged later gets them when flagged; an inland site and a postal border site get none.
    inland = await seed.site(telecom, "Trạm BTS Bến Lức", district="Bến Lức")
    assert await _site_requirements(client, campaign, inland) == []
    await _patch_site(client, inland, {"border_area": True})
    assert await _site_requirements(client, campaign, inland) == [("patrol", WHOLE_DAY, 1, None)]
    post = await seed.enterprise("Bưu điện tỉnh Long An", sector="postal")
    post_site = await seed.site(post, "Bưu điện huyện Tân Hưng", border_area=True, district="Tân Hưng")
    assert await _site_requirements(client, campaign, post_site) == []


async def test_opening_a_campaign_covers_existing_border_sites_and_the_admin_changes_the_defaults(
    client, seed, kafka, roster_topic
) -> None:
    telecom = await seed.enterprise("MobiFone Long An")
    border = await seed.site(telecom, "Trạm BTS Bình Hòa Tây", border_area=True, district="Mộc Hóa")
    opened = await client.post("/campaigns", json={"lunar_year": 2031})
    assert opened.status_code == 201, opened.text
    campaign = opened.json()
    assert await _site_requirements(client, campaign, border) == [("patrol", WHOLE_DAY, 1, None)]

    # The administrator adds incident response: created for the site; patrol is not made twice.
    changed = await client.patch(
        f"/campaigns/{campaign['id']}",
        headers={"If-Match": '"1"'},
        json={"border_duty_types": ["patrol", "incident_response"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["border_duty_types"] == ["patrol", "incident_response"]
    assert await _site_requirements(client, campaign, border) == [
        ("incident_response", WHOLE_DAY, 1, None),
        ("patrol", WHOLE_DAY, 1, None),
    ]

    # Each default went through the requirement path: a RequirementSet event keyed by the enterprise.
    ids = {
        r["id"]
        for r in (
            await client.get("/requirements", params={"campaign_id": campaign["id"], "site_id": border["id"]})
        ).json()["items"]
    }

    def defaults(records) -> list[dict]:
        return [
            json.loads(r.value) for r in records if json.loads(r.value)["subject"] in {f"requirements/{i}" for i in ids}
        ]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(defaults(recs)) >= 2)
    assert sorted(
        (e["type"], e["data"]["duty_type"], e["data"]["site_id"], e["data"]["minimum"]) for e in defaults(records)
    ) == [
        ("lichtruc.roster.requirement.set.v1", "incident_response", border["id"], 1),
        ("lichtruc.roster.requirement.set.v1", "patrol", border["id"], 1),
    ]

    # Refused: an unknown duty type or sector in the settings.
    wrong = await client.patch(
        f"/campaigns/{campaign['id']}",
        headers={"If-Match": '"2"'},
        json={"border_duty_types": ["fishing"], "border_sectors": ["banking"]},
    )
    assert wrong.status_code == 422


async def test_a_drill_gets_no_border_defaults_and_cannot_be_given_any(client, seed) -> None:
    """The border defaults are Tết defaults: a drill opened while border sites exist gets no
    requirement at them (else its patrols would be gaps in force from its first minute), not even
    when a border site is registered during it; border settings on a drill are refused."""
    telecom = await seed.enterprise("VNPT Long An")
    border = await seed.site(telecom, "Trạm viễn thông Hưng Điền", border_area=True, district="Tân Hưng")
    window = {"kind": "drill", "starts_at": "2026-12-01T08:00:00+07:00", "ends_at": "2026-12-03T08:00:00+07:00"}
    opened = await client.post("/campaigns", json=window)
    assert opened.status_code == 201, opened.text
    drill = opened.json()
    assert (drill["border_duty_types"], drill["border_sectors"]) == ([], [])
    assert await _site_requirements(client, drill, border) == []
    later = await seed.site(telecom, "Trạm BTS Mỹ Thạnh Bắc", border_area=True, district="Đức Huệ")
    assert await _site_requirements(client, drill, later) == []

    asked = await client.post("/campaigns", json={**window, "border_duty_types": ["patrol"]})
    assert asked.status_code == 422, asked.text
    [error] = asked.json()["errors"]
    assert (error["field"], error["rule"]) == ("border_duty_types", "border-defaults-tet-only")
    assert "diễn tập" in error["message_vi"] and "Tết" in error["message"]
    changed = await client.patch(
        f"/campaigns/{drill['id']}", headers={"If-Match": '"1"'}, json={"border_sectors": ["telecom"]}
    )
    assert changed.status_code == 422, changed.text
    assert changed.json()["errors"][0]["rule"] == "border-defaults-tet-only"
    assert await _site_requirements(client, drill, border) == []
    # Empty settings are what a drill has: accepted.
    empty = await client.post("/campaigns", json={**window, "border_duty_types": [], "border_sectors": []})
    assert empty.status_code == 201, empty.text


async def test_a_shift_covers_further_sites_of_its_own_enterprise(client, seed, kafka, roster_topic) -> None:
    campaign, enterprise, guard = await seed.world()
    hung_dien = await seed.site(enterprise, "Trạm viễn thông Hưng Điền", border_area=True, district="Tân Hưng")
    my_thanh = await seed.site(enterprise, "Trạm BTS Mỹ Thạnh Bắc", border_area=True, district="Đức Huệ")
    other = await seed.site(await seed.enterprise("Viettel Long An"), "Trạm BTS Thái Bình Trung", border_area=True)

    for covers, error in (([other["id"]], "same-enterprise"), ([str(uuid.uuid4())], "site-exists")):
        refused = await client.post(
            "/shifts",
            json=shift_body(
                campaign, enterprise, [guard], duty_type="patrol", site_id=hung_dien["id"], covers_site_ids=covers
            ),
        )
        assert refused.status_code == 422, refused.text
        assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("covers_site_ids.0", error)]
        assert "Điểm trực" in refused.json()["errors"][0]["message_vi"] or error == "site-exists"
    too_many = await client.post(
        "/shifts",
        json=shift_body(
            campaign, enterprise, [guard], duty_type="patrol", covers_site_ids=[str(uuid.uuid4()) for _ in range(21)]
        ),
    )
    assert too_many.status_code == 422

    # Its own site and repeats are dropped; the event carries the sites covered.
    made = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            enterprise,
            [guard],
            duty_type="patrol",
            site_id=hung_dien["id"],
            status="published",
            covers_site_ids=[my_thanh["id"], hung_dien["id"], my_thanh["id"]],
        ),
    )
    assert made.status_code == 201, made.text
    shift = made.json()
    assert shift["covers_site_ids"] == [my_thanh["id"]]
    listed = (await client.get("/shifts", params={"site_id": my_thanh["id"]})).json()["items"]
    assert [s["id"] for s in listed] == [shift["id"]]

    def mine(records) -> list[dict]:
        return [json.loads(r.value) for r in records if json.loads(r.value)["subject"] == f"shifts/{shift['id']}"]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(mine(recs)) >= 2)
    assert {tuple(e["data"]["shift"]["covers_site_ids"]) for e in mine(records)} == {(my_thanh["id"],)}

    # Changed by PATCH like the site; a foreign site is refused there too.
    bad = await client.patch(
        f"/shifts/{shift['id']}", json={"covers_site_ids": [other["id"]]}, headers={"If-Match": f'"{shift["version"]}"'}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "covers_site_ids.0"
    cleared = await client.patch(
        f"/shifts/{shift['id']}", json={"covers_site_ids": []}, headers={"If-Match": f'"{shift["version"]}"'}
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["covers_site_ids"] == [] and cleared.json()["version"] == shift["version"] + 1


async def test_a_manager_may_raise_a_border_default_but_not_lower_change_or_remove_it(client, seed) -> None:
    campaign = await seed.campaign(2032)
    telecom = await seed.enterprise("VNPT Long An (biên giới)")
    border = await seed.site(telecom, "Trạm BTS Mỹ Quý Tây", border_area=True, district="Đức Huệ")
    [default] = (
        await client.get("/requirements", params={"campaign_id": campaign["id"], "site_id": border["id"]})
    ).json()["items"]
    assert (default["department_default"], default["department_minimum"], default["department_peak_minimum"]) == (
        True,
        1,
        None,
    )
    manager = auth(principal("manager", enterprises=(telecom["id"],), name="quan.ly@vnpt-longan.vn"))
    path = f"/requirements/{default['id']}"

    def at(version: int) -> dict[str, str]:
        return {**manager, "If-Match": f'"{version}"'}

    # Raising is allowed, and the floor stays the Department's.
    raised = await client.patch(path, json={"minimum": 2, "peak_minimum": 3}, headers=at(1))
    assert raised.status_code == 200, raised.text
    assert (raised.json()["minimum"], raised.json()["peak_minimum"], raised.json()["department_minimum"]) == (2, 3, 1)
    # Back down to the floor is fine; below it, or any change of window, duty type or removal, is refused.
    back = await client.patch(path, json={"minimum": 1, "peak_minimum": None}, headers=at(2))
    assert back.status_code == 200, back.text
    other_site = await seed.site(telecom, "Trạm BTS Bến Lức 2", district="Bến Lức")
    for change in (
        {"minimum": 0},
        {"window": {"kind": "daily", "start_local": "08:00", "end_local": "17:00"}},
        {"duty_type": "incident_response"},
        {"site_id": other_site["id"]},
        {"site_id": None},
    ):
        refused = await client.patch(path, json=change, headers=at(3))
        assert refused.status_code == 409, (change, refused.text)
        problem = refused.json()
        assert problem["errors"][0]["rule"] == "department-default"
        assert "Trạm BTS Mỹ Quý Tây" in problem["detail"] and "Trạm BTS Mỹ Quý Tây" in problem["detail_vi"]
        assert "administrator" in problem["detail"] and "Sở" in problem["detail_vi"]
        assert "tuần tra" in problem["detail_vi"].lower() and default["id"] not in problem["detail_vi"]
    removed = await client.delete(path, headers=at(3))
    assert removed.status_code == 409, removed.text
    assert "Trạm BTS Mỹ Quý Tây" in removed.json()["detail_vi"] and "xoá" in removed.json()["detail_vi"]
    still = (await client.get(path)).json()
    assert (still["version"], still["minimum"], still["window"], still["duty_type"]) == (3, 1, WHOLE_DAY, "patrol")

    # An ordinary requirement of the same manager is changed and removed as before.
    plain = await client.post(
        "/requirements",
        json={
            "campaign_id": campaign["id"],
            "enterprise_id": telecom["id"],
            "duty_type": "patrol",
            "window": WHOLE_DAY,
            "minimum": 2,
            "site_id": other_site["id"],
        },
        headers=manager,
    )
    assert plain.status_code == 201, plain.text
    assert plain.json()["department_default"] is False
    plain_path = f"/requirements/{plain.json()['id']}"
    assert (await client.patch(plain_path, json={"minimum": 1}, headers=at(1))).status_code == 200
    assert (await client.delete(plain_path, headers=at(2))).status_code == 204

    # The Department (an administrator) lowers the window: its change is the new floor; then it removes it.
    admin = {"If-Match": '"3"'}
    night = {"kind": "daily", "start_local": "18:00", "end_local": "06:00"}
    lowered = await client.patch(path, json={"window": night, "minimum": 1}, headers=admin)
    assert lowered.status_code == 200, lowered.text
    assert (lowered.json()["window"], lowered.json()["department_default"]) == (night, True)
    # A manager may widen the window again (that raises it) but not narrow it below the Department's.
    narrower = {"kind": "daily", "start_local": "20:00", "end_local": "06:00"}
    assert (await client.patch(path, json={"window": narrower}, headers=at(4))).status_code == 409
    widened = await client.patch(path, json={"window": WHOLE_DAY}, headers=at(4))
    assert widened.status_code == 200, widened.text
    assert (await client.delete(path, headers={"If-Match": '"5"'})).status_code == 204


async def test_the_border_flag_set_during_the_campaign_asks_from_then_and_cleared_drops_its_default(
    client, seed, clock
) -> None:
    """QZ12 #4: a site flagged border on mùng 2 at noon is asked a patrol from then, not from 00:00 on the
    campaign's first day (before it existed); unflagged, the default it made is removed from then on (the time
    before keeps it) — unless it was changed by hand since: then it is kept, and the answer says so."""
    clock.now = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)  # before the campaign (from 30/01/2027)
    campaign = await seed.campaign()
    telecom = await seed.enterprise("Viettel Long An")
    clock.now = datetime(2027, 2, 7, 5, 0, tzinfo=UTC)  # mùng 2, noon
    site = await seed.site(telecom, "Trạm BTS Khánh Hưng", border_area=True, district="Vĩnh Hưng")
    listed = {"campaign_id": campaign["id"], "site_id": site["id"]}
    [made] = (await client.get("/requirements", params=listed)).json()["items"]
    versions = (await client.get(f"/requirements/{made['id']}/versions")).json()["items"]
    assert [(v["version"], v["applies_from"]) for v in versions] == [(1, "2027-02-07T05:00:00Z")]

    clock.now = datetime(2027, 2, 7, 9, 30, tzinfo=UTC)
    site = await _patch_site(client, site, {"border_area": False})
    assert site["warnings"] == []
    assert await _site_requirements(client, campaign, site) == []
    gone = (await client.get(f"/requirements/{made['id']}", params={"include_removed": "true"})).json()
    assert gone["removed"] == {"at": "2027-02-07T09:30:00Z", "applies_from": "2027-02-07T09:30:00Z"}

    # Flagged again, the default comes back from then; raised by the manager, unflagging keeps it and says so.
    site = await _patch_site(client, site, {"border_area": True})
    [again] = (await client.get("/requirements", params=listed)).json()["items"]
    assert again["id"] != made["id"]
    manager = auth(principal("manager", enterprises=(telecom["id"],), name="quan.ly@viettel.vn"))
    raised = await client.patch(
        f"/requirements/{again['id']}",
        json={"minimum": 2, "applies": "from_now"},
        headers={**manager, "If-Match": '"1"'},
    )
    assert raised.status_code == 200, raised.text
    site = await _patch_site(client, site, {"border_area": False})
    [kept] = site["warnings"]
    assert kept["rule"] == "border-default-kept"
    assert site["name"] in kept["message"] and "changed by hand" in kept["message"]
    assert site["name"] in kept["message_vi"] and "sửa tay" in kept["message_vi"]
    assert (
        "(Tuần tra, bảo vệ, ít nhất 2 người, 00:00–00:00 hằng ngày)" in kept["message_vi"]
    )  # its terms, as in English
    assert await _site_requirements(client, campaign, site) == [("patrol", WHOLE_DAY, 2, None)]
