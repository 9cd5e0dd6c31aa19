"""An empty list says which kind of empty it is, by one rule (partials/forms.html `empty_list`; QA: an empty system's
administrator read "Không có mục nào khớp bộ lọc." with no filter set, and no next step): without a filter, that there
is none yet and the next step as a link; with one, that nothing matches it and a link clearing it. Both languages;
the services stood in for (test_address_values' `Services`, every list empty)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
import pytest

from support import present

from .test_address_values import ADMIN, C1, INSPECTOR, MANAGER, Services, _app, _sign_in, _text, _visit
from .test_swap_inbox import _swap

# (the list's address, a filter on it, its "none yet" words in Vietnamese and English, the next step's address)
LISTS = [
    ("/admin/enterprises", "q=zz", "Chưa có doanh nghiệp nào.", "No enterprise yet.", "/admin/enterprises/new"),
    ("/admin/sites", "district=zz", "Chưa có điểm trực nào.", "No duty site yet.", "/admin/sites/new"),
    ("/admin/accounts", "q=zz", "Chưa có tài khoản nào.", "No account yet.", "/admin/accounts/new"),
    (
        "/admin/districts",
        "q=zz",
        "Chưa có huyện, thị xã, thành phố nào",
        "No district, town or city yet",
        "/admin/sites/new",
    ),
    ("/admin/campaigns", "lunar_year=2030", "Chưa có đợt trực Tết nào.", "No Tết campaign yet.", "#open-title"),
]


def _empty(markup: str) -> str:
    found = re.search(r'<p class="message info empty-list"[^>]*>(.*?)</p>', markup, re.S)
    assert found, "no empty-list sentence on the page"
    return found.group(1)


@pytest.mark.parametrize(("path", "narrowed", "none_vi", "none_en", "next_href"), LISTS)
async def test_an_empty_list_says_none_yet_and_the_next_step_or_that_the_filter_matches_nothing(
    path: str, narrowed: str, none_vi: str, none_en: str, next_href: str
) -> None:
    services = Services(ADMIN, {("roster", "/campaigns"): [], ("audit", "/campaigns"): []})
    plain, filtered, _, plain_en, filtered_en = await _visit(
        services, path, f"{path}?{narrowed}", "/lang/en", path, f"{path}?{narrowed}"
    )
    for answer, none, next_step, matches in (
        (plain, none_vi, "Bước tiếp theo:", "Không có mục nào khớp bộ lọc."),
        (plain_en, none_en, "Next step:", "Nothing matches these filters."),
    ):
        said = _empty(answer.text)
        assert _text(said).startswith(none) and next_step in _text(said), _text(said)
        assert f'href="{next_href}"' in said and matches not in _text(said)
    for answer, matches, clear in (
        (filtered, "Không có mục nào khớp bộ lọc.", "Bỏ lọc"),
        (filtered_en, "Nothing matches these filters.", "Clear filters"),
    ):
        said = _empty(answer.text)
        assert _text(said) == f"{matches} {clear}", _text(said)
        assert f'href="{path}"' in said
        # beside the filters too, only while one is set (QA: "Bỏ lọc" on a list no one filtered)
        assert f'<span id="filters-clear"><a href="{path}">{clear}</a></span>' in answer.text
    assert '<span id="filters-clear"></span>' in plain.text and "Bỏ lọc" not in _text(plain)
    assert "Clear filters" not in _text(plain_en)


async def test_the_gaps_downloads_say_their_files_are_empty() -> None:
    """Before the gaps' downloads, once, "Tải về (trống):" when the list is empty (the workbook says so inside; the CSV
    stays a header row for programs) — before all of the list's files, not among them (QA: "(5 dòng)" wrapped between
    two buttons); the coverage's files, another list, in a row of their own."""
    (page,) = await _visit(Services(INSPECTOR), "/inspect/gaps?in_force=all")
    [row] = re.findall(
        r'<p class="row">\s*<span class="download-size">Tải về \(trống\):</span>(.*?)</p>', page.text, re.S
    )
    assert row.count('href="/inspect/gaps.') == 5 and "download-size" not in row and "/coverage." not in row


