"""QA (2027-02-07, an empty system): nobody could set a campaign's readiness checklist from the portal — roster had the
endpoints, no page called them —, so the managers' and inspectors' readiness pages stayed empty with words blaming a
filter. The administrator's "Readiness checklist" page now lists a campaign's items by sector, filters and pages them,
adds the directive's items (a second time: none), adds, changes and removes one; the empty pages say the Department
sets the list.

The portal on a fake roster (httpx.MockTransport) that keeps the items as roster does: the directive's from roster's
own domain (skipped when the campaign has them, refused on a drill with roster's words), changes and removals only
from the latest version (If-Match, else 412); last Tết's items copied by roster's own rules (`Copying`)."""

from __future__ import annotations

import html
import json
import re
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import pytest

from lichtruc import lunar
from portal.domain.checklist import SEED_NAMED
from roster.api.problems import to_problem
from roster.domain.errors import DomainError, RuleViolation
from roster.domain.readiness import (
    SECTORS,
    ReadinessItem,
    check_copy_campaign,
    check_directive_campaign,
    copied_checklist,
    directive_items,
    no_previous_items,
    no_previous_tet,
)
from support import present

from .fake_sign_in import refused_and_shown, sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết
BEFORE = datetime(2027, 1, 25, 3, 0, tzinfo=UTC)  # before the Tết campaign's readiness deadline, the drill over
TET = "11111111-1111-1111-1111-111111111111"
DRILL = "12121212-1212-1212-1212-121212121212"
ENTERPRISE = "22222222-2222-2222-2222-222222222222"
ADMIN: dict[str, Any] = {
    "id": "a0",
    "login": "quantri@stttt.longan.gov.vn",
    "display_name": "Quản trị Sở",
    "role": "admin",
    "enterprise_ids": [],
    "staff_id": None,
}
MANAGER: dict[str, Any] = {
    "id": "a1",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [ENTERPRISE],
    "staff_id": None,
}
CAMPAIGNS = [
    {
        "id": TET,
        "kind": "tet",
        "name": "Tết Đinh Mùi 2027",
        "starts_at": "2027-01-30T17:00:00Z",
        "ends_at": "2027-02-16T17:00:00Z",
    },
    {
        "id": DRILL,
        "kind": "drill",
        "name": "Diễn tập ứng cứu tháng Chạp",
        "starts_at": "2027-01-20T01:00:00Z",
        "ends_at": "2027-01-20T09:00:00Z",
    },
]
DEADLINE = "2027-01-29T17:00:00Z"  # the Tết campaign's readiness deadline: 00:00 on 30/01, Vietnam time
STALE = {"type": "x/stale-version", "title": "Precondition failed", "status": 412, "detail": "changed"}
NUMBER_OF_DIRECTIVE_ITEMS = len(directive_items(SECTORS))


def _page(items: list[Any]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """The campaigns, one enterprise (telecom) and the readiness items of each campaign, kept as roster keeps them."""

    def __init__(self, account: dict[str, Any] = ADMIN) -> None:
        self.account = account
        self.items: dict[str, dict[str, Any]] = {}
        self.sent: list[tuple[str, str]] = []
        self.department = ""  # the Department's name as saved on /admin/department; "" not set yet

    def item(self, campaign_id: str, sector: str, title_vi: str, title_en: str, position: int, **due: Any) -> str:
        iid = str(uuid.uuid4())
        self.items[iid] = {
            "id": iid,
            "campaign_id": campaign_id,
            "sector": sector,
            "title_vi": title_vi,
            "title_en": title_en,
            "description": "",
            "due_at": due.get("due_at") or DEADLINE,
            "due_date": due.get("due_date"),
            "due_local": "",
            "position": position,
            "version": 1,
            "created_at": "2027-01-02T00:00:00Z",
            "updated_at": "2027-01-02T00:00:00Z",
        }
        return iid

    def of(self, campaign_id: str, sector: str | None = None) -> list[dict[str, Any]]:
        mine = [i for i in self.items.values() if i["campaign_id"] == campaign_id and sector in (None, i["sector"])]
        return sorted(mine, key=lambda i: (i["sector"], i["position"]))  # as roster orders them

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, self.account, PASSWORD)) is not None:
            return signed
        path, method = request.url.path, request.method
        if method != "GET":
            self.sent.append((method, path))
        if path == "/campaigns":
            return _page(CAMPAIGNS)
        if path == "/department":  # the fields the portal reads of it
            return httpx.Response(200, json={"department": self.department, "set": bool(self.department)})
        if path == "/enterprises":
            return _page([{"id": ENTERPRISE, "name": "VNPT Long An", "sector": "telecom"}])
        if path == f"/enterprises/{ENTERPRISE}/readiness":
            return _page([])
        if path == f"/enterprises/{ENTERPRISE}/readiness/summary":
            body = {"enterprise_name": "VNPT Long An", "sector": "telecom", "done": 0, "overdue": 0, "open": 0}
            return httpx.Response(200, json=body)
        found = re.fullmatch(r"/campaigns/([0-9a-f-]+)/readiness-items(?:/([0-9a-f-]+|directive))?", path)
        if found is None:
            return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})
        cid, rest = found.groups()
        if rest == "directive":
            campaign = next(c for c in CAMPAIGNS if c["id"] == cid)
            try:
                check_directive_campaign(campaign["kind"], campaign["name"])
            except RuleViolation as exc:
                problem = to_problem(exc)
                return httpx.Response(problem.status, json=problem.body(path))
            have = {(i["sector"], i["title_vi"]) for i in self.of(cid)}
            sent = json.loads(request.content or b"{}")
            day = sent.get("due_date")  # by its end: 17:00 UTC that day
            due = {"due_date": day, "due_at": f"{day}T17:00:00Z"} if day else {}
            added = [
                self.item(cid, s, d.title_vi, d.title_en, p, **due)
                for s, p, d in directive_items(SECTORS)
                if (s, d.title_vi) not in have
            ]
            body = {"created": len(added), "items": [self.items[i] for i in added]}
            if sent.get("dry_run"):  # what it would add, none added
                for i in added:
                    del self.items[i]
            return httpx.Response(200, json=body)
        if rest is None and method == "GET":
            return _page(self.of(cid, request.url.params.get("sector")))
        if rest is None and method == "POST":
            sent = json.loads(request.content)
            if "\u200b" in sent["title_vi"]:  # roster's rule of a title: every character visible
                rule = RuleViolation("title_vi", "visible", "The title has an invisible character.", "Tên có ký tự ẩn.")
                problem = to_problem(rule)
                return httpx.Response(problem.status, json=problem.body(path))
            iid = self.item(cid, sent["sector"], sent["title_vi"], sent["title_en"], sent["position"])
            day = sent.get("due_date")
            self.items[iid].update(description=sent["description"], due_date=day)
            if day:  # by its end: 17:00 UTC that day
                self.items[iid].update(due_at=f"{day}T17:00:00Z")
            return httpx.Response(201, json=self.items[iid])
        current = self.items.get(str(rest))
        if current is None or current["campaign_id"] != cid:
            return httpx.Response(404, json={"type": "x/not-found", "detail": "no such item"})
        if method == "GET":
            return httpx.Response(200, json=current)
        if request.headers.get("if-match") != f'"{current["version"]}"':
            return httpx.Response(412, json=STALE)
        if method == "DELETE":
            del self.items[current["id"]]
            return httpx.Response(204)
        current.update(json.loads(request.content), version=current["version"] + 1)
        return httpx.Response(200, json=current)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _rows(markup: str) -> list[str]:
    """The list's rows as read: sector, order, title (both languages), due."""
    body = re.search(r'<table class="checklist-items".*?<tbody>(.*?)</tbody>', markup, re.S)
    return [_text(row) for row in re.findall(r"<tr data-item[^>]*>(.*?)</tr>", body.group(1), re.S)] if body else []


