"""Vietnamese names are found however they are typed — precomposed (NFC) or decomposed (NFD)
Unicode, without diacritics, in capitals, pasted with invisible characters — by `?q=` search and by
the import alike, because both use one rule (lichtruc.text.fold) and names are stored in NFC without
the invisible characters that rule leaves out."""

from __future__ import annotations

import unicodedata
import uuid

import pytest

from devstack.demo import ENTERPRISES
from lichtruc.text import fold

DEMO_NAMES = [
    name for e in ENTERPRISES for group in (e.leaders, e.operators, e.technicians, e.guards) for name in group
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def no_diacritics(text: str) -> str:
    text = nfd(text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def spellings(name: str) -> dict[str, str]:
    return {
        "NFC": nfc(name),
        "NFD": nfd(name),
        "no diacritics": no_diacritics(name),
        "upper case": name.upper(),
        "upper case NFD": nfd(name.upper()),
        "extra spaces": "  " + name.replace(" ", "   ") + " ",
        "pasted": pasted(name),
    }


def pasted(name: str) -> str:
    """`name` as pasted from a chat or a web page (QA: "Ánh Tu\u200byết" found nobody): a byte-order mark before
    it, a no-break space between its first two words, a zero-width space and a soft hyphen inside its last word."""
    *first, last = name.split(" ")
    middle = len(last) // 2
    return (
        "\ufeff"
        + "\u00a0".join(" ".join(first).split(" ", 1))
        + " "
        + last[:middle]
        + "\u200b"
        + last[middle:]
        + "\u00ad"
    )


@pytest.fixture(scope="module")
async def demo_people(client, seed) -> tuple[dict, dict[str, dict]]:
    """Every demo name as a staff member of one enterprise, every other one registered in NFD."""
    enterprise = await seed.enterprise()
    people = {}
    for i, name in enumerate(DEMO_NAMES):
        typed = nfd(name) if i % 2 else name
        people[name] = await seed.staff(enterprise, typed)
    return enterprise, people


def test_the_demo_names_are_distinct_when_folded() -> None:
    assert len({fold(n) for n in DEMO_NAMES}) == len(DEMO_NAMES) > 50


async def test_names_typed_in_nfd_are_stored_in_nfc(client, demo_people) -> None:
    _, people = demo_people
    for name, person in people.items():
        assert person["full_name"] == nfc(name)
        stored = (await client.get(f"/staff/{person['id']}")).json()
        assert stored["full_name"] == nfc(name)


async def test_every_spelling_of_every_demo_name_finds_the_same_person(client, demo_people) -> None:
    enterprise, people = demo_people
    missed = []
    for name, person in people.items():
        for how, typed in spellings(name).items():
            found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": typed[:100]})).json()
            if person["id"] not in [p["id"] for p in found["items"]]:
                missed.append(f"{name} as {how}: {[p['full_name'] for p in found['items']]}")
            assert all(fold(typed) in fold(p["full_name"]) for p in found["items"])
    assert missed == []


@pytest.mark.parametrize("part", ["Hồng Nhung", "hong nhung", "HỒNG NHUNG", "Nhung", "nguyen van hung", "đặng", "DANG"])
async def test_a_part_of_a_name_finds_the_person(client, demo_people, part) -> None:
    enterprise, people = demo_people
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": nfd(part)})).json()["items"]
    names = {p["full_name"] for p in found}
    assert names and all(fold(part) in fold(n) for n in names)
    assert names == {n for n in people if fold(part) in fold(n)}


async def test_names_in_which_the_search_begins_a_word_come_first(client, seed) -> None:
    """QA round 3: "Ánh" listed Trương Công Danh and Võ Văn Thành beside Lê Thị Ánh ("anh" sits inside their
    names). They are still found (part of a word is a search people make), but after the names in which
    "Ánh" is a word: first on the page, whatever the alphabet says."""
    enterprise = await seed.enterprise()
    for name in ("Trương Công Danh", "Võ Văn Thành", "Lê Thị Ánh", "Nguyễn Thị Ánh Tuyết", "Bùi Anh Khoa"):
        await seed.staff(enterprise, name)
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": "Ánh"})).json()["items"]
    assert [p["full_name"] for p in found] == [
        "Bùi Anh Khoa",
        "Lê Thị Ánh",
        "Nguyễn Thị Ánh Tuyết",
        "Trương Công Danh",
        "Võ Văn Thành",
    ]
    second = await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": "anh", "limit": 2})
    paged = second.json()
    assert [p["full_name"] for p in paged["items"]] == ["Bùi Anh Khoa", "Lê Thị Ánh"]
    rest = await client.get(paged["next"])  # the next page, as the list hands it out
    assert rest.status_code == 200, rest.text
    assert [p["full_name"] for p in rest.json()["items"]] == ["Nguyễn Thị Ánh Tuyết", "Trương Công Danh"]


async def test_name_lists_the_records_of_exactly_that_name_as_the_staff_import_matches_them(client, seed) -> None:
    """QA: the staff form added a second "Quách Thị Lan" without asking. `?name=` is whom the form asks about: the
    enterprise's records of that very name (NFC, case and spaces folded, as a name-only import row finds its
    record), not the names that contain it, nor the same name without diacritics, nor another enterprise's. QA
    (round 8): "ƠN VĂN ÚT" was saved beside "Ơn Văn Út" without the question."""
    enterprise, elsewhere = await seed.enterprise(), await seed.enterprise()
    lan = await seed.staff(enterprise, "Quách Thị Lan")
    for other in ("Quách Thị Lan Anh", "Quach Thi Lan", "Quách Thị Lân", "QUACH THI LAN"):
        await seed.staff(enterprise, other)
    await seed.staff(elsewhere, "Quách Thị Lan")
    typed = "  " + nfd("Quách  Thị Lan") + " "
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "name": typed})).json()["items"]
    assert [p["id"] for p in found] == [lan["id"]]
    capitals = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "name": "QUÁCH THỊ LAN"})).json()
    assert [p["id"] for p in capitals["items"]] == [lan["id"]]  # case aside, the diacritics still count
    ut = await seed.staff(enterprise, "Ơn Văn Út")
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "name": nfd("ƠN VĂN ÚT")})).json()
    assert [p["id"] for p in found["items"]] == [ut["id"]]
    none = await client.get("/staff", params={"enterprise_id": enterprise["id"], "name": "Quách Thị"})
    assert none.json()["items"] == []


