"""Importing shifts from a spreadsheet in a real browser over the real services: the template
downloaded through the page (its Vietnamese headers read back with openpyxl), filled in with
one bad row, the dry-run table naming the row, the column and the problem in Vietnamese, the
corrected file committed, and the shifts on the board.

Data: the radio and television station of the demo, on mùng 8 Tết, with two operators the test
registers itself; the shifts it imports are cancelled again when it ends."""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import openpyxl
import pytest
from playwright.sync_api import expect

from browser_support import sign_in

STATION = "Đài Phát thanh và Truyền hình Long An"
SITE = "Trung tâm Tổng khống chế"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"]
NOBODY = "Lưu Văn Không Có"


def filled(template: bytes, rows: Sequence[Sequence[object]]) -> bytes:
    """The downloaded template with `rows` under its header row."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def station_people(portal_stack) -> Iterator[tuple[httpx.Client, dict[str, dict]]]:
    """Two operators of the station registered for this test (name → staff record); their
    shifts are cancelled when the test ends."""
    manager = portal_stack.managers[STATION]
    with portal_stack.api("roster", manager) as roster:
        people = {}
        for name in ("Thạch Thị Ngọc Hân", "Kha Văn Lộc"):
            made = roster.post(
                "/staff",
                json={
                    "enterprise_id": manager.enterprise_id,
                    "full_name": name,
                    "email": f"nv.{secrets.token_hex(4)}@la34-longan.vn",
                    "qualifications": ["operator"],
                },
            )
            assert made.status_code == 201, made.text
            people[name] = made.json()
        yield roster, people
        for person in people.values():
            for listed in roster.get("/shifts", params={"staff_id": person["id"], "limit": 50}).json()["items"]:
                # Read again: cancelling one shift makes its neighbours' rest warnings, hence their versions, new.
                shift = roster.get(f"/shifts/{listed['id']}").json()
                if shift["status"] != "cancelled":
                    roster.post(
                        f"/shifts/{shift['id']}/cancel",
                        headers={"If-Match": f'"{shift["version"]}"'},
                        json={"reason": "Kết thúc bài kiểm thử"},
                    ).raise_for_status()


def test_import_shifts_from_the_template_with_a_bad_row_then_commit(new_page, portal_stack, station_people) -> None:
    stack = portal_stack
    roster, people = station_people
    manager = stack.managers[STATION]
    han, loc = people["Thạch Thị Ngọc Hân"], people["Kha Văn Lộc"]
    good = [
        ("Trực điều hành", "13/02/2027 08:00", "13/02/2027 16:00", SITE, han["full_name"], "Ca nhập từ tệp"),
        ("Trực điều hành", "13/02/2027 16:00", "13/02/2027 22:00", "", loc["email"], "Ca nhập từ tệp"),
    ]
    bad_row = ("Trực điều hành", "13/02/2027 22:00", "14/02/2027 06:00", "", NOBODY, "Ca nhập từ tệp")

    page = new_page()
    sign_in(page, stack, manager)
    page.goto("/manage/imports")
    card = page.locator("section.card", has=page.get_by_role("heading", name="Nhập ca trực"))

    # The templates, downloaded through the page: the Vietnamese headers roster reads.
    with page.expect_download() as got:
        card.get_by_role("link", name="Excel (.xlsx)").click()
    assert got.value.suggested_filename == "mau-nhap-ca-truc.xlsx"
    template = Path(got.value.path()).read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(template))
    assert book.sheetnames == ["Ca trực", "Hướng dẫn"]
    assert [c.value for c in book["Ca trực"][1]] == HEADERS
    assert book["Ca trực"].max_row == 1  # nothing but the header row to fill in
    guide = {row[0]: row[1] for row in book["Hướng dẫn"].iter_rows(min_row=2, values_only=True)}
    assert guide["Bắt đầu"].startswith("Bắt buộc. Ngày giờ bắt đầu theo giờ Việt Nam")
    with page.expect_download() as got:
        card.get_by_role("link", name="CSV (UTF-8)").click()
    assert got.value.suggested_filename == "mau-nhap-ca-truc.csv"
    with open(got.value.path(), encoding="utf-8-sig", newline="") as csv_file:
        note, guide_row, header = list(csv.reader(csv_file))  # QA: the CSV was the header row alone
    assert header == HEADERS and note[0].startswith("Hai dòng đầu là hướng dẫn, không được nhập")
    assert dict(zip(header, guide_row, strict=True))["Bắt đầu"] == (
        "Bắt buộc. Ngày giờ bắt đầu theo giờ Việt Nam, ghi theo thứ tự ngày/tháng/năm giờ:phút (05/02/2027 18:00 là 18:00 ngày 5 tháng 2 năm 2027). Ví dụ: 05/02/2027 18:00"
    )
    # The same guide on the page, beside the links.
    card.get_by_role("link", name="Cách ghi từng cột").click()
    columns = page.get_by_role("table", name="Nhập ca trực")
    expect(columns).to_be_in_viewport()
    expect(columns.get_by_role("row", name=re.compile("^Bắt đầu"))).to_contain_text("05/02/2027 18:00")

    # The template filled in with one row naming nobody of the station: the dry run says where and why.
    card.get_by_label("Doanh nghiệp").select_option(label=STATION)
    card.get_by_label("Đợt trực").select_option(label="Tết Đinh Mùi 2027")
    card.get_by_label("Tệp bảng tính").set_input_files(
        files=[{"name": "ca-truc-mung-8.xlsx", "mimeType": XLSX, "buffer": filled(template, [*good, bad_row])}]
    )
    card.get_by_role("button", name="Kiểm tra thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả kiểm tra thử")
    expect(page.locator("dl.import-facts")).to_contain_text(STATION)
    expect(page.get_by_role("status").filter(has_text="dòng dữ liệu")).to_have_text(
        "3 dòng dữ liệu: 2 dòng hợp lệ, 1 dòng có lỗi."
    )
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("th")).to_have_text("Dòng 4")
    expect(errors.first.locator("td").nth(0)).to_have_text(NOBODY)  # who the row names, though it is wrong
    expect(errors.first.locator("td").nth(1)).to_have_text("Người trực")
    expect(errors.first.locator("td").nth(2)).to_have_text(NOBODY)
    expect(errors.first.locator("td").nth(3)).to_have_text(
        f"Không có cán bộ nào của doanh nghiệp có email hoặc tên “{NOBODY}”."
    )
    expect(page.get_by_role("button", name=re.compile("^Nhập"))).to_have_count(0)  # nothing to commit yet
    assert roster.get("/shifts", params={"staff_id": han["id"]}).json()["items"] == []  # a dry run writes nothing

    # The corrected file: the last row given to a real colleague; then committed.
    fixed = (*bad_row[:4], han["full_name"], bad_row[5])
    page.get_by_label("Tệp đã sửa").set_input_files(
        files=[{"name": "ca-truc-mung-8-da-sua.xlsx", "mimeType": XLSX, "buffer": filled(template, [*good, fixed])}]
    )
    page.get_by_role("button", name="Kiểm tra thử").click()
    expect(page.get_by_role("status").filter(has_text="dòng dữ liệu")).to_have_text(
        "3 dòng dữ liệu: 3 dòng hợp lệ, 0 dòng có lỗi."
    )
    expect(page.locator("table.import-errors")).to_have_count(0)
    # Row 4 puts Hân on the night after her day shift of row 2: warned about on both rows (each names the other),
    # in words, not blocking.
    warnings = page.locator("table", has=page.get_by_role("columnheader", name="Lưu ý")).locator("tbody tr")
    expect(warnings).to_have_count(2)
    expect(warnings.locator("th")).to_have_text(["Dòng 2", "Dòng 4"])
    for row in (warnings.first, warnings.last):
        expect(row).to_contain_text(f"{han['full_name']} chỉ được nghỉ 6 giờ giữa ca này và ca")
    page.get_by_role("button", name="Nhập 3 dòng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhập xong")
    expect(page.get_by_role("status")).to_have_text(f"Đã nhập 3 ca trực (bản nháp) cho {STATION}.")
    expect(page.locator("p", has_text="Thêm mới")).to_have_text(
        "Thêm mới 3 ca, cập nhật 0 ca, 0 ca không đổi (đã có sẵn, không ghi lại)."
    )

    # The board of that station and campaign shows them, as drafts, on mùng 8 (and the night's morning after).
    page.get_by_role("link", name="Xem bảng trực").click()
    expect(page.get_by_role("heading", name=f"Bảng trực · {STATION}")).to_be_visible()
    expect(page.get_by_test_id("cell-2027-02-13-operations")).to_contain_text("3 nháp")
    expect(page.get_by_test_id("cell-2027-02-14-operations")).to_contain_text("1 nháp")
    page.get_by_test_id("cell-2027-02-13-operations").get_by_role("link").click()
    cards = page.locator("#cell-panel article.shift-card", has_text="Ca nhập từ tệp")
    expect(cards).to_have_count(3)
    first = cards.filter(has=page.get_by_role("heading", name="08:00 13/02/2027 (Mùng 8 tháng Giêng Đinh Mùi) → 16:00"))
    expect(first).to_contain_text(han["full_name"])
    expect(first).to_contain_text(SITE)
    expect(first).to_contain_text("Nháp (chưa công bố)")
    second = cards.filter(
        has=page.get_by_role("heading", name="16:00 13/02/2027 (Mùng 8 tháng Giêng Đinh Mùi) → 22:00")
    )
    expect(second).to_contain_text(loc["full_name"])
    night = cards.filter(
        has=page.get_by_role("heading", name="22:00 13/02/2027 (Mùng 8 tháng Giêng Đinh Mùi) → 06:00 14/02")
    )
    expect(night).to_contain_text(han["full_name"])
    expect(night.locator(".shift-warnings")).to_contain_text(
        f"{han['full_name']} chỉ được nghỉ 6 giờ giữa ca này và ca Trực điều hành lúc "
        "08:00 13/02/2027 (Mùng 8 tháng Giêng Đinh Mùi) → 16:00."
    )  # the other shift of the file, named by its time
    imported = roster.get("/shifts", params={"staff_id": han["id"], "status": "draft"}).json()["items"]
    assert len(imported) == 2 and all(s["duty_type"] == "operations" for s in imported)

    # The same file again: each row is a shift already there, said so, nothing planned twice (roster's round trip).
    page.goto("/manage/imports")
    card.get_by_label("Doanh nghiệp").select_option(label=STATION)
    card.get_by_label("Đợt trực").select_option(label="Tết Đinh Mùi 2027")
    card.get_by_label("Tệp bảng tính").set_input_files(
        files=[{"name": "ca-truc-mung-8-da-sua.xlsx", "mimeType": XLSX, "buffer": filled(template, [*good, fixed])}]
    )
    card.get_by_role("button", name="Kiểm tra thử").click()
    expect(page.locator("p.import-actions")).to_have_text(
        "Thêm mới 0 ca, cập nhật 0 ca, 3 ca không đổi (đã có sẵn, không ghi lại)."
    )
    expect(page.locator("#nothing-to-import")).to_contain_text("nhập tệp này không ghi thêm gì")
    expect(page.get_by_role("button", name=re.compile("^Nhập"))).to_have_count(0)  # QA: "Nhập 3 dòng" wrote nothing