def _csrf(markup: str) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', markup)).group(1)


LIST = f"/admin/readiness?campaign_id={TET}"
ASKED_CAMPAIGN = "Không có đợt trực này: địa chỉ chỉ đến một đợt trực không có trong danh sách"


@pytest.mark.parametrize(
    ("lang", "empty", "added", "again"),
    [
        (
            "vi",
            "Sở chưa giao mục kiểm tra nào",
            f"Đã thêm {NUMBER_OF_DIRECTIVE_ITEMS} mục theo chỉ thị",
            "Đã thêm 0 mục",
        ),
        (
            "en",
            "The Department has set no checklist item",
            f"{NUMBER_OF_DIRECTIVE_ITEMS} items of the directive added",
            "0 items of the directive added",
        ),
    ],
)
async def test_the_directive_s_items_are_added_once_listed_by_sector_filtered_and_paged(
    lang: str, empty: str, added: str, again: str
) -> None:
    roster = Roster()
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=BEFORE, lang=lang) as client:
        page = await client.get("/admin/readiness")  # the default campaign: the Tết one
        assert re.search(r'<nav[^>]*>.*href="/admin/readiness".*</nav>', page.text, re.S)  # in the administrator's menu
        assert page.status_code == 200 and empty in _text(page.text) and _rows(page.text) == []
        seeded = await client.post(f"/admin/readiness/{TET}/directive", data={"csrf_token": _csrf(page.text)})
        assert seeded.status_code == 303
        shown = await client.get(seeded.headers["location"])
        assert added in _text(shown.text)
        rows = _rows(shown.text)
        assert len(rows) == NUMBER_OF_DIRECTIVE_ITEMS
        # in roster's order: by sector, then each sector's order (10, 20, 30…)
        assert rows[0].startswith("Internet 10 ") and rows[8].startswith(("Bưu chính 10 ", "Postal 10 "))
        assert "hết ngày 29/01/2027" in rows[0] or "by the end of 29 Jan 2027" in rows[0]
        twice = await client.post(f"/admin/readiness/{TET}/directive", data={"csrf_token": _csrf(shown.text)})
        assert again in _text((await client.get(twice.headers["location"])).text)
        assert len(roster.of(TET)) == NUMBER_OF_DIRECTIVE_ITEMS  # none twice

        television = _rows((await client.get(f"{LIST}&sector=television")).text)
        # the sector's one name, the enterprise form's (QA: "Truyền hình" here, "Phát thanh, truyền hình" there)
        assert television and all(r.startswith(("Phát thanh, truyền hình", "Radio and television")) for r in television)
        # words typed: case and diacritics aside, in either language's title
        found = _rows((await client.get(f"{LIST}&sector=telecom&q=nguon%20dien")).text)
        assert len(found) == 1 and "Nguồn điện dự phòng" in found[0] and "Back-up power" in found[0]
        assert len(_rows((await client.get(f"{LIST}&q=back-up%20POWER")).text)) == 3  # telecom, internet, television
        first = await client.get(f"{LIST}&limit=5")
        assert len(_rows(first.text)) == 5
        following = present(re.search(r'href="([^"]+)" rel="next"', first.text)).group(1)
        second = _rows((await client.get(html.unescape(following))).text)
        assert len(second) == 5 and second[0] not in _rows(first.text)


