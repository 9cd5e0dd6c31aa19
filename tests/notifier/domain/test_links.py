"""Where a mail's reader acts (notifier.domain.links, pure): each link's exact address on the portal, a page of the
portal's own routes, and none without the portal's address; and a span over several days named by the lunar day of
both of its ends, never by one."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from notifier_testkit import PORTAL, gap_view, portal_page

from lichtruc.vntime import VIETNAM
from notifier.api.problems import wants_page
from notifier.domain import links
from notifier.domain.errors import FeedNotFound
from notifier.domain.feed_gone import feed_gone_page
from notifier.domain.messages import gap_digest, gap_link, gap_message
from support import present

C, E, S, X = (uuid.UUID(int=n) for n in (1, 2, 3, 4))
DAY = date(2027, 2, 6)


def every_link(portal_url: str) -> dict[str, str | None]:
    return {
        "shift": links.my_shift(portal_url, X),
        "swap requests, lapsed": links.my_swap(portal_url, X, status="lapsed"),
        "gap": links.gap_cell(portal_url, campaign_id=C, enterprise_id=E, day=DAY, duty_type="leadership", site_id=S),
        "gap, whole enterprise": links.gap_cell(
            portal_url, campaign_id=C, enterprise_id=E, day=DAY, duty_type="operations", site_id=None
        ),
        "gap over three days": links.gap_cell(
            portal_url,
            campaign_id=C,
            enterprise_id=E,
            day=DAY,
            duty_type="operations",
            site_id=None,
            last_day=DAY + timedelta(days=2),
        ),
        "gap, campaign unknown": links.gap_cell(
            portal_url, campaign_id=None, enterprise_id=E, day=DAY, duty_type="operations", site_id=None
        ),
        "readiness": links.readiness(portal_url, campaign_id=C, enterprise_id=E),
        "hours": links.tet_hours(portal_url, campaign_id=C, site_id=S),
        "report": links.daily_report(portal_url, campaign_id=C, enterprise_id=E, day=DAY),
        "reports": links.reports_status(portal_url, campaign_id=C, day=DAY),
        "inspections": links.manager_inspections(portal_url),
        "incident": links.incident(portal_url, X, inspector=False),
        "incident, inspector": links.incident(portal_url, X, inspector=True),
        "explained gap, inspector": links.inspect_item(portal_url, "gap", X),
        "explained finding, inspector": links.inspect_item(portal_url, "finding", X),
        "explanation, manager": links.manager_explanation(portal_url, "finding", X),
    }


def test_each_link_is_the_page_where_its_reader_acts_with_what_the_page_reads() -> None:
    got = every_link(PORTAL + "/")  # a trailing slash is not doubled
    assert got == {
        "shift": f"{PORTAL}/go/shifts/{X}",
        "swap requests, lapsed": f"{PORTAL}/me/swaps?status=lapsed#swap-{X}",  # the page's cards' ids
        "gap": f"{PORTAL}/manage/board/{C}/{E}/cell?day=2027-02-06&duty_type=leadership&site_id={S}"
        f"#cell-2027-02-06-leadership-{S}",  # the board opened at the cell (its id)
        "gap, whole enterprise": f"{PORTAL}/manage/board/{C}/{E}/cell?day=2027-02-06&duty_type=operations"
        "#cell-2027-02-06-operations",
        "gap over three days": f"{PORTAL}/manage/board/{C}/{E}/cell?day=2027-02-06&duty_type=operations"
        "&through=2027-02-08#cell-2027-02-06-operations",  # every cell of it marked, opened at the first
        "gap, campaign unknown": f"{PORTAL}/manage/board?enterprise_id={E}",
        "readiness": f"{PORTAL}/manage/readiness?campaign_id={C}&enterprise_id={E}",
        "hours": f"{PORTAL}/manage/tet-hours?campaign_id={C}&site_id={S}",
        "report": f"{PORTAL}/reports/daily?campaign_id={C}&enterprise_id={E}&day=2027-02-06",
        "reports": f"{PORTAL}/inspect/reports?campaign_id={C}&day=2027-02-06",
        "inspections": f"{PORTAL}/manage/inspections",
        "incident": f"{PORTAL}/incidents/{X}",
        "incident, inspector": f"{PORTAL}/inspect/incidents/{X}",
        "explained gap, inspector": f"{PORTAL}/inspect/gaps/{X}",
        "explained finding, inspector": f"{PORTAL}/inspect/findings/{X}",
        "explanation, manager": f"{PORTAL}/manage/explanations/finding/{X}",
    }
    assert {name: portal_page(url) for name, url in got.items() if url} == {
        "shift": "/go/shifts/{shift_id}",
        "swap requests, lapsed": "/me/swaps",
        "gap": "/manage/board/{campaign_id}/{enterprise_id}/cell",
        "gap, whole enterprise": "/manage/board/{campaign_id}/{enterprise_id}/cell",
        "gap over three days": "/manage/board/{campaign_id}/{enterprise_id}/cell",
        "gap, campaign unknown": "/manage/board",
        "readiness": "/manage/readiness",
        "hours": "/manage/tet-hours",
        "report": "/reports/daily",
        "reports": "/inspect/reports",
        "inspections": "/manage/inspections",
        "incident": "/incidents/{incident_id}",
        "incident, inspector": "/inspect/incidents/{incident_id}",
        "explained gap, inspector": "/inspect/gaps/{gap_id}",
        "explained finding, inspector": "/inspect/findings/{finding_id}",
        "explanation, manager": "/manage/explanations/{kind}/{item_id}",
    }


def test_without_the_portals_address_no_link() -> None:
    assert set(every_link("").values()) == {None}


def test_a_path_that_is_no_portal_page_is_told() -> None:
    with pytest.raises(AssertionError, match="none of the portal's pages"):
        portal_page(f"{PORTAL}/manage/gaps/{X}")


WEEK_START = datetime(2027, 2, 8, 18, tzinfo=VIETNAM)  # Mùng 3 Tết
WEEK_END = datetime(2027, 2, 16, tzinfo=VIETNAM)  # 11 tháng Giêng


@pytest.mark.parametrize(
    ("lang", "span"),
    [
        ("vi", "18:00 08/02/2027 (Mùng 3 Tết) – 24:00 15/02/2027 (Mùng 10 tháng Giêng"),  # its last day's end (QZ21 #9)
        ("en", "18:00 8 Feb 2027 (3rd day of Tết) – 24:00 15 Feb 2027 (10th day of the 1st lunar month"),
    ],
)
def test_a_gap_over_several_days_names_the_lunar_day_of_both_ends(lang, span) -> None:
    """QA: "18:00 08/02/2027 – 00:00 16/02/2027 (Mùng 3 Tết)", a week named by its first lunar day."""
    week = gap_view(0, start=WEEK_START, ends_at=WEEK_END, campaign_id=C, site_id=S)
    alert = gap_message(week, lang=lang, portal_url=PORTAL)
    assert span in alert.text
    digest = gap_digest([week, gap_view(1, start=WEEK_START)], [], lang=lang, portal_url=PORTAL)
    assert f": {span})" in digest.text  # the digest's line: both ends, nothing after the end's lunar day
    assert "(Mùng 3 Tết)\n" not in digest.text and "(3rd day of Tết)\n" not in digest.text


def test_a_gap_alert_and_each_gap_of_a_digest_link_their_board_cell() -> None:
    first = gap_view(0, start=WEEK_START, campaign_id=C, site_id=S, duty_type="leadership")
    second = gap_view(1, start=WEEK_START + timedelta(days=1), campaign_id=C)
    cell = f"{PORTAL}/manage/board/{C}/{first.enterprise_id}/cell?day="
    assert (
        gap_link(PORTAL, first) == f"{cell}2027-02-08&duty_type=leadership&site_id={S}#cell-2027-02-08-leadership-{S}"
    )
    assert (
        f"Xếp người trực cho khoảng này: {gap_link(PORTAL, first)}\n"
        in gap_message(first, lang="vi", portal_url=PORTAL).text
    )
    closed = gap_message(first, lang="en", closed=True, portal_url=PORTAL).text
    assert f"See the roster of this window: {gap_link(PORTAL, first)}\n" in closed
    digest = gap_digest([first, second], [], lang="vi", portal_url=PORTAL).text
    for gap in (first, second):
        assert f"\n    Xếp người trực cho khoảng này: {gap_link(PORTAL, gap)}\n" in digest
    assert f"{cell}2027-02-09&duty_type=operations&through=2027-02-10#" in digest  # its own days (22:00–02:00), no site
    assert PORTAL not in gap_message(first, lang="vi").text


@pytest.mark.parametrize(
    ("ends_at", "through"),
    [
        (WEEK_START + timedelta(hours=4), None),  # within its day: the chosen cell is the gap
        (WEEK_END - timedelta(days=7), None),  # to midnight: its last instant is still on its first day
        (WEEK_END - timedelta(days=6, hours=18), "2027-02-09"),  # past midnight, into the next day
        (WEEK_END, "2027-02-15"),  # to the midnight ending 15/02: that day is its last
    ],
)
def test_a_gap_links_the_board_through_the_day_of_its_last_instant(ends_at: datetime, through: str | None) -> None:
    """QA: a gap over several days linked the board's cell of its first day alone."""
    link = present(gap_link(PORTAL, gap_view(0, start=WEEK_START, ends_at=ends_at, campaign_id=C)))
    assert parse_qs(urlsplit(link).query).get("through") == ([through] if through else None)
    assert urlsplit(link).fragment == "cell-2027-02-08-operations"  # opened where it starts


def test_a_dead_calendar_link_s_page_speaks_its_owner_s_language_first_and_names_the_portal_page_in_words() -> None:
    page = feed_gone_page(FeedNotFound(revoked=True, lang="en"), calendar_page=None)
    assert page.index("This calendar link no longer works") < page.index("Đường dẫn lịch này không còn dùng được")
    assert '<html lang="en">' in page and "It was turned off (revoked)" in page
    assert "<a " not in page and "“My calendar” page (Lịch của tôi)" in page  # no portal address: in words alone
    assert links.my_calendar("") is None
    assert links.my_calendar("https://lich.example.vn/") == "https://lich.example.vn/me/calendar"
    # a browser gets the page; a calendar program (text/calendar, */*, nothing) the problem document
    assert wants_page("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not wants_page("text/calendar") and not wants_page("*/*") and not wants_page(None)
    assert not wants_page("text/calendar, text/html;q=0.5") and not wants_page("text/html;q=0")
