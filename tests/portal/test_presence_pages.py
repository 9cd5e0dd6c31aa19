"""QZ13 #1 without a browser: at 09:15 on mùng 1 Kiều Văn Sơn (Viettel, border patrol at Trạm BTS Thái Bình Trung,
06:00–18:00) had not checked in. The heatmap's cell, a planning "0:00", now also says “Chưa có mặt 3:00” in words,
linking to the list of who had not come (audit's `/attendance/shortfalls`), which names him. Roster and audit are
stood in for by httpx.MockTransport (tests/portal/test_campaign_choice_pages.py's way)."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from portal.app import create_app
from portal.domain import my_day
from portal.settings import PortalSettings
from support import present

ICT = timezone(timedelta(hours=7))
NOW = datetime(2027, 2, 6, 9, 15, tzinfo=ICT)
CAMPAIGN = "0c1a0000-0000-4000-8000-000000002027"
VIETTEL = "0e1a0000-0000-4000-8000-0000000000e2"
SITE = "05170000-0000-4000-8000-0000000000b1"
TET: dict[str, Any] = {
    "campaign_id": CAMPAIGN,
    "name": "Tết Đinh Mùi 2027",
    "kind": "tet",
    "starts_at": "2027-02-05T00:00:00+07:00",
    "ends_at": "2027-02-07T00:00:00+07:00",
    "peaks": [],
}
INSPECTOR: dict[str, Any] = {
    "id": "a1",
    "login": "thanhtra@lichtruc.local",
    "display_name": "Trần Thị Lan",
    "role": "inspector",
    "enterprise_ids": [],
    "staff_id": None,
}


def _page(items: list[Any]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _day(day: str, absent: int) -> dict[str, Any]:
    return {
        "day": day,
        "required_max": 1,
        "planned_min": 1,
        "planned_max": 1,
        "required_hours": 24.0,
        "covered_hours": 24.0,
        "uncovered_minutes": 0,
        "gap_count": 0,
        "absent_minutes": absent,
        "short_person_minutes": 0,
        "absent_person_minutes": absent,
    }


SHORTFALL: dict[str, Any] = {
    "enterprise_id": VIETTEL,
    "enterprise_name": "Viettel Long An",
    "sector": "telecom",
    "site_id": SITE,
    "site_name": "Trạm BTS Thái Bình Trung",
    "border_area": True,
    "district": "Vĩnh Hưng",
    "duty_type": "border_patrol",
    "starts_at": "2027-02-06T06:15:00+07:00",
    "ends_at": "2027-02-06T09:15:00+07:00",
    "minutes": 180,
    "required": 1,
    "rostered": 1,
    "present": 0,
    "absent": [
        {
            "staff_id": "s1",
            "full_name": "Kiều Văn Sơn",
            "shift_id": "h1",
            "shift_starts_at": "2027-02-06T06:00:00+07:00",
            "shift_ends_at": "2027-02-06T18:00:00+07:00",
            "absent_from": "2027-02-06T06:15:00+07:00",
            "absent_until": "2027-02-06T09:15:00+07:00",
            "checked_in_at": None,
        }
    ],
}


class Services:
    def __init__(self) -> None:
        self.asked: list[dict[str, str]] = []  # the shortfalls' filters, as audit was asked for them

    def roster(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/login":
            return httpx.Response(
                200,
                json={
                    "access_token": "t0",
                    "expires_in": 900,
                    "refresh_token": "r0",
                    "refresh_expires_in": 43200,
                    "token_type": "Bearer",
                    "account": INSPECTOR,
                },
            )
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": "a1"})
        if path == "/enterprises":
            return _page([{"id": VIETTEL, "name": "Viettel Long An", "sector": "telecom"}])
        if path == "/sites":
            return _page(
                [{"id": SITE, "name": "Trạm BTS Thái Bình Trung", "enterprise_id": VIETTEL, "border_area": True}]
            )
        if path == "/duty-types":
            return _page([{"key": "border_patrol", "name_vi": "Tuần tra biên giới", "name_en": "Border patrol"}])
        if path == "/outbox":
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        raise AssertionError(f"roster was not expected to be asked for {request.url}")

    def audit(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/campaigns":
            return _page([TET])
        if path.endswith("/board"):
            row = {**{k: SHORTFALL[k] for k in ("enterprise_id", "enterprise_name", "sector", "site_id")}}
            row |= {"site_name": SHORTFALL["site_name"], "border_area": True, "duty_type": "border_patrol"}
            return httpx.Response(
                200, json={"rows": [{**row, "open_gaps": 0, "days": [_day("2027-02-05", 0), _day("2027-02-06", 180)]}]}
            )
        if path == "/gaps":
            return _page([])
        if path.endswith("/coverage"):  # the day's hours: one key requiring someone all day
            segment = {"starts_at": "2027-02-06T00:00:00+07:00", "ends_at": "2027-02-07T00:00:00+07:00", "required": 1}
            segment["actual"] = 1
            key = {"enterprise_id": VIETTEL, "duty_type": "border_patrol", "border_area": True, "segments": [segment]}
            return httpx.Response(200, json={"keys": [key]})
        if path == "/attendance/shortfalls":
            self.asked.append({k: v for k, v in request.url.params.items() if k not in ("limit", "cursor")})
            return _page([SHORTFALL] if request.url.params.get("day") in (None, "2027-02-06") else [])
        if path == "/attendance/confirmations":  # presences a manager confirmed afterwards (QZ27 #3): none here
            return _page([])
        if path == "/lag":
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        if path == "/explanations/waiting":  # the heat map's "n giải trình chờ xem" (QZ27 #4): none
            return httpx.Response(200, json={"waiting": 0})
        raise AssertionError(f"audit was not expected to be asked for {request.url}")

    def transport(self, name: str) -> httpx.MockTransport:
        return httpx.MockTransport(self.roster if name == "roster" else self.audit)


@contextlib.asynccontextmanager
async def _signed_in(services: Services, lang: str = "vi") -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=services.transport)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal") as client,
    ):
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        signed = await client.post("/login", data={"login": "x", "password": "y", "csrf_token": csrf})
        assert signed.status_code == 303
        yield client


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _cell(markup: str, day: str) -> str:
    return present(re.search(rf'<td data-testid="heat-{VIETTEL}-{day}".*?</td>', markup, re.S)).group(0)


async def test_the_heatmap_says_who_has_not_come_beside_the_plan_and_links_to_them() -> None:
    services = Services()
    async with _signed_in(services) as client:
        heat = await client.get("/inspect/heatmap")
        assert heat.status_code == 200, heat.text
        cell = _cell(heat.text, "2027-02-06")
        # the plan is covered (0 person-hours), the words say the post was empty 06:15–09:15 (3 person-hours), and the
        # day is no longer green: its colour is by both (QZ27 #2: a day whose people did not come is not covered)
        assert 'data-uncovered-minutes="0"' in cell and 'data-absent-minutes="180"' in cell and "heat-2" in cell
        assert 'data-missing-minutes="180"' in cell
        assert _text(cell).startswith("0 ") and "Chưa có mặt 3" in _text(cell) and "3:00" not in _text(cell)
        assert "Chưa có mặt" not in _text(_cell(heat.text, "2027-02-05"))  # everyone came that day
        # QZ14 #8: presence's one look (the board's too), said in the legend in words
        link = html.unescape(present(re.search(r'<a class="tag presence"[^>]*href="([^"]+)"', cell)).group(1))
        legend = present(re.search(r'<span class="tag presence" data-legend="presence">(.*?)</span>', heat.text))
        # QZ26 #2: absence counted wherever the roster was full or short, on top of the hours short, never instead
        assert legend.group(1).startswith("Chưa có mặt — giờ-người của người có lịch quá 15 phút chưa điểm danh")
        assert "dù lịch đủ hay thiếu người (tính riêng, cộng thêm vào giờ-người thiếu chứ không thay)" in legend.group(
            1
        )
        # the totals say both, each for what it is, in the legend's unit (QZ27 #2, #14)
        total = _text(present(re.search(r'<span data-testid="heat-total".*?</span>', heat.text, re.S)).group(0))
        assert total == (
            "Tổng thiếu người: 3 giờ-người — lịch chưa xếp đủ 0 giờ-người, đã xếp mà chưa có mặt 3 giờ-người."
        )
        row_total = present(re.search(rf'<td[^>]*data-testid="heat-{VIETTEL}-total".*?</td>', heat.text, re.S))
        assert "Chưa có mặt 3" in _text(row_total.group(0)) and "Cộng thiếu 3" in _text(row_total.group(0))
        assert link == f"/inspect/presence?campaign_id={CAMPAIGN}&enterprise_id={VIETTEL}&day=2027-02-06"

        listed = await client.get(link)
        assert listed.status_code == 200, listed.text
        assert services.asked[-1] == {"campaign_id": CAMPAIGN, "enterprise_id": VIETTEL, "day": "2027-02-06"}
        row = _text(present(re.search(r"<tbody>.*?</tbody>", listed.text, re.S)).group(0))
        assert row == (
            "Viettel Long An — Trạm BTS Thái Bình Trung Tuần tra biên giới 06:15–09:15 "
            "cần 1, đã xếp 1, có mặt 0 Kiều Văn Sơn (chưa điểm danh)"
        )
        assert "Viettel Long An" in _text(
            present(re.search(r'data-testid="presence-asked">.*?</p>', listed.text, re.S)).group(0)
        )

        other_day = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "day": "2027-02-05"})
        assert "mọi người có lịch trực đều đã điểm danh đúng hạn" in _text(other_day.text)
        wrong = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "day": "2027-03-01"})
        assert wrong.status_code == 422 and "Hãy mở lại danh sách này từ Bản đồ phủ trực" in _text(wrong.text)


async def test_the_check_ins_grace_is_said_from_the_rule_where_presence_is_shown(monkeypatch) -> None:
    """QZ18 #6: the inspector asked why 18:00–18:15 was not counted. The heatmap's legend and the presence list's
    intro say from when someone counts as not there, from the late check-in rule (`my_day.LATE_AFTER`), not a 15
    written into the words."""
    monkeypatch.setattr(my_day, "LATE_AFTER", timedelta(minutes=20))
    async with _signed_in(Services()) as client:
        heat = await client.get("/inspect/heatmap")
        listed = await client.get(f"/inspect/presence?campaign_id={CAMPAIGN}&enterprise_id={VIETTEL}&day=2027-02-06")
    legend = present(re.search(r'<span class="tag presence" data-legend="presence">(.*?)</span>', heat.text))
    assert "của người có lịch quá 20 phút chưa điểm danh" in legend.group(1), legend.group(1)
    intro = _text(present(re.search(r'<p class="muted">.*?</p>', listed.text, re.S)).group(0))
    assert "chưa điểm danh sau 20 phút kể từ giờ bắt đầu ca" in intro, intro


async def test_in_english() -> None:
    async with _signed_in(Services(), "en") as client:
        heat = await client.get("/inspect/heatmap")
        assert "Not here 3" in _text(_cell(heat.text, "2027-02-06"))
        assert "Not here — person-hours of people rostered who have not checked in 15 minutes after" in _text(heat.text)
        assert "(counted apart, added to the person-hours short, never instead)" in _text(heat.text)
        assert "Short of people in all: 3 person-hours — the roster short 0 person-hours" in _text(heat.text)
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "day": "2027-02-06"})
        assert "06:15–09:15 1 required, 1 rostered, 0 there Kiều Văn Sơn (not checked in)" in _text(listed.text)


async def test_the_day_by_hour_says_it_too_in_the_same_words_and_look() -> None:
    """Presence in the one-day hour view (QZ14): each hour the post was empty says “Chưa có mặt” and its person-hours,
    floored as the list reads its times (06:15–09:15: 0,75 at 06, 1 at 07 and 08, 0,25 at 09), the row's total
    3 links to the list for that enterprise, duty type and day; the plan's figures are left alone, the colour is by
    both (QZ27 #2)."""
    services = Services()
    async with _signed_in(services) as client:
        day = await client.get("/inspect/heatmap/day", params={"campaign_id": CAMPAIGN, "day": "2027-02-06"})
        assert day.status_code == 200, day.text
        assert services.asked[-1] == {"campaign_id": CAMPAIGN, "day": "2027-02-06"}

        def hour(h: str) -> str:
            return present(
                re.search(rf'<td[^>]*data-testid="hour-{VIETTEL}-border_patrol-{h}".*?</td>', day.text, re.S)
            ).group(0)

        said = {h: _text(hour(str(h))) for h in range(5, 11)}
        assert said == {
            5: "",
            6: "Chưa có mặt 0,75",
            7: "Chưa có mặt 1",
            8: "Chưa có mặt 1",
            9: "Chưa có mặt 0,25",
            10: "",
        }
        assert '<span class="tag presence"' in hour("6") and "heat-3" in hour("6") and "heat-0" in hour("5")
        total = hour("total")
        link = html.unescape(present(re.search(r'<a class="tag presence"[^>]*href="([^"]+)"', total)).group(1))
        assert link == (
            f"/inspect/presence?campaign_id={CAMPAIGN}&enterprise_id={VIETTEL}&duty_type=border_patrol&day=2027-02-06"
        )
        assert "Chưa có mặt 3" in _text(total) and 'data-absent-minutes="180"' in total
        assert "Chưa có mặt — giờ-người của người có lịch" in _text(day.text)  # its legend, as the campaign's heatmap's


def _night(name: str, *, absent_until: str, shift_ends_at: str) -> dict[str, Any]:
    """Who was not there through the night of 05/02 (QZ15 #5), on a shift 18:00–06:00."""
    person = {
        **SHORTFALL["absent"][0],
        "full_name": name,
        "shift_starts_at": "2027-02-05T18:00:00+07:00",
        "shift_ends_at": shift_ends_at,
        "absent_from": "2027-02-05T18:15:00+07:00",
        "absent_until": absent_until,
    }
    return {**SHORTFALL, "starts_at": "2027-02-05T18:15:00+07:00", "ends_at": absent_until, "absent": [person]}


class AfterTheNight(Services):
    """At 09:15 on 06/02: Võ Minh Nhựt's night shift ended at 06:00 without a check-in; Phạm Thị Ngọc Ánh's night shift
    (to 12:00) was handed over at 02:30 with nobody having come; Kiều Văn Sơn has not checked in yet."""

    def audit(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/attendance/shortfalls":
            return _page(
                [
                    _night(
                        "Võ Minh Nhựt",
                        absent_until="2027-02-06T06:00:00+07:00",
                        shift_ends_at="2027-02-06T06:00:00+07:00",
                    ),
                    _night(
                        "Phạm Thị Ngọc Ánh",
                        absent_until="2027-02-06T02:30:00+07:00",
                        shift_ends_at="2027-02-06T12:00:00+07:00",
                    ),
                    SHORTFALL,
                    {
                        **_night(
                            "Lê Văn Tài",
                            absent_until="2027-02-06T00:00:00+07:00",
                            shift_ends_at="2027-02-06T00:00:00+07:00",
                        ),
                        "starts_at": "2027-02-05T18:15:00+07:00",
                    },
                ]
            )
        return super().audit(request)


async def test_each_person_not_there_says_what_became_of_it_and_a_night_names_both_days() -> None:
    """QZ15 #5: "/inspect/presence at 09:31 on 07/02: 'Phạm Thị Ngọc Ánh (chưa điểm danh)' for a shift that ended at
    06:00 — the staff page and the board call it 'Không điểm danh'; '18:15–06:00 ngày 06/02' names one day only"."""
    async with _signed_in(AfterTheNight()) as client:
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN})
        rows = [_text(r) for r in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", listed.text, re.S)]
        assert rows[0].endswith(
            "18:15 ngày 05/02 · 29 tháng Chạp → 06:00 ngày 06/02 · Mùng 1 Tết cần 1, đã xếp 1, có mặt 0 Võ Minh Nhựt (không điểm danh — ca đã kết thúc)"
        )
        assert rows[1].endswith(
            "18:15 ngày 05/02 · 29 tháng Chạp → 02:30 ngày 06/02 · Mùng 1 Tết cần 1, đã xếp 1, có mặt 0 Phạm Thị Ngọc Ánh (không điểm danh; ca của "
            "người này dừng lúc 02:30 — được giao cho người khác hoặc bị hủy)"
        )
        assert rows[2].endswith(
            "06:15–09:15 ngày 06/02 · Mùng 1 Tết cần 1, đã xếp 1, có mặt 0 Kiều Văn Sơn (chưa điểm danh)"
        )
        # QZ22 #9: an evening to midnight is that day's 18:15–24:00, not "18:15–00:00" nor a second day
        assert "18:15–24:00 ngày 05/02 · 29 tháng Chạp cần 1, đã xếp 1, có mặt 0 Lê Văn Tài" in rows[3], rows[3]
    async with _signed_in(AfterTheNight(), "en") as client:
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "day": "2027-02-05"})
        assert "18:15 on 5 Feb · 29th of lunar month 12 → 06:00 on 6 Feb · 1st day of Tết" in _text(listed.text)
        assert "Võ Minh Nhựt (did not check in — the shift is over)" in _text(listed.text)
        assert "Border patrol 18:15–24:00 1 required, 1 rostered, 0 there Lê Văn Tài" in _text(listed.text)
        assert "their shift stopped at 02:30 — handed over or cancelled" in _text(listed.text)


