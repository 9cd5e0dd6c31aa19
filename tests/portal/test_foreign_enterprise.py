"""A manager's address naming another enterprise (`?enterprise_id=` of one not theirs) is refused in the same words
on every manager page, by one dependency (api.refusals.managed_enterprise), and a link to another enterprise's shift
says so too (QZ11 #9: /manage/staff, /manage/readiness and /reports/daily showed the manager's own data without a
word, /go/shifts/<Viettel's shift> opened the VNPT board, while /manage/requirements refused in words). Every GET
page of the manager areas without a path parameter is asked; the services stood in for."""

from __future__ import annotations

import httpx

from portal.api.refusals import ENTERPRISE_PAGES, area_of
from portal.app import ROUTERS

from .test_address_values import C1, MANAGER, OTHER_ID, Services, _text, _visit

SAID = "Doanh nghiệp này không thuộc quyền quản lý của bạn"
E1 = "0e000000-0000-4000-8000-0000000000e1"
OWN = {"id": E1, "name": "VNPT Long An"}


def _manager_pages() -> list[str]:
    routes = [
        (str(getattr(r, "path", "")), getattr(r, "methods", None) or ()) for router in ROUTERS for r in router.routes
    ]
    paths = {
        path
        for path, methods in routes
        if "GET" in methods
        and path.startswith(ENTERPRISE_PAGES)
        and "{" not in path
        and not path.endswith((".csv", ".xlsx", ".pdf", ".ics"))
    }
    return sorted(p for p in paths if (area := area_of(p)) is None or "manager" in area.roles)  # theirs to open


class Roster(Services):
    """The manager's own enterprise listed; every shift unreadable to them (another enterprise's)."""

    def __init__(self) -> None:
        super().__init__(MANAGER, {("roster", "/enterprises"): [OWN]})  # roster lists a manager their own

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/shifts/"):
            self.asked.append((request.url.host, request.url.path))
            return httpx.Response(404, json={"type": "x/not-found", "status": 404, "detail": "no such shift"})
        return super().__call__(request)


async def test_every_manager_page_with_another_enterprises_id_says_it_is_not_theirs_in_the_same_words() -> None:
    pages = _manager_pages()
    assert {"/manage/staff", "/manage/readiness", "/reports/daily", "/manage/requirements"} <= set(pages), pages
    services = Roster()
    answers = await _visit(services, *(f"{p}?enterprise_id={OTHER_ID}" for p in pages))
    for path, answer in zip(pages, answers, strict=True):
        assert answer.status_code == 404, (path, answer.status_code)
        said = _text(answer)
        assert SAID in said, (path, said[:300])
        assert 'href="' + path + '"' in answer.text or f'href="{path}?' in answer.text, path  # the page without it
        assert f'href="{path}?enterprise_id={E1}">VNPT Long An</a>' in answer.text, path  # their own, by name
    assert all(OTHER_ID not in q.values() for q in services.queries)  # never asked of a service


async def test_a_managers_own_enterprise_id_opens_the_page() -> None:
    (answer,) = await _visit(Roster(), f"/manage/staff?enterprise_id={E1}")
    assert answer.status_code == 200 and SAID not in _text(answer)


async def test_a_link_to_another_enterprises_shift_says_so_not_the_managers_own_board() -> None:
    services = Roster()
    (answer,) = await _visit(services, f"/go/shifts/{OTHER_ID}")
    assert answer.status_code == 404, answer.headers.get("location")
    said = _text(answer)
    assert "Ca trực này không thuộc doanh nghiệp bạn quản lý" in said
    assert f'href="/manage/board?enterprise_id={E1}">VNPT Long An</a>' in answer.text


async def test_another_enterprises_id_in_the_path_is_refused_as_in_the_query_not_as_not_found() -> None:
    """QZ12 #11: /manage/board/<campaign>/<another enterprise> said "Không tìm thấy"; every GET page whose path names
    an enterprise (the board, its cell, the cell's picker, an enterprise's administration page) now says the same
    refusal as `?enterprise_id=`, links each of the manager's own on that page and the page above without it."""
    services = Roster()
    board = f"/manage/board/{C1}"
    paths = [
        f"{board}/{OTHER_ID}",
        f"{board}/{OTHER_ID}/cell?day=2027-02-06&site_id={OTHER_ID}",
        f"{board}/{OTHER_ID}/cell/picker?day=2027-02-06",
        f"/admin/enterprises/{OTHER_ID}",
        f"/manage/staff?enterprise_id={OTHER_ID}",  # the query's case, still the same
    ]
    answers = await _visit(services, *paths)
    for path, answer in zip(paths, answers, strict=True):
        assert answer.status_code == 404, (path, answer.status_code)
        said = _text(answer)
        assert SAID in said and "Không tìm thấy" not in said, (path, said[:300])
    for answer in answers[:3]:  # their own board of the same campaign, by name; the chooser of that campaign
        assert f'href="{board}/{E1}">VNPT Long An</a>' in answer.text
        assert f'href="/manage/board?campaign_id={C1}"' in answer.text
    assert f'href="/admin/enterprises/{E1}">VNPT Long An</a>' in answers[3].text
    assert 'href="/admin/enterprises"' in answers[3].text
    assert f'href="/manage/staff?enterprise_id={E1}">VNPT Long An</a>' in answers[4].text
    assert all(OTHER_ID not in path for _, path in services.asked)  # never asked of a service
    assert all(OTHER_ID not in q.values() for q in services.queries)


async def test_a_managers_own_enterprise_in_the_path_opens_the_board() -> None:
    (answer,) = await _visit(Roster(), f"/manage/board/{C1}/{E1}")
    assert SAID not in _text(answer)
