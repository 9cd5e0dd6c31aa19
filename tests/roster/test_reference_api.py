"""Enterprises, sites, staff and duty types over HTTP, and their events."""

from __future__ import annotations

import asyncio
import json
import random
import uuid

from support import auth, principal, read_topic
from vietnamese_order import ENTERPRISES, ENTERPRISES_IN_ORDER, PEOPLE, PEOPLE_IN_ORDER, SITES, SITES_IN_ORDER


def events_about(records, subject: str) -> list[dict]:
    return [json.loads(r.value) for r in records if json.loads(r.value)["subject"] == subject]


async def test_register_and_edit_an_enterprise_a_site_and_a_person(client, kafka, roster_topic) -> None:
    name = f"VNPT Long An {uuid.uuid4().hex[:4]}"
    enterprise = (
        await client.post(
            "/enterprises",
            json={
                "name": name,
                "sector": "telecom",
                "manager_phone": "0272 3826 000",
                "manager_emails": ["TruongCa@vnpt.vn", "truongca@vnpt.vn"],
            },
        )
    ).json()
    assert (enterprise["manager_phone"], enterprise["manager_emails"], enterprise["version"]) == (
        "02723826000",
        ["truongca@vnpt.vn"],
        1,
    )
    site = (
        await client.post(
            "/sites",
            json={
                "enterprise_id": enterprise["id"],
                "name": "Trạm BTS Tân Hưng 2",
                "kind": "base_station",
                "district": "Tân Hưng",
                "border_area": True,
            },
        )
    ).json()
    person = await client.post(
        "/staff",
        json={
            "enterprise_id": enterprise["id"],
            "full_name": "Nguyễn  Thị Ánh Tuyết",
            "email": "Tuyet.NTA@vnpt.vn",
            "phone": "0912.345.678",
            "qualifications": ["leader", "technician"],
            "language": "vi",
        },
    )
    assert person.status_code == 201
    person = person.json()
    assert (person["full_name"], person["email"], person["phone"]) == (
        "Nguyễn Thị Ánh Tuyết",
        "tuyet.nta@vnpt.vn",
        "0912345678",
    )
    edited = await client.patch(
        f"/staff/{person['id']}",
        json={"qualifications": ["leader"], "language": "en"},
        headers={"If-Match": '"1"', **auth(principal("manager", enterprises=(enterprise["id"],), name="hr@vnpt.vn"))},
    )
    assert (edited.json()["qualifications"], edited.json()["version"]) == (["leader"], 2)
    renamed = await client.patch(
        f"/enterprises/{enterprise['id']}", json={"manager_emails": ["gd@vnpt.vn"]}, headers={"If-Match": '"1"'}
    )
    assert renamed.json()["manager_emails"] == ["gd@vnpt.vn"]
    # QZ11 #2: the border flag is the Department's — a manager's change of it is refused, naming the site; the
    # flag as it is passes (no change); an administrator changes it.
    manager = auth(principal("manager", enterprises=(enterprise["id"],), name="hr@vnpt.vn"))
    refused = await client.patch(
        f"/sites/{site['id']}", json={"border_area": False}, headers={"If-Match": '"1"', **manager}
    )
    assert (refused.status_code, refused.json()["errors"][0]["rule"]) == (409, "department-border")
    assert "Trạm BTS Tân Hưng 2" in refused.json()["errors"][0]["message_vi"]
    same = await client.patch(
        f"/sites/{site['id']}", json={"border_area": True}, headers={"If-Match": '"1"', **manager}
    )
    assert (same.status_code, same.json()["version"]) == (200, 1)
    new_border = await client.post(
        "/sites",
        json={
            "enterprise_id": enterprise["id"],
            "name": "Trạm BTS Bình Hòa Tây",
            "kind": "base_station",
            "border_area": True,
        },
        headers=manager,
    )
    assert (new_border.status_code, new_border.json()["errors"][0]["field"]) == (409, "border_area")
    moved = await client.patch(f"/sites/{site['id']}", json={"border_area": False}, headers={"If-Match": '"1"'})
    assert (moved.json()["border_area"], moved.json()["version"]) == (False, 2)

    def complete(records) -> bool:
        return (
            len(events_about(records, f"staff/{person['id']}")) == 2
            and len(events_about(records, f"sites/{site['id']}")) == 2
            and len(events_about(records, f"enterprises/{enterprise['id']}")) == 2
        )

    records = await read_topic(kafka, roster_topic, until=complete)
    assert {r.key for r in records if json.loads(r.value)["data"].get("enterprise_id") == enterprise["id"]} == {
        enterprise["id"].encode()
    }
    registered, updated = events_about(records, f"enterprises/{enterprise['id']}")
    assert registered["type"] == "lichtruc.roster.enterprise.registered.v1"
    assert registered["data"] == {
        "enterprise_id": enterprise["id"],
        "name": name,
        "sector": "telecom",
        "manager_phone": "02723826000",
        "manager_emails": ["truongca@vnpt.vn"],
        "obligations_from": None,
        "version": 1,
        "actor": "admin@test",
    }
    assert (updated["type"], updated["data"]["manager_emails"], updated["data"]["version"]) == (
        "lichtruc.roster.enterprise.updated.v1",
        ["gd@vnpt.vn"],
        2,
    )
    site_registered, site_updated = events_about(records, f"sites/{site['id']}")
    assert site_registered["data"] == {
        "site_id": site["id"],
        "enterprise_id": enterprise["id"],
        "name": "Trạm BTS Tân Hưng 2",
        "kind": "base_station",
        "district": "Tân Hưng",
        "border_area": True,
        "version": 1,
        "actor": "admin@test",
    }
    assert (site_updated["type"], site_updated["data"]["border_area"]) == ("lichtruc.roster.site.updated.v1", False)
    assert site_updated["data"]["changed"] == ["border_area"]  # what changed, for audit's history to say
    joined, staff_updated = events_about(records, f"staff/{person['id']}")
    assert joined["type"] == "lichtruc.roster.staff.joined.v1"
    assert joined["data"] == {
        "staff_id": person["id"],
        "enterprise_id": enterprise["id"],
        "full_name": "Nguyễn Thị Ánh Tuyết",
        "email": "tuyet.nta@vnpt.vn",
        "phone": "0912345678",
        "qualifications": ["leader", "technician"],
        "active": True,
        "language": "vi",
        "version": 1,
        "actor": "admin@test",
    }
    assert (
        staff_updated["type"],
        staff_updated["data"]["qualifications"],
        staff_updated["data"]["language"],
        staff_updated["data"]["version"],
        staff_updated["data"]["actor"],
    ) == ("lichtruc.roster.staff.updated.v1", ["leader"], "en", 2, "hr@vnpt.vn")