# (who, the list's address, its "none yet" words, a filter on it, its "nothing matches" words, the clear link; then
# the same two sentences in English)
OTHER_LISTS = [
    (INSPECTOR, "/inspect/findings", "Chưa có biên bản kiểm tra tại điểm trực nào. Bước tiếp theo: Ghi biên bản kiểm tra mới",
     "with_discrepancies=true", "Không có biên bản nào khớp với bộ lọc.", "/inspect/findings",
     "No finding recorded at a site yet. Next step: Record a new finding", "No finding matches the filters."),
    # every campaign (no campaign_id, and a filter set, so none is chosen by default): never "this campaign"
    (INSPECTOR, "/inspect/gaps?in_force=all", "Chưa có khoảng trống nào trong các đợt trực.", "status=open",
     "Không có khoảng trống nào khớp với bộ lọc.", "/inspect/gaps?in_force=all",
     "No gap in any campaign yet.", "No gap matches the filters."),
    (INSPECTOR, f"/inspect/gaps?campaign_id={C1}&in_force=all", "Chưa có khoảng trống nào trong đợt trực này.",
     "status=open", "Không có khoảng trống nào khớp với bộ lọc.", f"/inspect/gaps?campaign_id={C1}&amp;in_force=all",
     "No gap in this campaign yet.", "No gap matches the filters."),
    (INSPECTOR, "/inspect/accounts", "Nhật ký chưa ghi lần tạo hay thay đổi tài khoản nào.", "q=zz",
     "Không có lần tạo hay thay đổi tài khoản nào được ghi vào nhật ký khớp với điều kiện lọc.", "/inspect/accounts",
     "The log has no account created or changed yet.",
     "No account creation or change matching these filters was recorded in the log."),
    (INSPECTOR, "/inspect/sequence-gaps", "Nhật ký chưa thiếu sự kiện nào.", "status=open",
     "Không có sự kiện bị thiếu nào khớp bộ lọc.", "/inspect/sequence-gaps",
     "The log has missed no event yet.", "No missing event matches the filters."),
    (INSPECTOR, "/inspect/incidents", "Chưa có sự cố nào.", "severity=serious",
     "Không có mục nào khớp bộ lọc.", f"/inspect/incidents?campaign_id={C1}",
     "No incident yet.", "Nothing matches these filters."),
    (MANAGER, "/incidents", "Chưa có sự cố nào. Bước tiếp theo: Ghi nhận sự cố", "severity=serious",
     "Không có mục nào khớp bộ lọc.", "/incidents",
     "No incident yet. Next step: Record an incident", "Nothing matches these filters."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("account", "path", "none_yet", "narrowed", "matches", "clear", "none_yet_en", "matches_en"), OTHER_LISTS
)
async def test_every_other_list_says_none_yet_unfiltered_and_nothing_matches_filtered(
    account: dict, path: str, none_yet: str, narrowed: str, matches: str, clear: str, none_yet_en: str, matches_en: str
) -> None:
    join = "&" if "?" in path else "?"
    plain, filtered, _, plain_en, filtered_en = await _visit(
        Services(account), path, f"{path}{join}{narrowed}", "/lang/en", path, f"{path}{join}{narrowed}"
    )
    assert _text(_empty(plain.text)) == none_yet
    assert _text(_empty(plain_en.text)) == none_yet_en
    # no filter set, no link clearing one (QA); with one, beside the filters and under the empty list
    assert "Bỏ lọc" not in _text(plain) and "Clear filters" not in _text(plain_en)
    assert _text(filtered).count("Bỏ lọc") == 2, _text(filtered)
    for answer, words in ((filtered, f"{matches} Bỏ lọc"), (filtered_en, f"{matches_en} Clear filters")):
        said = _empty(answer.text)
        assert _text(said) == words and f'href="{clear}"' in said, said


async def test_the_staff_list_clears_its_filter_only_when_one_is_set() -> None:
    plain, filtered = await _visit(Services(MANAGER), "/manage/staff", "/manage/staff?q=zz")
    assert "Bỏ lọc" not in _text(plain) and '<span id="filters-clear"></span>' in plain.text
    assert '<span id="filters-clear"><a href="/manage/staff">Bỏ lọc</a></span>' in filtered.text


async def test_the_staff_lists_download_follows_the_enterprise_filtered_and_a_sole_enterprise_has_it_at_once() -> None:
    """QA: a manager of one enterprise met no "Tải danh sách (Excel)" on /manage/staff, and choosing the enterprise
    then "Lọc" (htmx swapping the results) left it absent: it stood outside the part swapped."""
    vnpt = {"id": "e1", "name": "VNPT Long An", "sector": "telecom", "version": 1}
    people = [{"id": f"s{n}", "full_name": f"Nguyễn Văn Thử {n}", "enterprise_id": "e1"} for n in range(3)]
    sole = Services(MANAGER, {("roster", "/enterprises"): [vnpt], ("roster", "/staff"): people})
    (opened,) = await _visit(sole, "/manage/staff")
    assert 'href="/manage/imports/template/staff.xlsx?enterprise_id=e1&amp;filled=true">' in opened.text
    assert "Tải danh sách (Excel) (3 dòng)" in _text(opened) and "Bỏ lọc" not in _text(opened)
    # narrowed, the download follows the filters and says them, the whole list a link beside it (Z14: it held the
    # whole list, "(14 dòng)" beside 2)
    narrowed = "/manage/staff?q=Nguyen&qualification=technician&active=no"
    named, _, named_en = await _visit(sole, narrowed, "/lang/en", narrowed)
    assert "Tải danh sách (Excel)" not in _text(named)
    assert (
        "Tải danh sách đã lọc (Excel) (3 dòng; tên có “Nguyen”, chuyên môn Kỹ thuật, ngừng trực) · "
        "Tải cả danh sách của VNPT Long An (Excel) (3 dòng)"
    ) in _text(named)
    assert (
        'href="/manage/imports/template/staff.xlsx?enterprise_id=e1&amp;filled=true&amp;q=Nguyen'
        '&amp;qualification=technician&amp;active=no">'
    ) in named.text
    assert 'href="/manage/imports/template/staff.xlsx?enterprise_id=e1&amp;filled=true">' in named.text
    assert (
        "Download the filtered list (Excel) (3 rows; name has “Nguyen”, qualification Technician, not on duty) · "
        "Download the whole list of VNPT Long An (Excel) (3 rows)"
    ) in _text(named_en)
    # the link's filters are roster's file's (its name says them): asked of roster as its list is
    e1 = "0e000000-0000-4000-8000-0000000000e1"
    asked = Services(MANAGER, {("roster", "/enterprises"): [{**vnpt, "id": e1}]})
    await _visit(asked, f"/manage/imports/template/staff.xlsx?enterprise_id={e1}&filled=true&q=Nguyen&active=no")
    assert asked.queries[asked.asked.index(("roster", "/imports/staff/template"))] == {
        "enterprise_id": e1, "format": "xlsx", "q": "Nguyen", "active": "false"
    }  # fmt: skip

    viettel = {"id": "e2", "name": "Viettel Long An", "sector": "telecom", "version": 1}
    two = Services(ADMIN, {("roster", "/enterprises"): [vnpt, viettel], ("roster", "/staff"): people})
    app = _app(two)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        await _sign_in(client, ADMIN)
        every = await client.get("/manage/staff")
        assert "Tải danh sách (Excel)" not in _text(every) and '<div id="staff-actions">' in every.text
        filtered = await client.get("/manage/staff?enterprise_id=e2", headers={"HX-Request": "true"})
    # the htmx answer (the whole page, of which htmx takes the results and, out of band, these actions) holds the
    # download of the enterprise chosen, in the part htmx swaps
    form = present(re.search(r'<form method="get" action="/manage/staff"[^>]*>', filtered.text)).group(0)
    assert "#staff-actions" in present(re.search(r'hx-select-oob="([^"]+)"', form)).group(1)
    actions = present(re.search(r'<div id="staff-actions">(.*?)</div>', filtered.text, re.S)).group(1)
    assert 'href="/manage/imports/template/staff.xlsx?enterprise_id=e2&amp;filled=true">' in actions
    assert 'href="/manage/staff/new?enterprise_id=e2"' in actions


async def test_the_staff_search_leaves_out_what_a_name_is_kept_without() -> None:
    """QA: "Ánh Tu\u200byết" pasted in the search found nobody, then was shown as if typed exactly. The portal asks
    roster, and shows in the box, the search as a name is kept (lichtruc.text.one_line): without the zero-width
    space, byte-order mark or soft hyphen, its no-break space a space. Pasted alone, they are no search at all."""
    services = Services(MANAGER)
    pasted, blank = await _visit(
        services,
        "/manage/staff?" + urlencode({"q": "\ufeffÁnh\u00a0Tu\u200byết\u00ad"}),
        "/manage/staff?" + urlencode({"q": "\u200b\u00ad"}),
    )
    staff_asked = [q for (_, path), q in zip(services.asked, services.queries, strict=True) if path == "/staff"]
    assert [q.get("q") for q in staff_asked] == ["Ánh Tuyết", None]
    assert 'value="Ánh Tuyết"' in pasted.text and "\u200b" not in pasted.text
    assert "Bỏ lọc" not in _text(blank)


class _Swaps(Services):
    """Roster's swap list by status: none waiting, `others` of any status."""

    def __init__(self, others: list[dict]) -> None:
        super().__init__(MANAGER)
        self.others = others

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/swaps":
            return super().__call__(request)
        status = request.url.params.get("status")
        items = [s for s in self.others if status in (None, s["status"])]
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


async def test_the_swap_inbox_as_it_opens_is_no_filter_the_manager_set() -> None:
    """The inbox opens on the waiting requests (its default): empty, it says none is waiting and the way to every
    request — or, roster holding none at all, that there is none yet; never "nothing matches the filter" and no
    "Bỏ lọc" (QA, an empty system). A status or an enterprise the manager chose is a filter."""
    decided = {
        **_swap("w1", "h1", to=("s9", "Võ Minh Tâm")),
        "status": "approved",
        "decided_by": "hungnv@vnpt-longan.vn",
    }
    opened, every, withdrawn, _, opened_en = await _visit(
        _Swaps([decided]),
        *("/manage/swaps", "/manage/swaps?status=all", "/manage/swaps?status=withdrawn", "/lang/en", "/manage/swaps"),
    )
    assert _text(_empty(opened.text)) == "Không có yêu cầu nào đang chờ duyệt. Xem mọi yêu cầu"
    assert 'href="/manage/swaps?status=all"' in _empty(opened.text) and "Bỏ lọc" not in _text(opened)
    assert _text(_empty(opened_en.text)) == "No request is waiting for approval. See every request"
    assert "Võ Minh Tâm" in _text(every)  # the way leads to them
    assert _text(_empty(withdrawn.text)) == "Không có yêu cầu đổi ca nào phù hợp bộ lọc. Bỏ lọc"
    assert _text(withdrawn).count("Bỏ lọc") == 2
    none_at_all, every_of_none = await _visit(_Swaps([]), "/manage/swaps", "/manage/swaps?status=all")
    for page in (none_at_all, every_of_none):
        assert _text(_empty(page.text)) == "Chưa có yêu cầu đổi ca nào.", _text(_empty(page.text))
        assert "Bỏ lọc" not in _text(page)


async def test_the_gaps_as_they_open_are_no_filter_the_inspector_set() -> None:
    """The bare list opens on the default campaign's open gaps in force: empty, none is in force (and the way to
    the planning gaps), never "nothing matches the filters" nor "Bỏ lọc"; a filter the inspector set is said so."""
    opened, chosen = await _visit(Services(INSPECTOR), "/inspect/gaps", "/inspect/gaps?campaign_id=&border=true")
    assert 'id="gaps-opening"' in opened.text
    assert "Không có khoảng trống nào đang có hiệu lực." in _text(opened) and "Bỏ lọc" not in _text(opened)
    assert "khớp với bộ lọc" not in _text(opened)
    assert "Không có khoảng trống có hiệu lực nào khớp với bộ lọc." in _text(chosen) and "Bỏ lọc" in _text(chosen)


async def test_the_site_forms_district_hint_names_a_district_of_the_province_or_none() -> None:
    """QA (an empty Đồng Tháp system): the hint said "ví dụ: Tân Hưng", a Long An district. With districts written,
    one of them is the example; with none yet, no place name (and no list to choose from)."""
    known = Services(ADMIN, {("roster", "/districts"): [{"preferred": "Thạnh Hoá"}, {"preferred": "Cao Lãnh"}]})
    (some,) = await _visit(known, "/admin/sites/new")
    (first,) = await _visit(Services(ADMIN), "/admin/sites/new")
    hint = re.compile(r'<p class="hint" id="h-district">(.*?)</p>', re.S)
    assert _text(present(hint.search(some.text)).group(1)).startswith(
        "Chọn trong danh sách các huyện, thị xã, thành phố đã có, ví dụ: Thạnh Hoá."
    )
    said = _text(present(hint.search(first.text)).group(1))
    assert said == "Tên huyện, thị xã hoặc thành phố nơi đặt điểm trực, viết đủ dấu.", said


async def test_a_sector_has_one_name_on_every_page() -> None:
    """QA: the readiness pages said "Truyền hình", the enterprise form and the incidents' filter "Phát thanh, truyền
    hình" (the directive's): one catalogue entry, the enterprise form's, names each sector everywhere."""
    pages = await _visit(
        Services(INSPECTOR),
        f"/inspect/readiness?campaign_id={C1}",
        f"/inspect/incidents?campaign_id={C1}",
        "/inspect/gaps",
        f"/inspect/heatmap?campaign_id={C1}",
    )
    for page in pages:
        options = dict(
            re.findall(r'<option value="(postal|telecom|internet|television)"[^>]*>([^<]*)</option>', page.text)
        )
        assert options == {
            "postal": "Bưu chính",
            "telecom": "Viễn thông",
            "internet": "Internet",
            "television": "Phát thanh, truyền hình",
        }, (page.url, options)


async def test_the_tet_hours_status_as_it_opens_is_no_filter_the_inspector_set() -> None:
    """The list opens on the points not published or published late (its default status): empty, it says none is,
    with the way to every point; every status empty is none yet; a status or a district the inspector chose is a
    filter, said so and cleared by "Bỏ lọc"."""
    opened, every, chosen = await _visit(
        Services(INSPECTOR),
        f"/inspect/tet-hours?campaign_id={C1}",
        f"/inspect/tet-hours?campaign_id={C1}&status=all",
        f"/inspect/tet-hours?campaign_id={C1}&status=missing",
    )
    assert "Không có bưu cục, điểm giao dịch nào chưa niêm yết hoặc niêm yết muộn. Xem mọi" in _text(opened)
    assert "Chưa có bưu cục, điểm giao dịch nào trong đợt trực này." in _text(every)
    assert "Không có bưu cục, điểm giao dịch nào khớp bộ lọc." in _text(chosen)
    for page in (opened, every):
        assert "Bỏ lọc" not in _text(page) and "khớp bộ lọc" not in _text(page)
    assert '<a href="/inspect/tet-hours">Bỏ lọc</a>' in chosen.text


async def test_the_heatmap_and_the_history_clear_a_filter_only_when_one_is_set() -> None:
    e1 = "0c1a0000-0000-4000-8000-0000000000e1"
    vnpt = [{"id": e1, "name": "VNPT Long An", "sector": "telecom"}]
    heat, heat_border, day, day_required, history, history_days = await _visit(
        Services(INSPECTOR, {("roster", "/enterprises"): vnpt}),
        f"/inspect/heatmap?campaign_id={C1}",
        f"/inspect/heatmap?campaign_id={C1}&border=true",
        f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-06",
        f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-06&required=true",
        f"/inspect/history?enterprise_id={e1}",
        f"/inspect/history?enterprise_id={e1}&from_day=2027-02-01",
    )
    for page in (heat, day, history):
        assert "Bỏ lọc" not in _text(page), page.url
    assert '<a href="/inspect/heatmap">Bỏ lọc</a>' in heat_border.text
    assert '<a href="/inspect/heatmap/day?day=2027-02-06">Bỏ lọc</a>' in day_required.text
    assert f'<a href="/inspect/history?enterprise_id={e1}">Bỏ lọc</a>' in history_days.text


FRESH = "0c1a0000-0000-4000-8000-0000000000e7"
DUC_HOA = "Công ty Cổ phần Truyền hình Cáp Đức Hòa"
# (the list, a second filter, its sentence in Vietnamese and English, the next step's address and words in both)
ONE_ENTERPRISE = [
    ("/admin/sites", "district=zz", f"“{DUC_HOA}” chưa có điểm trực nào.", f"“{DUC_HOA}” has no duty site yet.",
     f"/admin/sites/new?enterprise_id={FRESH}", "Đăng ký điểm trực", "Register a site"),
    ("/admin/accounts", "q=zz", f"“{DUC_HOA}” chưa có tài khoản nào.", f"“{DUC_HOA}” has no account yet.",
     f"/admin/accounts/new?role=manager&amp;enterprise_ids={FRESH}", "Tạo tài khoản quản lý cho doanh nghiệp",
     "Create a manager account for the enterprise"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "other", "none_vi", "none_en", "next_href", "next_vi", "next_en"), ONE_ENTERPRISE)
async def test_a_list_filtered_by_one_enterprise_alone_names_it_and_offers_its_first_one(
    path: str, other: str, none_vi: str, none_en: str, next_href: str, next_vi: str, next_en: str
) -> None:
    """QZ15 #7: the enterprise row's "Điểm trực" link opened a list saying "Không có mục nào khớp bộ lọc. Bỏ lọc" for
    an enterprise just registered. Filtered by that enterprise alone, a list now says it has none yet and links the
    next step for it (the form chooses it); with another filter too, that nothing matches, as before."""
    services = Services(ADMIN, {("roster", "/enterprises"): [{"id": FRESH, "name": DUC_HOA, "sector": "television"}]})
    alone, both, _, alone_en = await _visit(
        services, f"{path}?enterprise_id={FRESH}", f"{path}?enterprise_id={FRESH}&{other}", "/lang/en",
        f"{path}?enterprise_id={FRESH}",
    )  # fmt: skip
    for answer, none, step, words in ((alone, none_vi, "Bước tiếp theo:", next_vi), (alone_en, none_en, "Next step:",
                                                                                      next_en)):  # fmt: skip
        said = _empty(answer.text)
        assert _text(said) == f"{none} {step} {words}", _text(said)
        assert f'href="{next_href}"' in said
        assert f'class="button" href="{next_href.split("?")[0]}?' in answer.text  # the button above it too
    assert _text(_empty(both.text)) == "Không có mục nào khớp bộ lọc. Bỏ lọc"
