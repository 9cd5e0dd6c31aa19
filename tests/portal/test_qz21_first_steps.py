"""QZ21: a manager's reports page, the board's first steps of a new enterprise, and the first-time flow — each on
the page it was met on, in both languages, roster and audit stood in for (tests/portal/test_tet_week_small_things.py)."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

from .test_tet_week_small_things import ENTERPRISE, TET, Services, _page, _report_statuses, _signed_in, _text

SUMMARY_LINKS = ("/inspect/reports/summary.pdf", "/inspect/reports/summary.xlsx")


# QZ21 #1: the manager's four summary links on /inspect/reports all led to roster's "not found or not yours": the
# province's summary is the Department's.
async def test_the_provinces_summary_is_linked_for_the_department_only() -> None:
    for role, linked in (("manager", False), ("inspector", True), ("admin", True)):
        for lang in ("vi", "en"):
            async with _signed_in(Services(role, audit_also=_report_statuses), lang) as client:
                page = await client.get("/inspect/reports", params={"campaign_id": TET["id"], "day": "2027-02-06"})
                assert page.status_code == 200, page.text[:400]
                assert "VNPT Long An" in page.text  # the day view itself is still there
                for href in SUMMARY_LINKS:
                    assert (href in page.text) is linked, (role, lang, href)
                asked = await client.get(SUMMARY_LINKS[1], params={"campaign_id": TET["id"]})
            if not linked:  # opened by its address: the portal says whose it is, roster not asked
                assert asked.status_code == 403, asked.text[:400]
                said = "báo cáo của Sở gửi Bộ" if lang == "vi" else "the Department's report to the Ministry"
                assert said in html.unescape(asked.text), asked.text
                assert ("“Báo cáo ngày”" if lang == "vi" else "“Daily report”") in html.unescape(asked.text)


# QZ21 #6: the first-time flow.
async def test_the_sign_in_page_says_who_gives_an_account() -> None:
    said = {
        "vi": "Chưa có tài khoản? Tài khoản do Sở cấp: quản lý của doanh nghiệp anh/chị đề nghị Sở cấp tài khoản",
        "en": "No account yet? Accounts are made by the Department: your enterprise's manager asks the Department",
    }
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=Services("staff").transport)
    for lang, words in said.items():
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal") as client,
        ):
            if lang != "vi":
                await client.get(f"/lang/{lang}")
            page = await client.get("/login", params={"next": "/me/shifts"})  # as a mail's link opens it
        line = present(re.search(r'<p class="hint" id="no-account">(.*?)</p>', page.text, re.S)).group(1)
        assert words in html.unescape(line), line
        assert page.text.index('id="no-account"') > page.text.index("</form>")  # under the form


STAFF: list[dict[str, Any]] = [
    {"id": "5a1a0000-0000-4000-8000-0000000000a1", "full_name": "Nguyễn Thị Ánh Tuyết", "email": "tuyetnta@vnpt.vn"},
    {"id": "5a1a0000-0000-4000-8000-0000000000a2", "full_name": "Lê Văn Hùng", "email": None, "phone": "0909 111 222"},
]


def _admin_reads(
    *,
    sites: list[Any],
    managers: list[Any],
    created: dict[str, Any] | None = None,
    requirements: list[Any] | None = None,
    shifts: list[Any] | None = None,
    drafts: list[Any] | None = None,
) -> Any:
    """Roster as the administrator's lists read it: the enterprise's `sites`, its `managers` (accounts asked by
    role), every account asked otherwise `created` alone, the staff records STAFF, its `requirements`, its `shifts`
    (those asked by status: `drafts`) — none unless given."""

    def answer(request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        if path == "/sites":
            return _page(sites)
        if path == "/accounts":
            return _page(managers if params.get("role") == "manager" else [created] if created else [])
        if path == "/staff":
            return _page(STAFF)
        if path == "/requirements":
            return _page(requirements or [])
        if path == "/shifts":
            return _page((drafts if params.get("status") == "draft" else shifts) or [])
        if path == "/districts":
            return _page([])
        return None

    return answer


async def test_choosing_a_staff_record_carries_its_name_and_e_mail_for_the_script_to_fill() -> None:
    services = Services("admin", roster_also=_admin_reads(sites=[], managers=[]))
    async with _signed_in(services) as client:
        page = await client.get("/admin/accounts/new", params={"role": "staff", "staff_enterprise": ENTERPRISE["id"]})
    assert page.status_code == 200, page.text[:400]
    options = dict(re.findall(r'<option value="([0-9a-f-]{36})"[^>]*?( data-fill-name="[^"]*" [^>]*)>', page.text))
    assert options[STAFF[0]["id"]] == ' data-fill-name="Nguyễn Thị Ánh Tuyết" data-fill-login="tuyetnta@vnpt.vn"'
    assert options[STAFF[1]["id"]] == ' data-fill-name="Lê Văn Hùng" data-fill-login=""'  # no e-mail: no login


def _site(name: str) -> dict[str, Any]:
    return {"id": "51e00000-0000-4000-8000-000000000001", "enterprise_id": ENTERPRISE["id"], "name": name,
            "kind": "noc", "district": "Mộc Hóa", "border_area": True, "version": 1}  # fmt: skip


MANAGER = {
    "id": "a2",
    "login": "quanly@vnpt.vn",
    "display_name": "Trần Văn Quản",
    "role": "manager",
    "enterprise_ids": [ENTERPRISE["id"]],
    "staff_id": None,
    "active": True,
    "version": 1,
}


async def test_saved_says_the_enterprises_next_step_not_done() -> None:
    """After a site: a manager's account when it has none, else its requirements; after a manager's account: its
    sites when it has none. Each in both languages, linked as the enterprise's next-steps list links it."""
    site = _site("Trạm BTS Bình Hiệp")
    cases: list[tuple[str, dict[str, Any], list[Any], list[Any], str]] = [
        ("/admin/sites", {"enterprise_id": ENTERPRISE["id"]}, [site], [], "manager"),
        ("/admin/sites", {"enterprise_id": ENTERPRISE["id"]}, [site], [MANAGER], "requirements"),
        ("/admin/accounts", {"q": MANAGER["login"]}, [], [MANAGER], "sites"),
    ]
    links = {
        "manager": f"/admin/accounts/new?role=manager&amp;enterprise_ids={ENTERPRISE['id']}",
        "requirements": f"/manage/requirements?enterprise_id={ENTERPRISE['id']}",
        "sites": f"/admin/sites/new?enterprise_id={ENTERPRISE['id']}",
    }
    words = {
        "manager": ("Tạo tài khoản quản lý cho doanh nghiệp", "Create a manager account for it"),
        "requirements": ("Đặt định mức trực tại các điểm trực", "Set the duty requirements at its sites"),
        "sites": ("Đăng ký các điểm trực của doanh nghiệp", "Register its duty sites"),
    }
    for path, params, sites, managers, step in cases:
        reads = _admin_reads(sites=sites, managers=managers, created=MANAGER)
        for lang, said in (("vi", "Đã lưu. Bước tiếp theo cho “VNPT Long An”:"), ("en", "Saved. Next step for")):
            async with _signed_in(Services("admin", roster_also=reads), lang) as client:
                page = await client.get(path, params={**params, "done": "created"})
            assert page.status_code == 200, page.text[:400]
            shown = present(
                re.search(r'<div class="message ok" role="status" id="next-step">(.*?)</div>', page.text, re.S)
            )
            assert said in _text(shown.group(1)), (path, lang, shown.group(1))
            link = words[step][0 if lang == "vi" else 1]
            assert f'<a href="{links[step]}">{link}</a>' in shown.group(1), (path, step, shown.group(1))
    async with _signed_in(Services("admin", roster_also=_admin_reads(sites=[site], managers=[]))) as client:
        plain = await client.get("/admin/sites", params={"enterprise_id": ENTERPRISE["id"]})  # not just saved
    assert 'id="next-step"' not in plain.text


