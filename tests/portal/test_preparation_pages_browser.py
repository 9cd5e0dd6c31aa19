"""QZ24 in a real browser over the real services: during a drill held just before a Tết, the manager's readiness page
opens on the Tết being prepared (its items listed), the drill chosen says it is the drill and links the Tết with how
many items it has there; and a shift file of that Tết checked against the drill says first that its rows fall inside
the Tết, and checks it there at one press.

Data of its own on the shared stack: the Tết campaign of 2061 with two telecom checklist items, and a drill ending the
day before it begins; a second portal process (the stack's session key) whose clock reads a morning of that drill, as
QA's test clock did. Nothing is written but the campaigns and items: the shift file is only checked."""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from devstack import demo
from devstack.services import ServiceProcess
from lichtruc.clock import OFFSET_VARIABLE, offset_to
from lichtruc.vntime import VIETNAM
from support import free_port

VNPT = "VNPT Long An"
YEAR = 2061  # a Tết of this test's own: no other test's checklist is touched


@pytest.fixture
def during_drill(portal_stack, tmp_path) -> Iterator[tuple[str, dict, dict]]:
    """(the second portal's address, the Tết campaign, the drill): the portal's clock at 09:00 on the drill's second
    day, the drill's three days ending as the Tết begins."""
    with portal_stack.api("roster") as roster:
        listed = roster.get("/campaigns", params={"lunar_year": YEAR, "kind": "tet"}).json()["items"]
        tet = listed[0] if listed else roster.post("/campaigns", json={"lunar_year": YEAR}).json()
        items = f"/campaigns/{tet['id']}/readiness-items"
        if not roster.get(items).json()["total"]:
            for n, title in enumerate(("Máy phát điện dự phòng", "Phương án ứng cứu thông tin"), start=1):
                body = {"sector": "telecom", "title_vi": title, "title_en": f"Item {n}", "position": n}
                assert roster.post(items, json={**body, "due_date": f"{YEAR}-01-0{n}"}).status_code == 201
        begins = datetime.fromisoformat(tet["starts_at"]).astimezone(VIETNAM)
        drill = roster.post(
            "/campaigns",
            json={
                "kind": "drill",
                "name": f"Diễn tập trực Tết {secrets.token_hex(2)}",
                "starts_at": (begins - timedelta(days=3)).isoformat(),
                "ends_at": begins.isoformat(),
            },
        )
        assert drill.status_code == 201, drill.text
    at = begins - timedelta(days=2) + timedelta(hours=9)
    env = {**portal_stack.portal_env, OFFSET_VARIABLE: str(offset_to(at))}
    replica = ServiceProcess(name="portal", port=free_port(), env=env, log_file=tmp_path / "portal-drill.log")
    replica.start()
    try:
        replica.wait_ready()
        yield replica.url, tet, drill.json()
    finally:
        replica.stop()


