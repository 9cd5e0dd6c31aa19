"""A board cell with hundreds of shifts (QA: after an import of 2,000 shifts, one cell held 250 of an enterprise of 526
staff, and its page was 45.7 MB of HTML with 145,050 boxes — each shift's "Đổi người trực" form listed every staff
member): the panel lists the shifts 50 a page, filters them by person and site, and draws a shift's form (its people
picker, its edit, reschedule or cancel form) only for the shift and form whose link was followed, so that its size
no longer grows with shifts × staff, nor with shifts × forms.

The portal on a fake roster (a cell of N shifts × M staff), its clock before the campaign's day."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from portal.domain.shifts import StaffOption, pick_people
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 1, 3, 0, tzinfo=UTC)  # a week before the cell's day: every shift ahead
CAMPAIGN = "11111111-1111-1111-1111-111111111111"
ENTERPRISE = "22222222-2222-2222-2222-222222222222"
MANAGER: dict[str, Any] = {
    "id": "a1",
    "login": "quanly@vnpt-longan.vn",
    "display_name": "Hồ Văn Dũng",
    "role": "manager",
    "enterprise_ids": [ENTERPRISE],
    "staff_id": None,
}
SITES = [
    {"id": f"33333333-3333-3333-3333-33333333333{n}", "name": name, "border_area": False, "enterprise_id": ENTERPRISE}
    for n, name in enumerate(("Trung tâm điều hành Tân An", "Trạm viễn thông Bến Lức", "Trạm viễn thông Cần Giuộc"))
]
BASE = f"/manage/board/{CAMPAIGN}/{ENTERPRISE}"
CELL = f"{BASE}/cell?day=2027-02-08&duty_type=operations"
ANH = "Hà Thị Ngọc Ánh"  # the last of the staff, on one shift only: the 138th


def staff_id(n: int) -> str:
    return f"55555555-5555-5555-5555-{n:012d}"


def shift_id(n: int) -> str:
    return f"66666666-0000-0000-0000-{n:012d}"


class Roster:
    """roster for one cell of `shifts` shifts (two people each, a site each in turn) among `staff` staff (the last,
    Hà Thị Ngọc Ánh, on the 138th shift alone; every other person without the operator's qualification); a
    reassignment of the 180th shift is refused as a double booking, any other change answered 200."""

    def __init__(self, shifts: int, staff: int) -> None:
        self.people = [(staff_id(n), ANH if n == staff - 1 else f"Nguyễn Văn Thử {n:03d}") for n in range(staff)]
        start = datetime(2027, 2, 8, 0, 0, tzinfo=UTC)
        self.shifts = [
            {
                "id": shift_id(n),
                "campaign_id": CAMPAIGN,
                "enterprise_id": ENTERPRISE,
                "duty_type": "operations",
                "site_id": SITES[n % 3]["id"],
                "covers_site_ids": [],
                "starts_at": (start + timedelta(minutes=n)).isoformat(),
                "ends_at": (start + timedelta(minutes=n, hours=8)).isoformat(),
                "status": "draft",
                "version": 1,
                "notes": None,
                "cancel_reason": None,
                "warnings": [],
                "assignees": [
                    self._person(2 * n % (staff - 1) if n != 137 else staff - 1),
                    self._person((2 * n + 1) % (staff - 1)),
                ],
            }
            for n in range(shifts)
        ]
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.contacts: dict[str, dict[str, str]] = {}  # by staff id: an e-mail, a phone

    def _person(self, n: int) -> dict[str, Any]:
        return {"staff_id": self.people[n][0], "full_name": self.people[n][1], "qualified": True, "checked_in_at": None}

    def board(self) -> dict[str, Any]:
        needed: dict[str, Any] = {"site_id": None, "required": 2, "planned": 2, "met": True, "gaps": []}
        duty = {"duty_type": "operations", "name_vi": "Trực điều hành", "name_en": "Operations", "people": []}
        day = {"date": "2027-02-08", "lunar_name_vi": "Mùng 3 Tết", "lunar_name_en": "Tết day 3", "lunar": None}
        return {
            "campaign": {"id": CAMPAIGN, "name": "Tết Đinh Mùi 2027"},
            "enterprise": {"id": ENTERPRISE, "name": "VNPT Long An"},
            "from": "2027-02-08",
            "to": "2027-02-08",
            "days": [{**day, "peaks": [], "duty_types": [{**duty, "coverage": [needed], "shifts": self.shifts}]}],
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if (signed_in := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
            return signed_in
        if request.method == "POST":
            self.sent.append((path, json.loads(request.content or b"{}")))
            if path == f"/shifts/{shift_id(180)}/reassign":
                return httpx.Response(
                    409,
                    json={
                        "type": "https://lichtruc.example/problems/double-booking",
                        "title": "Double booking",
                        "status": 409,
                        "detail": "already on duty",
                        "staff_id": staff_id(0),
                        "conflicting_shift_id": shift_id(0),
                    },
                )
            return httpx.Response(200, json=self.shifts[0])
        if path == f"/campaigns/{CAMPAIGN}/enterprises/{ENTERPRISE}/board":
            return httpx.Response(200, json=self.board())
        if path == f"/campaigns/{CAMPAIGN}":
            span = {"starts_at": "2027-01-20T00:00:00Z", "ends_at": "2027-02-20T00:00:00Z"}
            return httpx.Response(200, json={"id": CAMPAIGN, "name": "Tết Đinh Mùi 2027", "kind": "tet", **span})
        if path == "/sites":
            return _page(SITES)
        if path == "/staff":
            return _page(
                [
                    {
                        "id": i,
                        "full_name": n,
                        "active": True,
                        "qualifications": ["operator"] if k % 2 == 0 else [],
                        **self.contacts.get(i, {}),
                    }
                    for k, (i, n) in enumerate(self.people)
                ]
            )
        if path.startswith("/shifts/"):
            found = next((s for s in self.shifts if s["id"] == path.removeprefix("/shifts/")), None)
            return httpx.Response(200, json=found) if found else httpx.Response(404, json={"type": "x/not-found"})
        if path in ("/enterprises", "/campaigns", "/duty-types"):
            return _page([])
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})


def _page(items: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _at(params: dict[str, str]) -> str:
    """The cell's address with more of its query."""
    return f"{CELL}&{urlencode(params)}"


def _cards(markup: str) -> list[str]:
    """The ids of the shift cards the panel lists, in order."""
    return re.findall(r'<article class="card shift-card" id="shift-([0-9a-f-]+)"', markup)


def _pickers(markup: str) -> set[str]:
    """The shifts whose people picker the page draws (each shift's boxes are named ra-<shift>-<person>)."""
    return set(re.findall(r'id="ra-([0-9a-f-]{36})-[0-9a-f-]{36}"', markup))


def _plan_boxes(markup: str) -> list[str]:
    """The staff ids of the plan form's people picker's boxes, in order."""
    return re.findall(r'id="plan-p-([0-9a-f-]{36})" name="people"', markup)


def _forms(markup: str) -> list[str]:
    """The shift forms drawn (publish aside): "<shift id>/<form>" each."""
    return re.findall(r'action="[^"]+/shifts/([0-9a-f-]+/(?:edit|reschedule|reassign|cancel))"', markup)


def _link(markup: str, rel: str) -> str:
    return html.unescape(present(re.search(rf'<a href="([^"]+)" rel="{rel}">', markup)).group(1))


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


async def test_a_cell_of_250_shifts_among_500_staff_stays_small() -> None:
    roster = Roster(shifts=250, staff=500)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get(CELL)
        assert page.status_code == 200, page.text[-500:]
        # The old panel: 250 pickers of 500 boxes, tens of MB. Now: one page of 50 shifts and the plan form's picker,
        # 50 boxes of it (it drew all 500 staff: 629 kB; the 50 shift cards were 480 kB of the page with their forms).
        assert len(page.content) < 550_000, f"{len(page.content):,} bytes"
        assert not _pickers(page.text)
        # Nor any card's edit, reschedule or cancel form (~9.6 kB a card: the page was 509 kB, now under half that):
        # each a link to its own, as the people picker is (each link naming its shift for a screen reader: ~10 kB).
        assert len(page.content) < 265_000, f"{len(page.content):,} bytes"
        assert not _forms(page.text)
        plan = _plan_boxes(page.text)
        assert plan == [staff_id(n) for n in range(0, 100, 2)]  # the qualified first, in the staff list's order
        assert "450 người khác: tìm theo tên." in _text(page.text)
        assert _cards(page.text) == [shift_id(n) for n in range(50)]
        text = _text(page.text)
        assert "Mục 1–50 trong 250 mục" in text
        # each shift's "Đổi người trực" is a link to its own picker, keeping the cell
        link = html.unescape(present(re.search(rf'href="([^"]+reassign={shift_id(3)}[^"]*)"', page.text)).group(1))
        assert link.startswith(f"{CELL}&reassign={shift_id(3)}") and link.endswith(f"#reassign-{shift_id(3)}")
        for form in ("edit", "reschedule", "cancel"):  # and so is each of its other forms
            link = html.unescape(present(re.search(rf'href="([^"]+{form}={shift_id(3)}[^"]*)"', page.text)).group(1))
            assert link == f"{CELL}&{form}={shift_id(3)}#{form}-{shift_id(3)}"

        # The next page, and the way back to the first.
        second = await client.get(_link(page.text, "next"))
        assert _cards(second.text) == [shift_id(n) for n in range(50, 100)]
        assert "Mục 51–100 trong 250 mục" in _text(second.text)  # the range (QA: "50 trên 111" on every page)
        assert "day=2027-02-08" in _link(second.text, "first") and _link(second.text, "first").endswith("#cell-panel")
        last = await client.get(CELL + "&cursor=200")
        assert _cards(last.text) == [shift_id(n) for n in range(200, 250)] and 'rel="next"' not in last.text

        # A person's shifts, found by their name typed without diacritics; a site's shifts, with their count.
        anh = await client.get(_at({"who": "ha thi ngoc anh"}))
        assert _cards(anh.text) == [shift_id(137)]
        assert "1 trên 250 ca trực của ô khớp bộ lọc." in _text(anh.text)
        at_ben_luc = await client.get(_at({"held_at": str(SITES[1]["id"])}))
        assert _cards(at_ben_luc.text) == [shift_id(n) for n in range(1, 150, 3)]
        assert "Mục 1–50 trong 83 mục" in _text(at_ben_luc.text)
        nobody = await client.get(_at({"who": "không có ai"}))
        assert not _cards(nobody.text)
        assert "Không có ca trực nào của ô khớp bộ lọc: hãy gõ tên khác hoặc bỏ lọc." in _text(nobody.text)
        # in English, one shift matches and two match (QZ21: "1 of … shifts match"); Nguyễn Văn Thử 000 is on the
        # first shift and the last
        await client.get("/lang/en")
        one, two = (
            await client.get(_at({"who": "ha thi ngoc anh"})),
            await client.get(_at({"who": "nguyen van thu 000"})),
        )
        assert "1 of the cell's 250 shifts matches the filter." in _text(one.text)
        assert _cards(two.text) == [shift_id(0), shift_id(249)]
        assert "2 of the cell's 250 shifts match the filter." in _text(two.text)


async def test_the_plan_forms_picker_finds_by_name_those_it_does_not_draw() -> None:
    roster = Roster(shifts=250, staff=500)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get(CELL)
        assert staff_id(301) not in _plan_boxes(page.text)
        # The search's box and "Tìm" are the plan form's own (QZ8: a GET form of their own lost what was ticked):
        # without script "Tìm" posts the whole plan form to find-people, with script it asks for the picker alone.
        plan = present(re.search(r'<form method="post" action="[^"]+/shifts".*?</form>', page.text, re.S)).group(0)
        assert re.search(r'<input type="search" id="plan-p-find" name="people_q" value=""', plan)
        find = present(re.search(r'<button type="submit" name="find" value="1" id="plan-p-find-submit"[^>]*>', plan))
        assert f'formaction="{BASE}/cell/find-people" formnovalidate' in find.group(0)
        assert html.unescape(find.group(0)).count(f'hx-get="{BASE}/cell/picker?day=2027-02-08&duty_type=operations')
        assert plan.index("plan-p-find-submit") < plan.index(">Xếp ca<")  # Enter in the search box searches
        assert "không được giữ" not in _text(page.text)  # the sentence that said the search lost what was ticked

        # Typed without diacritics: the one person found, among the others (not qualified: their group open).
        found = await client.get(_at({"people_q": "nguyen van thu 301"}))
        assert found.status_code == 200
        assert _plan_boxes(found.text) == [staff_id(301)]
        assert '<details class="people-others" open>' in found.text
        text = _text(found.text)
        assert "1 người có tên khớp “nguyen van thu 301”." in text and "Hiện lại danh sách" in text
        many = await client.get(_at({"people_q": "thu"}))
        assert len(_plan_boxes(many.text)) == 50
        assert "499 người có tên khớp “thu”, đang hiện 50: gõ thêm chữ để thu hẹp." in _text(many.text)
        nobody = await client.get(_at({"people_q": "không có ai"}))
        assert not _plan_boxes(nobody.text)
        assert "Không ai có tên khớp “không có ai”: hãy gõ tên khác." in _text(nobody.text)


def _ticked(markup: str) -> list[str]:
    """The staff ids of the plan form's ticked boxes, in order."""
    return re.findall(r'id="plan-p-([0-9a-f-]{36})" name="people" value="[^"]+" checked', markup)


async def test_the_plan_forms_search_keeps_the_people_ticked_and_the_form_typed() -> None:
    """QZ8: a manager ticks two people, searches a third, and lost the first two (the search reloaded the page)."""
    roster = Roster(shifts=3, staff=120)
    ticked = [staff_id(2), staff_id(4)]
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get(CELL)
        sent = _panel_form(page.text, f"{BASE}/shifts")
        typed = {
            "people": ticked,
            "starts_at": "2027-02-08T19:00",
            "ends_at": "2027-02-09T01:00",
            "site_id": SITES[2]["id"],
            "notes": "Trực thay ca đêm",
            "status": "published",
            "people_q": "thu 101",
            "find": "1",
        }
        # Without script: "Tìm" sends the plan form; back to the cell with all of it in the address, nothing planned.
        back = await client.post(f"{BASE}/cell/find-people", data={**sent, **typed})
        assert back.status_code == 303 and not roster.sent
        assert back.headers["location"].endswith("#plan-form")
        query = parse_qs(urlsplit(back.headers["location"]).query)
        assert (query["people"], query["people_q"], query["plan_site"]) == (ticked, ["thu 101"], [SITES[2]["id"]])
        shown = await client.get(back.headers["location"])
        assert shown.status_code == 200
        assert _plan_boxes(shown.text) == [*ticked, staff_id(101)]  # the ticked first, then the one found
        assert _ticked(shown.text) == ticked
        assert 'id="f-starts_at" name="starts_at" type="datetime-local" value="2027-02-08T19:00"' in shown.text
        assert 'id="f-ends_at" name="ends_at" type="datetime-local" value="2027-02-09T01:00"' in shown.text
        assert f'<option value="{SITES[2]["id"]}" selected>' in shown.text
        assert ">Trực thay ca đêm</textarea>" in shown.text
        assert '<input type="radio" name="status" value="published" checked>' in shown.text
        assert 'name="people_q" value="thu 101"' in shown.text
        # "Hiện lại danh sách" forgets the name, not the people ticked
        cleared = await client.post(f"{BASE}/cell/find-people", data={**sent, **typed, "find": "clear"})
        query = parse_qs(urlsplit(cleared.headers["location"]).query)
        assert "people_q" not in query and query["people"] == ticked

        # With script: the picker alone, its ticked people first and ticked, the one found after them.
        hx = {"HX-Request": "true"}
        asked = {"people_q": "thu 101", "people": ticked, "starts_at": "2027-02-08T19:00", "ends_at": ""}
        cell = {"day": "2027-02-08", "duty_type": "operations"}
        picker = await client.get(f"{BASE}/cell/picker", params={**cell, **asked}, headers=hx)
        assert picker.status_code == 200
        assert picker.text.lstrip().startswith('<div id="plan-p-picker"')
        assert 'id="plan-form"' not in picker.text and 'data-testid="cell-panel"' not in picker.text
        assert _plan_boxes(picker.text) == [*ticked, staff_id(101)] and _ticked(picker.text) == ticked
        # cleared: the first 50 again, the people ticked still first and ticked
        everyone = await client.get(f"{BASE}/cell/picker", params={**cell, **asked, "people_q": ""}, headers=hx)
        assert _plan_boxes(everyone.text)[:3] == [*ticked, staff_id(0)] and _ticked(everyone.text) == ticked
        assert len(_plan_boxes(everyone.text)) == 50
        # an address typed: the cell's page with the same
        typed_in = await client.get(f"{BASE}/cell/picker", params={**cell, **asked})
        assert typed_in.status_code == 303 and "people_q=thu+101" in typed_in.headers["location"]


async def test_the_pickers_tell_namesakes_apart_and_find_names_by_the_starts_of_their_words() -> None:
    """QA (round 8): "ƯNG THỊ Ý", "Ưng Thị Ý", "Ưng Thị Ý" were three identical boxes, and "uyen" found every
    Nguyễn. Namesakes (case aside) each say their e-mail, else their phone; a name is found by its words' starts."""
    roster = Roster(shifts=3, staff=60)  # more than the plan form draws: its search is the server's
    names = {0: "ƯNG THỊ Ý", 2: "Ưng Thị Ý", 4: "Ưng Thị Ý", 6: "Nguyễn Thị Uyên", 8: "Ung Thị Ý"}
    for n, name in names.items():
        roster.people[n] = (staff_id(n), name)
    roster.contacts = {staff_id(0): {"email": "y.ung@vnpt.vn"}, staff_id(2): {"phone": "0912345678"}}
    roster.contacts[staff_id(8)] = {"email": "y.ung.khac@vnpt.vn"}  # no namesake: nothing said beside the name

    def label(markup: str, prefix: str, n: int) -> str:
        return _text(present(re.search(rf'<label for="{prefix}-{staff_id(n)}">(.*?)</label>', markup, re.S)).group(1))

    for lang, email, phone in (("vi", "email", "SĐT"), ("en", "e-mail", "phone")):
        async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
            page = await client.get(_at({"people_q": "thi y"}))
            assert page.status_code == 200
            assert _plan_boxes(page.text) == [staff_id(8), staff_id(0), staff_id(2), staff_id(4)]  # u before ư
            assert [label(page.text, "plan-p", n) for n in (0, 2, 4, 8)] == [
                f"ƯNG THỊ Ý ({email} y.ung@vnpt.vn)",
                f"Ưng Thị Ý ({phone} 0912 345 678)",
                "Ưng Thị Ý",  # neither known: nothing to say
                "Ung Thị Ý",
            ]
            # each shift's "Đổi người" picker (every person drawn) says the same
            reassign = await client.get(_at({"reassign": shift_id(0)}))
            assert label(reassign.text, f"ra-{shift_id(0)}", 0) == f"ƯNG THỊ Ý ({email} y.ung@vnpt.vn)"
    uyen_on_duty = {"staff_id": staff_id(6), "full_name": "Nguyễn Thị Uyên", "qualified": True, "checked_in_at": None}
    roster.shifts[2]["assignees"] = [uyen_on_duty]  # every other shift has two Nguyễn Văn Thử
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        uyen = await client.get(_at({"people_q": "uyen"}))
        assert _plan_boxes(uyen.text) == [staff_id(6)]  # not the Nguyễn Văn Thử, whose "Nguyễn" holds "uyen"
        # and the cell's filter by a person's name finds names the same way (QA: "uyen" kept every Nguyễn's shift)
        assert _cards((await client.get(_at({"who": "uyen"}))).text) == [shift_id(2)]
        assert _cards((await client.get(_at({"who": "thi uy"}))).text) == [shift_id(2)]
        assert _cards((await client.get(_at({"who": "yen"}))).text) == []  # inside a word: no one


def test_a_picker_keeps_the_people_ticked_whatever_it_leaves_out() -> None:
    staff = [StaffOption(staff_id(n), f"Nguyễn Văn Thử {n:03d}", n % 2 == 0) for n in range(500)]
    ticked = {staff_id(401), staff_id(498)}  # ticked in a refused form: one not qualified, one past the first 50
    pick = pick_people(staff, ticked, most=50)
    assert [o.id for o in pick.listed] == [staff_id(498), *(staff_id(n) for n in range(0, 96, 2)), staff_id(401)]
    assert pick.left_out == 450 and not pick.searchable_here
    searched = pick_people(staff, ticked, query="  Thử   00\u200b7 ")
    assert [o.id for o in searched.listed] == [staff_id(498), staff_id(401), staff_id(7)]
    assert (searched.query, searched.matched) == ("Thử 007", 1)
    assert pick_people(staff[:40], (), most=50).searchable_here


async def test_the_picker_of_one_shift_opens_on_its_page_and_a_change_comes_back_to_it() -> None:
    roster = Roster(shifts=250, staff=500)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        # "Đổi người trực" of the 121st shift: its page (the third), its picker alone drawn, its people ticked first.
        page = await client.get(_at({"reassign": shift_id(120)}))
        assert _cards(page.text)[0] == shift_id(100) and shift_id(120) in _cards(page.text)
        assert _pickers(page.text) == {shift_id(120)}
        picker = present(
            re.search(rf'<section class="shift-form" id="reassign-{shift_id(120)}".*?</section>', page.text, re.S)
        )
        ticked = re.findall(r'value="([0-9a-f-]{36})" checked', picker.group(0))
        assert ticked == [staff_id(240), staff_id(241)]
        assert page.text.count('name="people"') == 550  # the plan form's 50 and this shift's 500
        # Who is told of the change: of a draft nobody yet; of a published shift the people added and taken off.
        assert "Ca còn là nháp: chưa ai được báo" in _text(picker.group(0))
        roster.shifts[121]["status"] = "published"
        published = await client.get(_at({"reassign": shift_id(121)}))
        told = _text(present(re.search(rf'id="reassign-{shift_id(121)}".*?</section>', published.text, re.S)).group(0))
        assert "người được thêm vào ca và người bị bỏ khỏi ca đều nhận tin nhắn" in told
        assert "không gửi tin nhắn" not in told and "chưa ai được báo" not in told
        roster.shifts[121]["status"] = "draft"
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)

        # Saved: back to the cell at the page listing the shift, said done.
        form = {
            "csrf_token": csrf,
            "cell_day": "2027-02-08",
            "cell_duty": "operations",
            "cell_site": "",
            "version": "1",
            "people": [staff_id(3)],
        }
        saved = await client.post(f"{BASE}/shifts/{shift_id(120)}/reassign", data=form)
        assert saved.status_code == 303
        assert parse_qs(urlsplit(saved.headers["location"]).query)["shift"] == [shift_id(120)]
        back = await client.get(saved.headers["location"])
        assert "Đã lưu người trực." in _text(back.text)
        assert shift_id(120) in _cards(back.text) and not _pickers(back.text)

        # Refused (a double booking) on the fourth page: the cell's own address shows that page, the form open
        # with what was ticked and the clash beside it.
        refused = await client.post(
            f"{BASE}/shifts/{shift_id(180)}/reassign", data={**form, "people": [staff_id(0)]}, follow_redirects=True
        )
        assert refused.status_code == 409 and "/cell?" in str(refused.url)
        assert shift_id(180) in _cards(refused.text) and _pickers(refused.text) == {shift_id(180)}
        assert f'id="e-{shift_id(180)}-clash"' in refused.text
        assert re.search(rf'id="ra-{shift_id(180)}-{staff_id(0)}"[^>]* checked', refused.text)