async def test_the_department_sets_changes_and_clears_the_day_an_enterprise_owes_reports_from(
    client, kafka, roster_topic
) -> None:
    """QZ11 #6 / QZ12 #5: an enterprise that joins mid-campaign owes reports and readiness items from a day the
    Department chooses; it goes out on the enterprise's events; a manager may not move it; a malformed day is
    refused with words."""
    name = f"Viettel Long An {uuid.uuid4().hex[:4]}"
    made = await client.post("/enterprises", json={"name": name, "sector": "telecom", "obligations_from": "2027-02-07"})
    assert (made.status_code, made.json()["obligations_from"]) == (201, "2027-02-07")
    enterprise = made.json()
    path = f"/enterprises/{enterprise['id']}"
    assert (await client.get(path)).json()["obligations_from"] == "2027-02-07"
    moved = await client.patch(path, json={"obligations_from": "2027-02-09"}, headers={"If-Match": '"1"'})
    assert (moved.json()["obligations_from"], moved.json()["version"]) == ("2027-02-09", 2)
    # An edit of something else leaves it as it is.
    other = await client.patch(path, json={"manager_phone": "0272 3826 001"}, headers={"If-Match": '"2"'})
    assert (other.json()["obligations_from"], other.json()["version"]) == ("2027-02-09", 3)
    manager = auth(principal("manager", enterprises=(enterprise["id"],), name="gd@viettel.vn"))
    refused = await client.patch(path, json={"obligations_from": None}, headers={"If-Match": '"3"', **manager})
    assert (refused.status_code, refused.json()["errors"][0]["rule"]) == (409, "department-obligations")
    assert f"“{name}”" in refused.json()["errors"][0]["message_vi"]
    same = await client.patch(path, json={"obligations_from": "2027-02-09"}, headers={"If-Match": '"3"', **manager})
    assert (same.status_code, same.json()["version"]) == (200, 3)  # as it is: no change, nothing refused
    for malformed in ("7/2/2027", "2027-02-30", "mai"):
        bad = await client.patch(path, json={"obligations_from": malformed}, headers={"If-Match": '"3"'})
        status, fields, vi = refused_for(bad, "obligations_from")
        assert (status, fields) == (422, ["body.obligations_from"]), malformed
        assert vi, malformed  # words a person reads, not only a code
    cleared = await client.patch(path, json={"obligations_from": None}, headers={"If-Match": '"3"'})
    assert (cleared.json()["obligations_from"], cleared.json()["version"]) == (None, 4)

    def complete(records) -> bool:
        return len(events_about(records, f"enterprises/{enterprise['id']}")) == 4

    records = await read_topic(kafka, roster_topic, until=complete)
    told = [e["data"].get("obligations_from") for e in events_about(records, f"enterprises/{enterprise['id']}")]
    assert told == ["2027-02-07", "2027-02-09", "2027-02-09", None]


async def test_duplicates_and_bad_references_are_named(client, seed) -> None:
    enterprise = await seed.enterprise()
    again = await client.post("/enterprises", json={"name": enterprise["name"], "sector": "postal"})
    assert (again.status_code, again.json()["enterprise_id"]) == (409, enterprise["id"])
    person = await seed.staff(enterprise)
    taken = await client.post(
        "/staff", json={"enterprise_id": enterprise["id"], "full_name": "Người khác", "email": person["email"].upper()}
    )
    assert (taken.status_code, taken.json()["type"].endswith("/unique-email"), taken.json()["staff_id"]) == (
        409,
        True,
        person["id"],
    )
    # QA: the same person added again (her name, her e-mail) was told records share an e-mail only under the same
    # name — it is the same name: she is already listed, and her record is named
    listed = await client.post(
        "/staff",
        json={
            "enterprise_id": enterprise["id"],
            "full_name": person["full_name"].upper(),
            "email": person["email"],
        },
    )
    assert listed.status_code == 409
    [error] = listed.json()["errors"]
    assert (error["field"], error["rule"], error["staff_id"]) == ("email", "staff-already-listed", person["id"])
    assert listed.json()["detail_vi"] == (
        f"{person['full_name']} đã có trong danh sách nhân sự của {enterprise['name']}, với email "
        f"{person['email']}: hãy mở hồ sơ đó để sửa thay vì thêm lại."
    )
    assert "dùng chung email" not in listed.text
    # QA 2026-12-06: someone at work with no qualification, whom no shift can take, was registered; the staff form
    # and the import refused it. Refused here too, naming the person, and so is an edit that clears their trades.
    unqualified = await client.post("/staff", json={"enterprise_id": enterprise["id"], "full_name": "Trần Thị Hai"})
    assert (unqualified.status_code, unqualified.json()["type"].endswith("/qualification-required")) == (422, True)
    assert unqualified.json()["detail_vi"].startswith("Trần Thị Hai chưa có chuyên môn: người đang làm việc cần")
    assert unqualified.json()["detail"].startswith("Trần Thị Hai has no qualification: a person at work needs")
    cleared = await client.patch(f"/staff/{person['id']}", json={"qualifications": []}, headers={"If-Match": '"1"'})
    assert (cleared.status_code, cleared.json()["errors"][0]["field"]) == (422, "qualifications")
    assert person["full_name"] in cleared.json()["detail_vi"]
    orphan = await client.post(
        "/sites", json={"enterprise_id": str(uuid.uuid4()), "name": "Bưu cục", "kind": "post_office"}
    )
    assert [(e["field"], e["rule"]) for e in orphan.json()["errors"]] == [("enterprise_id", "enterprise-exists")]
    bad = await client.post(
        "/staff",
        json={"enterprise_id": enterprise["id"], "full_name": "X", "email": "không-phải", "qualifications": ["chef"]},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"body.email", "body.qualifications.0"}
    site = await seed.site(enterprise)
    clash = await client.post("/sites", json={"enterprise_id": enterprise["id"], "name": site["name"], "kind": "noc"})
    assert (clash.status_code, clash.json()["site_id"]) == (409, site["id"])
    assert (await client.get(f"/staff/{uuid.uuid4()}")).json()["type"].endswith("/staff-member-not-found")