def _sign_in(page, portal: str, portal_stack) -> None:
    """VNPT's manager signed in on the second portal (a session begun on the first is decades old by its clock)."""
    page.goto(f"{portal}/login")
    page.get_by_label("Tên đăng nhập (email)").fill(portal_stack.managers[VNPT].login)
    page.get_by_label("Mật khẩu").fill(portal_stack.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _shift_file(tet: dict, operator: str) -> bytes:
    """Three operations shifts on the Tết's first day, as a manager's spreadsheet writes them."""
    return _written(tet, operator, [])


def _month_first(tet: dict) -> tuple[str, str]:
    """A night shift of the Tết's second day written month first, as a sheet set to the US order writes it
    ("01/15/2061 22:00" → "01/16/2061 06:00"): a month 15 or more, which roster cannot read as a day; a Tết whose
    days are the 12th or earlier would read as other days, refused as a month-long shift (QZ25 #3's own row)."""
    first = datetime.fromisoformat(tet["starts_at"]).astimezone(VIETNAM) + timedelta(days=1)
    return f"{first:%m/%d/%Y} 22:00", f"{first + timedelta(days=1):%m/%d/%Y} 06:00"


def _written(tet: dict, operator: str, extra: list[tuple[str, str]]) -> bytes:
    day = datetime.fromisoformat(tet["starts_at"]).astimezone(VIETNAM).strftime("%d/%m/%Y")
    out = io.StringIO()
    rows = csv.writer(out)
    rows.writerow(["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"])
    for start, end in (("06:00", "12:00"), ("12:00", "18:00"), ("18:00", "23:00")):
        rows.writerow(["Trực điều hành", f"{day} {start}", f"{day} {end}", "", operator, "Ca Tết"])
    for start, end in extra:
        rows.writerow(["Trực điều hành", start, end, "", operator, "Ca Tết"])
    return out.getvalue().encode("utf-8")


def test_during_a_drill_the_readiness_page_opens_on_the_coming_tet_and_the_drill_says_it_is_one(
    new_page, portal_stack, during_drill
) -> None:
    portal, tet, drill = during_drill
    page = new_page()
    _sign_in(page, portal, portal_stack)
    page.goto(f"{portal}/manage/readiness")
    picker = page.get_by_label("Đợt trực", exact=True)
    expect(picker.locator("option:checked")).to_have_text(tet["name"])
    rows = page.locator("table.readiness-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Máy phát điện dự phòng")
    expect(page.locator("#drill-note")).to_have_count(0)

    picker.select_option(label=drill["name"])
    page.get_by_role("button", name="Xem").click()
    note = page.get_by_role("note")
    expect(note).to_have_text(f"Đây là buổi diễn tập, không phải đợt trực Tết. {tet['name']} có 2 mục kiểm tra.")
    expect(page.get_by_text("Buổi diễn tập này không có mục kiểm tra nào")).to_be_visible()
    expect(page.get_by_text("Sở chưa giao")).to_have_count(0)
    note.get_by_role("link", name=f"{tet['name']} có 2 mục kiểm tra").click()
    expect(page.get_by_label("Đợt trực", exact=True).locator("option:checked")).to_have_text(tet["name"])
    expect(page.locator("table.readiness-table tbody tr")).to_have_count(2)


def test_a_tet_shift_file_checked_against_the_drill_says_its_rows_fall_inside_tet_and_checks_it_there(
    new_page, portal_stack, during_drill
) -> None:
    portal, tet, drill = during_drill
    operator = next(e for e in demo.ENTERPRISES if e.name == VNPT).operators[0]
    page = new_page()
    _sign_in(page, portal, portal_stack)
    page.goto(f"{portal}/manage/imports")
    card = page.locator("section.card", has=page.get_by_role("heading", name="Nhập ca trực"))
    expect(card.get_by_label("Đợt trực", exact=True).locator("option:checked")).to_have_text(
        tet["name"]
    )  # the Tết by default
    card.get_by_label("Đợt trực", exact=True).select_option(label=drill["name"])
    card.get_by_label("Tệp bảng tính").set_input_files(
        files=[{"name": "ca-truc-tet.csv", "mimeType": "text/csv", "buffer": _shift_file(tet, operator)}]
    )
    card.get_by_role("button", name="Kiểm tra thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả kiểm tra thử")
    hint = page.locator("#import-elsewhere")
    expect(hint).to_contain_text(
        f"3/3 dòng của tệp nằm ngoài thời gian của {drill['name']}, trong đó 3 dòng nằm trong {tet['name']}: "
        f"có lẽ tệp này dành cho {tet['name']}."
    )
    # the report's first line, above its summary
    assert page.evaluate(
        "() => !!(document.querySelector('#import-elsewhere').compareDocumentPosition("
        "document.querySelector('#summary-heading')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    again = page.get_by_role("region", name="Kiểm tra tệp khác").get_by_label("Đợt trực", exact=True)
    expect(again.locator("option:checked")).to_have_text(re.compile(re.escape(drill["name"])))

    hint.get_by_role("button", name=f"Kiểm tra tệp với {tet['name']}").click()
    expect(page.locator("dl.import-facts")).to_contain_text(tet["name"])
    expect(page.locator("#import-elsewhere")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="dòng dữ liệu")).to_have_text(
        "3 dòng dữ liệu: 3 dòng hợp lệ, 0 dòng có lỗi."
    )


def test_a_month_first_row_is_counted_apart_so_the_hints_counts_agree(new_page, portal_stack, during_drill) -> None:
    """QZ25 #3: a Tết file with a row written month first (there "02/07 22:00 → 02/08 06:00", refused against the
    drill as a month-long shift) said "2/3 … nằm ngoài …, còn 3 dòng nằm trong Tết". Here the fourth row's month
    first cannot be read (this Tết's days are past the 12th): the line says the 3 rows outside, that the 3 fall
    inside Tết, and the fourth apart by its number, as the report lists it."""
    portal, tet, drill = during_drill
    operator = next(e for e in demo.ENTERPRISES if e.name == VNPT).operators[0]
    month_first = _month_first(tet)
    page = new_page()
    _sign_in(page, portal, portal_stack)
    page.goto(f"{portal}/manage/imports")
    card = page.locator("section.card", has=page.get_by_role("heading", name="Nhập ca trực"))
    card.get_by_label("Đợt trực", exact=True).select_option(label=drill["name"])
    card.get_by_label("Tệp bảng tính").set_input_files(
        files=[{"name": "ca-truc-tet.csv", "mimeType": "text/csv", "buffer": _written(tet, operator, [month_first])}]
    )
    card.get_by_role("button", name="Kiểm tra thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả kiểm tra thử")
    expect(page.locator("#import-elsewhere p")).to_have_text(
        f"3/4 dòng của tệp nằm ngoài thời gian của {drill['name']}, trong đó 3 dòng nằm trong {tet['name']}: "
        f"có lẽ tệp này dành cho {tet['name']}. 1 dòng khác (dòng 5) bị từ chối vì ngày giờ có lỗi khác nên chưa "
        "biết thuộc đợt trực nào: xem lỗi của từng dòng bên dưới."
    )
    expect(page.get_by_role("status").filter(has_text="dòng dữ liệu")).to_have_text(
        "4 dòng dữ liệu: 0 dòng hợp lệ, 4 dòng có lỗi."
    )

    page.locator("#import-elsewhere").get_by_role("button", name=f"Kiểm tra tệp với {tet['name']}").click()
    expect(page.locator("dl.import-facts")).to_contain_text(tet["name"])
    expect(page.get_by_role("status").filter(has_text="dòng dữ liệu")).to_have_text(
        "4 dòng dữ liệu: 3 dòng hợp lệ, 1 dòng có lỗi."
    )
    errors = page.locator("table.import-errors tbody th")
    expect(errors).to_have_text(["Dòng 5", "Dòng 5"])  # its start and its end, the row refused apart
