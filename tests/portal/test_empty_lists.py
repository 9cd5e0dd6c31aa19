"""An empty list says which kind of empty it is, by one rule (partials/forms.html `empty_list`; QA: an empty system's
administrator read "Không có mục nào khớp bộ lọc." with no filter set, and no next step): without a filter, that there
is none yet and the next step as a link; with one, that nothing matches it and a link clearing it. Both languages;
the services stood in for (test_address_values' `Services`, every list empty)."""

from __future__ import annotations

import re

import pytest

from .test_address_values import ADMIN, C1, INSPECTOR, MANAGER, Services, _text, _visit

# (the list's address, a filter on it, its "none yet" words in Vietnamese and English, the next step's address)
LISTS = [
    ("/admin/enterprises", "q=zz", "Chưa có doanh nghiệp nào.", "No enterprise yet.", "/admin/enterprises/new"),
    ("/admin/sites", "district=zz", "Chưa có điểm trực nào.", "No duty site yet.", "/admin/sites/new"),
    ("/admin/accounts", "q=zz", "Chưa có tài khoản nào.", "No account yet.", "/admin/accounts/new"),
    ("/admin/districts", "q=zz", "Chưa có quận/huyện nào", "No district yet", "/admin/sites/new"),
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


async def test_the_gaps_downloads_say_their_files_are_empty() -> None:
    """Beside the gaps' downloads, "(trống)" when the list is empty (the workbook says so inside; the CSV stays a
    header row for programs)."""
    (page,) = await _visit(Services(INSPECTOR), "/inspect/gaps?in_force=all")
    assert re.findall(r'<span class="muted download-size">\(([^)]*)\)</span>', page.text) == ["trống"]


# (who, the list's address, its "none yet" words, a filter on it, its "nothing matches" words, the clear link; then
# the same two sentences in English)
OTHER_LISTS = [
    (INSPECTOR, "/inspect/findings", "Chưa có biên bản kiểm tra nào. Bước tiếp theo: Ghi biên bản kiểm tra mới",
     "with_discrepancies=true", "Không có biên bản nào khớp với bộ lọc.", "/inspect/findings",
     "No inspection record yet. Next step: Record a new finding", "No finding matches the filters."),
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
    for answer, words in ((filtered, f"{matches} Bỏ lọc"), (filtered_en, f"{matches_en} Clear filters")):
        said = _empty(answer.text)
        assert _text(said) == words and f'href="{clear}"' in said, said
