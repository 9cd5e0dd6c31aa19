"""A new enterprise's board says where to begin (QZ11 #7: FPT's new manager met the 2027 board of "Không yêu cầu",
nothing of the 2028 campaign the administrator had opened with its requirements, nothing of what comes first): the
other campaigns that require something of the enterprise are named and linked, and while it has no staff or no
shifts a "Bắt đầu" checklist links sites → staff → requirements → shifts → publish, each ticked when done, each
link drawn (QZ12 #1). Roster stood in for."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from portal.api.cookies import LANG_COOKIE
from portal.app import create_app
from portal.domain.navigation import asks_own_password
from portal.domain.requirements import unset_duties
from portal.settings import PortalSettings
from support import present

from .test_address_values import OWN_MANAGER, Services, _visit
from .test_board_forms import C1, E1, MANAGER, PASSWORD, Roster, _page

C2 = "00000000-0000-4000-8000-0000000000c2"
C3 = "00000000-0000-4000-8000-0000000000c3"
CAMPAIGNS = [
    {
        "id": C1,
        "name": "Tết Đinh Mùi 2027",
        "kind": "tet",
        "starts_at": "2027-01-29T17:00:00Z",
        "ends_at": "2027-02-15T17:00:00Z",
    },
    {
        "id": C2,
        "name": "Tết Mậu Thân 2028",
        "kind": "tet",
        "starts_at": "2028-01-18T17:00:00Z",
        "ends_at": "2028-02-04T17:00:00Z",
    },
    {
        "id": C3,
        "name": "Tết Canh Tuất 2030",
        "kind": "tet",
        "starts_at": "2030-01-26T17:00:00Z",
        "ends_at": "2030-02-12T17:00:00Z",
    },
]


class NewEnterprise(Roster):
    """An enterprise with nothing yet on C1; C2 requires something of it, C3 nothing."""

    def __init__(self, *, staff: list[dict[str, Any]]) -> None:
        super().__init__()
        self.board["days"][0]["duty_types"][0]["shifts"] = []
        self.staff = staff

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, request.url.params
        if path == "/campaigns":
            return _page(CAMPAIGNS)
        if path == "/requirements":
            wanted = params.get("campaign_id") == C2 and params.get("enterprise_id") == E1
            return _page([{"id": "r1"}] if wanted else [])
        if path == "/staff":
            return _page(self.staff)
        if path == "/enterprises":  # the sites and requirements pages name the manager's enterprises
            return _page([{"id": E1, "name": "VNPT Long An"}])
        if path == "/duty-types":
            return _page([{"key": "operations", "name_vi": "Vận hành", "name_en": "Operations"}])
        return await super().__call__(request)


async def _board(roster: Roster, lang: str = "vi", *, follow: bool = False) -> str:
    """The board's markup as the manager sees it; `follow`: each checklist step's link is requested too and must
    be drawn (QZ12 #1: "Điểm trực" linked /sites, "Không tìm thấy"), an in-page link's target must be on the board."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://p", cookies={LANG_COOKIE: lang}
        ) as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        board = await client.get(f"/manage/board/{C1}/{E1}")
        assert board.status_code == 200, board.text
        for _, _, href in _steps(board.text) if follow else ():
            address, _, anchor = href.partition("#")
            step = await client.get(address)
            assert step.status_code == 200, (href, step.text)
            assert not anchor or f'id="{anchor}"' in step.text, href
        return board.text


def _steps(markup: str) -> list[tuple[str, str, str]]:
    """Each checklist step: (its key, ticked "yes"/"no", its link)."""
    found = re.findall(r'<li data-step="(\w+)" data-done="(\w+)">.*?<a href="([^"]+)"', markup, re.S)
    return [(key, done, html.unescape(href)) for key, done, href in found]