async def test_a_cards_link_followed_with_script_brings_that_card_alone_its_form_drawn() -> None:
    """htmx follows a card's link for its form (hx-get, the card its target): the answer is that one card, the form
    in it, its hidden fields the list's page and filters; a shift gone meanwhile gets the panel as it now is."""
    roster = Roster(shifts=250, staff=500)
    htmx = {"HX-Request": "true", "HX-Target": f"shift-{shift_id(120)}"}
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get(CELL)
        link = present(
            re.search(rf'<a href="[^"]+" data-form-link="edit" hx-get="([^"]+edit={shift_id(3)})"', page.text)
        )
        assert html.unescape(link.group(1)) == f"{CELL}&edit={shift_id(3)}"
        assert f'hx-target="#shift-{shift_id(3)}" hx-swap="outerHTML"' in page.text

        card = await client.get(_at({"who": "nguyen", "edit": shift_id(120)}), headers=htmx)
        assert card.status_code == 200 and "HX-Retarget" not in card.headers
        assert card.text.strip().startswith(f'<article class="card shift-card" id="shift-{shift_id(120)}"')
        assert _cards(card.text) == [shift_id(120)] and _forms(card.text) == [f"{shift_id(120)}/edit"]
        assert (
            f'<h5 id="edit-{shift_id(120)}-heading" tabindex="-1">Sửa ghi chú, điểm trực, điểm kiêm</h5>' in card.text
        )
        sent = _panel_form(card.text, f"{BASE}/shifts/{shift_id(120)}/edit")
        assert (sent["cell_who"], sent["cell_cursor"]) == ("nguyen", "100")
        close = present(re.search(r'<a href="([^"]+)" data-close-form>Đóng biểu mẫu</a>', card.text)).group(1)
        assert html.unescape(close) == f"{CELL}&who=nguyen&shift={shift_id(120)}#shift-{shift_id(120)}"

        roster.shifts = [s for s in roster.shifts if s["id"] != shift_id(120)]  # cancelled meanwhile
        gone = await client.get(_at({"edit": shift_id(120)}), headers=htmx)
        assert (gone.headers["HX-Retarget"], gone.headers["HX-Reswap"]) == ("#cell-panel", "innerHTML")
        assert 'data-testid="cell-panel"' in gone.text and shift_id(120) not in _cards(gone.text)


