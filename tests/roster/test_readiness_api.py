"""The readiness checklist before Tết in roster: the Department defines items (one call seeds the
directive's), an enterprise's manager marks them done or reopens them, each item reads done / open /
overdue as of the service clock; the events leave through the outbox; scopes and bounds hold."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from support import auth, principal, read_topic

INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt"))


def manager_of(*enterprises: dict) -> dict[str, str]:
    return auth(principal("manager", enterprises=tuple(e["id"] for e in enterprises), name="giam.doc@dn"))


async def _item(client, campaign: dict, **body: object) -> dict:
    payload = {
        "sector": "telecom",
        "title_vi": "Nguồn điện dự phòng",
        "title_en": "Back-up power",
        "due_date": "2027-01-25",
        **body,
    }
    response = await client.post(f"/campaigns/{campaign['id']}/readiness-items", json=payload, headers=INSPECTOR)
    assert response.status_code == 201, response.text
    return response.json()


async def test_seeding_again_after_the_vehicles_item_was_renamed_adds_nothing(client, seed) -> None:
    """R3: a campaign seeded before QZ13 #16 holds the network sectors' vehicles item under its former title
    ("Phương tiện ứng cứu, chuyển phát"); seeding the directive again adds nothing beside it (nor the second time)."""
    campaign = await seed.campaign(2032)
    url = f"/campaigns/{campaign['id']}/readiness-items"
    await _item(client, campaign, sector="television", title_vi="Phương tiện ứng cứu, chuyển phát", title_en="Vehicles")
    await _item(client, campaign, sector="postal", title_vi="Phương tiện ứng cứu, chuyển phát", title_en="Vehicles")
    seeded = await client.post(f"{url}/directive", json={"sectors": ["television", "postal"]}, headers=INSPECTOR)
    assert seeded.status_code == 200, seeded.text
    titles = [(i["sector"], i["title_vi"]) for i in seeded.json()["items"]]
    assert ("television", "Phương tiện ứng cứu sự cố") not in titles
    assert not [t for t in titles if t[1] == "Phương tiện ứng cứu, chuyển phát"]
    count = (await client.get(url, params={"limit": 200})).json()["total"]
    assert count == seeded.json()["created"] + 2
    again = await client.post(f"{url}/directive", json={"sectors": ["television", "postal"]}, headers=INSPECTOR)
    assert again.json() == {"created": 0, "items": []}
    assert (await client.get(url, params={"limit": 200})).json()["total"] == count


async def test_items_defined_by_the_department_and_the_directive_seeded_once(client, seed) -> None:
    campaign = await seed.campaign(2031)
    url = f"/campaigns/{campaign['id']}/readiness-items"
    item = await _item(client, campaign, due_date="2031-01-20")
    # due by a local day: by its end (the next midnight in Vietnam, 17:00 UTC that day)
    assert item["due_at"] == "2031-01-20T17:00:00Z"
    assert item["due_local"]["local"].startswith("2031-01-21T00:00:00+07:00")
    # a manager may not define items
    enterprise = await seed.enterprise()
    refused = await client.post(
        url,
        json={"sector": "postal", "title_vi": "X", "title_en": "X", "due_date": "2031-01-20"},
        headers=manager_of(enterprise),
    )
    assert refused.status_code == 403, refused.text

    # a dry run says what would be added, and by when, adding nothing
    tried = await client.post(f"{url}/directive", json={"dry_run": True, "due_date": "2031-01-22"}, headers=INSPECTOR)
    assert tried.status_code == 200, tried.text
    assert tried.json()["created"] > 1 and {i["due_date"] for i in tried.json()["items"]} == {"2031-01-22"}
    assert (await client.get(url)).json()["total"] == 1

    seeded = await client.post(f"{url}/directive", json={}, headers=INSPECTOR)
    assert seeded.status_code == 200, seeded.text
    assert seeded.json()["created"] == tried.json()["created"]
    body = seeded.json()
    titles = {(i["sector"], i["title_vi"]) for i in body["items"]}
    assert ("postal", "Đủ nhân sự, phương tiện chuyển phát báo chí, bưu gửi, điện tín, điện hoa, thư công") in titles
    assert ("telecom", "Kiểm tra, bảo dưỡng thiết bị và mạng ngoại vi") in titles
    assert ("telecom", "Nguồn điện dự phòng") not in titles  # the campaign had it: skipped
    postal = [i for i in body["items"] if i["sector"] == "postal"]
    assert "kịp thời báo chí, bưu gửi, điện tín, điện hoa, thư công" in postal[-1]["description"]
    # due by default at the campaign's readiness deadline
    assert {i["due_at"] for i in body["items"]} == {campaign["readiness_deadline"].replace("+00:00", "Z")} or all(
        datetime.fromisoformat(i["due_at"]) < datetime.fromisoformat(campaign["starts_at"]) for i in body["items"]
    )
    again = await client.post(f"{url}/directive", headers=INSPECTOR)
    assert again.json() == {"created": 0, "items": []}

    # the list filters on a sector and pages
    first = (await client.get(url, params={"sector": "telecom", "limit": 3})).json()
    assert first["total"] == sum(1 for i in body["items"] if i["sector"] == "telecom") + 1
    assert len(first["items"]) == 3 and {i["sector"] for i in first["items"]} == {"telecom"}
    rest = (await client.get(first["next"])).json()
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in rest["items"]})

    # change with If-Match; remove
    one = f"{url}/{item['id']}"
    assert (await client.patch(one, json={"position": 1}, headers=INSPECTOR)).status_code == 428
    changed = await client.patch(
        one,
        json={"due_at": "2031-01-19T10:00:00+07:00", "title_en": "Back-up power (generators)"},
        headers={**INSPECTOR, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["due_at"], changed.json()["due_date"], changed.json()["version"]) == (
        "2031-01-19T03:00:00Z",
        None,
        2,
    )
    assert (await client.delete(one, headers={**INSPECTOR, "If-Match": '"2"'})).status_code == 204
    gone = await client.get(one)
    assert gone.status_code == 404 and "mục kiểm tra" in gone.json()["detail_vi"]


async def test_checklist_done_open_overdue_and_the_events(client, seed, clock, kafka, roster_topic) -> None:
    campaign = await seed.campaign(2032)
    early = await _item(client, campaign, title_vi="Phương án ứng cứu", title_en="Response plan", due_date="2032-01-10")
    late = await _item(client, campaign, title_vi="Đủ kênh, đủ luồng", title_en="Capacity", due_date="2032-01-25")
    await _item(client, campaign, sector="postal", title_vi="Xe chuyển phát", title_en="Vans", due_date="2032-01-10")
    mine, other = await seed.enterprise(sector="telecom"), await seed.enterprise(sector="telecom")
    boss = manager_of(mine)
    url = f"/enterprises/{mine['id']}/readiness"
    clock.now = datetime(2032, 1, 15, 3, 0, tzinfo=UTC)  # 10:00 on 15/01 in Vietnam

    listed = await client.get(url, params={"campaign_id": campaign["id"]}, headers=boss)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert [(x["item"]["id"], x["status"]) for x in body["items"]] == [(early["id"], "overdue"), (late["id"], "open")]
    assert body["total"] == 2
    summary = (await client.get(f"{url}/summary", params={"campaign_id": campaign["id"]}, headers=boss)).json()
    assert (summary["done"], summary["overdue"], summary["open"], summary["total"]) == (0, 1, 1, 2)
    assert summary["enterprise_name"] == mine["name"] and summary["as_of"].startswith("2032-01-15T03:00:00")

    done = await client.post(
        f"{url}/{early['id']}/done",
        json={"note": "Đã diễn tập ứng cứu ngày 14/01", "reference": "Kế hoạch số 05/KH-VNPT"},
        headers=boss,
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["reference"]) == ("done", "Kế hoạch số 05/KH-VNPT")
    overdue_only = (
        await client.get(url, params={"campaign_id": campaign["id"], "status": "overdue"}, headers=boss)
    ).json()
    assert overdue_only["items"] == [] and overdue_only["total"] == 0
    summary = (await client.get(f"{url}/summary", params={"campaign_id": campaign["id"]}, headers=boss)).json()
    assert (summary["done"], summary["overdue"], summary["open"]) == (1, 0, 1)
    # the other enterprise's checklist is untouched
    theirs = (await client.get(f"/enterprises/{other['id']}/readiness", params={"campaign_id": campaign["id"]})).json()
    assert [x["status"] for x in theirs["items"]] == ["overdue", "open"]

    reopened = await client.post(f"{url}/{early['id']}/reopen", json={"note": "Thiếu biên bản"}, headers=boss)
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "overdue"
    again = await client.post(f"{url}/{early['id']}/reopen", headers=boss)
    assert again.status_code == 409 and "chưa được đánh dấu hoàn thành" in again.json()["detail_vi"]

    def of_item(records) -> list[dict]:
        found = [json.loads(r.value) for r in records]
        return [e for e in found if e["data"].get("item_id") == early["id"]]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(of_item(recs)) >= 3)
    # the item's events travel keyed by the campaign, the marks by the enterprise: two partitions
    by_type = {e["type"].rsplit(".", 2)[-2]: e for e in of_item(records)}
    defined, completed, reopened_event = by_type["defined"], by_type["completed"], by_type["reopened"]
    assert defined["type"] == "lichtruc.roster.readiness_item.defined.v1"
    assert defined["partitionkey"] == campaign["id"]
    assert completed["type"] == "lichtruc.roster.readiness_item.completed.v1"
    assert completed["partitionkey"] == mine["id"]
    assert {k: completed["data"][k] for k in ("enterprise_id", "note", "reference", "version", "title_vi")} == {
        "enterprise_id": mine["id"],
        "note": "Đã diễn tập ứng cứu ngày 14/01",
        "reference": "Kế hoạch số 05/KH-VNPT",
        "version": 1,
        "title_vi": "Phương án ứng cứu",
    }
    assert completed["data"]["done_at"] == "2032-01-15T03:00:00Z"
    assert reopened_event["type"] == "lichtruc.roster.readiness_item.reopened.v1"
    assert (reopened_event["data"]["version"], reopened_event["data"]["note"]) == (2, "Thiếu biên bản")


async def test_an_enterprise_owing_from_a_later_day_has_no_item_due_before_it_on_its_checklist(
    client, seed, clock
) -> None:
    """QZ11 #6 / QZ12 #5, QZ14 #3: an enterprise the Department registered owing from 11/01 does not owe the item
    due on 10/01 — still on its checklist, flagged with the day, open not overdue, not counted, markable done (then
    counted done); the item due on 11/01 it owes, overdue as for any; cleared, it owes both."""
    campaign = await seed.campaign(2041)  # its own campaign: no other test's items
    early = await _item(client, campaign, title_vi="Phương án ứng cứu", title_en="Response plan", due_date="2041-01-10")
    on_day = await _item(client, campaign, title_vi="Đủ kênh, đủ luồng", title_en="Capacity", due_date="2041-01-11")
    joined = await client.post(
        "/enterprises",
        json={"name": f"MobiFone {uuid.uuid4().hex[:6]}", "sector": "telecom", "obligations_from": "2041-01-11"},
    )
    assert joined.status_code == 201, joined.text
    mine = joined.json()
    url = f"/enterprises/{mine['id']}/readiness"
    clock.now = datetime(2041, 1, 15, 3, 0, tzinfo=UTC)
    listed = (await client.get(url, params={"campaign_id": campaign["id"]})).json()
    assert [(x["item"]["id"], x["status"], x["not_owed_before"]) for x in listed["items"]] == [
        (early["id"], "open", "2041-01-11"),
        (on_day["id"], "overdue", None),
    ]
    summary = (await client.get(f"{url}/summary", params={"campaign_id": campaign["id"]})).json()
    assert (summary["done"], summary["overdue"], summary["total"]) == (0, 1, 1)
    overdue = (await client.get(url, params={"campaign_id": campaign["id"], "status": "overdue"})).json()
    assert [x["item"]["id"] for x in overdue["items"]] == [on_day["id"]]
    marked = await client.post(f"{url}/{early['id']}/done", json={"note": "Đã có phương án"})
    assert marked.status_code == 200, marked.text
    assert (marked.json()["status"], marked.json()["not_owed_before"]) == ("done", "2041-01-11")
    summary = (await client.get(f"{url}/summary", params={"campaign_id": campaign["id"]})).json()
    assert (summary["done"], summary["overdue"], summary["total"]) == (1, 1, 2)
    reopened = await client.post(f"{url}/{early['id']}/reopen", json={"note": "Thiếu biên bản"})
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["not_owed_before"]) == ("open", "2041-01-11")
    cleared = await client.patch(  # confirmed: campaigns other tests began ask first (QZ23 #1)
        f"/enterprises/{mine['id']}",
        json={"obligations_from": None},
        headers={"If-Match": '"1"'},
        params={"confirm": "true"},
    )
    assert cleared.status_code == 200, cleared.text
    listed = (await client.get(url, params={"campaign_id": campaign["id"]})).json()
    assert [(x["item"]["id"], x["not_owed_before"]) for x in listed["items"]] == [
        (early["id"], None),
        (on_day["id"], None),
    ]


async def test_scope_and_bounds(client, seed) -> None:
    campaign = await seed.campaign(2033)
    item = await _item(client, campaign, due_date="2033-01-10")
    postal = await _item(client, campaign, sector="postal", title_vi="Xe", title_en="Vans", due_date="2033-01-10")
    mine, other = await seed.enterprise(sector="telecom"), await seed.enterprise(sector="telecom")
    boss = manager_of(mine)
    # another enterprise's item: the answer a missing enterprise gets
    theirs = await client.post(f"/enterprises/{other['id']}/readiness/{item['id']}/done", json={}, headers=boss)
    missing = await client.post(f"/enterprises/{uuid.uuid4()}/readiness/{item['id']}/done", json={})
    assert theirs.status_code == missing.status_code == 404
    assert (
        await client.get(f"/enterprises/{other['id']}/readiness", params={"campaign_id": campaign["id"]}, headers=boss)
    ).status_code == 404
    # inspectors read every checklist but mark none
    assert (
        await client.get(
            f"/enterprises/{other['id']}/readiness", params={"campaign_id": campaign["id"]}, headers=INSPECTOR
        )
    ).status_code == 200
    assert (
        await client.post(f"/enterprises/{mine['id']}/readiness/{item['id']}/done", json={}, headers=INSPECTOR)
    ).status_code == 403
    # an item of another sector is not on this enterprise's checklist
    wrong = await client.post(f"/enterprises/{mine['id']}/readiness/{postal['id']}/done", json={}, headers=boss)
    assert wrong.status_code == 422 and "bưu chính" in wrong.json()["detail_vi"]
    # bounded inputs
    too_long = await client.post(
        f"/enterprises/{mine['id']}/readiness/{item['id']}/done", json={"note": "x" * 1001}, headers=boss
    )
    assert too_long.status_code == 422
    reference = await client.post(
        f"/enterprises/{mine['id']}/readiness/{item['id']}/done", json={"reference": "y" * 501}, headers=boss
    )
    assert reference.status_code == 422
    url = f"/campaigns/{campaign['id']}/readiness-items"
    for bad in (
        {"sector": "telecom", "title_vi": "x" * 201, "title_en": "x", "due_date": "2033-01-10"},
        {"sector": "radio", "title_vi": "x", "title_en": "x", "due_date": "2033-01-10"},
        {"sector": "telecom", "title_vi": "x", "title_en": "x"},
        {
            "sector": "telecom",
            "title_vi": "x",
            "title_en": "x",
            "due_date": "2033-01-10",
            "due_at": "2033-01-10T00:00:00Z",
        },
        {"sector": "telecom", "title_vi": "x", "title_en": "x", "due_date": "2033-01-10", "position": 10_001},
    ):
        refused = await client.post(url, json=bad, headers=INSPECTOR)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json().get("detail_vi"), refused.text
    assert (
        await client.post(
            f"/campaigns/{uuid.uuid4()}/readiness-items",
            json={"sector": "telecom", "title_vi": "x", "title_en": "x", "due_date": "2033-01-10"},
            headers=INSPECTOR,
        )
    ).status_code == 422
    # in NFC whatever was typed
    decomposed = "Nguo\u0302\u0300n đie\u0323\u0302n"
    stored = await _item(client, campaign, title_vi=decomposed, due_date="2033-01-10")
    assert stored["title_vi"] == "Nguồn điện"


async def test_a_blank_note_or_reference_is_stored_as_none(client, seed, clock, kafka, roster_topic) -> None:
    """QA: "mark done" with the note "   " and the reference "   " stored the spaces. They are trimmed: spaces (and
    invisible characters) alone are no note, stored as none (""), in the answer, the list and the event. With
    neither a note nor a reference the mark is refused (QA, 2026-12-04: an item "done" with nothing to show for
    it); one of them is enough."""
    campaign = await seed.campaign(2034)
    item = await _item(client, campaign, due_date="2034-01-10")
    mine = await seed.enterprise(sector="telecom")
    boss = manager_of(mine)
    url = f"/enterprises/{mine['id']}/readiness/{item['id']}"
    clock.now = datetime(2034, 1, 5, 3, 0, tzinfo=UTC)
    for body in ({"note": "   ", "reference": " \u200b\n "}, {}):
        refused = await client.post(f"{url}/done", json=body, headers=boss)
        assert refused.status_code == 422, refused.text
        problem = refused.json()
        assert [(e["field"], e["rule"]) for e in problem["errors"]] == [("note", "evidence-required")]
        assert problem["detail_vi"].startswith(f"Hãy ghi chú việc đã làm cho mục “{item['title_vi']}”, hoặc ghi số")
        assert problem["detail"].startswith(f"Say what was done for “{item['title_en']}”, or give the number")
    listed = (await client.get(f"/enterprises/{mine['id']}/readiness", params={"campaign_id": campaign["id"]})).json()
    assert [(x["status"], x["note"], x["reference"]) for x in listed["items"]] == [("open", None, None)]  # no mark
    blank = await client.post(f"{url}/done", json={"note": "   ", "reference": " BB số 11 \u200b"}, headers=boss)
    assert blank.status_code == 200, blank.text
    assert (blank.json()["status"], blank.json()["note"], blank.json()["reference"]) == ("done", "", "BB số 11")
    listed = (await client.get(f"/enterprises/{mine['id']}/readiness", params={"campaign_id": campaign["id"]})).json()
    assert [(x["note"], x["reference"]) for x in listed["items"]] == [("", "BB số 11")]
    again = await client.post(
        f"{url}/done",
        json={"note": "  Đã thay 4 ắc quy.\nChạy thử máy phát.  ", "reference": " BB số 12 "},
        headers=boss,
    )
    assert (again.json()["note"], again.json()["reference"]) == ("Đã thay 4 ắc quy.\nChạy thử máy phát.", "BB số 12")
    # Reopening needs its reason: a blank one is refused, in words, and the item stays done.
    for body in ({"note": "\t "}, {}):
        refused = await client.post(f"{url}/reopen", json=body, headers=boss)
        assert refused.status_code == 422, refused.text
        problem = refused.json()
        assert problem["errors"][0]["rule"] == "reason-required"
        assert problem["detail_vi"].startswith(f"Hãy nêu lý do mở lại mục “{item['title_vi']}”")
        assert problem["detail"].startswith(f"Say why “{item['title_en']}” is reopened")
    listed = (await client.get(f"/enterprises/{mine['id']}/readiness", params={"campaign_id": campaign["id"]})).json()
    assert [(x["status"], x["note"]) for x in listed["items"]] == [("done", "Đã thay 4 ắc quy.\nChạy thử máy phát.")]
    reopened = await client.post(f"{url}/reopen", json={"note": "\t Thiếu biên bản \n"}, headers=boss)
    assert reopened.status_code == 200 and reopened.json()["note"] == "Thiếu biên bản"

    def of_item(records) -> list[dict]:
        return [e for e in (json.loads(r.value) for r in records) if e["data"].get("item_id") == item["id"]]

    events = of_item(await read_topic(kafka, roster_topic, until=lambda recs: len(of_item(recs)) >= 4))
    # The marks travel keyed by the enterprise (one partition, in order); the item's definition by the campaign.
    marks = [(e["data"]["note"], e["data"].get("reference")) for e in events if e["partitionkey"] == mine["id"]]
    assert marks == [("", "BB số 11"), ("Đã thay 4 ắc quy.\nChạy thử máy phát.", "BB số 12"), ("Thiếu biên bản", None)]


async def test_a_line_done_names_who_marked_it_as_their_account_is_called(client, seed) -> None:
    # QA: the portal showed "Xong lúc 02:06 … — dunghv@viettel-longan.vn"; the checklist names the person.
    campaign = await seed.campaign(2035)
    first = await _item(client, campaign, title_vi="Phương án ứng cứu", title_en="Response plan", due_date="2035-01-10")
    second = await _item(client, campaign, title_vi="Đủ kênh, đủ luồng", title_en="Capacity", due_date="2035-01-11")
    third = await _item(client, campaign, title_vi="Xăng dầu", title_en="Fuel", due_date="2035-01-12")
    fourth = await _item(client, campaign, title_vi="Phòng cháy", title_en="Fire", due_date="2035-01-13")
    mine = await seed.enterprise(sector="telecom")
    login = "dunghv@viettel-longan.vn"
    account = await client.post(
        "/accounts",
        json={
            "login": login,
            "display_name": "Hoàng Văn Dũng",
            "role": "manager",
            "enterprise_ids": [mine["id"]],
            "password": "mật khẩu đủ dài 2035",
        },
    )
    assert account.status_code == 201, account.text
    dung = auth(principal("manager", enterprises=(mine["id"],), name=login))
    stranger = auth(principal("manager", enterprises=(mine["id"],), name="gone@example.vn"))
    url = f"/enterprises/{mine['id']}/readiness"

    said = {"note": "Đã kiểm tra"}
    done = await client.post(f"{url}/{first['id']}/done", json=said, headers=dung)
    assert done.status_code == 200, done.text
    assert (done.json()["done_by"], done.json()["done_by_name"]) == (login, "Hoàng Văn Dũng")
    assert (await client.post(f"{url}/{second['id']}/done", json=said, headers=dung)).status_code == 200
    by_stranger = await client.post(f"{url}/{third['id']}/done", json=said, headers=stranger)
    assert (by_stranger.json()["done_by"], by_stranger.json()["done_by_name"]) == ("gone@example.vn", None)

    listed = (await client.get(url, params={"campaign_id": campaign["id"]}, headers=dung)).json()
    assert {x["item"]["id"]: (x["done_by"], x["done_by_name"]) for x in listed["items"]} == {
        first["id"]: (login, "Hoàng Văn Dũng"),
        second["id"]: (login, "Hoàng Văn Dũng"),
        third["id"]: ("gone@example.vn", None),  # no account has that login: no name made up
        fourth["id"]: (None, None),  # not done
    }
    # reopened: no longer done by anyone
    reopened = await client.post(f"{url}/{first['id']}/reopen", json={"note": "Làm lại"}, headers=dung)
    assert (reopened.json()["done_by"], reopened.json()["done_by_name"]) == (None, None)


async def test_the_directives_checklist_is_not_seeded_on_a_drill(client, seed) -> None:
    """QA round 3: the demo seeded the directive's checklist on a drill of the season, every item overdue at once
    and the managers e-mailed so. A drill gets a 422 naming it; its own items may still be defined one by one."""
    opened = await client.post(
        "/campaigns",
        json={"kind": "drill", "starts_at": "2031-03-10T08:00:00+07:00", "ends_at": "2031-03-10T17:00:00+07:00"},
    )
    assert opened.status_code == 201, opened.text
    drill = opened.json()
    url = f"/campaigns/{drill['id']}/readiness-items"
    refused = await client.post(f"{url}/directive", json={}, headers=INSPECTOR)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["errors"][0]["rule"] == "readiness-tet-only"
    assert f"{drill['name']} là buổi diễn tập" in problem["detail_vi"] and "is a drill" in problem["detail"]
    assert (await client.get(url)).json()["total"] == 0
    own = await _item(client, drill, due_date="2031-03-09")
    assert own["campaign_id"] == drill["id"]


async def test_a_new_tets_checklist_copied_from_the_last_one(client, seed, clock, kafka, roster_topic) -> None:
    """QZ23 #7: the Department tuned Tết 2045's checklist (its own titles, due days spread); for Tết 2046 it copies
    it: every item with its words and place, each due as many days from mùng 1 (17/02/2045 → 06/02/2046) as it was;
    a dry run adds nothing; a due passed once moved takes the day answered; copying again skips what is there, by
    title, and says how many; one ReadinessItemDefined per item."""
    first = await client.post("/campaigns", json={"lunar_year": 2001})
    assert first.status_code == 201, first.text
    refused = await client.post(f"/campaigns/{first.json()['id']}/readiness-items/previous-tet", headers=INSPECTOR)
    assert refused.status_code == 409, refused.text
    (error,) = refused.json()["errors"]
    assert error["rule"] == "no-previous-tet"
    assert f"Chưa có đợt trực Tết nào trước {first.json()['name']}" in error["message_vi"]
    assert "“Thêm các mục theo chỉ thị”" in error["message_vi"]

    last, this = await seed.campaign(2045), await seed.campaign(2046)
    url = f"/campaigns/{this['id']}/readiness-items"
    empty = await client.post(f"{url}/previous-tet", json={}, headers=INSPECTOR)
    assert empty.status_code == 409 and empty.json()["errors"][0]["rule"] == "no-previous-items"
    assert f"{last['name']} không có mục chuẩn bị nào để chép sang {this['name']}" in empty.json()["detail_vi"]

    power = await _item(
        client,
        last,
        title_vi="Máy phát điện trạm biên giới",
        title_en="Border generators",
        due_date="2045-02-07",
        position=15,
        description="Chạy thử 2 giờ",
    )  # 10 days before mùng 1
    patrol = await _item(client, last, sector="postal", title_vi="Tuần tra bưu cục", title_en="Post office patrol",
                         due_date=None, due_at="2045-02-15T14:00:00+07:00")  # fmt: skip
    assert power["due_date"] == "2045-02-07" and patrol["due_date"] is None

    tried = await client.post(f"{url}/previous-tet", json={"dry_run": True}, headers=INSPECTOR)
    assert tried.status_code == 200, tried.text
    body = tried.json()
    assert (body["from_campaign_name"], body["created"], body["skipped"], body["late"]) == (last["name"], 2, 0, 0)
    by_title = {i["title_vi"]: i for i in body["items"]}
    assert by_title["Máy phát điện trạm biên giới"]["due_date"] == "2046-01-27"  # 10 days before 06/02/2046
    assert (
        by_title["Máy phát điện trạm biên giới"]["description"],
        by_title["Máy phát điện trạm biên giới"]["position"],
    ) == ("Chạy thử 2 giờ", 15)
    assert by_title["Tuần tra bưu cục"]["due_date"] is None
    assert by_title["Tuần tra bưu cục"]["due_at"] == "2046-02-04T07:00:00Z"  # 14:00, two days before mùng 1
    listed = (await client.get(url)).json()
    assert listed["total"] == 0  # nothing added

    clock.now = datetime(2046, 1, 30, 3, 0, tzinfo=UTC)  # 10:00 on 30/01/2046: the generators' day has passed
    asked = (await client.post(f"{url}/previous-tet", json={"dry_run": True}, headers=INSPECTOR)).json()
    assert asked["late"] == 1
    copied = await client.post(f"{url}/previous-tet", json={"late_due_date": "2046-02-01"}, headers=INSPECTOR)
    assert copied.status_code == 200, copied.text
    assert (copied.json()["created"], copied.json()["late"]) == (2, 1)
    saved = {i["title_vi"]: i for i in (await client.get(url)).json()["items"]}
    assert saved["Máy phát điện trạm biên giới"]["due_date"] == "2046-02-01"
    assert saved["Tuần tra bưu cục"]["due_at"] == "2046-02-04T07:00:00Z"  # not passed: as moved
    assert {i["campaign_id"] for i in saved.values()} == {this["id"]}

    # again: nothing added, both skipped, said; one added to last Tết meanwhile is the only one copied
    again = (await client.post(f"{url}/previous-tet", json={}, headers=INSPECTOR)).json()
    assert (again["created"], again["skipped"]) == (0, 2)
    assert {i["title_vi"] for i in again["skipped_items"]} == set(saved)
    await _item(client, last, title_vi="Ứng cứu cáp quang", title_en="Fibre response", due_date="2045-02-25")
    more = (await client.post(f"{url}/previous-tet", json={}, headers=INSPECTOR)).json()
    assert (more["created"], more["skipped"]) == (1, 2) and more["items"][0]["due_date"] == "2046-02-14"

    ids = {*(i["id"] for i in copied.json()["items"]), more["items"][0]["id"]}

    def defined(records) -> list[dict]:
        found = [json.loads(r.value) for r in records]
        return [e for e in found if e["type"].endswith(".defined.v1") and e["data"]["item_id"] in ids]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(defined(recs)) >= 3)
    assert sorted(e["data"]["title_vi"] for e in defined(records)) == sorted([*saved, "Ứng cứu cáp quang"])

    # a manager may not; a drill gets none
    enterprise = await seed.enterprise()
    assert (await client.post(f"{url}/previous-tet", headers=manager_of(enterprise))).status_code == 403
    drill = await client.post(
        "/campaigns",
        json={"kind": "drill", "starts_at": "2046-01-10T08:00:00+07:00", "ends_at": "2046-01-10T17:00:00+07:00"},
    )
    assert drill.status_code == 201, drill.text
    on_drill = await client.post(f"/campaigns/{drill.json()['id']}/readiness-items/previous-tet", headers=INSPECTOR)
    assert on_drill.status_code == 422 and on_drill.json()["errors"][0]["rule"] == "readiness-tet-only"
    assert f"{drill.json()['name']} là buổi diễn tập" in on_drill.json()["detail_vi"]