async def test_an_empty_board_names_the_campaign_requiring_something_and_lists_the_first_steps() -> None:
    markup = await _board(NewEnterprise(staff=[]), follow=True)
    elsewhere = present(re.search(r'data-testid="requirements-elsewhere">(.*?)</p>', markup, re.S)).group(1)
    assert "một đợt khác đã có yêu cầu" in elsewhere
    assert f'<a href="/manage/board/{C2}/{E1}">Tết Mậu Thân 2028</a>' in elsewhere
    assert C3 not in elsewhere  # requires nothing of it either
    assert "Bắt đầu" in markup
    assert _steps(markup) == [
        ("sites", "no", f"/admin/sites?enterprise_id={E1}"),
        ("staff", "no", f"/manage/staff?enterprise_id={E1}"),
        ("requirements", "no", f"/manage/requirements?campaign_id={C1}&enterprise_id={E1}"),
        ("shifts", "no", f"/manage/board/{C1}/{E1}#board-grid"),
        ("publish", "no", f"/manage/board/{C1}/{E1}#board-publish"),
    ]
    english = await _board(NewEnterprise(staff=[]), lang="en")
    assert "another campaign does" in english and "Getting started" in english


async def test_staff_in_place_is_ticked_and_a_board_with_staff_and_shifts_has_no_checklist() -> None:
    person = {"id": "s1", "full_name": "Lê Thị Hoa", "active": True, "qualifications": ["operator"]}
    markup = await _board(NewEnterprise(staff=[person]))
    assert [(key, done) for key, done, _ in _steps(markup)] == [
        ("sites", "no"),
        ("staff", "yes"),
        ("requirements", "no"),
        ("shifts", "no"),
        ("publish", "no"),
    ]
    settled = await _board(Roster())  # staff and a published shift: nothing to begin
    assert 'data-testid="first-steps"' not in settled


async def test_a_password_an_administrator_set_is_asked_to_be_changed_where_they_land() -> None:
    """QZ11 #7: the new manager signed in with the password the administrator typed, and nothing asked them to change
    it. Roster says so (`secret_from_admin`); where they land (a manager: the board) asks, with a link, until it is
    changed — nothing locked; not every page (two lines more pushed a phone's heatmap rows off the first screen)."""
    asked = Services({**OWN_MANAGER, "secret_from_admin": True})
    board, password, staff = await _visit(asked, "/manage/board", "/account/password", "/manage/staff")
    assert 'id="password-from-admin"' not in staff.text
    banner = present(re.search(r'<p class="password-notice" id="password-from-admin">(.*?)</p>', board.text, re.S))
    assert "Mật khẩu của bạn do quản trị hệ thống đặt" in banner.group(1)
    assert 'href="/account/password"' in banner.group(1)
    assert board.status_code == 200 and 'id="password-from-admin"' not in password.text
    (changed,) = await _visit(Services(OWN_MANAGER), "/manage/board")
    assert 'id="password-from-admin"' not in changed.text  # their own password: not asked


def test_the_pages_that_ask_for_the_password_an_administrator_set_to_be_changed() -> None:
    """The choice base.html's strip shows (it was a condition in the template): where each role lands on signing in
    (its start page, no query), the person's own pages, a manager's board; nowhere else, and never once changed."""

    def asked(role: str, path: str, query: str = "", *, secret: bool = True) -> bool:
        return asks_own_password(role, secret_from_admin=secret, path=path, query=query)

    landing = {
        "admin": "/admin/campaigns",
        "manager": "/manage",
        "staff": "/me/shifts",
        "inspector": "/inspect/heatmap",
    }
    for role, start in landing.items():
        assert asked(role, start), role
        # a start page opened on purpose (a query), not landed on: not asked (a duty worker's: their own page, asked)
        assert asked(role, start, "when=past") == (role == "staff"), role
        assert not asked(role, start, secret=False), role  # their own password: never asked
        assert asked(role, "/me/calendar") and asked(role, "/me/shifts/s1/swap", "x=1"), role
        assert not asked(role, "/account/password") and not asked(role, "/incidents"), role
    assert asked("manager", "/manage/board") and asked("manager", "/manage/board", "day=2027-02-06")
    assert asked("manager", "/manage/board/c1/e1/cell", "day=2027-02-06")
    assert not asked("admin", "/manage/board")  # an administrator's menu leads there too: not their landing
    assert not asked("manager", "/manage/staff") and not asked("inspector", "/inspect/gaps")
    assert not asked("inspector", "/inspect/heatmap/day")  # under the start page: a heatmap's rows first


