"""QA (2026-12-06, mùng 2 Tết on the test clock): a staff member's record open in two tabs, the phone changed and saved
in the first, the name changed in the second — the second's save was refused (roster's 412: the version had moved on)
and the form came back as the first had saved it, the name typed in the second gone. The form now comes back as typed,
over the latest version, with the latest saved value beside each box that differs, and saving again stores it.

The portal on a fake roster (httpx.MockTransport) that keeps one staff record and a requirement, their versions, and
refuses a change made from an older version as roster does (412 stale-version)."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from roster.api.problems import to_problem
from roster.domain.errors import RuleViolation
from roster.domain.reference import check_qualified_at_work
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on 07/02/2027 (mùng 2 Tết) in Vietnam
ENTERPRISE = "22222222-2222-2222-2222-222222222222"
PERSON = "33333333-3333-3333-3333-333333333333"
CAMPAIGN = "11111111-1111-1111-1111-111111111111"
REQUIREMENT = "66666666-6666-6666-6666-666666666666"
BINH_HIEP = "44444444-4444-4444-4444-444444444444"
MANAGER: dict[str, Any] = {
    "id": "a1",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [ENTERPRISE],
    "staff_id": None,
}
STALE = {
    "type": "https://lichtruc.example/problems/stale-version",
    "title": "Precondition failed",
    "status": 412,
    "detail": "The record has changed since you read it.",
    "detail_vi": "Bản ghi đã thay đổi từ lúc bạn đọc.",
}


class Roster:
    """One staff record of VNPT Long An and one of its coverage requirements in the Tết campaign (begun), each changed
    only from its latest version (If-Match), as roster does."""

    def __init__(self) -> None:
        self.person: dict[str, Any] = {
            "id": PERSON,
            "enterprise_id": ENTERPRISE,
            "full_name": "Đặng Thị Ánh Hồng",
            "email": "hongdta@vnpt-longan.vn",
            "phone": "0913555401",
            "qualifications": ["operator"],
            "active": True,
            "language": "vi",
            "version": 1,
        }
        self.requirement: dict[str, Any] = {
            "id": REQUIREMENT,
            "campaign_id": CAMPAIGN,
            "enterprise_id": ENTERPRISE,
            "site_id": BINH_HIEP,
            "duty_type": "patrol",
            "window": {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
            "minimum": 2,
            "peak_minimum": None,
            "version": 1,
            "warnings": [],
        }

    def change(self, **values: Any) -> None:
        """Someone else's change, saved (the other tab)."""
        self.person = {**self.person, **values, "version": self.person["version"] + 1}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if path == "/enterprises":
            items = [{"id": ENTERPRISE, "name": "VNPT Long An"}]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": 1, "next": None})
        if path == f"/staff/{PERSON}" and request.method == "PATCH":
            if request.headers.get("if-match") != f'"{self.person["version"]}"':
                return httpx.Response(412, json=STALE)
            sent = json.loads(request.content)
            sent["phone"] = re.sub(r"\D", "", sent["phone"] or "") or None  # as roster keeps it: digits
            self.change(**sent)
            return httpx.Response(200, json=self.person)
        if path == f"/staff/{PERSON}":
            return httpx.Response(200, json=self.person)
        if path == f"/requirements/{REQUIREMENT}" and request.method == "PATCH":
            if request.headers.get("if-match") != f'"{self.requirement["version"]}"':
                return httpx.Response(412, json=STALE)
            sent = {k: v for k, v in json.loads(request.content).items() if k != "applies"}
            self.requirement = {**self.requirement, **sent, "version": self.requirement["version"] + 1}
            return httpx.Response(200, json=self.requirement)
        if path == f"/requirements/{REQUIREMENT}":
            return httpx.Response(200, json=self.requirement)
        listed = {
            "/campaigns": [
                {
                    "id": CAMPAIGN,
                    "kind": "tet",
                    "name": "Tết Đinh Mùi 2027",
                    "starts_at": "2027-01-30T17:00:00Z",
                    "ends_at": "2027-02-16T17:00:00Z",
                }
            ],
            "/sites": [{"id": BINH_HIEP, "name": "Trạm viễn thông Bình Hiệp"}],
            "/duty-types": [{"key": "patrol", "name_vi": "Tuần tra, bảo vệ", "name_en": "Patrol"}],
            f"/requirements/{REQUIREMENT}/versions": [],
            "/shifts": [],  # the person's shifts from now on (the staff page's, QZ27 #6): none
        }
        if path in listed:
            items = listed[path]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {request.method} {path}"})