class CameLate(Services):
    """QZ29 #13: Võ Minh Nhựt checked in at 19:10 on the 18:00 night shift and said why; Lê Văn Tài at 18:40 did not."""

    def audit(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/attendance/shortfalls":
            nhut = _night(
                "Võ Minh Nhựt", absent_until="2027-02-05T19:10:00+07:00", shift_ends_at="2027-02-06T06:00:00+07:00"
            )
            nhut["absent"] = [
                {
                    **nhut["absent"][0],
                    "checked_in_at": "2027-02-05T19:10:00+07:00",
                    "late_reason": "Cầu Mỹ Lợi kẹt xe <2 giờ>",
                }
            ]
            tai = _night(
                "Lê Văn Tài", absent_until="2027-02-05T18:40:00+07:00", shift_ends_at="2027-02-06T06:00:00+07:00"
            )
            tai["absent"] = [{**tai["absent"][0], "checked_in_at": "2027-02-05T18:40:00+07:00"}]
            return _page([nhut, tai])
        return super().audit(request)


async def test_a_late_arrival_says_why_as_the_person_said_it() -> None:
    async with _signed_in(CameLate()) as client:
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN})
        said = _text(listed.text)
        assert "Võ Minh Nhựt (điểm danh muộn lúc 19:10; lý do người trực nêu: Cầu Mỹ Lợi kẹt xe <2 giờ>)" in said
        assert "&lt;2 giờ&gt;" in listed.text  # typed text, escaped
        assert "Lê Văn Tài (điểm danh muộn lúc 18:40)" in said
    async with _signed_in(CameLate(), "en") as client:
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN})
        assert "Võ Minh Nhựt (checked in late at 19:10; why, as they said: Cầu Mỹ Lợi kẹt xe <2 giờ>)" in _text(
            listed.text
        )


