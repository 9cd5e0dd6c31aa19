"""QA at 10:00 on mùng 2 Tết: a duty worker's cards ("Ca trực của tôi") said "Đã công bố" of a shift that had
ended, never what happened, and showed nothing of the site or the colleagues when the shift had no site or nobody
else. Each card now says, once the shift has begun, whether the person checked in (on time or late, at what time)
or not — "not yet" while under way, "not checked in" once ended — and always its site (with "biên giới" for a
border site, and the further sites it covers) and who else is on it, all from roster's shift answers and the one
reference read of the sites: no request per card. The portal on a fake roster, its clock at 10:00 on mùng 2 Tết."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from portal.domain.dates import check_in_label
from portal.domain.my_day import outcome, vouched_for
from support import present

from .fake_sign_in import refused_and_shown, sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on 07/02/2027 (mùng 2 Tết) in Vietnam
ME = "s1"
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "sangcv@vnpt-longan.vn",
    "display_name": "Cao Văn Sang",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": ME,
}
HUNG_DIEN, MY_THANH_BAC, TAN_AN = "site-hd", "site-mtb", "site-ta"
SITES = [
    {"id": HUNG_DIEN, "name": "Trạm viễn thông Hưng Điền", "border_area": True, "enterprise_id": "e1"},
    {"id": MY_THANH_BAC, "name": "Trạm BTS Mỹ Thạnh Bắc", "border_area": True, "enterprise_id": "e1"},
    {"id": TAN_AN, "name": "Tổng đài Host Tân An", "border_area": False, "enterprise_id": "e1"},
]


def _shift(
    shift_id: str,
    starts: str,
    ends: str,
    *,
    checked_in: str | None = None,
    site: str | None = None,
    covers: tuple[str, ...] = (),
    others: tuple[str, ...] = (),
    status: str = "published",
) -> dict[str, Any]:
    mine = {"staff_id": ME, "full_name": "Cao Văn Sang", "checked_in_at": checked_in}
    return {
        "published_at": "2027-01-20T02:00:00Z",
        "id": shift_id,
        "version": 2,
        "enterprise_id": "e1",
        "campaign_id": "c1",
        "duty_type": "patrol",
        "site_id": site,
        "covers_site_ids": list(covers),
        "starts_at": starts,
        "ends_at": ends,
        "status": status,
        "notes": None,
        "assignees": [mine, *({"staff_id": f"o-{n}", "full_name": n, "checked_in_at": None} for n in others)],
    }


SHIFTS = [  # oldest first, as roster lists them
    # 06:00-18:00 on mùng 29 tháng Chạp, checked in at 06:05: on time
    _shift("on-time", "2027-02-04T23:00:00Z", "2027-02-05T11:00:00Z", checked_in="2027-02-04T23:05:00Z", site=TAN_AN),
    # 18:00-06:00 on giao thừa, checked in at 18:40: late
    _shift(
        "late",
        "2027-02-05T11:00:00Z",
        "2027-02-05T23:00:00Z",
        checked_in="2027-02-05T11:40:00Z",
        others=("Đỗ Văn Tài",),
    ),
    # 18:00 on mùng 1 to 06:00 on mùng 2, never checked in; the shift's status is still "published"
    _shift(
        "missed",
        "2027-02-06T11:00:00Z",
        "2027-02-06T23:00:00Z",
        site=HUNG_DIEN,
        covers=(MY_THANH_BAC,),
        others=("Ngô Văn Lợi",),
    ),
    # 06:00-18:00 today, under way: checked in at 10:00 (late); a colleague's check-in is not the person's
    _shift(
        "under-way-in",
        "2027-02-06T23:00:00Z",
        "2027-02-07T11:00:00Z",
        checked_in="2027-02-07T03:00:00Z",
        site=HUNG_DIEN,
        covers=(MY_THANH_BAC,),
        status="checked_in",
    ),
    # 09:00-13:00 today, under way, not checked in although the shift reads "checked_in" (a colleague did)
    _shift(
        "under-way-out", "2027-02-07T02:00:00Z", "2027-02-07T06:00:00Z", others=("Lê Minh Tuấn",), status="checked_in"
    ),
    # tomorrow: nothing has happened yet
    _shift("ahead", "2027-02-08T11:00:00Z", "2027-02-08T23:00:00Z", site=HUNG_DIEN),
    # 06:00-18:00 today: he never came; at 09:06 the manager handed it over from 09:10 (roster cancelled it, saying to
    # whom and from when: QZ13 #2, not from 06:00)
    {
        **_shift("absent", "2027-02-06T23:00:00Z", "2027-02-07T11:00:00Z", status="cancelled"),
        "cancel_reason": "Anh Sang không đến",
        "handed_over_to": {
            "shift_id": "rest",
            "people": ["Trần Văn Bảy"],
            "at": "2027-02-07T02:06:00Z",
            "starts_at": "2027-02-07T02:10:00Z",
        },
    },
    # tomorrow night, cancelled by the manager: a plain cancellation
    {
        **_shift("called-off", "2027-02-08T11:00:00Z", "2027-02-08T23:00:00Z", status="cancelled"),
        "cancel_reason": "Đủ người",
    },
]
ASKED: list[str] = []
BESIDE_ASKED: list[list[str]] = []  # the shifts each request for who else is on duty named
# who else is on duty during "ahead" (18:00 tomorrow to 06:00), as roster says it: the leader first, with her phone
BESIDE = [
    {
        "staff_id": "o-hoa",
        "full_name": "Trần Thị Hoa",
        "duty_type": "leadership",
        "starts_at": "2027-02-08T11:00:00Z",
        "ends_at": "2027-02-08T23:00:00Z",
        "phone": "0903 456 789",
    },
    {
        "staff_id": "o-bao",
        "full_name": "Đặng Quốc Bảo",
        "duty_type": "incident_response",
        "starts_at": "2027-02-08T11:00:00Z",
        "ends_at": "2027-02-08T19:00:00Z",
        "phone": None,
        "site_name": "Trạm Mỹ Thạnh",
    },
    {  # a 24-hour leader shift, 08:00 08/02 to 08:00 09/02 (QZ14 #13 read "(08:00–08:00)")
        "staff_id": "o-truong",
        "full_name": "Lê Văn Trưởng",
        "duty_type": "leadership",
        "starts_at": "2027-02-08T01:00:00Z",
        "ends_at": "2027-02-09T01:00:00Z",
        "phone": None,
    },
    {
        "staff_id": "o-lan",
        "full_name": "Ngô Thị Lan",
        "duty_type": "incident_response",
        "starts_at": "2027-02-08T11:00:00Z",
        "ends_at": "2027-02-08T23:00:00Z",
        "phone": None,
    },
]
# who else was on duty during "late" (giao thừa's night, over): roster answers as for any shift, a leader's phone too
BESIDE_LATE = [
    {
        "staff_id": "o-hoa",
        "full_name": "Trần Thị Hoa",
        "duty_type": "leadership",
        "starts_at": "2027-02-05T11:00:00Z",
        "ends_at": "2027-02-05T23:00:00Z",
        "phone": "0903 456 789",
    },
    {
        "staff_id": "o-bao",
        "full_name": "Đặng Quốc Bảo",
        "duty_type": "incident_response",
        "starts_at": "2027-02-05T11:00:00Z",
        "ends_at": "2027-02-05T17:00:00Z",
        "phone": None,
        "site_name": "Trạm Mỹ Thạnh",
    },
]
DUTY_TYPES = [
    {"key": "patrol", "name_vi": "Tuần tra, bảo vệ", "name_en": "Patrol and guard duty"},
    {"key": "leadership", "name_vi": "Trực lãnh đạo", "name_en": "Leadership duty"},
    {"key": "incident_response", "name_vi": "Trực ứng cứu thông tin", "name_en": "Incident response duty"},
]


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _page(items: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _roster(request: httpx.Request) -> httpx.Response:
    path, params = request.url.path, request.url.params
    ASKED.append(path)
    if (signed_in := sign_in_answer(request, STAFF, PASSWORD)) is not None:
        return signed_in
    if path == "/duty-types":
        return _page(DUTY_TYPES)
    if path == "/sites":
        return _page(SITES)
    if path in ("/enterprises", "/campaigns", "/swaps", "/early-leaves") or path.endswith("/swap-candidates"):
        return _page([])  # the last two: “Tôi cần về sớm” on a card under way (QZ29 #8)
    if path == "/shifts/on-duty-beside":
        # roster's answer for tomorrow night's shift; the other shifts: nobody else on duty
        BESIDE_ASKED.append(params.get_list("shift_id"))
        said = {"ahead": BESIDE, "under-way-in": BESIDE, "late": BESIDE_LATE}
        shifts = [{"shift_id": s, "people": said.get(s, [])} for s in params.get_list("shift_id")]
        return httpx.Response(200, json={"shifts": shifts})
    if path == "/shifts":
        found = SHIFTS
        if "from" in params:
            found = [s for s in found if _instant(s["ends_at"]) > _instant(params["from"])]
        if "ended_by" in params:
            found = [s for s in found if _instant(s["ends_at"]) <= _instant(params["ended_by"])]
        if params.get("order") == "-starts_at":
            found = list(reversed(found))
        return _page(found)
    return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})


async def _get(*paths: str, lang: str = "vi") -> list[httpx.Response]:
    async with signed_in_portal(_roster, STAFF["login"], PASSWORD, now=NOW, lang=lang) as client:
        ASKED.clear()
        BESIDE_ASKED.clear()
        return [await client.get(path) for path in paths]


def _card(markup: str, shift_id: str) -> str:
    found = present(re.search(rf'<article[^>]*id="shift-{shift_id}".*?</article>', markup, re.S)).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found)).split())


def _heading(markup: str, shift_id: str) -> str:
    card = present(re.search(rf'<article[^>]*id="shift-{shift_id}".*?</article>', markup, re.S)).group(0)
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", present(re.search(r"<h\d.*?</h\d>", card, re.S)).group(0))).split()
    )


async def test_an_ended_shift_says_whether_and_when_the_person_checked_in_not_that_it_was_published() -> None:
    (past,) = await _get("/me/shifts?when=past")
    assert past.status_code == 200, past.text
    on_time, late, missed = _card(past.text, "on-time"), _card(past.text, "late"), _card(past.text, "missed")
    assert "Đã kết thúc" in _heading(past.text, "on-time") and "Đã điểm danh đúng giờ" in _heading(past.text, "on-time")
    assert "Đã điểm danh lúc 06:05 — đúng giờ." in on_time
    assert "Điểm danh muộn" in _heading(past.text, "late")
    assert "Đã điểm danh lúc 18:40 — muộn 40 phút (ca bắt đầu lúc 18:00)." in late
    assert "Không điểm danh" in _heading(past.text, "missed") and "Ca đã kết thúc mà bạn không điểm danh." in missed
    for card in (on_time, late, missed):
        assert "Đã công bố" not in card and "Điểm danh lúc" not in card.replace("Đã điểm danh lúc", "")


async def test_a_shift_under_way_says_so_and_whether_the_person_has_checked_in_not_a_colleague() -> None:
    (coming,) = await _get("/me/shifts")
    assert coming.status_code == 200, coming.text
    inside, outside = _heading(coming.text, "under-way-in"), _heading(coming.text, "under-way-out")
    assert "Đang trực" in inside and "Điểm danh muộn" in inside
    assert "Đã điểm danh lúc 10:00 — muộn 4 giờ (ca bắt đầu lúc 06:00)." in _card(coming.text, "under-way-in")
    # the shift reads checked_in (a colleague checked in), the person has not: the card says the person's state
    assert "Đang trực" in outside and "Chưa điểm danh" in outside and "Đã điểm danh" not in outside
    assert "hãy bấm “Điểm danh” ngay" in _card(coming.text, "under-way-out")
    # one ahead: nothing has happened yet, it is coming (QA: "Đã công bố" told staff, who see only published shifts,
    # nothing)
    ahead = _heading(coming.text, "ahead")
    assert "Sắp tới" in ahead and "Đã công bố" not in ahead and "Chưa điểm danh" not in _card(coming.text, "ahead")


async def test_every_card_names_its_site_border_covered_sites_and_colleagues_from_one_read_of_the_sites() -> None:
    coming, past = await _get("/me/shifts", "/me/shifts?when=past")
    assert "Kiêm cả Trạm BTS Mỹ Thạnh Bắc Biên giới" in _card(coming.text, "under-way-in")
    missed = _card(past.text, "missed")
    assert "Điểm trực Trạm viễn thông Hưng Điền Biên giới" in missed
    assert "Kiêm cả Trạm BTS Mỹ Thạnh Bắc Biên giới" in missed
    assert "Cùng ca Ngô Văn Lợi" in missed
    on_time = _card(past.text, "on-time")
    assert "Điểm trực Tổng đài Host Tân An Cùng ca" in on_time  # not a border site: no tag
    assert "Cùng ca Chỉ mình bạn" in on_time and "Kiêm cả" not in on_time
    late = _card(past.text, "late")
    assert "Điểm trực Không gắn điểm trực (trực chung của doanh nghiệp)" in late and "Cùng ca Đỗ Văn Tài" in late
    # the sites are read once per page (the reference), never a request per card; nor who else is on duty: one
    # request for all the page's live shifts, the past page's too (R5), not the cancelled ones (handed over, called off)
    assert ASKED.count("/sites") == 2 and not [p for p in ASKED if p.startswith("/sites/")]
    assert [p for p in ASKED if p.startswith("/shifts/") and "/swap-candidates" not in p] == [
        "/shifts/on-duty-beside"
    ] * 2
    # “Tôi cần về sớm” (QZ29 #8): the colleagues its form offers, read for the cards under way alone
    assert {p for p in ASKED if p.endswith("/swap-candidates")} <= {
        "/shifts/under-way-in/swap-candidates",
        "/shifts/under-way-out/swap-candidates",
    }
    assert [sorted(ids) for ids in BESIDE_ASKED] == [
        ["ahead", "under-way-in", "under-way-out"],
        ["late", "missed", "on-time"],
    ]


async def test_a_past_card_says_who_was_on_duty_beside_without_phone_numbers() -> None:
    """R5: "Cũng đang trực" was on the coming cards only; a past card said nothing of who else was on duty. It says
    "Cùng trực" (past), from the same one read a page; no phone number, nobody to call about a shift that is over."""
    past, english = (await _get("/me/shifts?when=past"))[0], (await _get("/me/shifts?when=past", lang="en"))[0]
    late = _card(past.text, "late")
    said = (
        "Cùng trực (2 người) Trực lãnh đạo: Trần Thị Hoa "
        "Trực ứng cứu thông tin: Đặng Quốc Bảo (Trạm Mỹ Thạnh, 18:00–24:00) Người không ghi giờ: trực cùng giờ với bạn."
    )
    assert said in late, late
    assert "0903" not in past.text and "tel:" not in past.text and "Cũng đang trực" not in past.text
    card = present(re.search(r'<article[^>]*id="shift-late".*?</article>', past.text, re.S)).group(0)
    assert re.search(r'<details class="on-duty-beside">\s*<summary>', card) and "<details open" not in card
    assert "Cùng trực" not in _card(past.text, "on-time")  # nobody else then: no empty block
    assert "Also on duty then (2 people) Leadership duty: Trần Thị Hoa" in _card(english.text, "late")


async def test_who_else_is_on_duty_is_one_request_for_the_whole_page_whatever_its_cards(monkeypatch) -> None:
    """A person with twelve more shifts ahead: the page asks roster once for all its live cards not over yet
    (QZ13 #8's first version asked once per card: twelve requests a page view)."""
    more = [_shift(f"day-{d}", f"2027-02-{d:02d}T11:00:00Z", f"2027-02-{d:02d}T23:00:00Z") for d in range(9, 21)]
    monkeypatch.setitem(globals(), "SHIFTS", [*SHIFTS, *more])
    everything, first = await _get("/me/shifts?limit=50", "/me/shifts")
    assert everything.status_code == 200 and first.status_code == 200, first.text
    assert [p for p in ASKED if p.startswith("/shifts/") and "/swap-candidates" not in p] == [
        "/shifts/on-duty-beside"
    ] * 2
    # “Tôi cần về sớm” (QZ29 #8): the colleagues its form offers, read for the cards under way alone
    assert {p for p in ASKED if p.endswith("/swap-candidates")} <= {
        "/shifts/under-way-in/swap-candidates",
        "/shifts/under-way-out/swap-candidates",
    }
    live = ["ahead", "under-way-in", "under-way-out", *(s["id"] for s in more)]
    assert sorted(BESIDE_ASKED[0]) == sorted(live)
    # the default page's ten cards: one request for those of them that are live (not the cancelled ones)
    assert len(BESIDE_ASKED[1]) == 10 - sum(f'id="shift-{s}"' in first.text for s in ("absent", "called-off"))
    assert "Cùng trực (4 người) Trực lãnh đạo: Trần Thị Hoa" in _card(everything.text, "ahead")


async def test_a_card_says_who_else_is_on_duty_meanwhile_the_leader_first_with_her_phone() -> None:
    """QZ13 #8: every card said "Cùng ca: Chỉ mình bạn" while the duty leader, the incident response and the
    patrol were on at the same time; the leader's name was nowhere on the staff pages."""
    coming, english = (await _get("/me/shifts"))[0], (await _get("/me/shifts", lang="en"))[0]
    ahead = _card(coming.text, "ahead")
    # QZ14 #13: one line per duty type; a colleague's site, and their own times only where they differ from the
    # shift's, dated when not the card's day; those at the card's hours said once
    # QZ24: "Cùng trực" before the shift begins — "Cũng đang trực" read as right now on a card a day ahead —, "đang"
    # kept for the shift under way
    said = (
        "Cùng trực (4 người) Trực lãnh đạo: Trần Thị Hoa, 0903 456 789; Lê Văn Trưởng (08:00 08/02 → 08:00 09/02) "
        "Trực ứng cứu thông tin: Đặng Quốc Bảo (Trạm Mỹ Thạnh, 18:00 08/02 → 02:00 09/02); Ngô Thị Lan "
        "Người không ghi giờ: trực cùng giờ với bạn."
    )
    assert said in ahead.replace(" ;", ";"), ahead  # (a tag before the ";": the link of the phone number)
    assert 'href="tel:0903456789"' in coming.text
    # QZ14 #9: closed, after the card's actions (at 390 px it pushed the check-in button below the first screen)
    card = present(re.search(r'<article[^>]*id="shift-ahead".*?</article>', coming.text, re.S)).group(0)
    assert re.search(r'<details class="on-duty-beside">\s*<summary>', card) and "<details open" not in card
    assert card.index('class="actions"') < card.index("on-duty-beside")
    # QZ25 #7: "Cùng ca: Chỉ mình bạn" right above "Cùng trực (4 người)" read as a contradiction: with the list, no
    # such line; a colleague on the very shift is still named ("late": Đỗ Văn Tài, beside the list); nobody else on
    # duty at all, it says so
    assert "Chỉ mình bạn" not in ahead and "Cùng ca" not in ahead
    late = _card((await _get("/me/shifts?when=past"))[0].text, "late")
    assert "Cùng ca Đỗ Văn Tài" in late and "Cùng trực (2 người)" in late
    assert "Cùng ca Chỉ mình bạn" in _card((await _get("/me/shifts?when=past"))[0].text, "on-time")
    # one way to write a span on the card (QZ25 #7: "→" in its time, "–" in a colleague's across days): an arrow
    # between times with their days, a dash between two hours of one day
    assert "18:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 06:00 09/02" in ahead and " – " not in ahead
    assert "Cũng đang trực (4 người) Trực lãnh đạo: Trần Thị Hoa" in _card(coming.text, "under-way-in")
    assert "Also on duty meanwhile (4 people)" in _card(english.text, "under-way-in")
    # nobody else on duty: no empty block
    assert "on-duty-beside" not in present(
        re.search(r'<article[^>]*id="shift-under-way-out".*?</article>', coming.text, re.S)
    ).group(0)
    said = (
        "On duty with you (4 people) Leadership duty: Trần Thị Hoa, 0903 456 789; Lê Văn Trưởng (08:00 8 Feb → "
        "08:00 9 Feb) Incident response duty: Đặng Quốc Bảo (Trạm Mỹ Thạnh, 18:00 8 Feb → 02:00 9 Feb)"
    )
    assert said in _card(english.text, "ahead").replace(" ;", ";"), _card(english.text, "ahead")


async def test_the_cards_in_english() -> None:
    (past,) = await _get("/me/shifts?when=past", lang="en")
    assert "Checked in at 18:40 — 40 minutes late (the shift began at 18:00)." in _card(past.text, "late")
    assert "Not checked in" in _heading(past.text, "missed") and "Ended" in _heading(past.text, "missed")
    assert "Also covers Trạm BTS Mỹ Thạnh Bắc Border" in _card(past.text, "missed")


async def test_a_shift_handed_over_whole_says_the_person_did_not_come_and_whom_it_went_to() -> None:
    """QZ11/QZ12: the shift a person never came to, handed over whole, read "Đã hủy" in their own list, while the
    board said who took it and when; now their card says it as the board does. QZ14 #14: in "Đã qua" (its day under
    way, nothing of it ahead of him), newest first — not at the bottom of the coming ones under "Ca đã hủy"."""
    (upcoming,) = await _get("/me/shifts")
    assert 'id="shift-absent"' not in upcoming.text and 'id="shift-called-off"' in upcoming.text
    coming, english = (await _get("/me/shifts?when=past"))[0], (await _get("/me/shifts?when=past", lang="en"))[0]
    order = re.findall(r'<article[^>]*id="shift-([^"]+)"', coming.text)
    assert order == ["absent", "missed", "late", "on-time"], order
    assert "Ca đã hủy" not in coming.text
    card, heading = _card(coming.text, "absent"), _heading(coming.text, "absent")
    assert "Không đến" in heading and "Đã hủy" not in heading, heading
    assert "Không đến — đã giao ca cho Trần Văn Bảy từ 09:10: Anh Sang không đến" in card, card
    assert "Lý do hủy" not in card and "Điểm danh" not in card.replace("Đã điểm danh", "")
    # a plain cancellation still reads as one, among the coming ones
    plain = _card(upcoming.text, "called-off")
    assert "Đã hủy" in _heading(upcoming.text, "called-off") and "Lý do hủy Đủ người" in plain
    assert "Không đến" not in plain
    said = "Did not come — the shift was handed over to Trần Văn Bảy from 09:10: Anh Sang không đến"
    assert said in _card(english.text, "absent") and "Did not come" in _heading(english.text, "absent")


async def test_a_lapsed_swap_then_a_handover_of_the_rest_says_whom_it_went_to_not_that_it_is_still_his(
    monkeypatch,
) -> None:
    """QZ18 #4: Sang's swap request lapsed (the shift began before a decision), then at 19:10 the manager handed the
    rest of his 18:00 shift to Lê Thị Hoa. His past card said "Yêu cầu đổi ca đã hết hạn — ca trực vẫn là của bạn"
    and nothing of the handover; now it says to whom the rest went and from when, and the lapse no longer says the
    shift is still his. A lapse with no handover after it still says so."""
    kept = {  # roster's answer for the shift kept, ending at the handover: whom its rest went to
        **_shift("rest-handed", "2027-02-05T11:00:00Z", "2027-02-05T12:10:00Z"),
        "handed_over_to": {"shift_id": "rest", "people": ["Lê Thị Hoa"], "at": "2027-02-05T12:06:00Z"}
        | {"starts_at": "2027-02-05T12:10:00Z"},
    }

    def lapsed(shift_id: str) -> dict[str, Any]:
        return {"id": f"swap-{shift_id}", "version": 2, "shift_id": shift_id, "enterprise_id": "e1"} | {
            "status": "lapsed",
            "from_staff_id": ME,
            "created_at": "2027-02-05T09:00:00Z",
            "updated_at": "2027-02-05T11:00:00Z",
        }

    def roster(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/swaps":
            return _page([lapsed("rest-handed"), lapsed("on-time")])
        return _roster(request)

    monkeypatch.setitem(globals(), "SHIFTS", [SHIFTS[0], kept])
    for lang, handed, still, lapse in (
        ("vi", "Đã giao phần còn lại cho Lê Thị Hoa từ 19:10.", "ca trực vẫn là của bạn",
         "Yêu cầu đổi ca đã hết hạn vì ca bắt đầu trước khi quản lý duyệt."),
        ("en", "The rest was handed over to Lê Thị Hoa from 19:10.", "the shift is still yours",
         "Your swap request lapsed: the shift began before a manager decided."),
    ):  # fmt: skip
        async with signed_in_portal(roster, STAFF["login"], PASSWORD, now=NOW, lang=lang) as client:
            page = await client.get("/me/shifts?when=past")
        card = _card(page.text, "rest-handed")
        assert handed in card and lapse in card and still not in card, card
        assert still in _card(page.text, "on-time")  # lapsed, nothing handed over after it


async def test_a_shift_whose_rest_was_handed_over_with_the_managers_word_he_was_there_says_so_not_missed(
    monkeypatch,
) -> None:
    """QZ18 #5: Sang did not check in; at 19:10 the manager handed the rest of his 18:00 shift to Lê Thị Hoa with
    "Người trực không đến" unticked — he was there. The daily report says "Có mặt, không điểm danh (quản lý xác nhận
    khi giao ca) — giao phần còn lại cho Lê Thị Hoa từ 19:10"; his past card said "Không điểm danh" and "Ca đã kết
    thúc mà bạn không điểm danh.". Now it says the report's words. Not said (null, a handover before 2026-12-07), or
    a colleague on the shift having checked in (the box was not offered): "Không điểm danh", as before."""
    reason = "Chị Hoa bị sốt.\nDòng hai.\n  Dòng ba thụt lề."  # typed on three lines (QZ20 #5)
    handed = {"shift_id": "rest", "people": ["Lê Thị Hoa"], "at": "2027-02-05T12:06:00Z", "reason": reason}
    kept = {
        **_shift("vouched", "2027-02-05T11:00:00Z", "2027-02-05T12:10:00Z"),
        "handed_over_to": {**handed, "starts_at": "2027-02-05T12:10:00Z", "handover_absent": False},
    }
    not_said = {**kept, "id": "not-said", "handed_over_to": {**kept["handed_over_to"], "handover_absent": None}}
    with_colleague = {
        **_shift("colleague-came", "2027-02-05T11:00:00Z", "2027-02-05T12:10:00Z", others=("Phan Văn Hải",)),
        "handed_over_to": kept["handed_over_to"],
    }
    with_colleague["assignees"][1]["checked_in_at"] = "2027-02-05T10:55:00Z"
    monkeypatch.setitem(globals(), "SHIFTS", [kept, not_said, with_colleague])
    for lang, tag, said, missed, why in (
        ("vi", "Có mặt, không điểm danh", "Có mặt, không điểm danh (quản lý xác nhận khi giao ca): bạn không bị tính "
         "là vắng mặt.", "Không điểm danh", "Đã giao phần còn lại cho Lê Thị Hoa từ 19:10: "),
        ("en", "There, not checked in", "There, not checked in (confirmed by the manager at the handover): you are "
         "not counted absent.", "Not checked in", "The rest was handed over to Lê Thị Hoa from 19:10: "),
    ):  # fmt: skip
        (page,) = await _get("/me/shifts?when=past", lang=lang)
        card, heading = _card(page.text, "vouched"), _heading(page.text, "vouched")
        assert tag in heading and missed not in heading and said in card, card
        # QZ20 #5: who took the rest, and why, its lines as typed (the absent case said why, this one did not)
        assert f'<p class="outcome handed-rest typed-text">{why}{reason}</p>' in html.unescape(page.text)
        assert 'data-outcome="confirmed"' in page.text
        for other in ("not-said", "colleague-came"):
            assert missed in _heading(page.text, other) and said not in _card(page.text, other), other


async def test_the_shift_that_took_over_anothers_rest_says_from_whom_from_when_and_why(monkeypatch) -> None:
    """QZ21 #8: Bảo's card, of the shift that took over the rest of Võ Văn Thành's at 09:10, said nothing of it, while
    the board said "Tiếp nhận phần còn lại của ca của Võ Văn Thành." and Thành's card said to whom and why. Now his
    says it as Thành's does its side, the reason's lines (a blank one too) as typed; one taken over whole says the
    other did not come; a shift continuing none says neither."""
    reason = "phải về nhà.\nĐã báo “trưởng ca” qua Zalo lúc 08:50.\n\nAnh Bảo nhận thay"
    took = {"shift_id": "thanh", "people": ["Võ Văn Thành"], "whole": False}
    rest = {
        **_shift("took-rest", "2027-02-07T02:10:00Z", "2027-02-07T11:00:00Z"),
        "continues_shift_id": "thanh",
        "handover_reason": reason,
        "took_over": took,
    }
    whole = {
        **_shift("took-whole", "2027-02-07T04:00:00Z", "2027-02-07T06:00:00Z"),
        "continues_shift_id": "ghost",
        "handover_reason": None,
        "took_over": {"shift_id": "ghost", "people": ["Trần Văn Bảy"], "whole": True},
    }
    plain = _shift("plain", "2027-02-07T08:00:00Z", "2027-02-07T10:00:00Z")
    monkeypatch.setitem(globals(), "SHIFTS", [rest, whole, plain])
    for lang, said, whole_said in (
        ("vi", "Tiếp nhận phần còn lại của ca của Võ Văn Thành từ 09:10: ",
         "Nhận ca thay Trần Văn Bảy (không đến) từ 11:00."),
        ("en", "Took over the rest of the shift of Võ Văn Thành from 09:10: ",
         "Took over the shift in place of Trần Văn Bảy (did not come) from 11:00."),
    ):  # fmt: skip
        (page,) = await _get("/me/shifts", lang=lang)
        assert f'<p class="outcome took-over typed-text">{said}{reason}</p>' in html.unescape(page.text), page.text
        assert '<p class="outcome took-over">' + whole_said in html.unescape(page.text)
        assert "took-over" not in present(re.search(r'<article[^>]*id="shift-plain".*?</article>', page.text, re.S))[0]


def test_the_outcome_in_words_of_the_domain() -> None:
    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2027, 2, 7, hour, minute, tzinfo=UTC)

    def of(now: datetime, checked_in_at: datetime | None = None, status: str = "published", mine: bool = True) -> str:
        return outcome(
            starts_at=at(1), ends_at=at(5), status=status, on_shift=mine, checked_in_at=checked_in_at, now=now
        )

    assert of(at(0)) == ""  # not begun
    assert of(at(0, 50), at(0, 45)) == "on_time"  # an early check-in
    assert of(at(2), at(1, 15)) == "on_time"  # 15 minutes after the start: still on time
    assert of(at(2), at(1, 16)) == "late"
    assert of(at(2)) == "not_yet"
    assert of(at(5)) == "missed"  # it ended at 05:00
    assert of(at(6), status="cancelled") == ""
    assert of(at(6), mine=False) == ""  # handed over

    # QZ18 #5: the manager said at a handover that they were there (vouched_for): confirmed, whatever the moment
    def vouched(now: datetime, checked_in_at: datetime | None = None) -> str:
        return outcome(
            starts_at=at(1),
            ends_at=at(5),
            status="published",
            on_shift=True,
            checked_in_at=checked_in_at,
            now=now,
            vouched=True,
        )

    assert vouched(at(6)) == vouched(at(2)) == "confirmed"
    assert vouched(at(6), at(1, 20)) == "late"  # a check-in says more
    assert vouched_for(handover_absent=False, anyone_checked_in=False)
    assert not vouched_for(handover_absent=False, anyone_checked_in=True)  # the box was not offered
    assert not vouched_for(handover_absent=None, anyone_checked_in=False)  # not said: as before
    assert not vouched_for(handover_absent=True, anyone_checked_in=False)  # ticked: they never came


def _refusing_check_in(request: httpx.Request) -> httpx.Response:
    """Roster as above, refusing a check-in: out of its window (a shift changed meanwhile, say)."""
    if request.method == "POST" and request.url.path.endswith("/check-in"):
        said = "Check-in is open from 30 minutes before the start until the shift ends."
        body = {"type": "https://lichtruc.example/problems/check-in-window", "status": 409, "detail": said}
        return httpx.Response(409, json=body)
    return _roster(request)


async def test_a_refused_check_in_is_said_on_its_card_once_after_a_redirect_to_my_shifts() -> None:
    """A refused check-in answers by Post/Redirect/Get: a 303 to /me/shifts at the shift's card (not the POST's
    address, which a reload would send again), which says why on that card — not on the others — and only once."""
    async with signed_in_portal(_refusing_check_in, STAFF["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/shifts")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        refused, again = await refused_and_shown(
            client,
            "/me/shifts/under-way-out/check-in",
            {"version": "2", "csrf_token": csrf},
            to="/me/shifts#shift-under-way-out",
        )
    said = "Ngoài giờ điểm danh: chỉ điểm danh được từ 30 phút trước giờ trực đến khi ca kết thúc."
    assert refused.status_code == 409
    assert said in _card(refused.text, "under-way-out") and html.unescape(refused.text).count(said) == 1
    assert said not in _card(refused.text, "ahead")
    assert again.status_code == 200 and said not in html.unescape(again.text)


def _too_early(request: httpx.Request) -> httpx.Response:
    """Roster as above, refusing a check-in too early as roster does, with when the button opens (`opens_at`): for
    tomorrow's shift ("ahead", 18:00 on 08/02) at 17:30 that day; for today's ("under-way-out") at 11:30 today."""
    if request.method == "POST" and request.url.path.endswith("/check-in"):
        opens = "2027-02-08T10:30:00Z" if "/ahead/" in request.url.path else "2027-02-07T04:30:00Z"
        said = "Check-in opens 30 minutes before the start."
        body = {"type": "x/check-in-window", "status": 409, "detail": said, "opens_at": opens}
        return httpx.Response(409, json=body)
    return _roster(request)


async def test_a_check_in_too_early_says_the_day_the_button_opens_when_it_is_not_today() -> None:
    """QA: "Chưa đến giờ điểm danh: nút mở lúc 05:30." of a shift tomorrow, with no day. Not today, the day is said
    with the time, in both languages; today, the time alone."""
    said = {
        "vi": "Chưa đến giờ điểm danh: nút mở lúc 17:30 ngày 08/02/2027 (Mùng 3 Tết Đinh Mùi).",
        "en": "Too early to check in: the button opens at 17:30 on 8 Feb 2027 (3rd day of Tết, Đinh Mùi).",
    }
    for lang, words in said.items():
        async with signed_in_portal(_too_early, STAFF["login"], PASSWORD, now=NOW, lang=lang) as client:
            page = await client.get("/me/shifts")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            tomorrow, _ = await refused_and_shown(
                client, "/me/shifts/ahead/check-in", {"version": "2", "csrf_token": csrf}, to="/me/shifts#shift-ahead"
            )
            assert words in _card(tomorrow.text, "ahead"), _card(tomorrow.text, "ahead")
            if lang == "vi":
                today, _ = await refused_and_shown(
                    client,
                    "/me/shifts/under-way-out/check-in",
                    {"version": "2", "csrf_token": csrf},
                    to="/me/shifts#shift-under-way-out",
                )
                assert "Chưa đến giờ điểm danh: nút mở lúc 11:30." in _card(today.text, "under-way-out")


def _checking_in(request: httpx.Request) -> httpx.Response:
    """Roster as above, taking a check-in on "under-way-out" (09:00-13:00 today): the shift as it now is."""
    if request.method == "POST" and request.url.path.endswith("/check-in"):
        shift = next(s for s in SHIFTS if s["id"] == "under-way-out")
        return httpx.Response(200, json={**shift, "version": 3})
    return _roster(request)


async def test_a_late_check_in_is_told_how_late_plainly_and_a_check_in_on_another_day_is_dated() -> None:
    """QZ11 #10: checking in ten hours late read "Đã điểm danh. Chúc bạn một ca trực an toàn!", and a check-in at
    04:53 on a shift begun at 18:00 the day before read as that evening's. QZ26 #6: past the grace it says how late
    and who is told, not "Không sao…"; within it, that it is not counted late."""
    said = {
        "vi": "Đã điểm danh, muộn 1 giờ so với giờ vào ca (quá 15 phút cho phép). Ai đã được báo bạn chưa điểm danh",
        "en": "Checked in 1 hour late (past the 15 minutes allowed). Whoever was told you had not checked in",
    }
    for lang, words in said.items():
        async with signed_in_portal(_checking_in, STAFF["login"], PASSWORD, now=NOW, lang=lang) as client:
            page = await client.get("/me/shifts")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            sent = await client.post("/me/shifts/under-way-out/check-in", data={"version": "2", "csrf_token": csrf})
            assert sent.status_code == 303 and sent.headers["location"] == (
                "/me/shifts?done=checked_in&late=60&shift_id=under-way-out#shift-under-way-out"
            )
            shown = html.unescape((await client.get(sent.headers["location"])).text)
            assert words in shown and "Chúc bạn một ca trực an toàn!\n" not in shown
            # said on the card the page opens at (QZ26 #6), not above the cards
            assert re.search(
                r'<article[^>]*id="shift-under-way-out"[^>]*>(?:(?!</article>).)*id="checked-in"', shown, re.S
            )
            assert shown.count('id="checked-in"') == 1
            within = html.unescape((await client.get("/me/shifts?done=checked_in&late=10")).text)
            assert {
                "vi": "Đã điểm danh, sau giờ vào ca 10 phút — trong 15 phút cho phép, không tính là muộn.",
                "en": "Checked in 10 minutes after the shift began — within the 15 minutes allowed",
            }[lang] in within
    starts = _instant("2027-02-05T11:00:00Z")  # 18:00 on 05/02
    assert check_in_label(_instant("2027-02-05T11:40:00Z"), starts) == "18:40"
    assert check_in_label(_instant("2027-02-05T21:53:00Z"), starts) == "04:53 06/02"
    assert check_in_label(_instant("2027-02-05T21:53:00Z"), starts, "en") == "04:53 6 Feb"


def test_a_shift_handed_over_is_late_only_from_the_handover() -> None:
    """QZ12 #3: Trần Văn Bảy, handed a 06:00 shift at 09:06, checked in at 09:07 and read "muộn 3 giờ 7 phút":
    roster's `late_from` (the handover) is what a check-in is measured from, the start only without one."""
    starts, ends = datetime(2027, 2, 8, 23, tzinfo=UTC), datetime(2027, 2, 9, 7, tzinfo=UTC)  # 06:00–14:00
    handed = datetime(2027, 2, 9, 2, 6, tzinfo=UTC)  # 09:06

    def judged(at: datetime, late_from: datetime | None) -> str:
        return outcome(
            starts_at=starts,
            ends_at=ends,
            status="checked_in",
            on_shift=True,
            checked_in_at=at,
            now=ends,
            late_from=late_from,
        )

    at = datetime(2027, 2, 9, 2, 7, tzinfo=UTC)
    assert judged(at, handed) == "on_time"
    assert judged(at, None) == "late"  # without a handover: from the start
    assert judged(datetime(2027, 2, 9, 2, 22, tzinfo=UTC), handed) == "late"
