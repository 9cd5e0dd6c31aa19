"""The one page format as the portal reads it (clients/paging.py), and the page navigation it
shows people (domain/paging.py): cursor style, a first page and a next page that keep the filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from portal.clients.paging import BadPage, cursor_of, read_page
from portal.domain.paging import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    NotAPagePosition,
    clamp_limit,
    local_next,
    local_offset,
    page_view,
)

NEXT = "http://roster:8001/staff?enterprise_id=e1&limit=2&cursor=WyJzdGFmZiIsWzJdXQ"


def _query(url: str | None) -> dict[str, list[str]]:
    assert url is not None
    return parse_qs(urlsplit(url).query)


def test_a_page_is_read_with_its_items_limit_total_and_next_cursor() -> None:
    body = {"items": [{"id": "s1"}, {"id": "s2"}], "limit": 2, "total": 5, "next": NEXT}
    page = read_page(httpx.Response(200, json=body))
    assert (page.items, page.limit, page.total, page.next) == (body["items"], 2, 5, NEXT)
    assert page.next_cursor == "WyJzdGFmZiIsWzJdXQ"
    assert page.map(lambda item: item["id"]).items == ["s1", "s2"]
    last = read_page({"items": [], "limit": 50, "total": None, "next": None})
    assert (last.items, last.total, last.next_cursor) == ([], None, None)


@pytest.mark.parametrize(
    "body",
    [
        {"items": [], "limit": 50, "total": 80, "offset": 0, "next_offset": 50},  # audit's old gaps shape
        {"items": [], "limit": 50, "total": 80, "next": "http://roster/staff?limit=50&offset=50"},  # old roster
        {"items": [], "limit": None, "total": 0, "next": None},  # no limit
        {"items": [], "next_after": 7},  # audit's old log shape
        {"items": [], "next_cursor": "abc"},  # notifier's old feed shape
        {"items": {}, "limit": 50, "total": 0, "next": None},  # items not a list
        {"items": [], "limit": 50, "total": "5", "next": None},  # total not a number
        {"items": [], "limit": 50, "total": 5, "next": 7},  # next not an address
        {"items": [], "limit": 50, "total": 5, "next": "http://roster/staff?limit=50"},  # next without a cursor
        [],  # a bare list
    ],
)
def test_anything_but_the_page_format_is_refused(body: object) -> None:
    with pytest.raises(BadPage):
        read_page(httpx.Response(200, json=body))


def test_the_cursor_is_read_out_of_the_next_address() -> None:
    assert cursor_of(None) is None
    assert cursor_of("https://elsewhere.example/gaps?cursor=a%2Bb&limit=9") == "a+b"
    with pytest.raises(BadPage):
        cursor_of("http://audit/gaps?cursor=")


def test_the_first_page_links_only_to_the_next_one_keeping_the_filters() -> None:
    page = page_view(
        "/manage/staff",
        {"enterprise_id": "e1", "q": "Hùng", "active": "", "offset": "40"},
        limit=2,
        count=2,
        total=5,
        next_cursor="c2",
    )
    assert page.first_url is None and page.shown
    assert _query(page.next_url) == {"enterprise_id": ["e1"], "q": ["Hùng"], "limit": ["2"], "cursor": ["c2"]}
    assert urlsplit(page.next_url).path == "/manage/staff"
    assert (page.count, page.total) == (2, 5)


def test_a_later_page_links_back_to_the_first_and_the_last_has_no_next() -> None:
    page = page_view(
        "/inspect/gaps",
        {"status": "open", "cursor": "c4", "limit": "2"},
        limit=2,
        count=1,
        total=None,
        next_cursor=None,
    )
    assert page.next_url is None
    assert _query(page.first_url) == {"status": ["open"], "limit": ["2"]}  # no cursor: the first page
    assert page.total is None and page.shown


def test_a_list_on_one_page_shows_no_navigation() -> None:
    page = page_view("/me/swaps", {}, limit=50, count=3, total=3, next_cursor=None)
    assert not page.shown


def test_the_portals_own_cursor_is_a_position_and_no_other_is_taken_for_one() -> None:
    assert local_offset(None, total=45) == 0 and local_offset("40", total=45) == 40
    assert local_offset("", total=45) == 0 and local_offset("0", total=45) == 0
    assert local_offset("7", total=0) == 0  # an empty list (everything filtered out, say) has only a first page
    for wrong in ("-1", "abc", "9" * 20, "45", "999", "٣", " 4"):
        with pytest.raises(NotAPagePosition):
            local_offset(wrong, total=45)
    assert local_next(0, limit=20, total=45) == "20"
    assert local_next(40, limit=20, total=45) is None
    assert local_offset(local_next(20, limit=20, total=45), total=45) == 40


def test_a_limit_out_of_range_is_the_pages_own_size_or_the_largest_never_one_row() -> None:
    # ?limit=-1 showed "Đang hiện 1 trên 15" (now "Mục 1–1 trong 15 mục"): a page of one row nobody asked for.
    assert [clamp_limit(v) for v in (None, 0, -1, -500)] == [DEFAULT_LIMIT] * 4
    assert clamp_limit(-1, 10) == 10 and clamp_limit(None, 10) == 10
    assert (clamp_limit(1), clamp_limit(20, 10), clamp_limit(10_000)) == (1, 20, MAX_LIMIT)


def test_a_person_walks_forward_three_pages_and_back_one_at_a_time_with_the_filters_kept() -> None:
    """QZ11 #14: a list offered only "← Trang đầu" and "Trang sau →"; the next page's link now carries the pages
    walked through, so "← Trang trước" leads to the page just before, the filters kept, without script."""
    walk = {"q": "Tuyết", "enterprise_id": "e1"}
    first = page_view("/manage/staff", walk, limit=2, count=2, total=7, next_cursor="A")
    assert first.previous_url is None and first.first_url is None
    second_q = {k: v[0] for k, v in _query(first.next_url).items()}
    second = page_view("/manage/staff", second_q, limit=2, count=2, total=7, next_cursor="B")
    assert _query(second.previous_url) == {"q": ["Tuyết"], "enterprise_id": ["e1"], "limit": ["2"]}  # the first
    third_q = {k: v[0] for k, v in _query(second.next_url).items()}
    assert third_q["cursor"] == "B" and third_q["back"] == "A"
    third = page_view("/manage/staff", third_q, limit=2, count=2, total=7, next_cursor="C")
    fourth_q = {k: v[0] for k, v in _query(third.next_url).items()}
    assert fourth_q["back"] == "A B"
    fourth = page_view("/manage/staff", fourth_q, limit=2, count=1, total=7, next_cursor=None)
    back_to_third = {k: v[0] for k, v in _query(fourth.previous_url).items()}
    assert back_to_third == {"q": "Tuyết", "enterprise_id": "e1", "limit": "2", "cursor": "B", "back": "A"}
    again = page_view("/manage/staff", back_to_third, limit=2, count=2, total=7, next_cursor="C")
    assert _query(again.previous_url)["cursor"] == ["A"] and "back" not in _query(again.previous_url)
    assert _query(fourth.first_url) == {"q": ["Tuyết"], "enterprise_id": ["e1"], "limit": ["2"]}
    # QZ12 #12b: each later page knows which rows it shows ("Mục 7–7 trong 7 mục", not "1 trên 7"); QZ15: the first
    # page too ("Mục 1–2 trong 7 mục", as every other page says it)
    assert (first.offset, second.offset, third.offset, fourth.offset, again.offset) == (0, 2, 4, 6, 4)
    assert (
        page_view("/manage/staff", {"cursor": "Z", "back": "A"}, limit=2, count=2, total=3, next_cursor=None).offset
        is None
    )
    # a list the portal pages itself: its cursor is the position, whatever the trail (QZ12: the inspection plans'
    # third page said "4–4 trên 7")
    assert page_view("/inspect/inspections", {"cursor": "6"}, limit=3, count=1, total=7, next_cursor=None).offset == 6


def test_a_list_the_portal_pages_itself_goes_back_one_page_and_an_uncounted_list_says_its_rows() -> None:
    """QZ15: "← Trang trước" from the third page of a list paged by position went to the first (the position's own
    list keeps no trail); every page, the first included, knows its first row, counted or not ("Mục 1–50")."""
    third = page_view("/inspect/inspections", {"cursor": "6", "q": "x"}, limit=3, count=1, total=7, next_cursor=None)
    assert _query(third.previous_url) == {"q": ["x"], "limit": ["3"], "cursor": ["3"]}
    assert _query(third.first_url) == {"q": ["x"], "limit": ["3"]}
    second = page_view("/inspect/inspections", {"cursor": "3"}, limit=3, count=3, total=7, next_cursor="6")
    assert second.previous_url == second.first_url == "/inspect/inspections?limit=3"
    uncounted = page_view("/inspect/history", {"enterprise_id": "e1"}, limit=50, count=50, total=None, next_cursor="A")
    assert (uncounted.offset, uncounted.total, uncounted.previous_url) == (0, None, None)