WORD: dict[str, Any] = {
    "present": True,
    "present_from": "2027-02-05T22:40:00+07:00",
    "present_until": "2027-02-06T06:00:00+07:00",
    "evidence": "handover_book",
    "evidence_vi": "sổ giao ca",
    "evidence_en": "the handover book",
    "evidence_note": "Sổ giao ca trạm Thái Bình Trung, trang 14",
    "confirmed_by": "quanly@viettel-longan.vn",
    "confirmed_by_name": "Nguyễn Văn An",
    "confirmed_at": "2027-02-06T08:30:00+07:00",
    "event_id": "e9",
}


class ConfirmedAfterwards(Services):
    """At 09:15 on 06/02: Võ Minh Nhựt, on the night 22:00–06:00, came at 22:40, his phone flat; his manager confirmed
    it at 08:30 from the handover book (QZ27 #3). Kiều Văn Sơn has not checked in yet, with no word."""

    def audit(self, request: httpx.Request) -> httpx.Response:
        nhut = {
            **_night(
                "Võ Minh Nhựt", absent_until="2027-02-05T22:40:00+07:00", shift_ends_at="2027-02-06T06:00:00+07:00"
            ),
            "starts_at": "2027-02-05T22:15:00+07:00",
            "ends_at": "2027-02-05T22:40:00+07:00",
        }
        nhut["absent"] = [{**nhut["absent"][0], "presence": WORD}]
        if request.url.path == "/attendance/shortfalls":
            return _page([nhut, SHORTFALL])
        if request.url.path == "/attendance/confirmations":
            confirmed = {
                **{k: SHORTFALL[k] for k in ("enterprise_id", "enterprise_name", "sector", "site_id", "site_name")},
                **{k: SHORTFALL[k] for k in ("border_area", "district", "duty_type")},
                "staff_id": "s9",
                "full_name": "Võ Minh Nhựt",
                "shift_id": "n1",
                "shift_starts_at": "2027-02-05T22:00:00+07:00",
                "shift_ends_at": "2027-02-06T06:00:00+07:00",
                "checked_in_at": None,
                "presence": WORD,
                "counted_from": "2027-02-05T22:40:00+07:00",
                "counted_until": "2027-02-06T06:00:00+07:00",
                "person_minutes": 440,
            }
            return _page([confirmed])
        return super().audit(request)