@pytest.mark.parametrize(
    ("lang", "asked", "new_day", "past", "as_is", "added"),
    [
        (
            "vi",
            "Các mục theo chỉ thị có hạn hết ngày 29/01/2027, 22 tháng Chạp Bính Ngọ, nay đã qua: "
            f"{NUMBER_OF_DIRECTIVE_ITEMS} mục sẽ quá hạn ngay khi thêm, và quản lý các doanh nghiệp sẽ nhận thư báo quá "
            "hạn. Chưa thêm mục nào",
            "hết ngày 10/02/2027",
            "Hạn mới này đã qua: hãy chọn từ hôm nay (07/02/2027",
            "hết ngày 29/01/2027",
            f"Đã thêm {NUMBER_OF_DIRECTIVE_ITEMS} mục theo chỉ thị, hạn hết ngày 10/02/2027.",
        ),
        (
            "en",
            "The directive's items were due by the end of 29 Jan 2027, the 22nd day of the 12th lunar month, Bính Ngọ, "
            "which has passed",
            "by the end of 10 Feb 2027",
            "This new due day has passed: choose today (7 Feb 2027",
            "by the end of 29 Jan 2027",
            f"{NUMBER_OF_DIRECTIVE_ITEMS} items of the directive added, due by the end of 10 Feb 2027.",
        ),
    ],
)
async def test_the_directive_s_items_overdue_at_once_are_asked_about_first_then_added_by_a_new_day_or_as_they_are(
    lang: str, asked: str, new_day: str, past: str, as_is: str, added: str
) -> None:
    # QA (mùng 2 Tết): seeded after the readiness deadline, all 29 items were overdue at once, and no word said so.
    roster = Roster()
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = await client.get(LIST)
        token = _csrf(page.text)
        question, again = await refused_and_shown(
            client, f"/admin/readiness/{TET}/directive", {"csrf_token": token}, to=LIST
        )
        assert roster.of(TET) == []  # nothing added before the answer
        said = _text(
            present(re.search(r'<div class="message warn"[^>]*id="seed-ask">(.*?)</div>', question.text, re.S)).group(1)
        )
        assert said.startswith(asked), said
        assert "((" not in said and "))" not in said  # QA: "(by the end of 28 Jan 2027 (21st day of …))"
        if lang == "en":
            assert f"{NUMBER_OF_DIRECTIVE_ITEMS} items would be overdue as soon as added" in said
        # the items named, each title once (one per sector in roster), in the page's language
        named = re.findall(
            r"<li>([^<]*)</li>", present(re.search(r'id="seed-ask">(.*?)</div>', question.text, re.S)).group(1)
        )
        titles = list(dict.fromkeys(d.title_vi if lang == "vi" else d.title_en for _, _, d in directive_items(SECTORS)))
        more = ("và {count} mục khác" if lang == "vi" else "and {count} more").format(count=len(titles) - SEED_NAMED)
        assert [html.unescape(n) for n in named] == titles[:SEED_NAMED] + ([more] if len(titles) > SEED_NAMED else [])
        # the date box's bounds written as the page writes a day (portal.js): "7 Feb 2027" in English
        months = re.search(r'data-months="([^"]*)"', present(re.search(r"<body[^>]*>", question.text)).group(0))
        assert (months and months.group(1)) == (
            None if lang == "vi" else "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
        )
        # the new due day offered: three days ahead, within the campaign
        assert 'name="due_date" type="date" value="2027-02-10" min="2027-02-07" max="2027-02-16"' in question.text
        assert 'name="confirmed" value="yes"' in question.text and "seed-ask" not in again.text
        # a new day already past is refused at its box, nothing added
        answered = {"csrf_token": token, "confirmed": "yes", "answer": "new"}
        refused, _ = await refused_and_shown(
            client, f"/admin/readiness/{TET}/directive", {**answered, "due_date": "2027-02-01"}, to=LIST
        )
        assert past in _text(present(re.search(r'id="e-seed-due_date"[^>]*>(.*?)</', refused.text, re.S)).group(1))
        assert 'value="2027-02-01"' in refused.text and roster.of(TET) == []
        # the new day: every item due by its end
        seeded = await client.post(f"/admin/readiness/{TET}/directive", data={**answered, "due_date": "2027-02-10"})
        assert seeded.status_code == 303
        shown = await client.get(seeded.headers["location"])
        assert added in _text(shown.text)
        assert {i["due_date"] for i in roster.of(TET)} == {"2027-02-10"}
        assert all(new_day in row for row in _rows(shown.text))
        # as they are: due by the campaign's readiness deadline, said overdue
        roster.items.clear()
        kept = await client.post(f"/admin/readiness/{TET}/directive", data={**answered, "answer": "as_is"})
        assert kept.status_code == 303
        assert len(roster.of(TET)) == NUMBER_OF_DIRECTIVE_ITEMS and {i["due_at"] for i in roster.of(TET)} == {DEADLINE}
        assert all(as_is in row for row in _rows((await client.get(kept.headers["location"])).text))