def _duty(key: str, name_vi: str, name_en: str, *, site_id: str | None = None) -> dict[str, Any]:
    """One duty type of roster's board day requiring one person, at `site_id` or of the whole enterprise."""
    cover: dict[str, Any] = {"site_id": site_id, "required": 1, "planned": 0, "gaps": []}
    return {"duty_type": key, "name_vi": name_vi, "name_en": name_en, "coverage": [cover], "shifts": []}


DIRECTIVE_DUTIES = [
    ("leadership", "Trực lãnh đạo", "Leadership duty"),
    ("operations", "Trực điều hành", "Operations (command) duty"),
    ("incident_response", "Trực vận hành khai thác mạng lưới và ứng cứu thông tin", "Network operation duty"),
]


async def test_requirements_are_done_when_the_directives_duties_are_required_not_the_border_patrols_alone() -> None:
    """QZ21 #2: FPT Telecom Long An registered with a border site had only the Department's automatic patrol
    requirement there, yet "Requirements" was ticked while leadership, operations and incident response read "Không
    yêu cầu" every day: not done until each of those is required, the line naming the ones missing."""
    border = NewEnterprise(staff=[])
    day = border.board["days"][0]
    unset = [{**_duty(k, vi, en), "coverage": []} for k, vi, en in DIRECTIVE_DUTIES]
    day["duty_types"] = [*unset, _duty("patrol", "Tuần tra, bảo vệ", "Patrol and guard", site_id="b1")]
    for lang, said in (
        (
            "vi",
            "(chưa có định mức cho Trực lãnh đạo, Trực điều hành, Trực vận hành khai thác mạng lưới và ứng cứu thông tin)",
        ),
        (
            "en",
            "(no requirement yet for Leadership duty, Operations (command) duty, Network operation and incident response",
        ),
    ):
        markup = await _board(border, lang=lang)
        assert ("requirements", "no") in [(key, done) for key, done, _ in _steps(markup)], lang
        missing = present(re.search(r'data-testid="step-missing">(.*?)</span>', markup, re.S)).group(1)
        assert said in html.unescape(missing), missing
    one_set = NewEnterprise(staff=[])  # leadership required, the rest not: those two still named
    one_set.board["days"][0]["duty_types"] = [_duty(*DIRECTIVE_DUTIES[0]), *unset[1:]]
    missing = present(re.search(r'data-testid="step-missing">(.*?)</span>', await _board(one_set), re.S)).group(1)
    assert (
        html.unescape(missing)
        == "(chưa có định mức cho Trực điều hành, Trực vận hành khai thác mạng lưới và ứng cứu thông tin)"
    )
    all_set = NewEnterprise(staff=[])
    all_set.board["days"][0]["duty_types"] = [_duty(k, vi, en) for k, vi, en in DIRECTIVE_DUTIES]
    markup = await _board(all_set)
    assert ("requirements", "yes") in [(key, done) for key, done, _ in _steps(markup)]
    assert 'data-testid="step-missing"' not in markup


def test_one_rule_says_whether_the_requirements_are_set() -> None:
    """H2: the board's checklist and a save's next step judge the requirements by one pure rule: a Tết campaign's
    for each of the directive's duties (a site's as well as the whole enterprise's), a drill's anything."""
    assert unset_duties((), drill=False) == ("leadership", "operations", "incident_response")
    assert unset_duties(["patrol"], drill=False) == ("leadership", "operations", "incident_response")
    assert unset_duties(["operations", "patrol"], drill=False) == ("leadership", "incident_response")
    assert unset_duties(["incident_response", "leadership", "operations"], drill=False) == ()
    assert unset_duties(["patrol"], drill=True) == () and unset_duties([], drill=True) != ()


