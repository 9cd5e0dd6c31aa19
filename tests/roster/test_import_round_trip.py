"""The staff list and the roster downloaded as the imports' own files (GET /imports/staff|shifts/template) import
back unchanged: every row "unchanged", nothing written; one cell edited, that one change."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl

from support import auth, principal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(data: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_xlsx(rows: list[list[object]]) -> bytes:
    """The rows as Excel saves them again: the same sheet, the Text cells kept as text."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_staff_list_downloaded_imports_back_unchanged_and_one_edit_is_one_change(client, seed) -> None:
    _campaign, enterprise, _tuyet = await seed.world()
    # A phone and a CCCD number with leading zeros, a person without e-mail (matched by name and phone), an
    # inactive one writing English.
    await seed.staff(enterprise, "Trần Văn Đức", phone="0987654321", national_id="001099012345")
    await seed.staff(enterprise, "Đặng Văn Bảo", qualifications=["guard"], email=None, phone="0912000111")
    await seed.staff(enterprise, "Ánh Hồng", qualifications=["operator"], active=False, language="en")
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    url = f"/imports/staff/template?enterprise_id={enterprise['id']}"

    got = await client.get(url, headers=manager)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == XLSX
    assert "Danh%20s%C3%A1ch%20c%C3%A1n%20b%E1%BB%99" in got.headers["content-disposition"]
    rows = read_xlsx(got.content)
    assert rows[0] == ["Họ và tên", "Email", "Số điện thoại", "Chuyên môn", "Đang hoạt động", "Ngôn ngữ", "Số CCCD"]
    # Vietnamese name order: Á after A, Đ after D (not after Z as code points put it), Tr after N.
    assert [r[0] for r in rows[1:]] == ["Ánh Hồng", "Đặng Văn Bảo", "Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"]
    duc = rows[4]
    assert (duc[2], duc[6]) == ("0987654321", "001099012345")  # text, the leading zeros kept
    assert rows[1][4:6] == ["Không", "Tiếng Anh"]
    assert rows[2][1] is None and rows[2][3] == "Bảo vệ"

    import_url = f"/imports/staff?enterprise_id={enterprise['id']}"
    before = (await client.get("/staff", params={"enterprise_id": enterprise["id"]})).json()["items"]
    for data, name in ((got.content, "ds.xlsx"), ((await client.get(url + "&format=csv")).content, "ds.csv")):
        done = await client.post(import_url, files={"file": (name, data, "application/octet-stream")})
        assert done.status_code == 201, done.text
        report = done.json()["rows"]
        assert [(r["full_name"], r["action"], r["errors"]) for r in report] == [
            (r[0], "unchanged", []) for r in rows[1:]
        ]
        # the person without e-mail is found by name and phone number, said as for any such row
        assert [[w["rule"] for w in r["warnings"]] for r in report] == [[], ["same-record"], [], []]
    after = (await client.get("/staff", params={"enterprise_id": enterprise["id"]})).json()["items"]
    assert [(s["id"], s["version"]) for s in after] == [(s["id"], s["version"]) for s in before]

    rows[4][2] = "0987000111"  # Đức's phone, in Excel
    edited = await client.post(
        import_url + "&dry_run=true", files={"file": ("ds.xlsx", as_xlsx(rows), "application/octet-stream")}
    )
    report = edited.json()["rows"]
    assert [r["action"] for r in report] == ["unchanged", "unchanged", "unchanged", "update"]
    assert [c["message_vi"] for c in report[3]["changes"]] == ["Số điện thoại: 0987654321 → 0987000111"]

    # Z14: the download follows the list's filters (the name searched as GET /staff?q= finds it, a qualification,
    # at work or not) and its name says them; without them it is the whole list
    narrowed = await client.get(url + "&q=van&qualification=technician", headers=manager)
    assert [r[0] for r in read_xlsx(narrowed.content)[1:]] == ["Trần Văn Đức"]
    assert narrowed.headers["x-row-count"] == "1"
    said = "Danh sách cán bộ - " + enterprise["name"] + " - tên có “van” - Kỹ thuật.xlsx"
    assert quote(said, safe="") in narrowed.headers["content-disposition"]
    resting = await client.get(url + "&active=false&format=csv", headers=manager)
    assert quote("ngừng trực.csv", safe="") in resting.headers["content-disposition"]
    assert resting.headers["x-row-count"] == "1" and "Ánh Hồng" in resting.content.decode("utf-8-sig")