async def test_enterprises_and_accounts_are_searched_the_same_way(client, seed) -> None:
    tag = uuid.uuid4().hex[:6]
    enterprise = (
        await client.post(
            "/enterprises", json={"name": nfd(f"Đài Phát thanh và Truyền hình {tag}"), "sector": "television"}
        )
    ).json()
    assert enterprise["name"] == nfc(f"Đài Phát thanh và Truyền hình {tag}")
    for typed in (
        f"dai phat thanh va truyen hinh {tag}",
        f"ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH {tag}",
        nfd(f"Truyền hình {tag}"),
    ):
        found = (await client.get("/enterprises", params={"q": typed})).json()["items"]
        assert [e["id"] for e in found] == [enterprise["id"]], typed

    account = await client.post(
        "/accounts",
        json={
            "login": f"nhung.{tag}@viettel-la.vn",
            "display_name": nfd("Lê Thị Hồng Nhung"),
            "role": "inspector",
            "password": "mat-khau-du-dai-12",
        },
    )
    assert account.status_code == 201, account.text
    assert account.json()["display_name"] == nfc("Lê Thị Hồng Nhung")
    for typed in ("le thi hong nhung", "LÊ THỊ HỒNG NHUNG", nfd("Hồng Nhung"), f"nhung.{tag}"):
        found = (await client.get("/accounts", params={"q": typed})).json()["items"]
        assert account.json()["id"] in [a["id"] for a in found], typed


async def test_every_spelling_of_every_demo_name_is_matched_by_the_shift_import(client, seed, demo_people) -> None:
    enterprise, people = demo_people
    campaign = await seed.campaign()
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}&dry_run=true"
    for how in spellings(DEMO_NAMES[0]):
        lines = ["Loại trực,Bắt đầu,Kết thúc,Người trực"]
        lines += [f'Trực điều hành,05/02/2027 18:00,05/02/2027 22:00,"{spellings(name)[how]}"' for name in people]
        response = await client.post(url, files={"file": ("lich.csv", "\n".join(lines).encode(), "text/csv")})
        assert response.status_code == 200, response.text
        rows = response.json()["rows"]
        assert [r["errors"] for r in rows if not r["ok"]] == [], how
        assert [r["staff_ids"] for r in rows] == [[p["id"]] for p in people.values()], how


