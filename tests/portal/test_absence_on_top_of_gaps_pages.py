"""QZ26 at 22:52 on giao thừa, without a browser: absence counted on top of gaps on the inspector's gaps list and
gap page (#2: Bưu điện's incident response read "cần 2, có 1" where the 1 was Hồ Thị Mai Phương, who had not come),
and the live "who is on duty" view marking a no-show past the late rule in the alarm colour in every table (#4:
Trần Văn Bảy, at the border site Trạm BTS Thái Bình Trung, listed with no check-in state 4 h 52 late). Roster and
audit are stood in for by httpx.MockTransport (test_address_values)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx

from .test_address_values import C1, INSPECTOR, Services, _text, _visit
from .test_gap_narrowed_pages import _gap, _row

SHORT = "0c1a0000-0000-4000-8000-00000000b001"
EMPTY = "0c1a0000-0000-4000-8000-00000000b002"
AT = datetime(2027, 2, 5, 15, 52, tzinfo=UTC)  # 22:52 on 05/02/2027, giao thừa
# Bưu điện's incident response, 2 required from 18:00, Mai Phương alone on it until 22:45
SHORT_GAP = _gap(SHORT, "2027-02-05T11:00:00Z", "2027-02-05T15:45:00Z", "closed", required=2, actual=1)
SHORT_GAP["duty_type"] = "incident_response"
# a post nobody was rostered on: a gap, nobody to be absent
EMPTY_GAP = _gap(EMPTY, "2027-02-05T11:00:00Z", "2027-02-05T17:00:00Z", "open")
MAI_PHUONG: dict[str, Any] = {
    "enterprise_id": "e1",
    "enterprise_name": "Bưu điện tỉnh Long An",
    "sector": "postal",
    "site_id": None,
    "site_name": None,
    "border_area": None,
    "duty_type": "incident_response",
    "starts_at": "2027-02-05T18:15:00+07:00",
    "ends_at": "2027-02-05T22:45:00+07:00",
    "minutes": 270,
    "required": 2,
    "rostered": 1,
    "present": 0,
    "absent": [{"staff_id": "s1", "full_name": "Hồ Thị Mai Phương", "checked_in_at": None}],
}


class GapServices(Services):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        for g in (SHORT_GAP, EMPTY_GAP):
            if request.url.path == f"/gaps/{g['gap_id']}":
                self.asked.append((request.url.host, request.url.path))
                self.queries.append(dict(request.url.params))
                return httpx.Response(200, json=g)
        return super().__call__(request)


async def test_the_gaps_say_who_was_rostered_and_who_was_there() -> None:
    services = GapServices(
        INSPECTOR,
        {("audit", "/gaps"): [SHORT_GAP, EMPTY_GAP], ("audit", "/attendance/shortfalls"): [MAI_PHUONG]},
    )
    listed, page, empty, _, english = await _visit(
        services,
        f"/inspect/gaps?campaign_id={C1}",
        f"/inspect/gaps/{SHORT}",
        f"/inspect/gaps/{EMPTY}",
        "/lang/en",
        f"/inspect/gaps?campaign_id={C1}",
        clock=lambda: AT,
    )
    row = _text(_row(listed, SHORT))
    assert "Thiếu 1 người (cần 2, đã xếp 1, có mặt 0)" in row, row
    assert "Chưa có mặt 18:15–22:45: Hồ Thị Mai Phương" in row, row
    assert re.search(r'<span class="tag presence" data-testid="gap-not-there">', _row(listed, SHORT))
    nobody = _text(_row(listed, EMPTY))
    assert "Thiếu 1 người (cần 1, đã xếp 0)" in nobody and "có mặt" not in nobody and "Chưa có mặt" not in nobody
    assert "Thiếu 1 người (cần 2, đã xếp 1, có mặt 0)" in _text(page)
    assert "Chưa có mặt 18:15–22:45: Hồ Thị Mai Phương" in _text(page)
    assert "Chưa có mặt" not in _text(empty)
    assert "1 person (2 needed, 1 rostered, 0 there)" in _text(_row(english, SHORT))
    assert "Not here 18:15–22:45: Hồ Thị Mai Phương" in _text(_row(english, SHORT))
    # audit's presence asked once a page, for the campaign whose gaps' time has come
    asked = [
        q for (_, path), q in zip(services.asked, services.queries, strict=True) if path == "/attendance/shortfalls"
    ]
    assert asked and all(q.get("campaign_id") == C1 for q in asked)


async def test_gaps_not_begun_ask_audit_for_no_presence() -> None:
    services = GapServices(INSPECTOR, {("audit", "/gaps"): [EMPTY_GAP]})
    (listed,) = await _visit(
        services, f"/inspect/gaps?campaign_id={C1}", clock=lambda: datetime(2027, 2, 5, 10, tzinfo=UTC)
    )
    assert "Thiếu 1 người (cần 1, đã xếp 0)" in _text(listed)
    assert ("audit", "/attendance/shortfalls") not in services.asked


async def test_who_is_on_duty_marks_a_no_show_past_the_late_rule_in_every_table() -> None:
    services = Services(INSPECTOR)
    site = "05170000-0000-4000-8000-0000000000b1"
    bay = {
        "enterprise_id": "e2", "enterprise_name": "Viettel Long An", "duty_type": "patrol", "site_id": site,
        "site_name": "Trạm BTS Thái Bình Trung", "border_area": True, "status": "published",
        "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z",
        "people": [{"full_name": "Trần Văn Bảy", "qualified": True, "checked_in_at": None}],
    }  # fmt: skip
    pair = {
        **bay, "site_id": None, "site_name": None, "border_area": None, "duty_type": "operations",
        "status": "checked_in", "checked_in_at": "2027-02-05T11:02:00Z",
        "people": [
            {"full_name": "Lê Thị Hồng Nhung", "qualified": True, "checked_in_at": "2027-02-05T11:02:00Z"},
            {"full_name": "Nguyễn Hữu Lộc", "qualified": True, "checked_in_at": None},
        ],
    }  # fmt: skip
    services.on_duty = [bay, pair]
    services.border_on_duty = [bay]
    services.border_sites = [
        {
            "site_id": site, "site_name": "Trạm BTS Thái Bình Trung", "district": "Vĩnh Hưng", "border_area": True,
            "enterprise_id": "e2", "enterprise_name": "Viettel Long An", "covered": True,
            "people": [{
                "full_name": "Trần Văn Bảy", "qualified": True, "checked_in_at": None, "duty_type": "patrol",
                "shift_id": "x1", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z",
                "shift_site_id": site,
            }],
        }
    ]  # fmt: skip
    asked = "/inspect/on-duty?at=2027-02-05T22%3A52&border=true"
    vi, _, en = await _visit(services, asked, "/lang/en", asked)
    rows = re.findall(r"<tr[^>]*>.*?</tr>", vi.text, re.S)
    [site_row] = [r for r in rows if 'scope="row">Trạm BTS Thái Bình Trung' in r]
    alarm = '<span class="tag presence" data-check-in="overdue">Chưa điểm danh (quá 4 giờ 52 phút)</span>'
    assert alarm in site_row, site_row
    [bay_row] = [r for r in rows if "Trần Văn Bảy" in r and 'scope="row"' not in r]
    assert alarm in bay_row, bay_row
    # a shift someone checked in on, another of its people not: that one is marked, the shift said checked in
    [pair_row] = [r for r in rows if "Nguyễn Hữu Lộc" in r]
    assert 'data-check-in="checked_in"' in pair_row and alarm in pair_row
    assert pair_row.index("Nguyễn Hữu Lộc") < pair_row.index(alarm) < pair_row.index('data-check-in="checked_in"')
    # the sites' table says who the roster had there, not who was present
    assert "Từng điểm trực và người có lịch trực tại đó hoặc phụ trách" in _text(vi)
    assert "người có mặt hoặc phụ trách" not in _text(vi)
    assert "Each site and who was rostered at it or covering it" in _text(en)
    assert "Not checked in (4 hours 52 minutes after the start)" in _text(en)