def _form(markup: str, action: str = f"/manage/staff/{PERSON}") -> dict[str, Any]:
    """The form posted to `action` as the browser sends it: its boxes, ticked boxes and radio buttons, and the
    option chosen in each list."""
    form = present(re.search(rf'<form method="post" action="{action}".*?</form>', markup, re.S)).group(0)
    sent: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name is None or (re.search(r'type="(checkbox|radio)"', tag) and " checked" not in tag):
            continue
        text = html.unescape(value.group(1)) if value else ""
        if name.group(1) == "qualifications":
            sent.setdefault("qualifications", []).append(text)
        else:
            sent[name.group(1)] = text
    for chosen in re.finditer(r'<select[^>]*name="(\w+)".*?</select>', form, re.S):
        picked = re.search(r'<option value="([^"]*)"[^>]* selected', chosen.group(0))
        sent[chosen.group(1)] = picked.group(1) if picked else ""
    return sent


def _latest(markup: str, name: str) -> str | None:
    """The latest saved value said beside the box `name`, None when none is."""
    found = re.search(rf'<p class="latest typed-text" id="l-{name}">([^<]*)</p>', markup)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("lang", "kept", "beside"),
    [
        ("vi", "Những gì bạn đã nhập vẫn được giữ nguyên", "Bản đã lưu mới nhất: "),
        ("en", "What you typed is kept", "Latest saved: "),
    ],
)
async def test_a_staff_edit_someone_else_saved_first_keeps_what_was_typed_beside_the_latest(
    lang: str, kept: str, beside: str
) -> None:
    roster = Roster()
    url = f"/manage/staff/{PERSON}"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
        tab2 = _form((await client.get(url)).text)
        assert tab2["version"] == "1"
        roster.change(phone="0913555402")  # tab 1 saved a new phone meanwhile
        typed = {**tab2, "full_name": "Đặng Thị Ánh Hồng Tab2"}

        posted = await client.post(url, data=typed)
        assert posted.status_code == 303 and posted.headers["location"] == url
        page = await client.get(url)
        assert page.status_code == 409
        assert kept in html.unescape(page.text)
        again = _form(page.text)
        assert again["full_name"] == "Đặng Thị Ánh Hồng Tab2"  # what was typed, not thrown away
        heading = html.unescape(present(re.search(r"<h1>([^<]*)</h1>", page.text)).group(1))
        assert heading.endswith(": Đặng Thị Ánh Hồng")  # the record as saved, as the enterprise and site forms name it
        assert again["phone"] == "0913555401"  # as it was in the form the person saved
        assert again["version"] == "2"  # the latest: saving again is over the other change, knowingly
        assert _latest(page.text, "full_name") == beside + "Đặng Thị Ánh Hồng"
        assert _latest(page.text, "phone") == beside + "0913 555 402"
        assert [_latest(page.text, n) for n in ("email", "language", "qualifications", "active")] == [None] * 4
        assert 'aria-describedby="h-phone l-phone"' in page.text

        again["phone"] = "0913 555 402"  # the person takes the other tab's phone, and keeps their name
        saved = await client.post(url, data=again)
        assert saved.status_code == 303 and saved.headers["location"] == f"{url}?saved=1", saved.text
    assert roster.person["full_name"] == "Đặng Thị Ánh Hồng Tab2"
    assert roster.person["phone"] == "0913555402"
    assert roster.person["version"] == 3