async def test_a_campaign_none_of_them_is_said_and_a_drill_s_directive_refused_in_roster_s_words() -> None:
    roster = Roster()
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as client:
        unknown = await client.get(f"/admin/readiness?campaign_id={uuid.uuid4()}")
        assert unknown.status_code == 404 and "checklist-items" not in unknown.text
        assert ASKED_CAMPAIGN in _text(unknown.text)
        page = await client.get(f"/admin/readiness?campaign_id={DRILL}")
        shown, _ = await refused_and_shown(
            client,
            f"/admin/readiness/{DRILL}/directive",
            {"csrf_token": _csrf(page.text)},
            to=f"/admin/readiness?campaign_id={DRILL}",
        )
    said = present(re.search(r'<p class="error" id="e-seed" role="alert">([^<]*)</p>', shown.text))
    assert "là buổi diễn tập: danh mục chuẩn bị theo chỉ thị dành cho đợt trực Tết" in html.unescape(said.group(1))
    assert roster.of(DRILL) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_an_item_added_goes_after_the_last_of_its_sector_and_refusals_keep_what_was_typed(lang: str) -> None:
    roster = Roster()
    roster.item(TET, "telecom", "Nguồn điện dự phòng", "Back-up power", 20)
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = await client.get(LIST)
        form = {
            "csrf_token": _csrf(page.text),
            "sector": "telecom",
            "title_vi": "",
            "title_en": "Generator fuel for 72 hours",
            "description": "Dầu cho máy phát đủ 72 giờ",
            "due_date": "",
            "due_at": "",
            "position": "",
        }
        # the form's own mistakes, all at once, beside their boxes; what was typed kept
        first, reload = await refused_and_shown(client, f"/admin/readiness/{TET}/items", form, to=LIST)
        assert first.status_code == 422
        said = _text(first.text)
        assert ("Hãy điền ô này." if lang == "vi" else "Fill in this box.") in said or 'id="e-title_vi"' in first.text
        assert 'id="e-due_date"' in first.text
        assert ("Mục kiểm tra cần có hạn" if lang == "vi" else "A checklist item needs a due date") in said
        assert 'value="Generator fuel for 72 hours"' in first.text and "Dầu cho máy phát đủ 72 giờ" in first.text
        assert 'id="e-due_date"' not in reload.text  # said once
        # roster's refusal, in the page's language, at the box it names
        form |= {"title_vi": "Dầu máy phát\u200b 72 giờ", "due_date": "2027-02-10"}
        refused, _ = await refused_and_shown(client, f"/admin/readiness/{TET}/items", form, to=LIST)
        box = present(re.search(r'<p class="error" id="e-title_vi">([^<]*)</p>', refused.text)).group(1)
        assert html.unescape(box) == ("Tên có ký tự ẩn." if lang == "vi" else "The title has an invisible character.")
        assert 'value="Generator fuel for 72 hours"' in refused.text
        form |= {"title_vi": "Dầu máy phát 72 giờ", "due_at": "2027-01-28T17:00"}  # a day and a time: which?
        both, _ = await refused_and_shown(client, f"/admin/readiness/{TET}/items", form, to=LIST)
        box = present(re.search(r'<p class="error" id="e-due_at">([^<]*)</p>', both.text)).group(1)
        assert html.unescape(box).startswith("Chỉ nhập một trong hai" if lang == "vi" else "Give either the due day")
        form |= {"due_date": "2027-01-28", "due_at": ""}
        # its due day already past (mùng 2 Tết): asked first, nothing added, the form kept as typed (QA: it was added
        # and only then said overdue, the sector's managers already due a mail)
        asked, reload = await refused_and_shown(client, f"/admin/readiness/{TET}/items", form, to=f"{LIST}#new")
        assert asked.status_code == 200 and len(roster.of(TET)) == 1
        question = _text(
            present(re.search(r'<div class="message warn"[^>]*id="item-ask">(.*?)</div>', asked.text, re.S)).group(1)
        )
        assert question.startswith(
            "Hạn của mục “Dầu máy phát 72 giờ” (hết ngày 28/01/2027, 21 tháng Chạp Bính Ngọ) đã qua: mục sẽ quá hạn "
            "ngay khi thêm"
            if lang == "vi"
            else "The due of “Generator fuel for 72 hours” (by the end of 28 Jan 2027, the 21st day of the 12th lunar "
            "month, Bính Ngọ) has passed: it would be overdue as soon as added"
        ), question
        assert ("Chọn hạn khác" if lang == "vi" else "Choose another due day") in question
        assert 'href="#f-due_date"' in asked.text
        assert (
            'value="Generator fuel for 72 hours"' in asked.text
            and 'name="due_date" type="date" value="2027-01-28"' in asked.text
        )
        assert "item-ask" not in reload.text  # asked once
        as_is = present(re.search(r'<button type="submit" name="as_is" value="([^"]*)"[^>]*>([^<]*)<', asked.text))
        assert (as_is.group(1), as_is.group(2)) == (
            "2027-01-28",
            "Thêm với hạn như cũ (quá hạn)" if lang == "vi" else "Add it due as it is (overdue)",
        )
        # the answer holds the due asked about: another past day typed beside it asks again
        again, _ = await refused_and_shown(
            client,
            f"/admin/readiness/{TET}/items",
            form | {"due_date": "2027-01-27", "as_is": "2027-01-28"},
            to=f"{LIST}#new",
        )
        assert (
            ("27/01/2027" if lang == "vi" else "27 Jan 2027") in _text(again.text)
            and 'id="item-ask"' in again.text
            and len(roster.of(TET)) == 1
        )
        # as it is: added, and said overdue at once
        saved = await client.post(f"/admin/readiness/{TET}/items", data=form | {"as_is": as_is.group(1)})
        assert saved.status_code == 303
        shown = await client.get(saved.headers["location"])
        rows = _rows(shown.text)
        warned = (
            "Đã thêm mục “Dầu máy phát 72 giờ” với hạn như cũ (hết ngày 28/01/2027"
            if lang == "vi"
            else "Item “Generator fuel for 72 hours” added due as it was (by the end of 28 Jan 2027"
        )
        assert warned in _text(shown.text)
        # back to the list as it was read: none of the filters no one chose (QA: "&sector=postal", "Bỏ lọc")
        assert saved.headers["location"] == f"{LIST}&done=created"
        later = await client.post(
            f"/admin/readiness/{TET}/items",
            data=form | {"title_vi": "Xăng xe", "title_en": "Fuel", "due_date": "2027-02-10"},
        )
        assert later.headers["location"] == f"{LIST}&done=added"
        shown = await client.get(later.headers["location"])
        assert "message warn" not in shown.text  # not due yet: no word of it
        # the item named, once (QA: "Đã lưu." said not what); no "Bỏ lọc" on a list no one filtered
        added_said = "Đã thêm mục “Xăng xe”." if lang == "vi" else "Item “Fuel” added."
        assert _text(shown.text).count(added_said) == 1 and ("Đã lưu." if lang == "vi" else "Saved.") not in _text(
            shown.text
        )
        assert ("Bỏ lọc" if lang == "vi" else "Clear filters") not in _text(shown.text)
        del roster.items[roster.of(TET)[-1]["id"]]
        # added from the list filtered: back to it so filtered (the form carries the list's address as it was read)
        read = await client.get(f"{LIST}&sector=postal&q=x%C4%83ng")
        assert f'name="back" value="campaign_id={TET}&amp;sector=postal&amp;q=x%C4%83ng"' in read.text
        # the add form's sector is the one the list is filtered to, chosen already (QA round 8); unfiltered, none
        adding = present(re.search(r'<section[^>]*id="new">(.*?)</section>', read.text, re.S)).group(1)
        assert re.findall(r'<option value="([^"]*)" selected', adding) == ["postal"], adding
        bare = present(re.search(r'<section[^>]*id="new">(.*?)</section>', page.text, re.S)).group(1)
        assert re.findall(r'<option value="([^"]*)" selected', bare) == [""], bare  # "— Chọn —"
        kept = await client.post(
            f"/admin/readiness/{TET}/items",
            data=form
            | {"title_vi": "Xăng xe", "title_en": "Fuel", "due_date": "2027-02-10"}
            | {"back": html.unescape(present(re.search(r'name="back" value="([^"]*)"', read.text)).group(1))},
        )
        assert kept.headers["location"] == f"{LIST}&sector=postal&q=x%C4%83ng&done=added"
        del roster.items[roster.of(TET)[-1]["id"]]
        # asked first from the list filtered: the question on that list, its form carrying it, and both answers back
        # to it (QA: "&sector=internet" lost at the question, then on either answer)
        read = await client.get(f"{LIST}&sector=internet")
        overdue = form | {"sector": "internet", "title_vi": "Sao lưu DNS", "title_en": "DNS backup"}
        overdue |= {"back": html.unescape(present(re.search(r'name="back" value="([^"]*)"', read.text)).group(1))}
        asked, _ = await refused_and_shown(
            client, f"/admin/readiness/{TET}/items", overdue, to=f"{LIST}&sector=internet#new"
        )
        assert 'id="item-ask"' in asked.text and len(roster.of(TET)) == 2
        answer = _form(asked.text, f"/admin/readiness/{TET}/items") | {"sector": "internet"}  # its select kept
        assert answer["back"] == f"campaign_id={TET}&sector=internet"
        as_it_was = await client.post(
            f"/admin/readiness/{TET}/items", data=answer | {"as_is": "2027-01-28", "csrf_token": _csrf(asked.text)}
        )
        assert as_it_was.headers["location"] == f"{LIST}&sector=internet&done=created"
        _forget(roster, "DNS backup")
        new_day = await client.post(
            f"/admin/readiness/{TET}/items", data=answer | {"due_date": "2027-02-10", "csrf_token": _csrf(asked.text)}
        )
        assert new_day.headers["location"] == f"{LIST}&sector=internet&done=added"
        _forget(roster, "DNS backup")
    assert [present(re.search(r" (\d+) ", r)).group(1) for r in rows] == ["20", "30"]  # after the last of its sector
    added = roster.of(TET)[-1]
    assert (added["title_en"], added["due_date"], added["description"]) == (
        "Generator fuel for 72 hours",
        "2027-01-28",
        "Dầu cho máy phát đủ 72 giờ",
    )


def _forget(roster: Roster, title_en: str) -> None:
    """The item of that English title taken out of roster again."""
    del roster.items[next(i["id"] for i in roster.of(TET) if i["title_en"] == title_en)]