async def test_the_staff_import_stores_nfc_and_finds_people_by_any_spelling(client, seed) -> None:
    enterprise = await seed.enterprise()
    tag = uuid.uuid4().hex[:6]
    sheet = "Họ và tên,Email,Chuyên môn\n" + f"{nfd('Dương Thị Thanh Thảo')},thao.{tag}@x.vn,Điều hành\n"
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    done = await client.post(url, files={"file": ("nhan-su.csv", nfd(sheet).encode(), "text/csv")})
    assert done.status_code == 201, done.text
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": "duong thi thanh thao"})).json()
    assert [p["full_name"] for p in found["items"]] == [nfc("Dương Thị Thanh Thảo")]
    again = await client.post(url + "&dry_run=true", files={"file": ("nhan-su.csv", nfc(sheet).encode(), "text/csv")})
    assert [r["action"] for r in again.json()["rows"]] == ["unchanged"]


@pytest.mark.parametrize("typed", ["_", "__", " _ "])
async def test_underscores_alone_find_nobody_not_everybody(client, demo_people, typed) -> None:
    """`_` folds to a space like in the names, so "__" folded to nothing and "contains nothing" matched
    everyone: the list looked as if `_` were LIKE's any-character (`%` and `\\` were already taken literally)."""
    enterprise, _ = demo_people
    found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": typed})).json()
    assert [p["full_name"] for p in found["items"]] == []
    assert (await client.get("/enterprises", params={"q": typed})).json()["items"] == []
    account = await client.post(
        "/accounts",
        json={
            "login": f"thao.{uuid.uuid4().hex[:6]}@vnpt-la.vn",
            "display_name": "Dương Thị Thanh Thảo",
            "role": "inspector",
            "password": "mat-khau-du-dai-12",
        },
    )
    assert account.status_code == 201, account.text
    found = (await client.get("/accounts", params={"q": typed, "limit": 200})).json()["items"]
    assert all("_" in a["login"] for a in found) and account.json()["id"] not in [a["id"] for a in found]


def test_the_in_memory_store_puts_the_same_names_first() -> None:
    from roster.db.search import word_found

    assert word_found("Ánh", "Lê Thị Ánh") and word_found("anh", "Bùi Anh Khoa") and word_found("ANH T", "Ánh Tuyết")
    assert not word_found("anh", "Trương Công Danh") and not word_found("Ánh", "Võ Văn Thành")
    assert not word_found(None, "Lê Thị Ánh") and not word_found("  ", "Lê Thị Ánh")


async def test_a_name_pasted_with_invisible_characters_is_kept_and_found_without_them(client, seed) -> None:
    """QA: "Ánh Tu\u200byết" pasted in the staff search found nobody, though a name saved so is kept without the
    zero-width space: the query is folded by the same rule (lichtruc.text.fold), in the database and in memory. A
    query of invisible characters alone is blank, as such a name would be: every name, as with no query."""
    from roster.db.search import name_found

    enterprise = await seed.enterprise()
    saved = await seed.staff(enterprise, "Nguyễn Thị Ánh Tu\u200byết\u00ad")
    await seed.staff(enterprise, "Lê Thị Ánh")
    assert saved["full_name"] == "Nguyễn Thị Ánh Tuyết"
    for typed in ("Ánh Tu\u200byết", "\ufeffánh\u00a0tuyet", "Ánh Tuy\u00adết", "anh tu\u2060yet"):
        found = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": typed})).json()["items"]
        assert [p["full_name"] for p in found] == ["Nguyễn Thị Ánh Tuyết"], repr(typed)
        assert name_found(typed, "Nguyễn Thị Ánh Tuyết") and not name_found(typed, "Lê Thị Ánh"), repr(typed)
    everyone = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "q": "\u200b"})).json()["items"]
    assert sorted(p["full_name"] for p in everyone) == ["Lê Thị Ánh", "Nguyễn Thị Ánh Tuyết"]
    assert name_found("\u200b", "Lê Thị Ánh")
