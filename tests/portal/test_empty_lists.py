"""An empty list says which kind of empty it is, by one rule (partials/forms.html `empty_list`; QA: an empty system's
administrator read "Không có mục nào khớp bộ lọc." with no filter set, and no next step): without a filter, that there
is none yet and the next step as a link; with one, that nothing matches it and a link clearing it. Both languages;
the services stood in for (test_address_values' `Services`, every list empty)."""

from __future__ import annotations

import re

import pytest

from .test_address_values import ADMIN, INSPECTOR, Services, _text, _visit

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