def _panel_form(markup: str, action: str) -> dict[str, str]:
    """The hidden fields of the panel's form posting to `action`."""
    form = present(re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', markup, re.S)).group(0)
    return {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}


async def test_a_change_on_a_filtered_page_comes_back_to_that_page_so_filtered() -> None:
    """QA: after a cancel (or a publish, an edit, a reassignment) the panel came back unfiltered, on its first page."""
    roster = Roster(shifts=250, staff=500)
    at_ben_luc = {"held_at": str(SITES[1]["id"]), "who": "nguyen"}  # 83 shifts: the second page holds 51–83
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        first = await client.get(_at(at_ben_luc))
        second = await client.get(_link(first.text, "next"))
        on_it = [shift_id(n) for n in range(151, 250, 3)]
        assert _cards(second.text) == on_it and "Mục 51–83 trong 83 mục" in _text(second.text)
        cancel = f"{BASE}/shifts/{shift_id(160)}/cancel"
        # its cancel form drawn by the card's link: the same page of the same filters, the form alone drawn
        link = html.unescape(present(re.search(rf'href="([^"]+cancel={shift_id(160)}[^"]*)"', second.text)).group(1))
        drawn = await client.get(link)
        assert _cards(drawn.text) == on_it and "Mục 51–83 trong 83 mục" in _text(drawn.text)
        assert _forms(drawn.text) == [f"{shift_id(160)}/cancel"]
        sent = _panel_form(drawn.text, cancel)
        assert (sent["cell_who"], sent["cell_held_at"], sent["cell_cursor"]) == ("nguyen", SITES[1]["id"], "50")
        assert _panel_form(second.text, f"{BASE}/shifts")["cell_cursor"] == "50"  # the plan form's too

        done = await client.post(cancel, data={**sent, "reason": "Đổi lịch", "confirmed": "yes"})
        assert done.status_code == 303
        back = parse_qs(urlsplit(done.headers["location"]).query)
        assert (back["held_at"], back["who"], back["cursor"]) == ([SITES[1]["id"]], ["nguyen"], ["50"])
        shown = await client.get(done.headers["location"])
        assert _cards(shown.text) == on_it and "Mục 51–83 trong 83 mục" in _text(shown.text)
        assert f'<option value="{SITES[1]["id"]}" selected>' in shown.text
        # the shift gone from the cell (a cancelled one leaves the board): the same page, still filtered
        roster.shifts = [s for s in roster.shifts if s["id"] != shift_id(160)]
        gone = await client.get(done.headers["location"])
        assert _cards(gone.text) == [s for s in on_it if s != shift_id(160)]

        # refused (the 180th's reassignment, a double booking) on the fourth page of a name filter: the cell's own
        # address, that filter and page, the shift's form open there
        by_name = {**sent, "cell_held_at": "", "cell_cursor": "150"}
        refused = await client.post(
            f"{BASE}/shifts/{shift_id(180)}/reassign",
            data={**by_name, "people": [staff_id(0)]},
            follow_redirects=True,
        )
        assert refused.status_code == 409 and f'id="e-{shift_id(180)}-clash"' in refused.text
        again = parse_qs(urlsplit(str(refused.url)).query)
        assert (again["who"], again["cursor"], "held_at" in again) == (["nguyen"], ["150"], False)
        assert _cards(refused.text)[0] == shift_id(150) and shift_id(180) in _cards(refused.text)