class Planned(NewEnterprise):
    """An enterprise with a site and staff and no shift yet on C1 (`kind`: a Tết campaign or a drill), its
    requirements on C1 for `duties` (each its board column too): the requirements step is the one left to judge."""

    def __init__(self, duties: list[tuple[str, str, str]], *, kind: str = "tet") -> None:
        person = {"id": "s1", "full_name": "Lê Thị Hoa", "active": True, "qualifications": ["operator"]}
        super().__init__(staff=[person])
        self.kind = kind
        self.duties = duties
        day = self.board["days"][0]
        day["duty_types"] = [_duty(*d) for d in duties] + [
            {**_duty(k, vi, en), "coverage": []} for k, vi, en in DIRECTIVE_DUTIES if (k, vi, en) not in duties
        ]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/sites":
            return _page([{"id": "b1", "name": "Trạm Bình Hiệp", "enterprise_id": E1, "border_area": True}])
        if path == "/shifts":
            return _page([])
        if path == "/campaigns":
            return _page([{**CAMPAIGNS[0], "kind": self.kind}])
        if path == f"/campaigns/{C1}":
            return httpx.Response(200, json={**CAMPAIGNS[0], "kind": self.kind})
        if path == "/requirements":
            window = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
            return _page(
                [
                    {
                        "id": f"r{n}",
                        "campaign_id": C1,
                        "enterprise_id": E1,
                        "site_id": "b1" if key == "patrol" else None,
                        "duty_type": key,
                        "window": window,
                        "minimum": 1,
                        "peak_minimum": None,
                        "version": 1,
                    }
                    for n, (key, _, _) in enumerate(self.duties)
                ]
            )
        return await super().__call__(request)


async def test_the_boards_checklist_and_the_next_step_after_a_save_agree_on_the_requirements() -> None:
    """H2: "Đã lưu." of a requirement linked the board's shifts as the next step once anything was required (the
    Department's border patrol), while the board's checklist still said "Requirements" — not done. Both now judge by
    `domain.requirements.unset_duties`: for each set of requirements, the checklist's step is done exactly when the
    next step is past it."""
    patrol = ("patrol", "Tuần tra, bảo vệ", "Patrol and guard")
    cases = [
        ([patrol], "tet", False),
        ([patrol, DIRECTIVE_DUTIES[0]], "tet", False),
        ([*DIRECTIVE_DUTIES[:2]], "tet", False),
        ([*DIRECTIVE_DUTIES, patrol], "tet", True),
        ([*DIRECTIVE_DUTIES], "tet", True),
        ([patrol], "drill", True),
    ]
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    for duties, kind, done in cases:
        roster = Planned(duties, kind=kind)
        app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))  # noqa: B023
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
        ):
            page = await client.get("/login")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            form = {"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf}
            assert (await client.post("/login", data=form)).status_code == 303
            board = await client.get(f"/manage/board/{C1}/{E1}")
            saved = await client.get(
                "/manage/requirements", params={"campaign_id": C1, "enterprise_id": E1, "done": "added"}
            )
        assert board.status_code == 200 and saved.status_code == 200, (board.text[:400], saved.text[:400])
        steps = {key: ticked for key, ticked, _ in _steps(board.text)}
        assert steps["sites"] == steps["staff"] == "yes" and steps["shifts"] == "no", steps
        assert steps["requirements"] == ("yes" if done else "no"), (duties, kind, steps)
        after = present(re.search(r'id="next-step">(.*?)</div>', saved.text, re.S)).group(1)
        requirements = f'href="/manage/requirements?campaign_id={C1}&amp;enterprise_id={E1}"'
        assert (requirements not in after) == done, (duties, kind, after)
        assert (f'href="/manage/board/{C1}/{E1}#board-grid"' in after) == done, after