async def test_a_managers_saves_link_the_first_step_not_done_and_none_once_all_are() -> None:
    """G1 left: "Đã lưu." offered the requirements last without asking whether there were any, and a manager's saves
    none. Now the first step the board's checklist would still show, for a staff record's and a requirement's save
    alike (a manager has no manager's-account step: the Department's), and the plain words once every step is done."""
    site, person = _site("Trạm BTS Bình Hiệp"), {**STAFF[0], "enterprise_id": ENTERPRISE["id"], "version": 2}
    shift = {"id": "5f000000-0000-4000-8000-000000000001"}
    # H2: the requirements step is done by the board's checklist's rule, each of the directive's duties required of
    # the campaign — the Department's border patrol alone is not it
    patrol = {
        "id": "5e000000-0000-4000-8000-000000000009",
        "campaign_id": TET["id"],
        "version": 1,
        "duty_type": "patrol",
        "window": {"kind": "daily", "start_local": "18:00", "end_local": "06:00"},
        "minimum": 2,
    }
    required = [
        {**patrol, "id": f"5e000000-0000-4000-8000-00000000000{n}", "duty_type": duty}
        for n, duty in enumerate(("leadership", "operations", "incident_response"), start=1)
    ]
    board = f"/manage/board/{TET['id']}/{ENTERPRISE['id']}"

    def reads(done: dict[str, list[Any]]) -> Any:
        base = _admin_reads(
            sites=[site],
            managers=[],
            requirements=done.get("requirements"),
            shifts=done.get("shifts"),
            drafts=done.get("drafts"),
        )

        def answer(request: httpx.Request) -> httpx.Response | None:
            if request.url.path == f"/staff/{person['id']}":
                return httpx.Response(200, json=person)
            if request.url.path == "/duty-types":  # the requirement form's
                return _page([{"key": "noc", "name_vi": "Trực điều hành mạng", "name_en": "Network operations"}])
            return base(request)

        return answer

    staff_saved = (f"/manage/staff/{person['id']}", {"saved": "1"}, "Đã lưu thông tin cán bộ.")
    requirement_saved = (
        "/manage/requirements",
        {"campaign_id": TET["id"], "enterprise_id": ENTERPRISE["id"], "done": "added"},
        "Đã thêm định mức.",
    )
    cases: list[tuple[tuple[str, dict[str, str], str], dict[str, list[Any]], str | None]] = [
        (staff_saved, {}, f'<a href="/manage/requirements?enterprise_id={ENTERPRISE["id"]}">Đặt định mức trực'),
        (
            staff_saved,
            {"requirements": [patrol, *required[:2]]},
            f'<a href="/manage/requirements?enterprise_id={ENTERPRISE["id"]}">Đặt định mức trực',
        ),
        (
            requirement_saved,
            {"requirements": [patrol], "shifts": [shift]},
            f'<a href="/manage/requirements?campaign_id={TET["id"]}&amp;enterprise_id={ENTERPRISE["id"]}">',
        ),
        (
            staff_saved,
            {"requirements": required},
            f'<a href="/manage/board?enterprise_id={ENTERPRISE["id"]}#board-grid">',
        ),
        (
            requirement_saved,
            {"requirements": required, "shifts": [shift], "drafts": [shift]},
            f'<a href="{board}#board-publish">',
        ),
        (requirement_saved, {"requirements": required, "shifts": [shift]}, None),  # every step done
    ]
    for (path, params, said), done, link in cases:
        async with _signed_in(Services("manager", roster_also=reads(done))) as client:
            page = await client.get(path, params=params)
        assert page.status_code == 200, page.text[:600]
        shown = re.search(r'<div class="message ok" role="status" id="next-step">(.*?)</div>', page.text, re.S)
        if link is None:
            assert shown is None and f'<div class="message ok" role="status">{said}</div>' in page.text, page.text
            continue
        assert shown is not None, (path, done, page.text)
        assert _text(shown.group(1)).startswith(f"{said} Bước tiếp theo cho “VNPT Long An”:"), shown.group(1)
        assert link in shown.group(1), (path, done, shown.group(1))