async def test_a_presence_confirmed_afterwards_is_marked_apart_and_can_be_listed_alone() -> None:
    """QZ27 #3: the inspector tells a presence a manager confirmed afterwards from a check-in on the spot — the absent
    stretch before it names the word, a table lists every word with its evidence and person-hours — and "Chỉ xác nhận
    sau" lists those alone."""
    async with _signed_in(ConfirmedAfterwards()) as client:
        listed = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN})
        assert listed.status_code == 200, listed.text
        text = _text(listed.text)
        assert "Võ Minh Nhựt (xác nhận có mặt từ 22:40 bởi Nguyễn Văn An)" in text
        assert "Kiều Văn Sơn (chưa điểm danh)" in text  # a check-in still awaited: no word, as before
        assert "Có mặt xác nhận sau" in text and "Tổng: 7,33 giờ-người." in text
        assert "Có mặt 22:40–06:00 (xác nhận sau bởi Nguyễn Văn An lúc 08:30 06/02/2027" in text
        assert "sổ giao ca: Sổ giao ca trạm Thái Bình Trung, trang 14" in text
        only = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "confirmed": "1"})
        assert only.status_code == 200, only.text
        alone = _text(only.text)
        assert "Kiều Văn Sơn" not in alone  # the stretches without a word are left out
        assert "Võ Minh Nhựt (xác nhận có mặt từ 22:40 bởi Nguyễn Văn An)" in alone
        assert re.search(r'name="confirmed" value="1"[^>]* checked', only.text)
        refused = await client.get("/inspect/presence", params={"campaign_id": CAMPAIGN, "confirmed": "yes"})
        assert refused.status_code == 422  # a value the filter does not take is said, not ignored