def _form(markup: str, action: str) -> dict[str, str]:
    form = present(re.search(rf'<form method="post" action="{action}".*?</form>', markup, re.S)).group(0)
    sent = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag:
            sent[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for area in re.finditer(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        sent[area.group(1)] = html.unescape(area.group(2))
    return sent


async def test_an_item_is_changed_a_stale_change_kept_as_typed_and_a_removal_asks_first() -> None:
    roster = Roster()
    iid = roster.item(TET, "telecom", "Nguồn điện dự phòng", "Back-up power", 20)
    url = f"/admin/readiness/{TET}/items/{iid}"
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW, lang="en") as client:
        page = await client.get(url)
        typed = _form(page.text, url) | {"title_en": "Back-up power for 72 hours"}
        # due at 00:00 on 30/01 (the deadline, Vietnam time): the list says "by the end of 29 Jan", so does the form
        # (QA: the day box empty, the time box "01/30/2027, 12:00 AM")
        assert (typed["due_date"], typed["due_at"], typed["version"]) == ("2027-01-29", "", "1")
        assert "In Vietnamese only" in _text(page.text)  # the directive's words: roster keeps no English of them
        timed = roster.item(TET, "telecom", "Xăng xe", "Fuel", 30, due_at="2027-01-29T03:00:00Z")
        at_ten = _form(
            (await client.get(f"/admin/readiness/{TET}/items/{timed}")).text, f"/admin/readiness/{TET}/items/{timed}"
        )
        assert (at_ten["due_date"], at_ten["due_at"]) == ("", "2027-01-29T10:00")  # a time within a day: a time
        roster.items[iid].update(title_vi="Nguồn điện dự phòng 48 giờ", version=2)  # someone else saved first
        stale, _ = await refused_and_shown(client, url, typed, to=url)
        assert stale.status_code == 409 and "What you typed is kept" in _text(stale.text)
        assert 'value="Back-up power for 72 hours"' in stale.text
        assert "Latest saved: Nguồn điện dự phòng 48 giờ" in _text(stale.text)
        again = _form(stale.text, url)
        assert again["version"] == "2"
        saved = await client.post(url, data=again)
        assert saved.status_code == 303
        assert roster.items[iid]["title_en"] == "Back-up power for 72 hours" and roster.items[iid]["version"] == 3
        # opened bare, back to the bare list — not "&sector=telecom", a filter no one chose (QA) —, the item named
        assert saved.headers["location"] == f"{LIST}&done=saved"
        listed = _text((await client.get(saved.headers["location"])).text)
        assert "Changes to “Back-up power for 72 hours” saved." in listed and "Clear filters" not in listed
        assert "Changes saved." not in listed
        # (its due, 29 Jan, had passed already and stayed: saved unasked.) Moved to another day that has passed: asked
        # first, as adding one is, nothing saved; the form kept as typed; "as it is" saves it
        moved = _form((await client.get(url)).text, url) | {"due_date": "2027-01-20", "title_en": "Back-up power"}
        asked, _ = await refused_and_shown(client, url, moved, to=url)
        question = _text(present(re.search(r'id="item-ask">(.*?)</div>', asked.text, re.S)).group(1))
        assert question.startswith(
            "The new due of “Back-up power” (by the end of 20 Jan 2027, the 13th day of the 12th lunar month, Bính Ngọ) "
            "has passed: it would be overdue as soon as saved"
        ), question
        assert roster.items[iid]["version"] == 3 and 'value="2027-01-20"' in asked.text
        answered = _form(asked.text, url) | {"as_is": "2027-01-20"}
        assert 'name="as_is" value="2027-01-20"' in asked.text and answered["title_en"] == "Back-up power"
        assert (await client.post(url, data=answered)).status_code == 303
        assert (roster.items[iid]["due_date"], roster.items[iid]["version"]) == ("2027-01-20", 4)

        # opened from the list as it was filtered and paged, the removal comes back to it (QA: to the whole list)
        filtered = await client.get(f"{LIST}&sector=telecom&q=power&limit=5")
        link = present(re.search(rf'href="({url}\?back=[^"]+)"', filtered.text)).group(1)
        item = await client.get(html.unescape(link))
        assert "marks, notes and document numbers" in _text(item.text)  # roster removes the marks with it: said
        remove = _form(item.text, f"{url}/remove")
        unasked, _ = await refused_and_shown(client, f"{url}/remove", remove, to=html.unescape(link))
        assert iid in roster.items and 'aria-invalid="true"' in unasked.text  # nothing removed unasked
        removed = await client.post(f"{url}/remove", data=_form(unasked.text, f"{url}/remove") | {"confirmed": "yes"})
        assert removed.status_code == 303
        back = httpx.URL(removed.headers["location"])
        assert (back.path, dict(back.params)) == (
            "/admin/readiness",
            {"campaign_id": TET, "sector": "telecom", "q": "power", "limit": "5", "done": "removed"},
        )
        listed = _text((await client.get(removed.headers["location"])).text)
        assert "Item “Back-up power” removed." in listed and "Removed." not in listed  # which one (QA)
    assert iid not in roster.items


INSPECTOR: dict[str, Any] = {**ADMIN, "id": "a2", "login": "thanhtra@stttt.longan.gov.vn", "role": "inspector"}


@pytest.mark.parametrize(
    ("lang", "said", "filter_words", "whose", "named"),
    [
        (
            "vi",
            "Sở chưa giao danh mục kiểm tra nào cho lĩnh vực viễn thông trong đợt trực này.",
            "hoặc không mục nào có trạng thái",
            "Danh mục do Sở giao theo công văn chỉ đạo.",
            "Danh mục do Sở Khoa học và Công nghệ giao theo công văn chỉ đạo.",
        ),
        (
            "en",
            "The Department has set no checklist item for the telecommunications sector in this campaign yet.",
            "or none with the chosen status",
            "The items the Department asks for in its directive.",
            "The items the Department (Sở Khoa học và Công nghệ) asks for in its directive.",
        ),
    ],
)
async def test_an_empty_checklist_says_the_department_sets_it_and_no_filter(
    lang: str, said: str, filter_words: str, whose: str, named: str
) -> None:
    roster = Roster(MANAGER)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = _text((await client.get("/manage/readiness")).text)
        assert said in page and filter_words not in page
        assert "/admin/readiness" not in page  # a manager is not sent to the administrator's page
        # whose checklist it is: the Department by the name an administrator saved (QZ11: the old name, in code)
        assert whose in page and "Truyền thông" not in page and "Information and Communications" not in page
        roster.department = "Sở Khoa học và Công nghệ"
        assert named in _text((await client.get("/manage/readiness")).text)
    async with signed_in_portal(Roster(), ADMIN["login"], PASSWORD, now=NOW, lang=lang) as client:
        markup = (await client.get("/manage/readiness")).text
    assert said in _text(markup)
    assert f'href="/admin/readiness?campaign_id={TET}"' in markup  # the administrator: where to set it


class Audit(Roster):
    """Audit's province-wide overview too, with no enterprise having any item (nothing set yet)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "audit" and request.url.path == "/readiness":
            return _page([])
        if request.url.host == "audit" and request.url.path == "/readiness/summary":
            zero = {"enterprises": 0, "done": 0, "open": 0, "overdue": 0, "enterprises_with_overdue": 0}
            return httpx.Response(200, json=zero)
        return super().__call__(request)


@pytest.mark.parametrize(
    ("lang", "said", "zero"),
    [
        ("vi", "Sở chưa giao danh mục kiểm tra nào trong đợt trực này.", "0 doanh nghiệp: 0 mục đã xong"),
        ("en", "The Department has set no checklist item in this campaign yet.", "0 enterprises: 0 items done"),
    ],
)
async def test_the_inspector_s_empty_overview_says_the_department_has_set_nothing(
    lang: str, said: str, zero: str
) -> None:
    async with signed_in_portal(Audit(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = _text((await client.get("/inspect/readiness")).text)
        narrowed = _text((await client.get(f"/inspect/readiness?campaign_id={TET}&status=overdue")).text)
    assert said in page and zero not in page
    assert said not in narrowed  # a filter set: the filter's words, as before


# --- “Chép từ Tết trước”: last Tết's checklist copied (QZ23 #7) ------------------------------------------------

PREVIOUS_TET = "Tết Bính Ngọ 2026"  # mùng 1: 17/02/2026; this one's: 06/02/2027
LAST_TET = "26262626-2626-2626-2626-262626262626"
LAST_TET_CAMPAIGN = {
    "id": LAST_TET,
    "kind": "tet",
    "name": PREVIOUS_TET,
    "starts_at": "2026-02-09T17:00:00Z",
    "ends_at": "2026-02-26T17:00:00Z",
}


def _previous(sector: str, title_vi: str, title_en: str, position: int, due_date: date) -> ReadinessItem:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    due_at = datetime.combine(due_date, time(17), tzinfo=UTC)  # by the end of that day, Vietnam time
    return ReadinessItem(
        uuid.uuid4(), uuid.uuid4(), sector, title_vi, title_en, "", due_at, due_date, position, 1, at, at
    )


LAST_TETS = [  # as the province tuned them: moved to 2027, the first two have passed by mùng 2 (NOW)
    _previous("telecom", "Máy phát điện trạm biên giới", "Border generators", 10, date(2026, 2, 7)),  # → 27/01/2027
    _previous("telecom", "Nguồn điện dự phòng", "Back-up power", 20, date(2026, 2, 10)),  # → 30/01/2027
    _previous("postal", "Tuần tra bưu cục", "Post office patrol", 10, date(2026, 2, 25)),  # → 14/02/2027
]


class Copying(Roster):
    """roster's POST /campaigns/{id}/readiness-items/previous-tet too, by roster's own rules (`domain.readiness`): a
    drill refused, no Tết before (`previous` None) or an empty one refused naming them, each due moved by its days to
    mùng 1, one the campaign has by sector and title skipped, `late_due_date` for those already past, `dry_run`; the
    bodies the portal sent kept."""

    def __init__(self, previous: list[ReadinessItem] | None, now: datetime = NOW) -> None:
        super().__init__()
        self.previous, self.now = previous, now
        self.copies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/campaigns" and self.previous is not None:  # the Tết before, listed as roster lists it
            return _page([*CAMPAIGNS, LAST_TET_CAMPAIGN])
        if path == f"/campaigns/{LAST_TET}/readiness-items" and self.previous is not None:  # counted, first page
            return httpx.Response(200, json={"items": [], "limit": 1, "total": len(self.previous), "next": None})
        found = re.fullmatch(r"/campaigns/([0-9a-f-]+)/readiness-items/previous-tet", path)
        if found is None or request.method != "POST":
            return super().__call__(request)
        cid = found.group(1)
        campaign = next(c for c in CAMPAIGNS if c["id"] == cid)
        sent = json.loads(request.content or b"{}")
        self.copies.append(sent)
        try:
            check_copy_campaign(campaign["kind"], campaign["name"])
            if self.previous is None:
                raise no_previous_tet(campaign["name"])
            if not self.previous:
                raise no_previous_items(PREVIOUS_TET, campaign["name"])
        except DomainError as exc:
            problem = to_problem(exc)
            return httpx.Response(problem.status, json=problem.body(path))
        late_due = sent.get("late_due_date")
        copied = copied_checklist(
            self.previous,
            {(i["sector"], i["title_vi"]) for i in self.of(cid)},
            campaign_id=uuid.UUID(cid),
            from_tet=lunar.tet(2026),
            to_tet=lunar.tet(2027),
            now=self.now,
            late_due=date.fromisoformat(late_due) if late_due else None,
            new_id=uuid.uuid4,
        )
        added = [
            self.item(
                cid,
                i.sector,
                i.title_vi,
                i.title_en,
                i.position,
                due_at=i.due_at.isoformat(),
                due_date=i.due_date.isoformat() if i.due_date else None,
            )
            for i in copied.added
        ]
        body = {
            "from_campaign_id": str(uuid.uuid4()),
            "from_campaign_name": PREVIOUS_TET,
            "created": len(added),
            "skipped": len(copied.skipped),
            "late": copied.late,
            "items": [self.items[i] for i in added],
            "skipped_items": [],
        }
        if sent.get("dry_run"):  # what it would add, none added
            for i in added:
                del self.items[i]
        return httpx.Response(200, json=body)


def _copy_question(markup: str) -> tuple[str, list[str]]:
    """The question asked before copying, as read, and the items it names."""
    asked = present(re.search(r'<div class="message warn"[^>]*id="copy-ask">(.*?)</div>', markup, re.S)).group(1)
    return _text(asked), [html.unescape(n) for n in re.findall(r"<li>([^<]*)</li>", asked)]


@pytest.mark.parametrize(
    ("lang", "asked", "named", "as_is", "past", "copied", "again"),
    [
        (
            "vi",
            "Dời theo mùng 1 Tết này, các mục chép từ Tết trước có hạn sớm nhất hết ngày 27/01/2027, 20 tháng Chạp "
            "Bính Ngọ, nay đã qua: 2 mục sẽ quá hạn ngay khi chép, và quản lý các doanh nghiệp sẽ nhận thư báo quá hạn. "
            "Chưa chép mục nào: hãy chọn hạn mới cho các mục này (các mục khác giữ hạn đã dời), hoặc chép với hạn như "
            "cũ. Các mục:",
            ["Máy phát điện trạm biên giới", "Nguồn điện dự phòng"],
            "Thêm với hạn như cũ (2 mục quá hạn)",
            "Hạn mới này đã qua: hãy chọn từ hôm nay (07/02/2027",
            f"Đã chép 3 mục từ {PREVIOUS_TET}, hạn dời theo mùng 1 Tết này. 2 mục có hạn đã qua được đặt hạn mới: "
            "hết ngày 10/02/2027.",
            f"Đã chép 1 mục từ {PREVIOUS_TET}, hạn dời theo mùng 1 Tết này. Bỏ qua 2 mục vì đợt trực đã có mục cùng "
            "lĩnh vực, cùng tên.",
        ),
        (
            "en",
            "Moved to this Tết's mùng 1, the items copied from last Tết were due as early as by the end of 27 Jan 2027, "
            "the 20th day of the 12th lunar month, Bính Ngọ, which has passed: 2 items would be overdue as soon as "
            "copied, and the enterprises' managers would be mailed that they are overdue. Nothing has been copied",
            ["Border generators", "Back-up power"],
            "Add due as they are (2 overdue)",
            "This new due day has passed: choose today (7 Feb 2027",
            f"3 items copied from {PREVIOUS_TET}, due days moved to this Tết's mùng 1. 2 items whose due had passed "
            "given a new due day: by the end of 10 Feb 2027.",
            f"1 item copied from {PREVIOUS_TET}, due days moved to this Tết's mùng 1. 2 items skipped: the campaign "
            "already has an item of the same sector and name.",
        ),
    ],
)
async def test_last_tets_items_overdue_at_once_are_asked_about_first_then_copied_by_a_new_day_or_as_they_are(
    lang: str, asked: str, named: list[str], as_is: str, past: str, copied: str, again: str
) -> None:
    """On mùng 2 Tết, two of last Tết's items moved to this Tết's mùng 1 are due already (27/01 and 30/01): the
    question first, nothing copied, naming them and the earliest due; a new due day that has passed refused at its
    box; a new one copies every item, those two due by its end and the other as moved. Copied again with two of them
    there (same sector and name) and the other one taken out: asked about that one; "as they are" copies it overdue,
    the two skipped, said how many."""
    roster = Copying(LAST_TETS)
    copy = f"/admin/readiness/{TET}/previous-tet"
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = await client.get(LIST)
        token = _csrf(page.text)
        question, reload = await refused_and_shown(client, copy, {"csrf_token": token}, to=LIST)
        assert question.status_code == 200 and roster.of(TET) == []  # nothing copied before the answer
        # roster asked what it would do, only (at the press, and again as the question is drawn: it may have changed)
        assert roster.copies == [{"dry_run": True}] * 2
        said, items = _copy_question(question.text)
        assert said.startswith(asked), said
        assert items == named  # the two overdue at once, not the patrol (due 14/02)
        # a new due day offered three days ahead, within the campaign; both answers on one form, confirmed
        answer = present(
            re.search(rf'<form method="post" action="{copy}" class="stack">.*?</form>', question.text, re.S)
        )
        assert 'name="due_date" type="date" value="2027-02-10" min="2027-02-07" max="2027-02-16"' in answer.group(0)
        assert 'name="confirmed" value="yes"' in answer.group(0)
        buttons = re.findall(r'<button type="submit" name="answer" value="(\w+)"[^>]*>([^<]*)<', answer.group(0))
        assert buttons[1] == ("as_is", as_is), buttons
        assert "copy-ask" not in reload.text  # asked once
        # a new day that has passed: refused at its box, kept as typed, still nothing copied
        answered = {"csrf_token": token, "confirmed": "yes", "answer": "new"}
        refused, _ = await refused_and_shown(client, copy, {**answered, "due_date": "2027-02-01"}, to=LIST)
        box = present(re.search(r'id="e-copy-due_date"[^>]*>(.*?)</', refused.text, re.S)).group(1)
        assert past in _text(box)
        assert 'id="copy-due_date" name="due_date" type="date" value="2027-02-01"' in refused.text
        assert roster.of(TET) == [] and 'id="copy-ask"' in refused.text  # the question stands
        # the new day: the two late ones due by its end, the patrol as moved (8 days after mùng 1)
        done = await client.post(copy, data={**answered, "due_date": "2027-02-10"})
        assert done.status_code == 303 and done.headers["location"] == f"{LIST}&done=copied"
        assert roster.copies[-1] == {"late_due_date": "2027-02-10"}
        shown = await client.get(done.headers["location"])
        assert copied in _text(shown.text)
        assert {i["title_vi"]: i["due_date"] for i in roster.of(TET)} == {
            "Máy phát điện trạm biên giới": "2027-02-10",
            "Nguồn điện dự phòng": "2027-02-10",
            "Tuần tra bưu cục": "2027-02-14",
        }
        rows = _rows(shown.text)
        ten, fourteen = ("10/02/2027", "14/02/2027") if lang == "vi" else ("10 Feb 2027", "14 Feb 2027")
        row = {t: next(r for r in rows if t in r) for t in ("Máy phát", "Nguồn điện", "Tuần tra")}
        assert len(rows) == 3 and ten in row["Máy phát"] and ten in row["Nguồn điện"], rows
        assert fourteen in row["Tuần tra"] and ten not in row["Tuần tra"]

        # as they are, the campaign having two of them already (same sector and name): asked first again (one late),
        # then the one left copied due as moved — overdue — and the two skipped, said how many
        for item in [i for i in roster.of(TET) if i["title_vi"] == "Máy phát điện trạm biên giới"]:
            del roster.items[item["id"]]
        asked_again, _ = await refused_and_shown(client, copy, {"csrf_token": token}, to=LIST)
        assert _copy_question(asked_again.text)[1] == named[:1]
        kept = await client.post(copy, data={**answered, "answer": "as_is"})
        assert kept.status_code == 303 and roster.copies[-1] == {}
        assert again in _text((await client.get(kept.headers["location"])).text)
    generators = next(i for i in roster.of(TET) if i["title_vi"] == "Máy phát điện trạm biên giới")
    assert generators["due_date"] == "2027-01-27"  # as moved: 10 days before mùng 1, overdue
    assert len(roster.of(TET)) == 3


@pytest.mark.parametrize(
    ("lang", "campaign", "previous", "said"),
    [
        (
            "vi",
            DRILL,
            LAST_TETS,
            "Diễn tập ứng cứu tháng Chạp là buổi diễn tập: chép danh mục của Tết trước (hạn dời theo Tết này) dành cho "
            "đợt trực Tết. Hãy chọn đợt trực Tết của mùa này, hoặc thêm từng mục riêng cho buổi diễn tập.",
        ),
        (
            "en",
            DRILL,
            LAST_TETS,
            "Diễn tập ứng cứu tháng Chạp is a drill: copying the last Tết's checklist (its due days moved to this Tết) "
            "prepares a Tết campaign. Choose the Tết campaign of the season, or add the drill's own items one by one.",
        ),
    ],
)
async def test_roster_s_refusal_to_copy_last_tet_is_said_in_its_words_beside_the_button(
    lang: str, campaign: str, previous: list[ReadinessItem] | None, said: str
) -> None:
    """A drill: roster's refusal in the page's language under “Chép từ Tết trước”, the button marked as what it is
    about, nothing asked nor copied; said once. (No Tết before, or an empty one: said before any press, below.)"""
    roster = Copying(previous)
    listed = f"/admin/readiness?campaign_id={campaign}"
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=BEFORE, lang=lang) as client:
        page = await client.get(listed)
        shown, reload = await refused_and_shown(
            client, f"/admin/readiness/{campaign}/previous-tet", {"csrf_token": _csrf(page.text)}, to=listed
        )
    section = present(re.search(r'<section[^>]*id="copy">(.*?)</section>', shown.text, re.S)).group(1)
    error = present(re.search(r'<p class="error" id="e-copy" role="alert">([^<]*)</p>', section))
    assert html.unescape(error.group(1)) == said
    assert re.search(r'<button type="submit"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*e-copy', section)
    assert "copy-ask" not in shown.text and roster.of(campaign) == []
    assert "e-copy" not in reload.text
    assert roster.copies == [{"dry_run": True}]  # the question's dry run was refused: nothing sent to copy


NOTHING_TO_COPY: list[tuple[str, list[ReadinessItem] | None, str]] = [
    (
        "vi",
        None,
        "Không có gì để chép: chưa có đợt trực Tết nào trước Tết Đinh Mùi 2027 (đã tìm các đợt trực Tết bắt đầu trước "
        "31/01/2027 (24 tháng Chạp Bính Ngọ), không tính buổi diễn tập).",
    ),
    (
        "vi",
        [],
        f"Không có gì để chép: {PREVIOUS_TET}, đợt trực Tết trước Tết Đinh Mùi 2027, không có mục kiểm tra nào.",
    ),
    (
        "en",
        None,
        "Nothing to copy: there is no Tết campaign before Tết Đinh Mùi 2027 (looked for Tết campaigns beginning before "
        "31 Jan 2027 (24th day of the 12th lunar month, Bính Ngọ), drills aside).",
    ),
    ("en", [], f"Nothing to copy: {PREVIOUS_TET}, the Tết campaign before Tết Đinh Mùi 2027, has no checklist item."),
]
ADVICE = {
    ("vi", 0): "Hãy thêm các mục theo chỉ thị ở trên, rồi sửa hoặc thêm từng mục.",
    ("vi", 2): "Danh mục của Tết Đinh Mùi 2027 đã có 2 mục (bên dưới): hãy sửa hoặc thêm từng mục khi cần.",
    ("en", 0): "Add the directive's items above, then change or add items one by one.",
    ("en", 2): "Tết Đinh Mùi 2027's checklist already has 2 items (below): change or add items one by one as needed.",
}


@pytest.mark.parametrize("listed", [0, 2], ids=["empty list", "items listed"])
@pytest.mark.parametrize(("lang", "previous", "said"), NOTHING_TO_COPY, ids=[f"{c[0]}-{c[1]}" for c in NOTHING_TO_COPY])
async def test_nothing_to_copy_from_last_tet_is_said_before_the_button_with_advice_that_fits_the_list(
    lang: str, previous: list[ReadinessItem] | None, said: str, listed: int
) -> None:
    """QZ25 #9: “Chép từ Tết trước” said there was no earlier Tết only after it was pressed, then advised adding the
    directive's items although they were already listed. No Tết before this one (what was looked for named), or one
    with no item: said in place of the button, with the way on that fits the list — the directive's items when it
    is empty, else the items one by one. A press from a page read before gets the same line, alerted, not roster's."""
    roster = Copying(previous)
    for n in range(listed):  # the directive's items, say, added already
        roster.item(TET, "telecom", f"Mục {n}", f"Item {n}", n + 1)
    page_url = f"/admin/readiness?campaign_id={TET}"
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=BEFORE, lang=lang) as client:
        page = await client.get(page_url)
        section = present(re.search(r'<section[^>]*id="copy">(.*?)</section>', page.text, re.S)).group(1)
        line = present(re.search(r'<p class="message info" id="copy-none">(.*?)</p>', section, re.S)).group(1)
        assert _text(line) == f"{said} {ADVICE[lang, listed]}"
        assert "<button" not in section and "previous-tet" not in section  # nothing offered to press
        assert roster.copies == []  # said without asking roster to copy

        # a page read before the last Tết's campaign was removed, say: pressed, the same line alerted
        pressed, _ = await refused_and_shown(
            client, f"/admin/readiness/{TET}/previous-tet", {"csrf_token": _csrf(page.text)}, to=page_url
        )
    section = present(re.search(r'<section[^>]*id="copy">(.*?)</section>', pressed.text, re.S)).group(1)
    line = present(re.search(r'<p class="message info" id="copy-none" role="alert">(.*?)</p>', section, re.S))
    assert _text(line.group(1)) == f"{said} {ADVICE[lang, listed]}"
    assert "e-copy" not in section and "Thêm các mục theo chỉ thị”" not in _text(section)  # roster's advice not said
    assert roster.of(TET) == [] or len(roster.of(TET)) == listed


