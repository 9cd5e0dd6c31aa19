"""“Chép từ Tết trước” on the requirements and the Tết-hours pages (QZ27 #5: Tết Mậu Thân 2028 opened on seventeen
empty days per transaction point and "chưa có định mức nào", no way to copy last Tết's). roster has the copy
(`POST /campaigns/{id}/requirements/previous-tet`, `…/tet-hours/previous-tet`); the pages press it: the preview
(roster's dry run: counts, what is skipped and why, the days mapped by their lunar names), the question, the copy by
Post/Redirect/Get saying what was copied and skipped once; roster's refusal at the button; a drill offers none.

The portal on fake services (test_address_values.Services) whose roster answers the copies as its API does, each
body the portal sent kept."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from support import present

from . import test_address_values as address
from .test_tet_hours_handlers import MEKONG_DAYS, MEKONG_POINT, _mekong

LAST = address.C1  # Tết Đinh Mùi 2027: 30/01 … 15/02/2027, mùng 1 06/02
NEW = "0c1a0000-0000-4000-8000-000000002028"
DRILL = "0c1a0000-0000-4000-8000-00000000d028"
NEW_TET = {  # Tết Mậu Thân 2028: 19/01 … 04/02/2028, mùng 1 26/01
    "id": NEW,
    "campaign_id": NEW,
    "kind": "tet",
    "name": "Tết Mậu Thân 2028",
    "starts_at": "2028-01-18T17:00:00Z",
    "ends_at": "2028-02-04T17:00:00Z",
    "peaks": [],
    "hours_deadline": "2028-01-18T17:00:00Z",
}
DRILL_CAMPAIGN = {**NEW_TET, "id": DRILL, "campaign_id": DRILL, "kind": "drill", "name": "Diễn tập tháng Chạp 2028"}
CAMPAIGNS = [NEW_TET, DRILL_CAMPAIGN, {**address.CAMPAIGN, "kind": "tet"}]
POINT = MEKONG_POINT
E1 = "0c1a0000-0000-4000-8000-0000000000e1"
E2 = "0c1a0000-0000-4000-8000-0000000000e2"
MANAGER = {**address.MANAGER, "enterprise_ids": [E1]}
REQUIREMENT = {
    "id": "0c1a0000-0000-4000-8000-0000000000c1",
    "campaign_id": NEW,
    "enterprise_id": E1,
    "site_id": None,
    "duty_type": "leadership",
    "window": {"kind": "daily", "start_local": "07:00", "end_local": "19:00"},
    "minimum": 1,
    "peak_minimum": None,
    "version": 1,
}
NO_PREVIOUS = {
    "type": "https://lichtruc.example/problems/no-previous-tet",
    "status": 409,
    "detail": "There is no Tết campaign before Tết Mậu Thân 2028 to copy its coverage requirements from: enter them "
    "here instead (“Add a requirement”).",
    "detail_vi": "Chưa có đợt trực Tết nào trước Tết Mậu Thân 2028 để chép định mức trực: hãy nhập trực tiếp "
    "(“Thêm định mức”).",
}


class Roster(address.Services):
    """The pages' services; roster's two copies answered as its API does (2 requirements and 1 skipped; 1 point of
    17 days, or, its draft having days, skipped unless replace_drafts), or refused (`refuse`); bodies kept."""

    def __init__(self, account: dict[str, Any], *, drafts: bool = False, refuse: bool = False) -> None:
        point = {"id": POINT, "name": "Điểm giao dịch Tân An", "kind": "transaction_point", "enterprise_id": E1}
        super().__init__(
            account,
            {
                ("roster", "/campaigns"): CAMPAIGNS,
                ("roster", "/enterprises"): [{"id": E1, "name": "VNPT Long An"}, {"id": E2, "name": "Viettel"}],
                ("roster", "/sites"): [point],
                ("roster", "/duty-types"): [{"key": "leadership", "name_vi": "Trực lãnh đạo", "name_en": "Leadership"}],
                ("roster", "/requirements"): [],
            },
        )
        self.drafts, self.refuse = drafts, refuse
        self.copies: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        found = re.fullmatch(r"/campaigns/([0-9a-f-]+)/(requirements|tet-hours)/previous-tet", path)
        if found is None:
            if path == f"/sites/{POINT}/tet-hours":
                return httpx.Response(200, json=self._hours(request.url.params["campaign_id"]))
            return super().__call__(request)
        body = json.loads(request.content)
        self.copies.append((found[2], body))
        if self.refuse:
            return httpx.Response(409, json=NO_PREVIOUS)
        common = {"from_campaign_id": LAST, "from_campaign_name": "Tết Đinh Mùi 2027", "dry_run": body["dry_run"]}
        if found[2] == "requirements":
            if not body["dry_run"]:
                self.lists[("roster", "/requirements")] = [REQUIREMENT]
            skipped = {
                "what": "Trực lãnh đạo, Đồn biên phòng cũ",
                "why": "site-gone",
                "why_vi": "điểm trực không còn",
                "why_en": "its site is no longer there",
                "day": None,
            }
            answer = {**common, "added": 2, "skipped": 1, "requirements": [], "skipped_items": [skipped]}
            return httpx.Response(200, json=answer)
        held = self.drafts and not body.get("replace_drafts")
        copied = (
            []
            if held
            else [{"site_id": POINT, "site_name": "Điểm giao dịch Tân An", "days": 17, "replaced": self.drafts}]
        )
        skipped_items = (
            [
                {
                    "what": "Điểm giao dịch Tân An",
                    "why": "has-draft",
                    "why_vi": "điểm này đã có giờ trong đợt trực mới (chưa chép đè vì chưa được đồng ý)",
                    "why_en": "the point has hours in the new campaign already (not overwritten without being asked)",
                    "day": None,
                }
            ]
            if held
            else []
        )
        answer = {
            **common,
            "points": len(copied),
            "days": 17 * len(copied),
            "skipped": len(skipped_items),
            "copied": copied,
            "skipped_items": skipped_items,
        }
        return httpx.Response(200, json=answer)

    def _hours(self, campaign_id: str) -> dict[str, Any]:
        """roster's GET /sites/{id}/tet-hours of the point: nothing entered in the campaign (Tết 2028's days)."""
        campaign = next(c for c in CAMPAIGNS if c["id"] == campaign_id)
        days = [(date(2028, 1, 19) + timedelta(days=n)).isoformat() for n in range(17)]
        return _mekong(
            site_name="Điểm giao dịch Tân An",
            campaign_id=campaign_id,
            campaign_name=campaign["name"],
            campaign_days=days if campaign_id == NEW else MEKONG_DAYS,
            owed_days=[],
        )


def _csrf(page: str) -> dict[str, str]:
    form = present(re.search(r'<form method="post" action="[^"]*/previous-tet".*?</form>', page, re.S))[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


async def _client(roster: Roster) -> tuple[Any, httpx.AsyncClient]:
    app = address._app(roster)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p")
    return app, client


REQ_PAGE = f"/manage/requirements?campaign_id={NEW}&enterprise_id={E1}"


async def test_a_manager_previews_then_copies_last_tets_requirements_and_the_page_says_what_was_done_once() -> None:
    """The empty list of Tết 2028 offers the copy; pressed: roster's dry run for the manager's enterprise, its count,
    the skipped one with why, the days mapped by lunar name, the question, nothing copied yet; answered: copied, a
    303 to the list which shows the requirement and says what was copied and skipped, once."""
    roster = Roster(MANAGER)
    app, client = await _client(roster)
    async with app.router.lifespan_context(app), client:
        await address._sign_in(client, roster.account)
        page = await client.get(REQ_PAGE)
        assert page.status_code == 200
        assert "Chép từ Tết trước" in address._text(page) and 'name="copy" value="preview"' in page.text
        assert roster.copies == []

        preview = await client.get(f"{REQ_PAGE}&copy=preview&copy_for={E2}")  # a manager's is the one shown
        text = address._text(preview)
        assert roster.copies == [("requirements", {"dry_run": True, "enterprise_id": E1})]
        assert "Từ Tết Đinh Mùi 2027 sẽ chép 2 định mức." in text
        assert "Trực lãnh đạo, Đồn biên phòng cũ: điểm trực không còn" in text
        assert "29 tháng Chạp → 29 tháng Chạp (25/01/2028)" in text
        assert "Mùng 1 Tết → Mùng 1 Tết (26/01/2028)" in text
        assert "Chép 2 định mức từ Tết Đinh Mùi 2027?" in text

        sent = await client.post("/manage/requirements/previous-tet", data=_csrf(preview.text))
        assert sent.status_code == 303, (_csrf(preview.text), address._text(sent)[:1500])
        assert sent.headers["location"] == f"{REQ_PAGE}&done=copied#tet-copy"
        assert roster.copies[-1] == ("requirements", {"dry_run": False, "enterprise_id": E1})
        done = await client.get(sent.headers["location"].split("#")[0])
        said = address._text(present(re.search(r'id="tet-copy-done">(.*?)</div>', done.text, re.S))[1])
        assert said == (
            "Đã chép 2 định mức từ Tết Đinh Mùi 2027. Không chép 1 định mức: Trực lãnh đạo, Đồn biên phòng cũ "
            "(điểm trực không còn)."
        )
        assert "Trực lãnh đạo" in address._text(present(re.search(r"<table.*?</table>", done.text, re.S))[0])
        again = await client.get(sent.headers["location"].split("#")[0])
        assert 'id="tet-copy-done"' not in again.text
        assert len(roster.copies) == 2


async def test_an_unanswered_copy_copies_nothing_and_a_drill_offers_none() -> None:
    roster = Roster(MANAGER)
    app, client = await _client(roster)
    async with app.router.lifespan_context(app), client:
        await address._sign_in(client, roster.account)
        preview = await client.get(f"{REQ_PAGE}&copy=preview")
        form = {k: v for k, v in _csrf(preview.text).items() if k != "confirmed"}
        sent = await client.post("/manage/requirements/previous-tet", data=form)
        assert sent.status_code == 303 and "copy=preview" in sent.headers["location"]
        assert all(body["dry_run"] for _, body in roster.copies)
        drill = await client.get(f"/manage/requirements?campaign_id={DRILL}&enterprise_id={E1}&copy=preview")
        assert drill.status_code == 200 and 'id="tet-copy"' not in drill.text
        assert len(roster.copies) == 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", NO_PREVIOUS["detail_vi"]),
        ("en", NO_PREVIOUS["detail"]),
    ],
)
async def test_roster_refusing_the_copy_is_said_in_its_words_at_the_button(lang: str, said: str) -> None:
    roster = Roster(MANAGER, refuse=True)
    app, client = await _client(roster)
    async with app.router.lifespan_context(app), client:
        await address._sign_in(client, roster.account)
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        preview = await client.get(f"{REQ_PAGE}&copy=preview")
        error = present(re.search(r'<p class="error" id="e-tet-copy" role="alert">(.*?)</p>', preview.text, re.S))
        assert address._text(error[1]) == said
        assert (
            'aria-invalid="true"'
            in present(re.search(r'<button type="submit" class="secondary"[^>]*>', preview.text))[0]
        )
        assert 'action="/manage/requirements/previous-tet"' not in preview.text  # no question asked


HOURS_PAGE = f"/manage/tet-hours?campaign_id={NEW}&site_id={POINT}"


@pytest.mark.parametrize(
    ("lang", "asked", "replace", "copied"),
    [
        (
            "vi",
            "1 điểm đã có bản nháp giờ mở cửa trong đợt trực này.",
            "Chép, thay bản nháp của 1 điểm",
            "Đã chép giờ mở cửa của 1 điểm (17 ngày) từ Tết Đinh Mùi 2027 vào bản nháp: hãy kiểm tra rồi niêm yết "
            "từng điểm. Đã thay bản nháp của 1 điểm.",
        ),
        (
            "en",
            "1 point has draft opening hours in this campaign already.",
            "Copy, replacing the drafts of 1 point",
            "The opening hours of 1 point (17 days) copied from Tết Đinh Mùi 2027 into the drafts: check and publish "
            "each point. The drafts of 1 point replaced.",
        ),
    ],
)
async def test_the_department_copies_last_tets_hours_asked_first_whether_to_replace_drafts(
    lang: str, asked: str, replace: str, copied: str
) -> None:
    """An administrator picks one enterprise (or every one); the preview says the point with a draft is skipped
    unless replaced and asks; "replace" copies with replace_drafts; the page says what was copied and replaced."""
    roster = Roster(address.ADMIN, drafts=True)
    app, client = await _client(roster)
    async with app.router.lifespan_context(app), client:
        await address._sign_in(client, roster.account)
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        page = await client.get(HOURS_PAGE)
        assert '<select id="f-copy_for" name="copy_for">' in page.text and ">Viettel</option>" in page.text
        preview = await client.get(f"{HOURS_PAGE}&copy=preview&copy_for={E1}")
        assert roster.copies == [("tet-hours", {"dry_run": True, "enterprise_id": E1, "replace_drafts": False})]
        text = address._text(preview)
        assert asked in text and replace in text
        form = {**_csrf(preview.text), "replace_drafts": "yes"}
        sent = await client.post("/manage/tet-hours/previous-tet", data=form)
        assert sent.status_code == 303
        assert roster.copies[-1] == ("tet-hours", {"dry_run": False, "enterprise_id": E1, "replace_drafts": True})
        done = await client.get(sent.headers["location"].split("#")[0])
        said = address._text(present(re.search(r'id="tet-copy-done">(.*?)</div>', done.text, re.S))[1])
        assert said == copied
        all_of_them = await client.get(f"{HOURS_PAGE}&copy=preview&copy_for=all")
        assert all_of_them.status_code == 200
        assert roster.copies[-1] == ("tet-hours", {"dry_run": True, "replace_drafts": False})


@pytest.mark.parametrize(
    ("lang", "page", "said"),
    [
        (
            "vi",
            f"/manage/requirements?campaign_id={LAST}&enterprise_id={E1}",
            "Không có gì để chép: chưa có đợt trực Tết nào trước Tết Đinh Mùi 2027 (đã tìm các đợt trực Tết bắt đầu "
            "trước 30/01/2027 (23 tháng Chạp Bính Ngọ), không tính buổi diễn tập). Hãy nhập từng định mức bên dưới "
            "(“Thêm định mức”).",
        ),
        (
            "en",
            f"/manage/tet-hours?campaign_id={LAST}&site_id={POINT}",
            "Nothing to copy: there is no Tết campaign before Tết Đinh Mùi 2027 (looked for Tết campaigns beginning "
            "before 30 Jan 2027 (23rd day of the 12th lunar month, Bính Ngọ), drills aside). Choose each point and "
            "enter its opening hours below.",
        ),
    ],
)
async def test_the_first_tet_offers_no_copy_and_says_why_before_any_press(lang: str, page: str, said: str) -> None:
    """T1's leftover: Tết 2027, the first listed, showed the button and, pressed, roster's 409. Now the panel says there
    is nothing to copy, what was looked for and what to do, with no button; a preview asked for anyway asks roster
    nothing."""
    roster = Roster(address.ADMIN)
    app, client = await _client(roster)
    async with app.router.lifespan_context(app), client:
        await address._sign_in(client, roster.account)
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        for shown in (await client.get(page), await client.get(f"{page}&copy=preview&copy_for=all")):
            assert shown.status_code == 200
            panel = present(
                re.search(
                    r'<section class="panel stack" aria-labelledby="tet-copy-title".*?</section>', shown.text, re.S
                )
            )[0]
            assert address._text(present(re.search(r'id="tet-copy-none">(.*?)</p>', panel, re.S))[1]) == said
            assert 'name="copy"' not in panel and "<button" not in panel and "<form" not in panel
        assert roster.copies == []
        later = await client.get(REQ_PAGE if "requirements" in page else HOURS_PAGE)  # 2028 has 2027 before it
        assert 'name="copy" value="preview"' in later.text and 'id="tet-copy-none"' not in later.text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Tết Mậu Thân 2028 đã bắt đầu từ 19/01/2028 (23 tháng Chạp Đinh Mùi): định mức chép từ Tết trước sẽ áp "
            "dụng cho cả đợt, kể cả những ngày đã qua mà thanh tra đã dựa vào, nên chỉ Sở (tài khoản quản trị) chép "
            "được. Hãy thêm từng định mức cần thiết từ bây giờ (“Thêm định mức”, chọn “Từ bây giờ”), hoặc đề nghị Sở "
            "chép.",
        ),
        (
            "en",
            "Tết Mậu Thân 2028 began on 19 Jan 2028 (23rd day of the 12th lunar month, Đinh Mùi): last Tết's "
            "requirements copied now would apply to the whole campaign, the days already past that inspectors relied "
            "on among them, so only the Department (an administrator account) can copy them. Add the ones you need "
            "from now on (“Add a requirement”, then “From now on”), or ask the Department to copy them.",
        ),
    ],
)
async def test_a_manager_on_a_tet_already_begun_is_not_offered_the_requirements_copy_roster_would_refuse(
    lang: str, said: str
) -> None:
    """V3: on mùng 1 Tết 2028 a manager's /manage/requirements offered “Chép từ Tết trước” and, pressed, roster
    refused it (409 past-kept: copied requirements apply to the whole campaign, the days already judged among them).
    Now the panel says why and what to do instead, with no button, and a preview asked for anyway asks roster
    nothing; the Department is still offered it, and the manager's Tết hours (drafts) too."""
    roster = Roster(MANAGER)
    app = address._app(roster, clock=lambda: datetime(2028, 1, 26, 3, 0, tzinfo=UTC))  # 10:00 on mùng 1
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        await address._sign_in(client, roster.account)
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        for shown in (await client.get(REQ_PAGE), await client.get(f"{REQ_PAGE}&copy=preview")):
            assert shown.status_code == 200
            panel = present(
                re.search(
                    r'<section class="panel stack" aria-labelledby="tet-copy-title".*?</section>', shown.text, re.S
                )
            )[0]
            assert address._text(present(re.search(r'id="tet-copy-begun">(.*?)</p>', panel, re.S))[1]) == said
            assert 'name="copy"' not in panel and "<button" not in panel and "<form" not in panel
        assert roster.copies == []
        hours = await client.get(HOURS_PAGE)
        assert 'name="copy" value="preview"' in hours.text and 'id="tet-copy-begun"' not in hours.text

    department = Roster(address.ADMIN)
    app = address._app(department, clock=lambda: datetime(2028, 1, 26, 3, 0, tzinfo=UTC))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        await address._sign_in(client, department.account)
        page = await client.get(f"/manage/requirements?campaign_id={NEW}")
        assert 'name="copy" value="preview"' in page.text and 'id="tet-copy-begun"' not in page.text