async def test_the_roster_downloaded_imports_back_unchanged_and_one_edit_is_one_change(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    twin = await seed.staff(enterprise, "Trần Văn Đức", qualifications=["guard"])  # a name two people share
    site = await seed.site(enterprise, "Trung tâm điều hành")
    url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    rows = [
        ["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"],
        ["Trực lãnh đạo", "05/02/2027 18:00", "06/02/2027 06:00", site["name"], tuyet["email"], "Giao thừa"],
        ["Trực điều hành", "06/02/2027 06:00", "07/02/2027 06:00", None, duc["email"], None],
        ["Tuần tra, bảo vệ", "06/02/2027 06:00", "06/02/2027 18:00", site["name"], twin["email"], None],
    ]
    made = await client.post(url + "&publish=true", files={"file": ("l.xlsx", as_xlsx(rows[:3]), XLSX)})
    assert made.status_code == 201, made.text
    drafted = await client.post(url, files={"file": ("l.xlsx", as_xlsx([rows[0], rows[3]]), XLSX)})  # a draft
    assert drafted.status_code == 201, drafted.text
    shift_ids = [r["shift_id"] for r in made.json()["rows"] + drafted.json()["rows"]]

    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    template = f"/imports/shifts/template?campaign_id={campaign['id']}&enterprise_id={enterprise['id']}"
    got = await client.get(template, headers=manager)
    assert got.status_code == 200, got.text
    sheet = read_xlsx(got.content)
    # QZ8: the draft is marked beside it, and the first line says how many the file has — a sheet printed or passed
    # on does not pass it as the roster
    title = (
        "Tệp có 1 ca nháp — chưa công bố, chưa báo cho ai: ghi “Nháp — chưa công bố” ở cột “Trạng thái”. "
        "Hãy công bố trên bảng trực trước khi gửi bảng này đi như lịch trực."
    )
    assert sheet == [
        [title, None, None, None, None, None, None, None],
        ["Ngày", "Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú", "Trạng thái"],
        [
            "05/02/2027",
            "Trực lãnh đạo",
            "18:00",
            "06:00",
            site["name"],
            "Nguyễn Thị Ánh Tuyết",
            "Giao thừa",
            "Đã công bố",
        ],
        ["06/02/2027", "Trực điều hành", "06:00", "06:00", None, duc["email"], None, "Đã công bố"],
        ["06/02/2027", "Tuần tra, bảo vệ", "06:00", "18:00", site["name"], twin["email"], None, "Nháp — chưa công bố"],
    ]
    # in English, and in the CSV alike
    english = read_xlsx((await client.get(template + "&lang=en", headers=manager)).content)
    assert english[0][0] == (
        "1 draft shift in this file — not published, nobody told: marked “Draft — not published” in the “Trạng thái” "
        "column. Publish them on the board before passing this sheet on as the roster."
    )
    assert [r[7] for r in english[2:]] == ["Published", "Published", "Draft — not published"]
    lines = (await client.get(template + "&format=csv")).content.decode("utf-8-sig").splitlines()
    assert lines[0] == f'"{title}"' and lines[1].endswith(",Trạng thái")
    assert lines[4].endswith(",Nháp — chưa công bố") and lines[2].endswith(",Đã công bố")

    shifts_before = (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["items"]
    csv_file = (await client.get(template + "&format=csv")).content
    for data in (as_xlsx(sheet), csv_file):
        done = await client.post(url, files={"file": ("l", data, "application/octet-stream")})
        assert done.status_code == 201, done.text
        assert [(r["action"], r["shift_id"], r["errors"]) for r in done.json()["rows"]] == [
            ("unchanged", shift_ids[0], []),
            ("unchanged", shift_ids[1], []),
            ("unchanged", shift_ids[2], []),
        ]
        assert done.json()["ignored_columns"] == [] and done.json()["notes"] == []  # its line and status column known
    shifts_after = (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["items"]
    assert [(s["id"], s["version"]) for s in shifts_after] == [(s["id"], s["version"]) for s in shifts_before]

    sheet[4][6] = "Cổng sau"  # the patrol's note, in Excel
    edited = await client.post(url, files={"file": ("l.xlsx", as_xlsx(sheet), XLSX)})
    assert edited.status_code == 201, edited.text
    report = edited.json()["rows"]
    assert [r["action"] for r in report] == ["unchanged", "unchanged", "update"]
    assert [c["message_vi"] for c in report[2]["changes"]] == ["Ghi chú: — → Cổng sau"]
    patrol = (await client.get(f"/shifts/{shift_ids[2]}")).json()
    assert patrol["notes"] == "Cổng sau"
    assert (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["total"] == 3