async def test_a_last_tet_with_items_is_offered_to_copy() -> None:
    roster = Copying(LAST_TETS)
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=BEFORE) as client:
        page = await client.get(f"/admin/readiness?campaign_id={TET}")
    section = present(re.search(r'<section[^>]*id="copy">(.*?)</section>', page.text, re.S)).group(1)
    assert "copy-none" not in section and "Chép từ Tết trước</button>" in section


@pytest.mark.parametrize(
    ("lang", "intro"),
    [
        ("vi", "thanh tra theo dõi ở trang Sẵn sàng của tỉnh"),
        ("en", "the inspectors follow them on the page Province readiness"),
    ],
)
async def test_the_checklist_links_the_province_overview_and_the_menu_leads_there_and_to_the_plans(
    lang: str, intro: str
) -> None:
    """QZ24: the checklist page named "trang Sẵn sàng của tỉnh" without a link, and no menu of the administrator's led
    there or to the inspection plans. The overview is linked for the campaign shown; the menu has both after the
    checklist: what the Department asks, how the province stands, its inspections."""
    async with signed_in_portal(Roster(), ADMIN["login"], PASSWORD, now=NOW, lang=lang) as client:
        markup = (await client.get(f"/admin/readiness?campaign_id={TET}")).text
    named = "Sẵn sàng của tỉnh" if lang == "vi" else "Province readiness"
    assert f'<a href="/inspect/readiness?campaign_id={TET}">{named}</a>.' in markup
    assert intro in _text(markup)
    menu = re.findall(r'<a href="(/[a-z/-]+)"', present(re.search(r"<nav\b.*?</nav>", markup, re.S)).group(0))
    at = menu.index("/admin/readiness")
    assert menu[at + 1 : at + 3] == ["/inspect/readiness", "/inspect/inspections"]
