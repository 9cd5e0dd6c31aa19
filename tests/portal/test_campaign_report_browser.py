"""The campaign report (QZ27 #1, #9) in a real browser over the real services on `make run`'s Tết stack:

- the inspector reaches it from the menu and from the daily reports' page (where the old campaign summary is now
  called what it is, the list of daily reports), reads the sections as tables whose totals are audit's report's,
  writes the recommendations (Post/Redirect/Get: said once, kept — the page read again and the PDF say them);
- a manager reads their own enterprise's report from their menu, read only, and is refused another enterprise's
  (the page and its PDF as every manager page refuses one; audit refuses it too).
Writes the province's remarks in audit (no other test reads them)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from browser_support import open_menu, screenshot, sign_in
from lichtruc.duty_types import DUTY_TYPE_KEYS, duty_type_name
from lichtruc.words import SECTOR_NAMES
from portal.domain.campaign_report import sector_rows

VIETTEL = "Viettel Long An"


@pytest.mark.screenshot
def test_the_inspector_reads_the_campaign_report_and_keeps_recommendations(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    page = tet_page(width=1400, height=900)
    sign_in(page, stack, stack.inspector)
    page.goto("/inspect/reports")
    expect(page.get_by_text("Danh sách báo cáo ngày cả đợt trực")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Báo cáo tổng kết công tác trực Tết")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tổng kết công tác trực Tết")
    expect(page.get_by_label(re.compile(r"^Đợt trực$")).locator("option:checked")).to_have_text("Tết Đinh Mùi 2027")

    with stack.api("audit", stack.inspector) as audit:
        report = audit.get(f"/campaigns/{stack.campaign_id}/report").json()
    total = page.locator("table#coverage tfoot tr")
    expected = [report["province"][k] for k in ("required_hours", "planned_hours", "present_hours")]
    cells = total.locator("td")
    for i, value in enumerate(expected, start=1):
        expect(cells.nth(i)).to_have_text(f"{round(value, 2):.2f}".rstrip("0").rstrip(".").replace(".", ","))
    expect(cells.nth(4)).to_have_text(str(report["province"]["gaps"]))
    expect(page.locator("table#coverage tbody th[scope=row]")).to_have_count(len(report["coverage"]))
    expect(page.locator("#conclusion li").first).to_have_text(report["conclusion"][0])
    # V2 #3: the incidents by their enterprises' sector (audit's by_sector), adding up to the total
    incidents = report["incidents_total"]
    assert incidents["count"] > 0 and incidents["by_sector"]  # the demo's Tết has incidents
    by_sector = page.locator("table#incidents-by-sector")
    expected = sector_rows(incidents["by_sector"], incidents["count"])
    expect(by_sector.locator("tbody th")).to_have_text(
        [SECTOR_NAMES[s][0] if s else "Chưa rõ lĩnh vực" for s, _ in expected]
    )
    expect(by_sector.locator("tbody td")).to_have_text([str(n) for _, n in expected])
    expect(by_sector.locator("tfoot td")).to_have_text(str(incidents["count"]))
    for heading in ("II. Đêm giao thừa", "III. Sự cố", "V. Báo cáo ngày", "VIII. Kiến nghị"):
        expect(page.get_by_role("heading", name=re.compile("^" + re.escape(heading)))).to_be_visible()
    # QZ28 #4: the duty types in the house's order (the PDF's: leadership first), and the daily reports' total row
    # in counts, each enterprise's missing days in its own row
    first = report["coverage"][0]
    named = [
        x.strip() for x in page.locator("table#coverage tbody tr:not(.subtotal) td:nth-child(2)").all_inner_texts()
    ]
    assert named[: len(first["by_duty"])] == [duty_type_name(d) for d in DUTY_TYPE_KEYS if d in first["by_duty"]]
    missing = [r for r in report["daily_reports"] if r["missing"]]
    total_row = page.locator("table#daily-reports tr.total td").nth(4)
    if missing:
        expect(total_row).to_have_text(
            f"{report['daily_reports_total']['missing']} (của {len(missing)} doanh nghiệp; ngày không nộp ở dòng của "
            "từng doanh nghiệp)"
        )
    else:
        expect(total_row).to_have_text("0")
    # V6's leftover: the total row's latest late report says whose it is, as the PDF's does
    total = report["daily_reports_total"]
    whose = total["worst_late_enterprise"]
    assert whose, "the demo has a late daily report (devstack.demo_directive.reports)"
    assert total["worst_late_seconds"] == max(r["worst_late_seconds"] or 0 for r in report["daily_reports"])
    expect(page.locator("table#daily-reports tr.total td").nth(3)).to_contain_text(f"({whose}, báo cáo ngày ")

    said = "Đề nghị các doanh nghiệp rà soát lực lượng trực đêm giao thừa; khen thưởng Bưu điện tỉnh Long An."
    page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra").fill(said)
    page.get_by_role("button", name="Lưu kiến nghị").click()
    expect(page.get_by_text("Đã lưu kiến nghị.")).to_be_visible()
    expect(page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_have_value(said)
    expect(page.locator("#remarks-by")).to_contain_text("Lần sửa thứ 1")
    screenshot(page, "campaign-report")
    page.reload()  # the address the form led to: said once only where it was sent
    page.goto(page.url.replace("done=saved", ""))
    expect(page.get_by_text("Đã lưu kiến nghị.")).to_have_count(0)
    expect(page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_have_value(said)

    pdf = page.request.get(page.get_by_role("link", name="Tải bản PDF để trình ký").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "Tổng kết công tác trực Tết Đinh Mùi 2027" in text and said in text
    # QZ28 #4: the title names the sectors it covers, the television station's among them
    assert "của các doanh nghiệp bưu chính, viễn thông, phát thanh truyền hình trên địa bàn tỉnh" in text
    # under the Department's letterhead and signed as its daily reports' summary is, from its profile (the demo's)
    for printed in (
        "UBND TỈNH LONG AN",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "/BC-STTTT",
        "Long An, ngày",
        "GIÁM ĐỐC",
        "- Bộ Thông tin và Truyền thông;",
        "- Lưu: VT.",
    ):
        assert printed in text, printed  # fmt: skip

    # V2 #4: a second wording; the first is kept, listed folded under the newest (who, when, its words), and the
    # PDF prints the newest alone
    newer = "Đề nghị Viettel Long An bổ sung người trực dự phòng cho đêm giao thừa năm sau."
    page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra").fill(newer)
    page.get_by_role("button", name="Lưu kiến nghị").click()
    expect(page.get_by_text("Đã lưu kiến nghị.")).to_be_visible()
    expect(page.locator("#remarks-by")).to_contain_text("Lần sửa thứ 2")
    earlier = page.locator("details#remarks-earlier")
    expect(earlier.locator("summary")).to_have_text("Các lần sửa trước (1)")
    expect(earlier.get_by_text(said)).to_be_hidden()  # folded
    earlier.locator("summary").click()
    expect(earlier.locator("li")).to_have_count(1)
    expect(earlier.locator("li p.muted")).to_have_text(re.compile(r"^Lần sửa thứ 1, .+ lưu lúc .+\.$"))
    expect(earlier.locator("li p.typed-text")).to_have_text(said)
    pdf = page.request.get(page.get_by_role("link", name="Tải bản PDF để trình ký").get_attribute("href"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert newer in text and said not in text

    # V2 #5: the English page says “Đánh giá chung” in English, from audit's facts; the PDF stays Vietnamese
    english = tet_page(width=1400, height=900)
    sign_in(english, stack, stack.inspector)
    english.goto("/lang/en?next=/inspect/campaign-report")
    expect(english.get_by_role("heading", level=1)).not_to_have_text("Báo cáo tổng kết công tác trực Tết")
    lines = english.locator("#conclusion li")
    expect(lines).to_have_count(len(report["conclusion"]))
    expect(lines.first).to_have_text(re.compile(r"^\d+/\d+ enterprises left their rosters short of people, "))
    expect(english.locator("#conclusion")).not_to_contain_text("doanh nghiệp")

    # without script, a text past audit's 4,000 characters is refused in audit's words, the text kept as typed
    plain = tet_page(javascript=False)
    sign_in(plain, stack, stack.inspector)
    plain.goto("/inspect/campaign-report")
    too_long = "Kiến nghị " * 401  # 4,010 characters
    plain.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra").fill(too_long)
    with plain.expect_navigation() as sent:
        plain.get_by_role("button", name="Lưu kiến nghị").click()
    assert sent.value is not None and sent.value.status == 422
    expect(plain.locator("#e-recommendations")).to_contain_text("4000")
    expect(plain.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_have_value(too_long)
    plain.goto("/inspect/campaign-report")
    expect(plain.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_have_value(newer)  # nothing saved


def test_a_manager_reads_their_enterprises_report_only(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    page = tet_page(width=1400, height=900)
    manager = stack.managers[VIETTEL]
    sign_in(page, stack, manager)
    open_menu(page)
    page.get_by_role("link", name="Báo cáo tổng kết", exact=True).click()
    expect(page).to_have_url(re.compile(r"/manage/campaign-report"))
    expect(page.get_by_role("heading", level=2).first).to_have_text(f"Tết Đinh Mùi 2027 — {VIETTEL}")
    expect(page.locator("table#coverage tbody th[scope=row]")).to_have_text([VIETTEL])
    expect(page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_have_count(0)  # read only
    other = next(eid for name, eid in stack.enterprises.items() if name != VIETTEL)
    response = page.goto(f"/manage/campaign-report?enterprise_id={other}")
    assert response is not None and response.status == 404  # the manager pages' one refusal (api.refusals)
    expect(page.get_by_text("Doanh nghiệp này không thuộc quyền quản lý của bạn")).to_be_visible()
    expect(page.locator("table#coverage")).to_have_count(0)
    refused = page.request.get(f"/manage/campaign-report.pdf?campaign_id={stack.campaign_id}&enterprise_id={other}")
    assert refused.status == 404 and not refused.body().startswith(b"%PDF")  # the portal refuses it first
    with stack.api("audit", manager) as audit:  # and audit, asked directly, would too
        path = f"/campaigns/{stack.campaign_id}/report.pdf"
        assert audit.get(path, params={"enterprise_id": other}).status_code == 403

    # QZ28 #3: the inspectors' province-wide page (and its files) is the Department's: refused as the other
    # Department's pages refuse a manager, with the way to their own; audit, asked with no enterprise, answers theirs
    response = page.goto(f"/inspect/campaign-report?campaign_id={stack.campaign_id}")
    assert response is not None and response.status == 403
    expect(page.get_by_text(re.compile("^Báo cáo tổng kết toàn tỉnh là báo cáo của Sở"))).to_be_visible()
    expect(page.locator("table#coverage")).to_have_count(0)
    for ext in ("pdf", "xlsx"):
        refused = page.request.get(f"/inspect/campaign-report.{ext}?campaign_id={stack.campaign_id}")
        assert refused.status == 403 and not refused.body().startswith((b"%PDF", b"PK")), ext
    page.get_by_role("link", name="Báo cáo tổng kết", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"/manage/campaign-report"))
    expect(page.get_by_role("heading", level=2).first).to_have_text(f"Tết Đinh Mùi 2027 — {VIETTEL}")
    with stack.api("audit", manager) as audit:
        mine = audit.get(f"/campaigns/{stack.campaign_id}/report").json()
        assert (mine["enterprise_name"], mine["enterprises"]) == (VIETTEL, 1)


def test_the_administrator_reaches_the_campaign_report_from_their_phones_menu(tet_page, tet_portal_stack) -> None:
    """V2: the administrator read the report by its address alone; now it is in their menu, after the inspection
    plans, with the Department's other inspector pages."""
    stack = tet_portal_stack
    page = tet_page(phone=True)
    sign_in(page, stack, stack.admin)
    open_menu(page)
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    # the administrator's sixteen pages (the report now one of them) and the account's page, listed on a phone
    expect(nav.get_by_role("link")).to_have_count(17)
    plans = nav.get_by_role("link", name="Kế hoạch kiểm tra", exact=True)
    expect(plans.locator("xpath=following::a[1]")).to_have_text("Báo cáo tổng kết")
    nav.get_by_role("link", name="Báo cáo tổng kết", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inspect/campaign-report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tổng kết công tác trực Tết")
    expect(page.locator("table#coverage tbody th[scope=row]").first).to_be_visible()
    expect(page.get_by_label("Nhận xét, kiến nghị của đoàn kiểm tra")).to_be_visible()  # the Department writes them


def test_the_campaign_report_says_the_enterprises_explanations(tet_page, tet_portal_stack) -> None:
    """QZ28 #5: beside the gaps and findings, the report counts their giải trình per enterprise — to explain,
    explained, accepted, more asked, waiting, never explained — as audit's report does, and says it in the
    conclusion; a manager's report has their enterprise's row alone."""
    stack = tet_portal_stack
    with stack.api("audit", stack.inspector) as audit:
        report = audit.get(f"/campaigns/{stack.campaign_id}/report").json()
    section = report["explanations"]
    counts = section["total"]["counts"]
    owed = sum(counts.values())
    assert owed > 0  # the demo's gaps in force
    page = tet_page()
    sign_in(page, stack, stack.inspector)
    page.goto(f"/inspect/campaign-report?campaign_id={stack.campaign_id}")
    table = page.locator("table#explanations")
    expect(table.locator("caption")).to_contain_text("Giải trình của doanh nghiệp")
    expect(table.locator("thead th")).to_have_text(
        [
            "Doanh nghiệp",
            "Phải giải trình",
            "Đã giải trình",
            "Thanh tra chấp nhận",
            "Yêu cầu bổ sung",
            "Chờ thanh tra xem",
            "Chưa giải trình",
        ]
    )
    expect(table.locator("tbody tr")).to_have_count(len(section["rows"]) + 1)
    expected = [owed, owed - counts["unexplained"], counts["accepted"], counts["more_asked"], counts["submitted"]]
    expect(table.locator("tbody tr.total td")).to_have_text([str(n) for n in [*expected, counts["unexplained"]]])
    line = next(x for x in report["conclusion"] if x.startswith("Giải trình: "))
    expect(page.locator("#conclusion li", has_text="Giải trình: ")).to_have_text(line)

    manager = next(iter(stack.managers.values()))
    mine = tet_page()
    sign_in(mine, stack, manager)
    mine.goto("/manage/campaign-report")
    rows = mine.locator("table#explanations tbody tr:not(.total) th")
    expect(rows).to_have_text([manager.enterprise])


def test_two_tabs_saving_the_recommendations_do_not_overwrite_each_other_unseen(tet_page, tet_portal_stack) -> None:
    """QZ28 #1: tab B saved, then tab A (opened before) saved, and A's words replaced B's with no warning. Now A's save
    is refused: its text kept in the box, B's words beside it with who saved them and when, saying what to do; A puts
    both together and saves. (One enterprise's remarks, which no other test writes.)"""
    stack = tet_portal_stack
    enterprise = next(eid for name, eid in stack.enterprises.items() if name != VIETTEL)
    address = f"/inspect/campaign-report?campaign_id={stack.campaign_id}&enterprise_id={enterprise}"
    box = "Nhận xét, kiến nghị của đoàn kiểm tra"
    tab_a, tab_b = tet_page(width=1400, height=900), tet_page(width=1400, height=900)
    for tab in (tab_a, tab_b):
        sign_in(tab, stack, stack.inspector)
        tab.goto(address)
    b_said = "Đề nghị khen thưởng tổ trực đêm giao thừa."
    tab_b.get_by_label(box).fill(b_said)
    tab_b.get_by_role("button", name="Lưu kiến nghị").click()
    expect(tab_b.get_by_text("Đã lưu kiến nghị.")).to_be_visible()

    a_said = "Đề nghị rà soát lịch trực lãnh đạo mùng 1."
    tab_a.get_by_label(box).fill(a_said)
    with tab_a.expect_navigation() as sent:
        tab_a.get_by_role("button", name="Lưu kiến nghị").click()
    assert sent.value is not None and sent.value.status == 409
    expect(tab_a.locator("#e-recommendations")).to_contain_text("đã lưu kiến nghị (lần sửa thứ")
    expect(tab_a.locator("#e-recommendations")).to_contain_text("gộp phần của anh/chị vào")
    expect(tab_a.get_by_label(box)).to_have_value(a_said)  # nothing typed is lost
    expect(tab_a.locator("#remarks-newer")).to_have_text(b_said)  # B's words beside it
    expect(tab_a.locator("#l-recommendations")).to_contain_text("Bản đã lưu mới nhất")
    with stack.api("audit", stack.inspector) as audit:
        kept = audit.get(f"/campaigns/{stack.campaign_id}/report", params={"enterprise_id": enterprise}).json()
    assert kept["remarks"]["text"] == b_said  # B's kept

    both = b_said + "\n" + a_said
    tab_a.get_by_label(box).fill(both)
    tab_a.get_by_role("button", name="Lưu kiến nghị").click()
    expect(tab_a.get_by_text("Đã lưu kiến nghị.")).to_be_visible()
    expect(tab_a.get_by_label(box)).to_have_value(both)
    expect(tab_a.locator("#remarks-newer")).to_have_count(0)
    with stack.api("audit", stack.inspector) as audit:
        kept = audit.get(f"/campaigns/{stack.campaign_id}/report", params={"enterprise_id": enterprise}).json()
    assert kept["remarks"]["text"] == both and kept["remarks"]["version"] == 2


def test_on_a_phone_each_wide_table_scrolls_in_its_box_and_says_so(tet_page, tet_portal_stack) -> None:
    """QZ28 #5: on a 390 px phone the report's tables were cut at the right with no word; the heat map says
    “kéo ngang”. Each table now scrolls in its own box, the page not sideways, the line above it saying so while it
    does not fit, its right edge shaded; scrolled to the end, its last column is whole on the screen."""
    stack = tet_portal_stack
    page = tet_page(phone=True, width=390)
    sign_in(page, stack, stack.inspector)
    page.goto(f"/inspect/campaign-report?campaign_id={stack.campaign_id}")
    expect(page.locator("table#coverage")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    frames = page.locator("[data-scroll-frame]")
    ids = ["coverage", "night", "incidents", "plans", "explanations", "daily-reports", "tet-hours", "readiness"]
    expect(frames).to_have_count(len(ids))
    wide = 0
    for table_id in ids:
        box = page.locator(f".table-wrap:has(> table#{table_id})")
        cue = page.locator(f"#cue-{table_id}")
        expect(box).to_have_attribute("aria-describedby", f"cue-{table_id}")
        if box.evaluate("el => el.scrollWidth > el.clientWidth + 1"):
            wide += 1
            expect(cue).to_be_visible()
            expect(cue).to_contain_text("kéo ngang trong bảng")
            expect(box.locator("xpath=..")).to_have_attribute("data-more", "right")
            box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
            last = box.locator("thead th").last
            edge = last.bounding_box()
            assert edge is not None and edge["x"] >= 0 and edge["x"] + edge["width"] <= 390.5, (table_id, edge)
            expect(box).to_have_attribute("data-scrolled", "end")
        else:
            expect(cue).to_be_hidden()
    assert wide >= 3, wide  # the coverage, the night's and the incidents' at least are wider than a phone