async def test_lists_filter_sort_and_page(client, seed) -> None:
    enterprise = await seed.enterprise("Đài Phát thanh và Truyền hình Long An", "television")
    names = ["Trần Văn Đức", "Lê Hoàng Yến", "Nguyễn Thị Ánh Tuyết", "Bùi Văn Cường"]
    for name in names:
        await seed.staff(enterprise, name, qualifications=["guard"] if name.startswith("B") else ["operator"])
    first = await client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": 2})
    page = first.json()
    assert page["total"] == 4 and page["limit"] == 2 and len(page["items"]) == 2 and "cursor=" in page["next"]
    assert "offset" not in page and first.headers["Link"] == f'<{page["next"]}>; rel="next"'
    rest = (await client.get(page["next"])).json()
    assert rest["total"] == 4 and rest["next"] is None
    listed = [p["full_name"] for p in page["items"] + rest["items"]]
    assert listed == sorted(names)
    # a cursor this list did not hand out (garbage, or the 3rd page of /sites) is a 422 in both languages
    for cursor in ("not-a-cursor", "WyJzaXRlcyIsWzJdXQ"):
        bad = await client.get("/staff", params={"enterprise_id": enterprise["id"], "cursor": cursor})
        assert bad.status_code == 422 and bad.json()["type"].endswith("bad-cursor")
        assert bad.json()["detail_vi"] and bad.json()["detail"] != bad.json()["detail_vi"]
    guards = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "qualification": "guard"})).json()
    assert [p["full_name"] for p in guards["items"]] == ["Bùi Văn Cường"]
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": "Ánh"})).json()
    assert [p["full_name"] for p in found["items"]] == ["Nguyễn Thị Ánh Tuyết"]
    tv = (await client.get("/enterprises", params={"sector": "television"})).json()
    assert enterprise["id"] in [e["id"] for e in tv["items"]]
    await seed.site(enterprise, "Đài phát sóng Đức Huệ", border_area=True, district="Đức Huệ")
    border = (await client.get("/sites", params={"enterprise_id": enterprise["id"], "border_area": True})).json()
    assert [s["district"] for s in border["items"]] == ["Đức Huệ"]


async def test_staff_are_read_by_their_ids_in_one_call_page_after_page(client, seed) -> None:
    """A list's linked records in one call (the portal's accounts list made one GET /staff/{id} an account): the
    records of the ids given, in the list's order and paged as ever; an id of no record is absent, a malformed
    one or more ids than a page holds a 422 naming the filter."""
    enterprise = await seed.enterprise(f"VNPT Long An {uuid.uuid4().hex[:4]}", "telecom")
    made = {n: await seed.staff(enterprise, n) for n in ("Trần Văn Đức", "Lê Hoàng Yến", "Bùi Văn Cường")}
    wanted = [made["Trần Văn Đức"]["id"], made["Bùi Văn Cường"]["id"], str(uuid.uuid4())]
    both = (await client.get("/staff", params={"id": wanted})).json()
    assert ([p["full_name"] for p in both["items"]], both["total"]) == (["Bùi Văn Cường", "Trần Văn Đức"], 2)
    first = (await client.get("/staff", params={"id": wanted, "limit": 1})).json()
    assert [p["full_name"] for p in first["items"]] == ["Bùi Văn Cường"] and first["total"] == 2
    rest = (await client.get(first["next"])).json()  # the next page keeps the ids
    assert ([p["full_name"] for p in rest["items"]], rest["next"]) == (["Trần Văn Đức"], None)
    for bad in (["không-phải-mã"], [str(uuid.uuid4()) for _ in range(501)]):
        refused = await client.get("/staff", params={"id": bad})
        assert refused.status_code == 422, refused.text
        [error] = refused.json()["errors"]
        assert error["field"].split(".")[:2] == ["query", "id"] and "Mã định danh" in error["message_vi"], refused.text


