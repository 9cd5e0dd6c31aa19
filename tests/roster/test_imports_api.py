"""Bulk import from CSV and XLSX: dry run reports every row; a commit writes all or nothing."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from roster.app import create_app
from roster.settings import RosterSettings
from support import auth, principal, read_topic, running

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE)


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(text: str) -> dict:
    return {"file": ("nhan-su.csv", text.encode("utf-8"), "text/csv")}


def xlsx_file(rows: list[list[object]]) -> dict:
    return {"file": ("lich-truc.xlsx", xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def staff_csv() -> str:
    """Two people with e-mails of their own (an e-mail is one person's across enterprises)."""
    tag = uuid.uuid4().hex[:6]
    return (
        "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
        f'Nguyễn Thị Ánh Tuyết,tuyet.{tag}@vnpt-la.vn,0912345678,"Lãnh đạo, Điều hành"\n'
        f"Trần Văn Đức,duc.{tag}@vnpt-la.vn,0987 654 321,Kỹ thuật\n"
    )


async def staff_of(client, enterprise) -> list[dict]:
    return (await client.get("/staff", params={"enterprise_id": enterprise["id"]})).json()["items"]


async def test_staff_dry_run_then_commit(client, seed, kafka, roster_topic) -> None:
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    sheet = staff_csv()
    dry = await client.post(url + "&dry_run=true", files=csv_file(sheet))
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert (report["dry_run"], report["committed"], report["summary"]) == (
        True,
        False,
        {"rows": 2, "ok": 2, "with_errors": 0, "with_warnings": 0},
    )
    assert [(r["row"], r["ok"], r["action"], r["full_name"]) for r in report["rows"]] == [
        (2, True, "create", "Nguyễn Thị Ánh Tuyết"),
        (3, True, "create", "Trần Văn Đức"),
    ]
    assert await staff_of(client, enterprise) == []

    hr = auth(principal("manager", enterprises=(enterprise["id"],), name="hr@vnpt-la.vn"))
    done = await client.post(url, files=csv_file(sheet), headers=hr)
    assert done.status_code == 201, done.text
    assert done.json()["committed"] is True
    people = await staff_of(client, enterprise)
    assert sorted((p["full_name"], tuple(p["qualifications"]), p["phone"]) for p in people) == [
        ("Nguyễn Thị Ánh Tuyết", ("leader", "operator"), "0912345678"),
        ("Trần Văn Đức", ("technician",), "0987654321"),
    ]
    ids = {r["staff_id"] for r in done.json()["rows"]}
    assert ids == {p["id"] for p in people}

    # Importing a corrected sheet again updates the people it recognises by e-mail.
    again = await client.post(url, files=csv_file(sheet.replace("Kỹ thuật", "Kỹ thuật; Bảo vệ")))
    assert [r["action"] for r in again.json()["rows"]] == ["unchanged", "update"]
    records = await read_topic(
        kafka,
        roster_topic,
        until=lambda recs: (
            sum(
                json.loads(r.value)["data"].get("enterprise_id") == enterprise["id"]
                and json.loads(r.value)["type"].startswith("lichtruc.roster.staff")
                for r in recs
            )
            >= 3
        ),
    )
    kinds = [
        (json.loads(r.value)["type"], json.loads(r.value)["data"]["full_name"], json.loads(r.value)["data"]["actor"])
        for r in records
        if json.loads(r.value)["type"].startswith("lichtruc.roster.staff")
        and json.loads(r.value)["data"]["enterprise_id"] == enterprise["id"]
    ]
    assert kinds == [
        ("lichtruc.roster.staff.joined.v1", "Nguyễn Thị Ánh Tuyết", "hr@vnpt-la.vn"),
        ("lichtruc.roster.staff.joined.v1", "Trần Văn Đức", "hr@vnpt-la.vn"),
        ("lichtruc.roster.staff.updated.v1", "Trần Văn Đức", "admin@test"),
    ]


async def test_a_bad_row_rejects_the_whole_staff_file(client, seed) -> None:
    enterprise = await seed.enterprise()
    sheet = staff_csv()
    text = sheet.replace("duc.", "tuyet.") + "Lê Văn Tám,,12,Đầu bếp\n"
    response = await client.post(f"/imports/staff?enterprise_id={enterprise['id']}", files=csv_file(text))
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith("/rows-valid")
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [
        ("file", "rows-valid"),
        ("rows.3.email", "unique-email"),
        ("rows.4.phone", "phone-format"),
        ("rows.4.qualifications", "known-qualification"),
    ]
    assert [r["ok"] for r in problem["report"]["rows"]] == [True, False, False]
    # Every row names its person, also the one that could not be read (the manager fixes it by name).
    assert [r["full_name"] for r in problem["report"]["rows"]] == [
        "Nguyễn Thị Ánh Tuyết",
        "Trần Văn Đức",
        "Lê Văn Tám",
    ]
    assert await staff_of(client, enterprise) == []  # nothing written


async def test_names_and_cells_the_api_would_refuse_are_refused_by_the_dry_run_and_the_commit_alike(
    client, seed
) -> None:
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    tag = uuid.uuid4().hex[:6]
    sheet = (
        "Họ và tên,Email,Chuyên môn\n"
        "\u200b,,Kỹ thuật\n"  # nothing visible
        "\u0301,,Kỹ thuật\n"  # a lone accent
        "Nguyễn\u0000A,,Kỹ thuật\n"  # a NUL in the name
        f"Trần Văn Bình,binh\u0000.{tag}@vnpt.vn,Kỹ thuật\n"  # a NUL in another cell
        f'"Lê\u200b Văn\nCường",cuong.{tag}@vnpt.vn,Kỹ thuật\n'  # a two-line cell: read as one line
    )
    expected = [
        ("full_name", "required"),
        ("full_name", "visible-character"),
        ("full_name", "no-control-characters"),
        ("email", "no-control-characters"),
    ]
    dry = await client.post(url + "&dry_run=true", files=csv_file(sheet))
    rows = dry.json()["rows"]
    assert [(e["field"], e["rule"]) for r in rows for e in r["errors"]] == expected
    assert [(r["ok"], r["action"]) for r in rows] == [(False, "refused")] * 4 + [(True, "create")]
    assert rows[4]["full_name"] == "Lê Văn Cường"
    assert rows[0]["errors"][0]["message_vi"] == "Họ và tên bị trống."
    assert "U+0000" in rows[2]["errors"][0]["message_vi"] and "Họ và tên" in rows[2]["errors"][0]["message_vi"]
    assert "U+0000" in rows[3]["errors"][0]["message"] and "e-mail" in rows[3]["errors"][0]["message"]
    assert "“Email”" in rows[3]["errors"][0]["message_vi"]
    committed = await client.post(url, files=csv_file(sheet))
    problem = committed.json()
    assert (committed.status_code, problem["type"].endswith("/rows-valid")) == (422, True)
    assert [(e["field"], e["rule"]) for e in problem["errors"][1:]] == [
        (f"rows.{row}.{field}", rule) for row, (field, rule) in zip((2, 3, 4, 5), expected, strict=True)
    ]
    assert problem["errors"][3]["message"].startswith("Row 4: ") and problem["errors"][4]["message_vi"].startswith(
        "Dòng 5: Ô “Email”"
    )
    assert await staff_of(client, enterprise) == []


async def test_a_control_character_in_a_shift_row_is_named_by_its_column(client, seed) -> None:
    campaign, enterprise, tuyet, *_ = await _roster_sheet(seed)
    text = (
        "Loại trực,Bắt đầu,Kết thúc,Người trực,Ghi chú\n"
        f'Trực điều hành,05/02/2027 18:00,06/02/2027 06:00,{tuyet["email"]},"Mang\u0000 đèn"\n'
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    dry = (await client.post(url + "&dry_run=true", files=csv_file(text))).json()
    assert [(e["field"], e["rule"]) for e in dry["rows"][0]["errors"]] == [("notes", "no-control-characters")]
    assert dry["rows"][0]["assignees"] == [tuyet["email"]]
    committed = await client.post(url, files=csv_file(text))
    assert [e["field"] for e in committed.json()["errors"]] == ["file", "rows.2.notes"]


def misread(text: str) -> str:
    """`text` as a file saved in UTF-8 and read as Latin-1 shows it: its Vietnamese letters become other
    letters and C1 control characters ("Nguyễn" → "Nguyá»\x85n")."""
    return text.encode("utf-8").decode("latin-1")


async def test_a_c1_control_character_in_any_staff_cell_is_refused_saying_to_save_the_file_as_utf8(
    client, seed
) -> None:
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    sheet = (
        "Họ và tên,Chuyên môn,Ngôn ngữ\n"
        f"{misread('Nguyễn Hải')},Kỹ thuật,\n"  # U+0085 only, which a name's own rule reads as a line break
        f"Trần Văn Bình,{misread('Lãnh đạo')},\n"  # U+0091
        f"Lê Thị Hoa,Kỹ thuật,{misread('Tiếng Việt')}\n"  # U+0087
        "Phạm Văn Nam,Kỹ thuật,Tiếng Việt\n"
    )
    expected = [("full_name", "U+0085"), ("qualifications", "U+0091"), ("language", "U+0087")]
    dry = await client.post(url + "&dry_run=true", files=csv_file(sheet))
    assert dry.status_code == 200, dry.text
    rows = dry.json()["rows"]
    assert [(r["row"], r["ok"]) for r in rows] == [(2, False), (3, False), (4, False), (5, True)]
    errors = [error for r in rows[:3] for error in r["errors"]]
    assert [(e["field"], e["rule"], e["character"]) for e in errors] == [
        (field, "no-control-characters", code) for field, code in expected
    ]
    for error, (field, code), field_vi in zip(errors, expected, ("Họ và tên", "Chuyên môn", "Ngôn ngữ"), strict=True):
        what = field.replace("_", " ")
        assert f"The {what} cell holds a control character ({code})" in error["message"], error
        assert "Save the file as UTF-8" in error["message"], error
        assert error["message_vi"].startswith(f"Ô “{field_vi}” có ký tự điều khiển ({code})"), error
        assert "Hãy lưu tệp dạng UTF-8" in error["message_vi"], error
    assert not any("\x80" <= c <= "\x9f" for r in rows for c in r["full_name"])
    committed = await client.post(url, files=csv_file(sheet))
    problem = committed.json()
    assert (committed.status_code, problem["type"].endswith("/rows-valid")) == (422, True)
    assert [e["field"] for e in problem["errors"][1:]] == [
        "rows.2.full_name",
        "rows.3.qualifications",
        "rows.4.language",
    ]
    assert problem["errors"][2]["message"].startswith("Row 3: The qualifications cell holds a control character")
    assert problem["errors"][3]["message_vi"].startswith("Dòng 4: Ô “Ngôn ngữ” có ký tự điều khiển (U+0087)")
    assert await staff_of(client, enterprise) == []


async def test_a_c1_control_character_in_a_shift_cell_is_refused_from_csv_and_xlsx(client, seed) -> None:
    campaign, enterprise, tuyet, *_ = await _roster_sheet(seed)
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    text = (
        "Loại trực,Bắt đầu,Kết thúc,Người trực,Ghi chú\n"
        f"{misread('Trực điều hành')},05/02/2027 18:00,06/02/2027 06:00,{tuyet['email']},\n"
        f"Trực điều hành,06/02/2027 06:00,06/02/2027 18:00,{tuyet['email']},Giao ca\n"
    )
    dry = (await client.post(url + "&dry_run=true", files=csv_file(text))).json()
    assert [(r["row"], [(e["field"], e["character"]) for e in r["errors"]]) for r in dry["rows"]] == [
        (2, [("duty_type", "U+0091")]),
        (3, []),
    ]
    assert "UTF-8" in dry["rows"][0]["errors"][0]["message"] and "UTF-8" in dry["rows"][0]["errors"][0]["message_vi"]
    rows = [
        ["Loại trực", "Bắt đầu", "Kết thúc", "Người trực", "Ghi chú"],
        ["Trực điều hành", "05/02/2027 18:00", "06/02/2027 06:00", tuyet["email"], misread("Mang đèn pin")],
    ]
    committed = await client.post(url, files=xlsx_file(rows))
    problem = committed.json()
    assert (committed.status_code, [e["field"] for e in problem["errors"]]) == (422, ["file", "rows.2.notes"])
    assert problem["errors"][1]["message"].startswith("Row 2: The notes cell holds a control character (U+0091)")
    assert problem["errors"][1]["message_vi"].startswith("Dòng 2: Ô “Ghi chú” có ký tự điều khiển (U+0091)")
    listed = await client.get("/shifts", params={"campaign_id": campaign["id"], "enterprise_id": enterprise["id"]})
    assert listed.json()["items"] == []


async def _roster_sheet(seed):
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    guard = await seed.staff(enterprise, "Đặng Văn Bảo", qualifications=["guard"])
    site = await seed.site(enterprise, "Trung tâm điều hành")
    return campaign, enterprise, tuyet, duc, guard, site


async def test_shifts_from_xlsx_with_vietnamese_headers(client, seed) -> None:
    campaign, enterprise, tuyet, duc, guard, site = await _roster_sheet(seed)
    rows = [
        ["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"],
        ["Trực lãnh đạo", "05/02/2027 18:00", "06/02/2027 06:00", site["name"], tuyet["email"], "Giao thừa"],
        ["Trực điều hành", "05/02/2027 18:00", "06/02/2027 06:00", None, "Trần Văn Đức", None],
        ["Tuần tra, bảo vệ", "06/02/2027 06:00", "06/02/2027 18:00", site["name"], "đặng văn bảo", None],
    ]
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    dry = (await client.post(url + "&dry_run=true", files=xlsx_file(rows))).json()
    assert dry["summary"] == {"rows": 3, "ok": 3, "with_errors": 0, "with_warnings": 0}
    assert [(r["duty_type"], r["staff_ids"]) for r in dry["rows"]] == [
        ("leadership", [tuyet["id"]]),
        ("operations", [duc["id"]]),
        ("patrol", [guard["id"]]),
    ]
    assert (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["total"] == 0

    done = await client.post(url + "&publish=true", files=xlsx_file(rows))
    assert done.status_code == 201, done.text
    shifts = (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["items"]
    # The first two start together (sorted by id between them); the patrol comes last.
    assert sorted((s["duty_type"], s["status"], s["starts_at"], s["site_id"]) for s in shifts[:2]) == [
        ("leadership", "published", "2027-02-05T11:00:00Z", site["id"]),
        ("operations", "published", "2027-02-05T11:00:00Z", None),
    ]
    assert (shifts[2]["duty_type"], shifts[2]["starts_at"]) == ("patrol", "2027-02-05T23:00:00Z")
    assert shifts[0]["id"] < shifts[1]["id"]
    assert [a["full_name"] for s in shifts if s["duty_type"] == "leadership" for a in s["assignees"]] == [
        "Nguyễn Thị Ánh Tuyết"
    ]
    assert {r["shift_id"] for r in done.json()["rows"]} == {s["id"] for s in shifts}


async def test_an_office_sheet_with_a_title_row_and_date_from_to_columns(client, seed) -> None:
    campaign, enterprise, tuyet, duc, _guard, _site = await _roster_sheet(seed)
    rows: list[list[object]] = [
        ["LỊCH TRỰC TẾT ĐINH MÙI 2027"],
        [None],
        ["STT", "Ngày", "Loại trực", "Từ", "Đến", "Người trực"],
        [1, "05/02/2027", "Trực lãnh đạo", "18:00", "06:00", tuyet["email"]],
        [2, "06/02/2027", "Trực điều hành", "06:00", "18:00", "TRẦN VĂN ĐỨC"],
    ]
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    done = await client.post(url, files=xlsx_file(rows))
    assert done.status_code == 201, done.text
    assert [(r["row"], r["staff_ids"]) for r in done.json()["rows"]] == [(4, [tuyet["id"]]), (5, [duc["id"]])]
    shifts = (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["items"]
    assert [(s["duty_type"], s["starts_at"], s["ends_at"]) for s in shifts] == [
        ("leadership", "2027-02-05T11:00:00Z", "2027-02-05T23:00:00Z"),
        ("operations", "2027-02-05T23:00:00Z", "2027-02-06T11:00:00Z"),
    ]


async def test_a_bad_shift_row_rejects_the_file_including_double_bookings_within_it(client, seed) -> None:
    campaign, enterprise, tuyet, duc, guard, _site = await _roster_sheet(seed)
    text = (
        "duty_type,starts_at,ends_at,site,assignees\n"
        f"operations,2027-02-05 18:00,2027-02-06 06:00,,{tuyet['email']}\n"
        f"incident_response,2027-02-06 02:00,2027-02-06 10:00,,{tuyet['email']}\n"  # overlaps row 2
        f"leadership,2027-02-07 08:00,2027-02-07 16:00,,{guard['email']}\n"  # not a leader
        "patrol,2027-02-07 08:00,2027-02-07 16:00,Nhà kho,Không Có Ai\n"
        f"operations,2027-02-20 08:00,2027-02-20 16:00,,{duc['email']}\n"
    )  # after the campaign
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    dry = (await client.post(url + "&dry_run=true", files=csv_file(text))).json()
    assert [(r["row"], [(e["field"], e["rule"]) for e in r["errors"]]) for r in dry["rows"]] == [
        (2, []),
        (3, [("assignees", "no-double-booking")]),
        (4, [("assignees", "qualified")]),
        (5, [("site", "site-exists"), ("assignees", "staff-exists")]),
        (6, [("starts_at", "inside-campaign"), ("ends_at", "inside-campaign")]),  # wholly after: both said
    ]
    assert dry["rows"][1]["errors"][0]["other_row"] == 2
    response = await client.post(url, files=csv_file(text))
    assert response.status_code == 422
    assert response.json()["report"]["summary"]["with_errors"] == 4
    assert (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["total"] == 0


async def test_two_rows_too_close_for_one_person_each_warn_of_the_other_as_planning_them_does(client, seed) -> None:
    """Code review: a row's warnings were computed against the stored bookings and the file's EARLIER rows only,
    so of two adjacent nights the first said nothing of the second (planning them one by one through
    POST /shifts warns both ways). Each row now warns of all the file's other rows of its people: in the dry
    run and on the shifts the import writes, each naming the other's shift."""
    campaign, enterprise, tuyet, _duc, _guard, _site = await _roster_sheet(seed)
    text = (
        "duty_type,starts_at,ends_at,site,assignees\n"
        f"operations,2027-02-05 21:00,2027-02-06 01:00,,{tuyet['email']}\n"
        f"operations,2027-02-06 03:00,2027-02-06 07:00,,{tuyet['email']}\n"
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    dry = (await client.post(url + "&dry_run=true", files=csv_file(text))).json()
    assert dry["summary"] == {"rows": 2, "ok": 2, "with_errors": 0, "with_warnings": 2}
    first, second = dry["rows"]
    assert [(w["rule"], w["rest_hours"]) for w in first["warnings"]] == [("min-rest", 2)]
    assert [(w["rule"], w["rest_hours"]) for w in second["warnings"]] == [("min-rest", 2)]
    assert "03:00–07:00 06/02/2027" in first["warnings"][0]["message_vi"]
    assert "21:00 05/02/2027 (29 tháng Chạp) – 01:00 06/02/2027" in second["warnings"][0]["message_vi"]

    done = await client.post(url, files=csv_file(text))
    assert done.status_code == 201, done.text
    night, dawn = [await client.get(f"/shifts/{r['shift_id']}") for r in done.json()["rows"]]
    night, dawn = night.json(), dawn.json()
    assert [(w["rule"], w["shift_id"], w["staff_id"]) for w in night["warnings"]] == [
        ("min-rest", dawn["id"], tuyet["id"])
    ]
    assert [(w["rule"], w["shift_id"], w["staff_id"]) for w in dawn["warnings"]] == [
        ("min-rest", night["id"], tuyet["id"])
    ]
    assert night["version"] == dawn["version"] == 1  # written with them, not rewarned after
    assert [w["rule"] for w in done.json()["rows"][0]["warnings"]] == ["min-rest"]


async def test_rows_imported_published_are_not_warned_of_a_stored_draft_next_to_them(client, seed) -> None:
    """A row imported as published is a published shift: a stored draft 4 h before it (which its staff do not
    see) is no warning of it, while the same row imported as a draft is warned of it; the draft, a draft, is
    warned of the published shift the import wrote next to it."""
    campaign, enterprise, tuyet, _duc, _guard, _site = await _roster_sheet(seed)
    body = {
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "duty_type": "operations",
        "starts_at": "2027-02-05T14:00:00+07:00",
        "ends_at": "2027-02-05T18:00:00+07:00",
        "assignees": [{"staff_id": tuyet["id"]}],
    }
    stored = await client.post("/shifts", json=body)
    assert stored.status_code == 201, stored.text
    draft = stored.json()
    text = (
        f"duty_type,starts_at,ends_at,site,assignees\noperations,2027-02-05 22:00,2027-02-06 06:00,,{tuyet['email']}\n"
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    as_draft = (await client.post(url + "&dry_run=true", files=csv_file(text))).json()
    assert [(w["rule"], w["shift_id"]) for w in as_draft["rows"][0]["warnings"]] == [("min-rest", draft["id"])]
    as_published = (await client.post(url + "&dry_run=true&publish=true", files=csv_file(text))).json()
    assert as_published["rows"][0]["warnings"] == []

    done = await client.post(url + "&publish=true", files=csv_file(text))
    assert done.status_code == 201, done.text
    night = (await client.get(f"/shifts/{done.json()['rows'][0]['shift_id']}")).json()
    assert (night["status"], night["warnings"]) == ("published", [])
    bordered = (await client.get(f"/shifts/{draft['id']}")).json()
    assert [(w["rule"], w["shift_id"]) for w in bordered["warnings"]] == [("min-rest", night["id"])]


async def test_a_row_with_an_unknown_site_an_unknown_person_and_its_end_before_its_start_says_all_three(
    client, seed
) -> None:
    # QA round 3: the dry run said the site and the person, and "the end must come after the start" only once
    # they were fixed. A name not found stops only the checks that depend on it.
    campaign, enterprise, tuyet, _duc, guard, site = await _roster_sheet(seed)
    shifts = (
        "Loại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực\n"
        "Trực lãnh đạo,05/02/2027 14:00,05/02/2027 12:00,Trạm không có thật,Nguyễn Văn A\n"
        f'Trực lãnh đạo,06/02/2027 08:00,06/02/2027 16:00,{site["name"]},"{guard["email"]}, Không Có Ai"\n'
        f"Trực lãnh đạo,07/02/2027 08:00,07/02/2027 16:00,Nhà kho,{tuyet['email']}\n"
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    report = (await client.post(url + "&dry_run=true", files=csv_file(shifts))).json()
    assert [[(e["field"], e["rule"], e.get("value")) for e in r["errors"]] for r in report["rows"]] == [
        [
            ("site", "site-exists", "Trạm không có thật"),
            ("assignees", "staff-exists", "Nguyễn Văn A"),
            ("ends_at", "end-after-start", "05/02/2027 12:00"),
        ],
        [("assignees", "staff-exists", "Không Có Ai"), ("assignees", "qualified", guard["email"])],
        [("site", "site-exists", "Nhà kho")],
    ]
    assert report["rows"][0]["errors"][2]["message_vi"] == (
        "Giờ kết thúc (05/02/2027 12:00) không sau giờ bắt đầu (05/02/2027 14:00): ca trực qua đêm thì ghi giờ "
        "kết thúc với ngày hôm sau (06/02/2027 12:00)."
    )
    assert [r["staff_ids"] for r in report["rows"]] == [[], [], []]  # a row naming someone not found names nobody
    refused = await client.post(url, files=csv_file(shifts))
    assert refused.status_code == 422
    assert refused.json()["report"]["summary"]["with_errors"] == 3
    assert (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["total"] == 0


async def test_rows_that_cannot_be_read_still_name_their_people_as_written(client, seed) -> None:
    campaign, enterprise, tuyet, duc, _guard, _site = await _roster_sheet(seed)
    decomposed = unicodedata.normalize("NFD", "Phạm  Thị Hồng Nhung")
    long_name = "Tôn Nữ " + "Bảo Ngọc " * 40
    staff = (
        "Họ và tên,Số điện thoại,Chuyên môn\n"
        f"{decomposed},0912 000 001,Đầu bếp\n"
        f"{long_name},12,Kỹ thuật\n"
        ",0912 000 003,Kỹ thuật\n"
    )
    dry = await client.post(f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true", files=csv_file(staff))
    rows = dry.json()["rows"]
    assert [(r["ok"], r["action"]) for r in rows] == [(False, "refused")] * 3
    assert rows[0]["full_name"] == "Phạm Thị Hồng Nhung"  # NFC, spaces collapsed
    assert unicodedata.is_normalized("NFC", rows[0]["full_name"])
    assert len(rows[1]["full_name"]) == 200 and rows[1]["full_name"].startswith("Tôn Nữ Bảo Ngọc")
    assert rows[1]["full_name"].endswith("…")
    assert rows[2]["full_name"] is None  # an empty name cell names nobody

    shifts = (
        "Loại trực,Bắt đầu,Kết thúc,Người trực\n"
        f'Trực nấu ăn,05/02/2027 18:00,06/02/2027 06:00,"{tuyet["email"]}, Trần Văn Đức"\n'
        "Trực điều hành,hôm nay,06/02/2027 06:00,Không Có Ai\n"
        f"Trực điều hành,05/02/2027 18:00,06/02/2027 06:00,{duc['email']}\n"
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}&dry_run=true"
    report = (await client.post(url, files=csv_file(shifts))).json()
    assert [(r["row"], r["ok"], r["assignees"], r["staff_ids"]) for r in report["rows"]] == [
        (2, False, [tuyet["email"], "Trần Văn Đức"], []),
        (3, False, ["Không Có Ai"], []),
        (4, False, [duc["email"]], [duc["id"]]),  # Đức is on row 2 too, at the same time (below)
    ]
    # Row 2's duty type does not read, but its times and people do: row 4's double booking with it is said now,
    # not once row 2 is mended (QA, 2026-12-05: a row's unreadable cell hid the mistakes it makes with others).
    assert [(e["rule"], e.get("other_row")) for e in report["rows"][2]["errors"]] == [("no-double-booking", 2)]


async def test_missing_columns_rows_and_size_limits(client, seed, new_database, kafka, topic_prefix) -> None:
    campaign, enterprise, _ = await seed.world()
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    missing = await client.post(url, files=csv_file("Loại trực,Bắt đầu\nTrực lãnh đạo,05/02/2027 18:00\n"))
    assert missing.status_code == 422
    assert [(e["field"], e["rule"]) for e in missing.json()["errors"]] == [
        ("ends_at", "column-required"),
        ("assignees", "column-required"),
    ]
    unreadable = await client.post(url, files={"file": ("x.xlsx", b"PK\x03\x04garbage", "application/octet-stream")})
    assert unreadable.json()["errors"][0]["rule"] == "readable"
    no_file = await client.post(url)
    assert no_file.status_code == 422 and no_file.json()["errors"][0]["field"] == "body.file"

    settings = RosterSettings(
        database_url=new_database("roster"),
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        import_max_bytes=2048,
        import_max_rows=3,
        log_json=False,
    )
    async with running(create_app(settings)) as small:
        big = await small.post(url, files=csv_file("full_name,qualifications\n" + "Nguyễn Văn A,leader\n" * 200))
        assert big.status_code == 413 and big.json()["status"] == 413
        own = (await small.post("/enterprises", json={"name": "Viettel Long An", "sector": "telecom"})).json()
        long = await small.post(
            f"/imports/staff?enterprise_id={own['id']}",
            files=csv_file("full_name,qualifications\n" + "Nguyễn Văn A,leader\n" * 4),
        )
        assert long.status_code == 422, long.text
        assert (long.json()["errors"][0]["rule"], long.json()["errors"][0]["max_rows"]) == ("max-rows", 3)


async def test_a_stray_quote_or_a_header_without_rows_is_refused_not_read_as_one_row_or_none(client, seed) -> None:
    """The tester's file: line 2's quote never closed. The dry run said "1 row valid, 0 errors" and offered
    to import one person named with the rest of the file; the other two were gone."""
    enterprise = await seed.enterprise()
    url = f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true"
    stray = (
        "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
        '"Trần Văn Một,mot@example.vn,0912345678,Lãnh đạo\n'
        "Lê Văn Hai,hai@example.vn,0912345679,Kỹ thuật\n"
        "Phạm Văn Ba,ba@example.vn,0912345670,Bảo vệ\n"
    )
    response = await client.post(url, files=csv_file(stray))
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["field"], error["rule"], error["line"], error["last_line"]) == ("file", "quotes-closed", 2, 4)
    assert error["message"].startswith("Line 2: a quotation mark")
    assert error["message_vi"].startswith("Dòng 2: dấu ngoặc kép")
    header_only = await client.post(url, files=csv_file("Họ và tên,Email,Số điện thoại,Chuyên môn\n"))
    assert header_only.status_code == 422, header_only.text
    assert [(e["field"], e["rule"], e["message"]) for e in header_only.json()["errors"]] == [
        ("file", "not-empty", "The file has a header row but no data rows: add the rows to import under the header.")
    ]


async def test_the_largest_shift_file_the_default_allows_commits_whole(client, seed) -> None:
    """2,000 rows (import_max_rows' default): a shift, its booking and its event each, held and sent as a
    few statements. Sent as one, they passed asyncpg's 32,767 parameters and the import answered 500."""
    rows_allowed = RosterSettings.model_fields["import_max_rows"].default
    campaign, enterprise, _ = await seed.world()
    first = datetime.fromisoformat(campaign["starts_at"]).astimezone(VN) + timedelta(days=1)
    days = (datetime.fromisoformat(campaign["ends_at"]) - first).days
    people = [await seed.staff(enterprise, f"Nguyễn Văn Trực {i}") for i in range(-(-rows_allowed // days))]
    rows: list[list[object]] = [["Loại trực", "Bắt đầu", "Kết thúc", "Người trực"]]
    for person in people:  # each of them on duty 08:00–12:00 every day: no double booking, rest between
        for day in range(days):
            start = first.replace(hour=8, minute=0) + timedelta(days=day)
            rows.append(["Trực điều hành", f"{start:%d/%m/%Y %H:%M}", f"{start:%d/%m/%Y} 12:00", person["email"]])
    rows = rows[: rows_allowed + 1]
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    done = await client.post(url, files=xlsx_file(rows), timeout=120)
    assert done.status_code == 201, done.text
    assert done.json()["summary"] == {"rows": rows_allowed, "ok": rows_allowed, "with_errors": 0, "with_warnings": 0}
    listed = (await client.get("/shifts", params={"enterprise_id": enterprise["id"], "limit": 1})).json()
    assert listed["total"] == rows_allowed
    assert len({r["shift_id"] for r in done.json()["rows"]}) == rows_allowed


@pytest.mark.parametrize("header", ["full_name", "Họ và tên", "HO VA TEN"])
async def test_header_spellings(client, seed, header) -> None:
    enterprise = await seed.enterprise()
    response = await client.post(
        f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true",
        files=csv_file(f"{header},qualifications\nNguyễn Văn A,guard\n"),
    )
    assert response.json()["rows"][0]["ok"] is True


async def test_a_staff_import_shows_who_each_row_will_be_linked_to_and_links_them(client, seed) -> None:
    vnpt, viettel = await seed.enterprise("VNPT Lai Châu"), await seed.enterprise("Viettel Lai Châu")
    tag = uuid.uuid4().hex[:6]
    phone = "09" + str(uuid.uuid4().int)[:8]
    national_id = str(uuid.uuid4().int)[:12]
    by_phone = await seed.staff(vnpt, "Tao Văn Sương", email=None, phone=phone)
    by_email = await seed.staff(vnpt, "Lò Thị Mai", email=f"mai.{tag}@gmail.com")
    by_id = await seed.staff(vnpt, "Vàng A Chứ", national_id=national_id)
    someone = await seed.staff(vnpt, "Giàng Thị Sú", email=f"su.{tag}@gmail.com")
    url = f"/imports/staff?enterprise_id={viettel['id']}"
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn,Số CCCD\n"
    rows = (
        f"TAO VAN SUONG,,+84{phone[1:]},Bảo vệ,\n"
        f"Lò Thị Mai,mai.{tag}@gmail.com,,Điều hành,\n"
        f"Vàng A Chứ (Viettel),,,Kỹ thuật,{national_id[:4]} {national_id[4:]}\n"
        f"Nguyễn Văn Mới,moi.{tag}@viettel.vn,,Kỹ thuật,\n"
    )
    # An e-mail of another person (another name) is an error of its row, naming the holder and enterprise.
    wrong = await client.post(
        url + "&dry_run=true", files=csv_file(header + rows + f"Hà Văn Khác,su.{tag}@gmail.com,,Kỹ thuật,\n")
    )
    assert wrong.status_code == 200, wrong.text
    [error] = wrong.json()["rows"][4]["errors"]
    assert error["rule"] == "unique-email" and error["staff_id"] == someone["id"]
    assert "Giàng Thị Sú" in error["message_vi"] and vnpt["name"] in error["message_vi"]

    def linked(report: dict) -> list[tuple[str, str, str] | None]:
        out: list[tuple[str, str, str] | None] = []
        for row in report["rows"]:
            [w] = [w for w in row["warnings"] if w["rule"] == "likely-duplicate"] or [None]
            out.append(None if w is None else (w["matched_by"], w["linked_staff_id"], w["enterprise_name"]))
            if w is not None:
                assert vnpt["name"] in w["message_vi"] and vnpt["name"] in w["message"]
                assert not UUID.search(w["message_vi"])
        return out

    expected = [
        ("phone", by_phone["id"], vnpt["name"]),
        ("email", by_email["id"], vnpt["name"]),
        ("national_id", by_id["id"], vnpt["name"]),
        None,
    ]
    dry = await client.post(url + "&dry_run=true", files=csv_file(header + rows))
    assert dry.status_code == 200, dry.text
    assert linked(dry.json()) == expected
    assert "sẽ được liên kết" in dry.json()["rows"][0]["warnings"][-1]["message_vi"]
    assert dry.json()["summary"]["with_warnings"] >= 3

    done = await client.post(url, files=csv_file(header + rows))
    assert done.status_code == 201, done.text
    assert linked(done.json()) == expected
    assert "hai hồ sơ được liên kết" in done.json()["rows"][0]["warnings"][-1]["message_vi"]
    people = {p["id"]: p for p in await staff_of(client, viettel)}
    persons = [people[r["staff_id"]]["person_id"] for r in done.json()["rows"]]
    assert persons[:3] == [by_phone["person_id"], by_email["person_id"], by_id["person_id"]]
    assert persons[3] == done.json()["rows"][3]["staff_id"]
    assert people[done.json()["rows"][2]["staff_id"]]["national_id"] == national_id


async def test_rows_of_one_file_that_are_one_person_are_linked_to_each_other(client, seed) -> None:
    """The file's rows are matched against what an earlier row of it registered (and changed), not
    only against what was registered before: the second row's person is the first's."""
    enterprise = await seed.enterprise("VNPT Điện Biên")
    phone = "09" + str(uuid.uuid4().int)[:8]
    tag = uuid.uuid4().hex[:6]
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
    rows = (
        f"Lù Văn Pủa,pua.{tag}@vnpt.vn,{phone},Điều hành\n"
        f"LU VAN PUA,pua.{tag}@gmail.com,+84{phone[1:]},Kỹ thuật\n"
        f"Lò Văn Khác,khac.{tag}@vnpt.vn,,Kỹ thuật\n"
    )
    done = await client.post(f"/imports/staff?enterprise_id={enterprise['id']}", files=csv_file(header + rows))
    assert done.status_code == 201, done.text
    first, second, other = done.json()["rows"]
    people = {p["id"]: p for p in await staff_of(client, enterprise)}
    assert people[second["staff_id"]]["person_id"] == people[first["staff_id"]]["person_id"] == first["staff_id"]
    assert people[other["staff_id"]]["person_id"] == other["staff_id"]
    [note] = [w for w in second["warnings"] if w["rule"] == "likely-duplicate"]
    assert (note["matched_by"], note["linked_staff_id"]) == ("phone", first["staff_id"])


async def test_a_name_reimported_without_diacritics_keeps_the_stored_spelling_and_the_dry_run_says_what_changes(
    client, seed
) -> None:
    """QA: "Trần Văn QA Bình" imported again as "Tran Van QA Binh" became that, the dry run saying only "update"."""
    enterprise = await seed.enterprise("VNPT Kiên Giang")
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    email = f"qa.binh.{uuid.uuid4().hex[:6]}@vnpt.vn"
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
    first = await client.post(url, files=csv_file(header + f"Trần Văn QA Bình,{email},0912000111,Kỹ thuật\n"))
    assert first.status_code == 201, first.text
    again = header + f"Tran  van QA Binh,{email},0912000222,Kỹ thuật\n"
    dry = await client.post(url + "&dry_run=true", files=csv_file(again))
    assert dry.status_code == 200, dry.text
    [row] = dry.json()["rows"]
    assert (row["action"], row["full_name"]) == ("update", "Trần Văn QA Bình")
    [kept] = [w for w in row["warnings"] if w["rule"] == "name-kept"]
    assert kept["message_vi"] == "Tên trong tệp không dấu; giữ tên đã lưu “Trần Văn QA Bình”."
    assert "Trần Văn QA Bình" in kept["message"]
    assert [(c["field"], c["before"], c["after"]) for c in row["changes"]] == [("phone", "0912000111", "0912000222")]
    assert row["changes"][0]["message_vi"] == "Số điện thoại: 0912000111 → 0912000222"
    done = await client.post(url, files=csv_file(again))
    assert done.status_code == 201, done.text
    [person] = await staff_of(client, enterprise)
    assert (person["full_name"], person["phone"]) == ("Trần Văn QA Bình", "0912000222")
    renamed = await client.post(
        url + "&dry_run=true", files=csv_file(header + f"Trần Văn Bình,{email},0912000222,Kỹ thuật\n")
    )
    [row] = renamed.json()["rows"]  # another name, not the same one without diacritics: the file's is written
    # ... and said, beside the changes' table (QA, 2026-12-04: a manager's e-mail renamed him, said only there)
    [warned] = row["warnings"]
    assert warned["rule"] == "renamed" and warned["message_vi"] == (
        f"Email {email} là của Trần Văn QA Bình: nhập sẽ đổi tên người này thành Trần Văn Bình. "
        "Nếu dòng này là người khác, hãy sửa email."
    )
    assert [(c["field"], c["before"], c["after"]) for c in row["changes"]] == [
        ("full_name", "Trần Văn QA Bình", "Trần Văn Bình")
    ]


async def test_a_row_with_a_persons_e_mail_another_name_and_another_national_id_is_an_error(client, seed) -> None:
    """QA: a row "Trần Thị Hai" with anhptn@…'s e-mail and a new CCCD was only noted "Lưu ý (không chặn việc nhập):
    nhập sẽ đổi tên người này thành Trần Thị Hai", and would have taken over her record and her qualification. It is
    an error of the row, naming whose the e-mail is (a commit imports nothing); her rename with her own CCCD is not."""
    enterprise = await seed.enterprise("VNPT Long An")
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    tag = uuid.uuid4().hex[:6]
    email, own_id, new_id = (
        f"anhptn.{tag}@vnpt.vn",
        "0801" + str(uuid.uuid4().int)[:8],
        "0802" + str(uuid.uuid4().int)[:8],
    )
    header = "Họ và tên,Email,Chuyên môn,Số CCCD\n"
    first = await client.post(url, files=csv_file(header + f"Phạm Thị Ngọc Anh,{email},Điều hành,{own_id}\n"))
    assert first.status_code == 201, first.text
    other = header + f"Lê Văn Mới,moi.{tag}@vnpt.vn,Kỹ thuật,\nTrần Thị Hai,{email},Bảo vệ,{new_id}\n"
    dry = await client.post(url + "&dry_run=true", files=csv_file(other))
    assert dry.status_code == 200, dry.text
    assert dry.json()["summary"] == {"rows": 2, "ok": 1, "with_errors": 1, "with_warnings": 0}
    row = dry.json()["rows"][1]
    [error] = row["errors"]
    assert (error["field"], error["rule"], error["value"]) == ("email", "email-of-another-person", email)
    assert error["message_vi"].startswith(
        f"Email {email} là của Phạm Thị Ngọc Anh, nhưng dòng này ghi tên khác (Trần Thị Hai) và số CCCD khác với số "
        "CCCD đã lưu của người này"
    )
    assert "hãy sửa email; nếu đúng là Phạm Thị Ngọc Anh đổi tên, hãy ghi đúng số CCCD" in error["message_vi"]
    assert row["warnings"] == []  # not a rename to note
    # nor changes to list: a row in error is not applied (QA: its rename, phone and CCCD were listed as changes)
    # nor what it would do (N3: its action said "update", which the portal had to know to ignore)
    assert "changes" not in row and row["action"] == "refused"
    refused = await client.post(url, files=csv_file(other))
    assert refused.status_code == 422, refused.text
    [anh] = await staff_of(client, enterprise)  # nothing imported: not the other row either
    assert (anh["full_name"], anh["qualifications"], anh["national_id"]) == ("Phạm Thị Ngọc Anh", ["operator"], own_id)
    renamed = header + f"Trần Thị Ngọc Anh,{email},Điều hành,{own_id}\n"  # her own CCCD: a rename, noted
    done = await client.post(url, files=csv_file(renamed))
    assert done.status_code == 201, done.text
    assert [w["rule"] for w in done.json()["rows"][0]["warnings"]] == ["renamed"]
    [anh] = await staff_of(client, enterprise)
    assert anh["full_name"] == "Trần Thị Ngọc Anh"


async def test_a_name_reimported_with_the_diacritics_the_stored_one_lacks_is_written(client, seed) -> None:
    """QA: stored "Tran Van QA Binh", file "Trần Văn QA Bình" (same e-mail): warned "Tên trong tệp không dấu; giữ
    tên đã lưu “Tran Van QA Binh”" and the name stayed unaccented."""
    enterprise = await seed.enterprise("VNPT Bạc Liêu")
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    email = f"qa.binh.{uuid.uuid4().hex[:6]}@vnpt.vn"
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
    first = await client.post(url, files=csv_file(header + f"Tran Van QA Binh,{email},0912000111,Kỹ thuật\n"))
    assert first.status_code == 201, first.text
    again = header + f"Trần Văn QA Bình,{email},0912000111,Kỹ thuật\n"
    dry = await client.post(url + "&dry_run=true", files=csv_file(again))
    assert dry.status_code == 200, dry.text
    [row] = dry.json()["rows"]
    assert (row["action"], row["full_name"]) == ("update", "Trần Văn QA Bình")
    assert [w["rule"] for w in row["warnings"]] == []
    assert [(c["field"], c["before"], c["after"]) for c in row["changes"]] == [
        ("full_name", "Tran Van QA Binh", "Trần Văn QA Bình")
    ]
    done = await client.post(url, files=csv_file(again))
    assert done.status_code == 201, done.text
    [person] = await staff_of(client, enterprise)
    assert person["full_name"] == "Trần Văn QA Bình"


async def test_rows_that_are_people_of_the_enterprise_already_or_of_each_other_are_told(client, seed) -> None:
    """QA: (a) two rows, same name and phone, other e-mails: both "create", nothing said; (b) a row with the name
    and phone of a record of the same enterprise: "create" with a warning of "two enterprises"; (c) a name without
    diacritics of someone already there, no e-mail: nothing said."""
    enterprise = await seed.enterprise("VNPT Hậu Giang")
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    tag = uuid.uuid4().hex[:6]
    phone = "09" + str(uuid.uuid4().int)[:8]
    tuyet = await seed.staff(enterprise, "Nguyễn Thị Ánh Tuyết", email=f"tuyet.{tag}@vnpt.vn")
    sau = await seed.staff(enterprise, "Lê Văn Sáu", email=f"sau.{tag}@vnpt.vn", phone=phone)
    header = "Họ và tên,Email,Số điện thoại,Chuyên môn\n"
    rows = (
        f"Phạm Văn Hai,hai.{tag}@vnpt.vn,0933{phone[4:]},Kỹ thuật\n"
        f"Phạm Văn Hai,hai.{tag}@gmail.com,0933{phone[4:]},Kỹ thuật\n"
        f"LE VAN SAU,,{phone},Bảo vệ\n"
        f"Nguyen Thi Anh Tuyet,,,Điều hành\n"
        f"Lê Văn Sáu,sau.khac.{tag}@gmail.com,{phone},Kỹ thuật\n"
    )
    dry = await client.post(url + "&dry_run=true", files=csv_file(header + rows))
    assert dry.status_code == 200, dry.text
    one, two, same, unaccented, emailed = dry.json()["rows"]

    def rules(row: dict) -> list[str]:
        return [w["rule"] for w in row["warnings"]]

    # (a) the second row is said to be the first's person, by row number.
    assert rules(one) == [] and "same-person-in-file" in rules(two)
    [said] = [w for w in two["warnings"] if w["rule"] == "same-person-in-file"]
    assert "Dòng 3" in said["message_vi"] and "dòng 2" in said["message_vi"] and said["other_row"] == 2
    # (b) without an e-mail it is that record, updated as an e-mail would (its stored name kept).
    assert (same["action"], same["full_name"]) == ("update", "Lê Văn Sáu")
    assert "same-record" in rules(same) and "email-recommended" not in rules(same)
    [said] = [w for w in same["warnings"] if w["rule"] == "same-record"]
    assert enterprise["name"] in said["message_vi"] and "hai doanh nghiệp" not in said["message_vi"]
    assert [(c["field"], c["after"]) for c in same["changes"]] == [("qualifications", ["guard"])]
    # ... with another e-mail it would be a second record of this enterprise, and the warning says so.
    assert emailed["action"] == "create"
    [said] = [w for w in emailed["warnings"] if w["rule"] == "likely-duplicate"]
    assert said["linked_staff_id"] == sau["id"]
    assert "hồ sơ thứ hai của " + enterprise["name"] in said["message_vi"]
    assert "hai doanh nghiệp" not in said["message_vi"] and "both enterprises" not in said["message"]
    # (c) the name of someone there already, but for diacritics: said, naming them.
    assert unaccented["action"] == "create"
    [said] = [w for w in unaccented["warnings"] if w["rule"] == "similar-name"]
    assert "“Nguyễn Thị Ánh Tuyết”" in said["message_vi"] and "“Nguyễn Thị Ánh Tuyết”" in said["message"]

    done = await client.post(url, files=csv_file(header + rows))
    assert done.status_code == 201, done.text
    assert done.json()["rows"][2]["staff_id"] == sau["id"]
    people = await staff_of(client, enterprise)
    sau_now = next(p for p in people if p["id"] == sau["id"])
    assert (sau_now["full_name"], sau_now["qualifications"]) == ("Lê Văn Sáu", ["guard"])
    assert [p["full_name"] for p in people].count("Nguyễn Thị Ánh Tuyết") == 1 and tuyet["id"]


async def test_each_row_error_names_the_cell_as_the_file_wrote_it(client, seed) -> None:
    # QA: the portal's dry run showed "Giá trị trong tệp: —" for a person not found and a start refused: it
    # could only show a value some English messages quote. The report says the cell itself, whatever the rule.
    campaign, enterprise, tuyet, duc, guard, _site = await _roster_sheet(seed)
    shifts = (
        "Loại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực\n"
        f'Trực điều hành,05/02/2027 18:00,06/02/2027 06:00,,"{duc["email"]}, Le  Minh Tuan"\n'
        f"Trực điều hành,10/12/2026 08:00,10/12/2026 16:00,,{duc['email']}\n"
        f"Trực lãnh đạo,07/02/2027 08:00,07/02/2027 16:00,,{guard['email']}\n"
        f"Trực điều hành,ngày mai,07/02/2027 16:00,Nhà kho,{tuyet['email']}\n"
        "Trực điều hành,08/02/2027 08:00,08/02/2027 16:00,,\n"
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}&dry_run=true"
    report = (await client.post(url, files=csv_file(shifts))).json()
    assert [[(e["field"], e["rule"], e.get("value")) for e in r["errors"]] for r in report["rows"]] == [
        [("assignees", "staff-exists", "Le Minh Tuan")],  # the person not found, not the whole cell
        [("starts_at", "inside-campaign", "10/12/2026 08:00"), ("ends_at", "inside-campaign", "10/12/2026 16:00")],
        [("assignees", "qualified", guard["email"])],
        [("starts_at", "datetime-format", "ngày mai"), ("site", "site-exists", "Nhà kho")],  # both at once
        [("assignees", "at-least-one", None)],  # an empty cell has no value to show
    ]

    staff = (
        "Họ và tên,Email,Số CCCD,Chuyên môn\n"
        f"Trần Thị Mai,mai.{uuid.uuid4().hex[:6]}@vnpt,12345,Kỹ thuật\n"
        f"Trần Thị Lan,{tuyet['email'].upper()},,Đầu bếp\n"
    )
    report = (
        await client.post(f"/imports/staff?enterprise_id={enterprise['id']}&dry_run=true", files=csv_file(staff))
    ).json()
    errors = {(r["row"], e["field"], e["rule"]): e.get("value") for r in report["rows"] for e in r["errors"]}
    assert errors[(2, "national_id", "national-id-format")] == "12345"
    assert errors[(3, "qualifications", "known-qualification")] == "Đầu bếp"
    # a commit refused says the same values
    refused = await client.post(f"/imports/staff?enterprise_id={enterprise['id']}", files=csv_file(staff))
    assert refused.status_code == 422
    assert {(e.get("row"), e["rule"], e.get("value")) for e in refused.json()["errors"][1:]} >= {
        (2, "national-id-format", "12345")
    }


async def test_an_office_workbook_is_read_as_it_is_made_and_the_report_says_how(client, seed) -> None:
    """QA round 6's files in one: a "Ghi chú" sheet in front, a header over two rows (a merged "Thông tin liên hệ"
    over "Email" and "Số điện thoại"), a row hidden by a filter, and the director's signature under the table."""
    enterprise = await seed.enterprise()
    tag = uuid.uuid4().hex[:6]
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["Danh sách do phòng TCHC lập ngày 15/01/2027"])
    sheet = book.create_sheet("Danh sách")
    for row in (
        ["STT", "Họ và tên (*)", "Thông tin liên hệ", None, "Chuyên môn *"],
        [None, None, "Email", "Số điện thoại", None],
        [1, "Quách Thị Mơ", f"mo.{tag}@vnpt-la.vn", "0912 345 731", "Kỹ thuật"],
        [2, "Hà Văn Hiện", f"hien.{tag}@vnpt-la.vn", "0912 345 741", "Bảo vệ"],
        [],
        [None, None, None, "GIÁM ĐỐC"],
        [None, None, None, "Nguyễn Văn Hùng"],
    ):
        sheet.append(row)
    for cells in ("C1:D1", "A1:A2", "B1:B2", "E1:E2"):
        sheet.merge_cells(cells)
    sheet.row_dimensions[4].hidden = True
    sheet.auto_filter.ref = "A2:E4"
    # QA round 7: a hidden column the import reads was said nowhere; one it does not read ("STT") is only ignored
    sheet.column_dimensions["D"].hidden = True
    sheet.column_dimensions["A"].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    upload = {"file": ("ds.xlsx", buffer.getvalue(), "application/octet-stream")}
    url = f"/imports/staff?enterprise_id={enterprise['id']}"
    dry = await client.post(url + "&dry_run=true", files=upload)
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert [(r["row"], r["ok"]) for r in report["rows"]] == [(3, True), (4, True)]
    assert [(n["rule"], n.get("rows")) for n in report["notes"]] == [
        ("sheet-read", None),
        ("two-row-header", [1, 2]),
        ("after-table", [6, 7]),
        ("hidden-rows", [4]),
        ("hidden-columns", None),
    ]
    assert all(n["message"] and n["message_vi"] for n in report["notes"])
    assert report["notes"][-1]["columns"] == ["Số điện thoại"]
    assert report["notes"][-1]["message_vi"].startswith("Cột “Số điện thoại” đang bị ẩn trong tệp: vẫn được đọc")
    assert report["ignored_columns"] == ["STT"]
    done = await client.post(url, files=upload)
    assert done.status_code == 201, done.text
    assert sorted((p["full_name"], p["email"], p["phone"]) for p in await staff_of(client, enterprise)) == [
        ("Hà Văn Hiện", f"hien.{tag}@vnpt-la.vn", "0912345741"),
        ("Quách Thị Mơ", f"mo.{tag}@vnpt-la.vn", "0912345731"),
    ]
    # An old Excel workbook: said so, with what to do (QA: "not saved as UTF-8 … save as CSV UTF-8").
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    old = await client.post(url + "&dry_run=true", files={"file": ("ds.xls", xls, "application/vnd.ms-excel")})
    assert old.status_code == 422
    [error] = old.json()["errors"]
    assert error["rule"] == "old-excel" and "Sổ làm việc Excel (*.xlsx)" in error["message_vi"]


async def test_every_import_reads_a_date_alike_an_excel_number_with_a_note_and_a_two_digit_year_told(
    client, seed
) -> None:
    """QA round 7: the Tết-hours import refused an Excel date serial in its “Ngày” column that the shift import read
    with a note; "08/02/27" was told only that it is not a date. Both imports read a day by one rule."""
    campaign, enterprise, person = await seed.world()
    serial = (datetime(2027, 2, 6) - datetime(1899, 12, 30)).days  # mùng 1 Tết
    # Tết hours: a post office of a postal enterprise, its day as Excel's number, and one with a two-digit year
    post = await seed.enterprise("Bưu điện tỉnh Long An", sector="postal")
    point = await seed.site(post, "Điểm giao dịch Tân Hưng", kind="transaction_point", district="Huyện Tân Hưng")
    manager = auth(principal("manager", enterprises=(post["id"],)))
    hours = xlsx_file(
        [
            ["Bưu cục/điểm giao dịch", "Ngày", "Giờ mở cửa"],
            [point["name"], serial, "Nghỉ"],
            [point["name"], "08/02/27", "07:30-11:30"],
        ]
    )
    where = {"campaign_id": campaign["id"], "enterprise_id": post["id"], "dry_run": "true"}
    report = (await client.post("/imports/tet-hours", params=where, files=hours, headers=manager)).json()
    read, short = report["rows"]
    assert (read["errors"], read["day"], read["open"]) == ([], "2027-02-06", False)
    [note] = read["warnings"]
    assert (note["rule"], note["value"]) == ("date-serial", str(serial))
    assert f"Ô “Ngày” chứa số {serial}, là cách Excel lưu một ngày: đã đọc là ngày 06/02/2027." in note["message_vi"]
    [error] = short["errors"]
    assert (error["field"], error["rule"]) == ("date", "date")
    assert error["message_vi"] == "“08/02/27”: hãy ghi năm đủ 4 chữ số, ví dụ 08/02/2027"
    assert error["message"].startswith("“08/02/27”: write the year in four digits, e.g. 08/02/2027")

    # Shifts: the same note for the number (as before), the same words for the two-digit year, in the "Ngày" column
    # and in a start written with its day
    shifts = xlsx_file(
        [
            ["Ngày", "Loại trực", "Bắt đầu", "Kết thúc", "Người trực"],
            [serial, "Trực điều hành", "07:00", "19:00", person["email"]],
            ["08/02/27", "Trực điều hành", "07:00", "19:00", person["email"]],
            [None, "Trực điều hành", "08/02/27 07:00", "08/02/2027 19:00", person["email"]],
        ]
    )
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}&dry_run=true"
    rows = (await client.post(url, files=shifts)).json()["rows"]
    assert [w["rule"] for w in rows[0]["warnings"] if w["rule"] == "date-serial"] == ["date-serial"]
    assert [(e["field"], e["message_vi"]) for e in rows[1]["errors"]] == [
        ("date", "Ngày: “08/02/27”: hãy ghi năm đủ 4 chữ số, ví dụ 08/02/2027")
    ]
    assert [(e["field"], e["message_vi"]) for e in rows[2]["errors"]] == [
        ("starts_at", "Bắt đầu: “08/02/27 07:00”: hãy ghi năm đủ 4 chữ số, ví dụ 08/02/2027 07:00")
    ]