async def test_a_requirement_someone_else_saved_first_keeps_the_minimum_typed_beside_theirs() -> None:
    """The requirement's edit shares the staff form's way: the minimum typed kept, the latest saved one beside it, and
    the site someone else moved it to said by name beside the site still chosen."""
    roster = Roster()
    url = f"/manage/requirements/{REQUIREMENT}"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        loaded = _form((await client.get(url)).text, url)
        assert loaded["version"] == "1" and loaded["site_id"] == BINH_HIEP
        roster.requirement = {**roster.requirement, "minimum": 3, "site_id": None, "version": 2}  # someone else's
        typed = {**loaded, "minimum": "4", "applies": "from_now"}

        posted = await client.post(url, data=typed)
        assert posted.status_code == 303 and posted.headers["location"] == url
        page = await client.get(url)
        assert page.status_code == 409
        assert "Những gì bạn đã nhập vẫn được giữ nguyên" in html.unescape(page.text)
        again = _form(page.text, url)
        assert (again["minimum"], again["site_id"], again["version"]) == ("4", BINH_HIEP, "2")
        assert _latest(page.text, "minimum") == "Bản đã lưu mới nhất: 3"
        assert _latest(page.text, "site_id") == "Bản đã lưu mới nhất: Toàn doanh nghiệp"
        assert _latest(page.text, "duty_type") is None

        saved = await client.post(url, data={**again, "applies": "from_now"})
        assert saved.status_code == 303 and saved.headers["location"].startswith("/manage/requirements?"), saved.text
    assert (roster.requirement["minimum"], roster.requirement["site_id"], roster.requirement["version"]) == (
        4,
        BINH_HIEP,
        3,
    )


class Unqualifying(Roster):
    """Roster refusing, in its own problem (roster.api.problems), a change that leaves a person at work with no
    qualification (roster.domain.reference.check_qualified_at_work: 422 qualification-required, field qualifications)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == f"/staff/{PERSON}" and request.method == "PATCH":
            sent = json.loads(request.content)
            try:
                check_qualified_at_work(
                    self.person["full_name"], active=sent["active"], qualifications=sent["qualifications"]
                )
            except RuleViolation as exc:
                problem = to_problem(exc)
                return httpx.Response(problem.status, json=problem.body(path))
        return super().__call__(request)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "Đặng Thị Ánh Hồng chưa có chuyên môn: người đang làm việc cần ít nhất một chuyên môn"),
        ("en", "Đặng Thị Ánh Hồng has no qualification: a person at work needs at least one"),
    ],
)
async def test_clearing_an_active_persons_last_qualification_is_said_by_rosters_words_beside_the_boxes(
    lang: str, said: str
) -> None:
    """Roster refuses a staff edit that leaves an active person with no qualification (422 qualification-required,
    field `qualifications`): the form comes back with its boxes as sent (none ticked), roster's sentence beside them
    and the boxes marked as refused, the rest of what was typed kept; nothing is saved."""
    roster = Unqualifying()
    url = f"/manage/staff/{PERSON}"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
        typed = {k: v for k, v in _form((await client.get(url)).text).items() if k != "qualifications"}
        typed["phone"] = "0913 555 409"
        posted = await client.post(url, data=typed)
        assert posted.status_code == 303 and posted.headers["location"] == url
        page = await client.get(url)
    assert page.status_code == 422
    beside = present(re.search(r'<p class="error" id="e-qualifications">([^<]*)</p>', page.text))
    assert html.unescape(beside.group(1)).startswith(said), beside.group(1)
    fieldset = present(re.search(r'<fieldset class="field choices invalid".*?</fieldset>', page.text, re.S)).group(0)
    assert fieldset.count('aria-invalid="true"') == 4 and " checked" not in fieldset
    assert _form(page.text)["phone"] == "0913 555 409"
    assert roster.person["version"] == 1 and roster.person["qualifications"] == ["operator"]