async def test_staff_and_enterprises_are_listed_in_vietnamese_order_page_after_page(client, seed) -> None:
    """Not by code point, which put "Đặng" and "Đỗ" after "Võ", "Nguyễn" before "Ngô", "Trương" before
    "Trần", and "Đài…" last among the enterprises with "VNPT" before "Viettel". Whichever way a name was
    written — registered, imported (the held insert), renamed (the update) — it is keyed for the list."""
    tag = uuid.uuid4().hex[:6]
    made = {}
    for name in ENTERPRISES:
        first = "Zalo Long An" if name == "MobiFone Long An" else name
        response = await client.post("/enterprises", json={"name": f"{first} {tag}", "sector": "telecom"})
        assert response.status_code == 201, response.text
        made[name] = response.json()
    mobifone = made["MobiFone Long An"]
    renamed = await client.patch(
        f"/enterprises/{mobifone['id']}", json={"name": f"MobiFone Long An {tag}"}, headers={"If-Match": '"1"'}
    )
    assert renamed.status_code == 200, renamed.text
    enterprises = (await client.get("/enterprises", params={"q": tag})).json()
    assert [e["name"] for e in enterprises["items"]] == [f"{n} {tag}" for n in ENTERPRISES_IN_ORDER]

    enterprise = made["VNPT Long An"]
    imported, registered, renamed_later = PEOPLE[:4], PEOPLE[4:8], PEOPLE[8]
    sheet = "Họ và tên,Email,Chuyên môn\n" + "".join(
        f"{n},{i}.{tag}@vnpt-longan.vn,Kỹ thuật\n" for i, n in enumerate(imported)
    )
    done = await client.post(
        f"/imports/staff?enterprise_id={enterprise['id']}", files={"file": ("staff.csv", sheet.encode(), "text/csv")}
    )
    assert done.status_code == 201, done.text
    for name in registered:
        await seed.staff(enterprise, name)
    person = await seed.staff(enterprise, "Âu Văn Tạm")
    edited = await client.patch(
        f"/staff/{person['id']}", json={"full_name": renamed_later}, headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 200, edited.text

    async def pages(limit: int) -> list[list[str]]:
        found = []
        page = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": limit})).json()
        while True:
            assert page["total"] == len(PEOPLE)
            found.append([p["full_name"] for p in page["items"]])
            if page["next"] is None:
                return found
            page = (await client.get(page["next"])).json()

    assert await pages(100) == [PEOPLE_IN_ORDER]
    assert await pages(3) == [PEOPLE_IN_ORDER[0:3], PEOPLE_IN_ORDER[3:6], PEOPLE_IN_ORDER[6:9]]


async def test_sites_are_listed_by_enterprise_then_name_in_vietnamese_order_page_after_page(client, seed) -> None:
    """Not grouped by the enterprises' ids with the names by code point ("Trạm Vĩnh Hưng" before "Trạm Đức
    Hòa"): the enterprises by name ("Đài…" before "VNPT"), then their sites by name. Registered or renamed,
    a site is keyed for the list."""
    district = f"Cần Giuộc {uuid.uuid4().hex[:6]}"
    vnpt = await seed.enterprise("VNPT Long An")
    dai = await seed.enterprise("Đài Phát thanh và Truyền hình Long An", "television")
    for enterprise in (vnpt, dai):
        for name in SITES:
            first = "Trạm Zê" if name == "Trạm Đức Hòa" else name
            made = await client.post(
                "/sites",
                json={"enterprise_id": enterprise["id"], "name": first, "kind": "base_station", "district": district},
            )
            assert made.status_code == 201, made.text
            if first != name:
                renamed = await client.patch(
                    f"/sites/{made.json()['id']}", json={"name": name}, headers={"If-Match": '"1"'}
                )
                assert renamed.status_code == 200, renamed.text
    expected = [(dai["id"], n) for n in SITES_IN_ORDER] + [(vnpt["id"], n) for n in SITES_IN_ORDER]

    async def pages(limit: int) -> list[list[tuple[str, str]]]:
        found = []
        page = (await client.get("/sites", params={"district": district, "limit": limit})).json()
        while True:
            assert page["total"] == len(expected)
            found.append([(s["enterprise_id"], s["name"]) for s in page["items"]])
            if page["next"] is None:
                return found
            page = (await client.get(page["next"])).json()

    assert await pages(100) == [expected]
    assert await pages(3) == [expected[0:3], expected[3:6], expected[6:8]]
    typed = await client.get("/sites", params={"district": "  " + district.upper().replace("Ầ", "A"), "limit": 100})
    assert [(s["enterprise_id"], s["name"]) for s in typed.json()["items"]] == expected  # however typed


async def test_names_with_numbers_are_listed_in_natural_order_page_after_page(client, seed) -> None:
    """Numbers by their value, not digit by digit ("Trạm BTS 10" used to come before "Trạm BTS 2"), on every
    page: 9 ends a page and 10 starts the next; a name with a leading zero right after the same number
    without one."""
    sites_in_order = [f"Trạm BTS {n}" for n in range(1, 13)]
    sites_in_order.insert(7, "Trạm BTS 07")
    sites_in_order.append("Trạm BTS Đức Hòa")
    enterprise = await seed.enterprise("VNPT Long An")
    shuffled = sites_in_order[:]
    random.Random(2028).shuffle(shuffled)
    for name in shuffled:
        made = await client.post(
            "/sites", json={"enterprise_id": enterprise["id"], "name": name, "kind": "base_station"}
        )
        assert made.status_code == 201, made.text

    async def pages(path: str, params: dict, field: str, limit: int) -> list[list[str]]:
        found = []
        page = (await client.get(path, params={**params, "limit": limit})).json()
        while True:
            found.append([item[field] for item in page["items"]])
            if page["next"] is None:
                return found
            page = (await client.get(page["next"])).json()

    site_pages = await pages("/sites", {"enterprise_id": enterprise["id"]}, "name", 5)
    assert site_pages == [sites_in_order[0:5], sites_in_order[5:10], sites_in_order[10:14]]
    assert (site_pages[1][-1], site_pages[2][0]) == ("Trạm BTS 9", "Trạm BTS 10")

    tag = uuid.uuid4().hex[:6]
    offices_in_order = [f"Bưu điện huyện {n} {tag}" for n in (1, 2, 3, 9, 10, 12, 100)]
    for name in reversed(offices_in_order):
        made = await client.post("/enterprises", json={"name": name, "sector": "postal"})
        assert made.status_code == 201, made.text
    office_pages = await pages("/enterprises", {"q": tag}, "name", 4)
    assert office_pages == [offices_in_order[0:4], offices_in_order[4:7]]


async def test_duty_types_with_their_qualifications(client) -> None:
    page = (await client.get("/duty-types")).json()
    assert [(d["key"], d["qualification"]) for d in page["items"]] == [
        ("leadership", "leader"),
        ("operations", "operator"),
        ("incident_response", "technician"),
        ("patrol", "guard"),
    ]
    assert page["items"][0]["name_vi"] == "Trực lãnh đạo" and page["total"] == 4


# Names made of nothing visible: spaces, a zero-width space, a lone accent, joiners, a byte-order mark.
NOT_NAMES = ["   ", "\u200b", " \u0301 ", "\u200c\u200d", "\u2060\ufeff", "\t\n"]


def refused_for(response, field: str) -> tuple[int, list[str], str]:
    """The status, the fields an error names, and the Vietnamese words said about `field`."""
    problem = response.json()
    vi = next((e["message_vi"] for e in problem.get("errors", []) if e["field"] == f"body.{field}"), "")
    return response.status_code, [e["field"] for e in problem.get("errors", [])], vi


async def test_a_name_is_cleaned_first_and_must_then_show_a_letter_or_digit(client, seed) -> None:
    enterprise = await seed.enterprise()
    site = await seed.site(enterprise)
    person = await seed.staff(enterprise)
    edits = [
        (f"/enterprises/{enterprise['id']}", "name", "Tên"),
        (f"/sites/{site['id']}", "name", "Tên"),
        (f"/staff/{person['id']}", "full_name", "Họ và tên"),
    ]
    for blank in NOT_NAMES:
        creations = [
            ("/enterprises", {"name": blank, "sector": "telecom"}, "name", "Tên"),
            ("/sites", {"enterprise_id": enterprise["id"], "name": blank, "kind": "noc"}, "name", "Tên"),
            ("/staff", {"enterprise_id": enterprise["id"], "full_name": blank}, "full_name", "Họ và tên"),
        ]
        for path, body, field, field_vi in creations:
            status, fields, vi = refused_for(await client.post(path, json=body), field)
            assert (status, fields, vi.startswith(f"{field_vi}: ")) == (422, [f"body.{field}"], True), (path, blank)
        for path, field, field_vi in edits:
            response = await client.patch(path, json={field: blank}, headers={"If-Match": '"1"'})
            status, fields, vi = refused_for(response, field)
            assert (status, fields, vi.startswith(f"{field_vi}: ")) == (422, [f"body.{field}"], True), (path, blank)
    blank = await client.post("/staff", json={"enterprise_id": enterprise["id"], "full_name": "   "})
    assert "full name must not be blank" in blank.json()["errors"][0]["message"]
    assert "không được để trống" in blank.json()["errors"][0]["message_vi"]
    # A control character is refused; tabs and line breaks are read as spaces, invisible characters left out.
    nul = await client.post("/staff", json={"enterprise_id": enterprise["id"], "full_name": "Nguyễn\u0000An"})
    assert (nul.status_code, nul.json()["errors"][0]["rule"]) == (422, "value_error")
    assert "U+0000" in nul.json()["errors"][0]["message_vi"]
    typed = await client.post(
        "/staff",
        json={
            "enterprise_id": enterprise["id"],
            "full_name": "\ufeff Lê\u200b  Văn\nAn\t",
            "qualifications": ["guard"],
        },
    )
    assert (typed.status_code, typed.json()["full_name"]) == (201, "Lê Văn An")
    renamed = await client.patch(
        f"/sites/{site['id']}", json={"name": "  Trạm\r\nTân  Hưng 3 "}, headers={"If-Match": '"1"'}
    )
    assert (renamed.status_code, renamed.json()["name"]) == (200, "Trạm Tân Hưng 3")


async def test_a_sites_district_is_optional_but_when_given_is_cleaned_and_refused_like_a_name(client, seed) -> None:
    enterprise = await seed.enterprise()
    site = await seed.site(enterprise, district="Vĩnh Hưng")
    url = f"/sites/{site['id']}"
    version = site["version"]
    for typed in [*NOT_NAMES, "Tân\u0007Hưng", "Tân Hưng\u0000", "---"]:
        body = {"enterprise_id": enterprise["id"], "name": f"Trạm {uuid.uuid4().hex[:6]}", "kind": "noc"}
        status, fields, vi = refused_for(await client.post("/sites", json={**body, "district": typed}), "district")
        assert (status, fields, vi.startswith("Huyện, thị xã, thành phố: ")) == (422, ["body.district"], True), typed
        patched = await client.patch(url, json={"district": typed}, headers={"If-Match": f'"{version}"'})
        status, fields, vi = refused_for(patched, "district")
        assert (status, fields, vi.startswith("Huyện, thị xã, thành phố: ")) == (422, ["body.district"], True), typed
    blank = (await client.patch(url, json={"district": "  "}, headers={"If-Match": f'"{version}"'})).json()
    [error] = blank["errors"]
    assert "district must not be blank" in error["message"] and "leave the field out" in error["message"]
    assert "không được để trống" in error["message_vi"] and "bỏ hẳn trường này" in error["message_vi"]
    bell = (await client.patch(url, json={"district": "Tân\u0007Hưng"}, headers={"If-Match": f'"{version}"'})).json()
    assert "U+0007" in bell["errors"][0]["message"] and "district" in bell["errors"][0]["message"]
    assert (await client.get(url)).json()["district"] == "Vĩnh Hưng"  # none of them was stored

    # Cleaned as a name is: NFC, spacing tidied, invisible characters left out.
    made = await client.post(
        "/sites",
        json={
            "enterprise_id": enterprise["id"],
            "name": "Trạm Mộc Hóa",
            "kind": "noc",
            "district": " Mô\u0323c\u200b  Hóa\t",
        },
    )
    assert (made.status_code, made.json()["district"]) == (201, "Mộc Hóa")
    edited = await client.patch(
        f"/sites/{made.json()['id']}", json={"district": "\ufeffTân\n Hưng "}, headers={"If-Match": '"1"'}
    )
    assert (edited.status_code, edited.json()["district"]) == (200, "Tân Hưng")
    # Absent or null: no district, as before.
    cleared = await client.patch(f"/sites/{made.json()['id']}", json={"district": None}, headers={"If-Match": '"2"'})
    assert (cleared.status_code, cleared.json()["district"]) == (200, None)
    bare = await client.post(
        "/sites", json={"enterprise_id": enterprise["id"], "name": "Trạm không huyện", "kind": "noc", "district": None}
    )
    assert (bare.status_code, bare.json()["district"]) == (201, None)


async def test_a_district_typed_otherwise_is_stored_as_the_province_already_writes_it(client, seed) -> None:
    """QA: a site registered with district "tan an" beside Tân An split the district in two (two headings on
    the published Tết hours). Sites and incidents store the spelling already known, whoever wrote it first."""
    tag = str(random.randint(10_000, 99_999))
    tan_an, ben_luc = f"Tân An {tag}", f"Bến Lức {tag}"
    enterprise = await seed.enterprise()
    first = await seed.site(enterprise, f"Trạm Tân An {tag}", district=tan_an)
    assert first["district"] == tan_an

    def site(name: str, district: str) -> dict:
        return {"enterprise_id": enterprise["id"], "name": name, "kind": "base_station", "district": district}

    typed = await client.post("/sites", json=site(f"Trạm Khánh Hậu {tag}", f"tan an {tag}"))
    assert (typed.status_code, typed.json()["district"]) == (201, tan_an)
    edited = await client.patch(
        f"/sites/{first['id']}", json={"district": f"TÂN  AN {tag}"}, headers={"If-Match": '"1"'}
    )
    assert (edited.status_code, edited.json()["district"]) == (200, tan_an)
    # An incident away from a site takes the known spelling too, and a district only an incident names is known.
    incident = {
        "enterprise_id": enterprise["id"],
        "detected_at": "2026-11-27T23:40:00+07:00",  # by now: a detection still to come is refused
        "services": ["internet"],
        "severity": "minor",
        "description": "Mất điện lưới khu vực",
    }
    at_tan_an = await client.post("/incidents", json={**incident, "district": f"tân an {tag}"})
    assert (at_tan_an.status_code, at_tan_an.json()["district"]) == (201, tan_an), at_tan_an.text
    at_ben_luc = await client.post("/incidents", json={**incident, "district": ben_luc})
    assert at_ben_luc.json()["district"] == ben_luc
    later = await client.post("/sites", json=site(f"Trạm Bến Lức {tag}", f"ben luc {tag}"))
    assert later.json()["district"] == ben_luc
    # A district never seen is stored as typed.
    new = await client.post("/sites", json=site(f"Trạm Mới {tag}", f"thạnh hóa {tag}"))
    assert new.json()["district"] == f"thạnh hóa {tag}"
    listed = (await client.get("/sites", params={"enterprise_id": enterprise["id"], "limit": 100})).json()
    assert sorted({s["district"] for s in listed["items"]}) == sorted({tan_an, ben_luc, f"thạnh hóa {tag}"})


async def test_sites_are_searched_by_name_however_typed_with_the_other_filters_page_after_page(client, seed) -> None:
    """QA: `?q=bts` was ignored and every site listed. The name's folded companion (case, diacritics, đ → d and
    spacing aside) is written with the name, on registration and on renaming, and searched with the filters."""
    tag = uuid.uuid4().hex[:6]
    vnpt, viettel = await seed.enterprise("VNPT Long An"), await seed.enterprise("Viettel Long An")
    made = {}
    for enterprise, name in [
        (vnpt, f"Trạm BTS Đức Hòa {tag}"),
        (vnpt, f"Trạm BTS Tân Hưng {tag}"),
        (vnpt, f"Bưu cục Đức Hòa {tag}"),
        (viettel, f"Trạm BTS Đức Huệ {tag}"),
    ]:
        response = await client.post("/sites", json={"enterprise_id": enterprise["id"], "name": name, "kind": "noc"})
        assert response.status_code == 201, response.text
        made[name] = response.json()

    async def found(**params: object) -> list[str]:
        response = await client.get("/sites", params={"limit": 100, **params})
        assert response.status_code == 200, response.text
        return [s["name"] for s in response.json()["items"]]

    assert await found(q=f"BTS  DUC  {tag}") == []  # a part of the name: "Đức Hòa {tag}" holds no "Đức {tag}"
    assert await found(q=f"hoa {tag}") == [f"Bưu cục Đức Hòa {tag}", f"Trạm BTS Đức Hòa {tag}"]
    assert await found(q="tram bts duc", enterprise_id=vnpt["id"]) == [f"Trạm BTS Đức Hòa {tag}"]
    assert await found(q="trạm bts", enterprise_id=viettel["id"]) == [f"Trạm BTS Đức Huệ {tag}"]
    assert await found(q=tag, enterprise_id=vnpt["id"]) == [
        f"Bưu cục Đức Hòa {tag}",
        f"Trạm BTS Đức Hòa {tag}",
        f"Trạm BTS Tân Hưng {tag}",
    ]
    assert await found(q="__", enterprise_id=vnpt["id"]) == []  # not LIKE's any-character
    # Renamed, a site is found by its new name only.
    site = made[f"Trạm BTS Tân Hưng {tag}"]
    renamed = await client.patch(
        f"/sites/{site['id']}", json={"name": f"Trạm BTS Vĩnh Hưng {tag}"}, headers={"If-Match": '"1"'}
    )
    assert renamed.status_code == 200, renamed.text
    assert await found(q=f"tan hung {tag}") == [] and await found(q=f"vinh hung {tag}") == [renamed.json()["name"]]
    # Paged: the search kept in the next page's link, the total the matches'.
    first = (await client.get("/sites", params={"q": "bts duc ho", "enterprise_id": vnpt["id"], "limit": 1})).json()
    assert first["total"] == 1 and first["next"] is None
    page = (await client.get("/sites", params={"q": tag, "limit": 2})).json()
    names = [s["name"] for s in page["items"]]
    assert page["total"] == 4 and "q=" in page["next"]
    second = (await client.get(page["next"])).json()
    names += [s["name"] for s in second["items"]]
    assert second["next"] is None and sorted(names) == sorted({*made, renamed.json()["name"]} - {site["name"]})
    too_long = await client.get("/sites", params={"q": "x" * 101})
    assert too_long.status_code == 422


async def test_a_site_in_a_district_nobody_writes_yet_is_saved_with_a_warning_naming_the_closest(client, seed) -> None:
    """QA: a site in the district "Quận 99 không có" was saved with only "Đã lưu.". It is still saved (a province may
    have a new district after a merger), and the answer warns, naming the closest known spelling when one is close."""
    tag = uuid.uuid4().hex[:6]
    enterprise = await seed.enterprise()
    known = await seed.site(enterprise, district=f"Tân Hưng {tag}")

    def site(name: str, district: str) -> dict:
        return {"enterprise_id": enterprise["id"], "name": name, "kind": "base_station", "district": district}

    same = await client.post("/sites", json=site(f"Trạm 2 {tag}", f"tan hung {tag}"))
    assert (same.status_code, same.json()["district"]) == (201, f"Tân Hưng {tag}")
    # saved as the province writes it, and said (QA: "Thạnh Hóa" saved "Thạnh Hoá" with only "Đã lưu.")
    [matched] = same.json()["warnings"]
    assert (matched["rule"], matched["district"], matched["matched"]) == (
        "district-matched",
        f"tan hung {tag}",
        f"Tân Hưng {tag}",
    )
    assert matched["message_vi"] == f"Huyện, thị xã, thành phố: “tan hung {tag}” được ghép với “Tân Hưng {tag}” đã có."
    typo = await client.post("/sites", json=site(f"Trạm 3 {tag}", f"Tân Hưn {tag}"))
    assert (typo.status_code, typo.json()["district"]) == (201, f"Tân Hưn {tag}")  # stored as typed
    [warning] = typo.json()["warnings"]
    assert (warning["rule"], warning["district"], warning["closest"]) == (
        "new-district",
        f"Tân Hưn {tag}",
        f"Tân Hưng {tag}",
    )
    assert warning["message_vi"].startswith(
        f"Huyện, thị xã, thành phố: “Tân Hưn {tag}” chưa có điểm trực hay sự cố nào."
    )
    assert (
        f"Có phải “Tân Hưng {tag}”?" in warning["message_vi"]
        and "Các huyện, thị xã, thành phố đã có: " in warning["message_vi"]
    )
    assert f"Did you mean “Tân Hưng {tag}”?" in warning["message"]
    nowhere = await client.patch(
        f"/sites/{known['id']}", json={"district": f"Quận 99 không có {tag}"}, headers={"If-Match": '"1"'}
    )
    assert nowhere.status_code == 200 and nowhere.json()["district"] == f"Quận 99 không có {tag}"
    assert [(w["rule"], w["closest"]) for w in nowhere.json()["warnings"]] == [("new-district", None)]
    again = await client.patch(f"/sites/{known['id']}", json={"kind": "noc"}, headers={"If-Match": '"2"'})
    assert again.json()["warnings"] == []  # its district now known
    assert (await client.get(f"/sites/{known['id']}")).json()["warnings"] == []


async def test_a_sites_name_of_one_or_two_characters_is_refused(client, seed) -> None:
    enterprise = await seed.enterprise()
    site = await seed.site(enterprise)
    refused = await client.post("/sites", json={"enterprise_id": enterprise["id"], "name": " x ", "kind": "noc"})
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert (error["field"], error["rule"]) == ("name", "site-name-too-short")
    assert error["message_vi"].startswith("Tên điểm trực quá ngắn (“x”): cần ít nhất 3 ký tự")
    assert "too short" in error["message"]
    renamed = await client.patch(f"/sites/{site['id']}", json={"name": "A1"}, headers={"If-Match": '"1"'})
    assert (renamed.status_code, renamed.json()["errors"][0]["rule"]) == (422, "site-name-too-short")
    assert (await client.get(f"/sites/{site['id']}")).json()["name"] == site["name"]


async def test_an_enterprises_or_sites_name_is_the_same_whatever_its_case_accents_and_spacing(client, seed) -> None:
    tag = uuid.uuid4().hex[:4]
    first = await seed.enterprise(f"VNPT Long An {tag}")  # the seed adds a tag of its own
    name = first["name"]
    for typed in (f"  {name.lower()} ", name.upper().replace(" ", "   ")):
        again = await client.post("/enterprises", json={"name": typed, "sector": "telecom"})
        problem = again.json()
        assert (again.status_code, problem["enterprise_id"], problem["enterprise_name"]) == (409, first["id"], name)
        assert f"“{name}” already exists" in problem["detail"] and f"“{name}”" in problem["detail_vi"]
    other = await seed.enterprise()
    renamed = await client.patch(
        f"/enterprises/{other['id']}", json={"name": name.lower()}, headers={"If-Match": '"1"'}
    )
    assert (renamed.status_code, renamed.json()["enterprise_id"]) == (409, first["id"])
    own = await client.patch(f"/enterprises/{first['id']}", json={"name": name.upper()}, headers={"If-Match": '"1"'})
    assert (own.status_code, own.json()["name"]) == (200, name.upper())  # its own name, written otherwise
    # Two at once: one wins, the other is told which.
    twins = [f"VNPT Cà Mau {tag}", f"vnpt cà  mau {tag}"]
    answers = await asyncio.gather(*(client.post("/enterprises", json={"name": n, "sector": "postal"}) for n in twins))
    assert sorted(a.status_code for a in answers) == [201, 409]

    site = await seed.site(first, "Trạm Hòa Bình")
    typed = site["name"].lower().replace("hòa", "hoà").replace(" bình", "  bình")  # the other tone mark placement
    clash = await client.post("/sites", json={"enterprise_id": first["id"], "name": typed, "kind": "noc"})
    assert (clash.status_code, clash.json()["site_id"], clash.json()["site_name"]) == (409, site["id"], site["name"])
    elsewhere = await client.post("/sites", json={"enterprise_id": other["id"], "name": typed, "kind": "noc"})
    assert elsewhere.status_code == 201  # another enterprise's site may have the name
    # Another tone or other letters are another place: "Hòa Bình" and "Hóa Bình", "Long An" and "Lòng Án".
    for different in ("Trạm Hóa Bình", "Trạm Hoa Bình"):
        made = await client.post("/sites", json={"enterprise_id": first["id"], "name": different, "kind": "noc"})
        assert made.status_code == 201, made.text
    lookalike = await client.post(
        "/enterprises", json={"name": name.replace("Long An", "Lòng Án"), "sector": "telecom"}
    )
    assert lookalike.status_code == 201, lookalike.text
    second = await seed.site(first)
    moved = await client.patch(
        f"/sites/{second['id']}", json={"name": site["name"].upper()}, headers={"If-Match": '"1"'}
    )
    assert (moved.status_code, moved.json()["site_id"]) == (409, site["id"])


async def test_an_edit_without_or_with_an_old_version_names_the_person_not_an_id(client, seed) -> None:
    enterprise = await seed.enterprise()
    person = await seed.staff(enterprise, "Phạm Thị Hồng Nhung")
    url = f"/staff/{person['id']}"
    for headers, status in (({}, 428), ({"If-Match": '"7"'}, 412)):
        answer = await client.patch(url, json={"active": False}, headers=headers)
        assert answer.status_code == status
        assert person["full_name"] in answer.json()["detail"] and person["id"] not in answer.json()["detail"]
    site = await seed.site(enterprise)
    answer = await client.patch(f"/sites/{site['id']}", json={"border_area": True})
    assert site["name"] in answer.json()["detail"] and site["id"] not in answer.json()["detail"]


async def test_a_name_typed_all_in_lower_or_upper_case_is_answered_written_as_names_are(client, seed) -> None:
    """QZ10 #13: POST and PATCH /staff write "nguyễn văn an" as "Nguyễn Văn An" and say so in `warnings`."""
    enterprise = await seed.enterprise()
    typed = {"enterprise_id": enterprise["id"], "full_name": "nguyễn  văn an", "qualifications": ["guard"]}
    made = await client.post("/staff", json=typed)
    assert (made.status_code, made.json()["full_name"]) == (201, "Nguyễn Văn An")
    (note,) = made.json()["warnings"]
    assert (note["rule"], note["field"], note["typed"], note["full_name"]) == (
        "name-capitalised", "full_name", "nguyễn văn an", "Nguyễn Văn An"
    )  # fmt: skip
    assert note["message_vi"] == "Đã viết hoa chữ cái đầu: Nguyễn Văn An (đã gõ “nguyễn văn an”)."
    url = f"/staff/{made.json()['id']}"
    renamed = await client.patch(url, json={"full_name": "ĐẶNG THỊ ĐÀO"}, headers={"If-Match": '"1"'})
    assert renamed.json()["full_name"] == "Đặng Thị Đào"
    assert [w["rule"] for w in renamed.json()["warnings"]] == ["name-capitalised"]
    assert (await client.get(url)).json()["full_name"] == "Đặng Thị Đào"
    mixed = await client.patch(url, json={"full_name": "Lê thị Ánh"}, headers={"If-Match": '"2"'})
    assert (mixed.json()["full_name"], mixed.json()["warnings"]) == ("Lê thị Ánh", [])
