"""Which campaign every page opens on for what it is for (domain.campaigns.default_campaign), the order every picker lists
them in, and how a drill reads there."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest

from portal.domain.campaigns import (
    LOOK_BACK,
    PREPARE,
    CampaignChoice,
    campaign_to_prepare,
    chosen_campaign,
    default_campaign,
    picker_label,
    picker_order,
    tet_before,
    tet_beside,
)


def _at(month: int, day: int, year: int = 2027, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def tet(name: str, starts: datetime, ends: datetime) -> CampaignChoice:
    return CampaignChoice(name, name, "tet", starts, ends)


def drill(name: str, starts: datetime, ends: datetime) -> CampaignChoice:
    return CampaignChoice(name, name, "drill", starts, ends)


T2026 = tet("T2026", _at(2, 9, 2026), _at(2, 26, 2026))
T2027 = tet("T2027", _at(1, 29), _at(2, 15))
T2028 = tet("T2028", _at(1, 18, 2028), _at(2, 4, 2028))
DRILL_DEC = drill("drill-dec", _at(12, 4, 2026), _at(12, 6, 2026))
DRILL_DEC_LATER = drill("drill-dec-later", _at(12, 5, 2026), _at(12, 7, 2026))  # overlaps DRILL_DEC
DRILL_IN_TET = drill("drill-in-tet", _at(2, 10), _at(2, 11))  # a drill held during Tết 2027
EVERY = [T2028, DRILL_DEC, T2026, DRILL_IN_TET, T2027, DRILL_DEC_LATER]


def default_at(now: datetime, items: list[CampaignChoice] = EVERY, purpose: str = LOOK_BACK) -> str | None:
    found = default_campaign(items, now=now, purpose=purpose)
    return found.id if found else None


def every_purpose(now: datetime, items: list[CampaignChoice] = EVERY) -> dict[str, str | None]:
    return {p: default_at(now, items, p) for p in (LOOK_BACK, PREPARE)}


# --- under way: the Tết, on every page ---------------------------------------------------------------------


def test_the_tet_under_way_is_every_pages_default_even_when_a_later_one_is_open() -> None:
    assert set(every_purpose(_at(2, 1)).values()) == {"T2027"}


def test_a_tet_under_way_wins_over_a_drill_started_after_it() -> None:
    assert set(every_purpose(_at(2, 10, hour=12)).values()) == {"T2027"}


def test_a_campaign_is_under_way_from_its_start_and_no_longer_at_its_end() -> None:
    assert default_at(T2027.starts_at, purpose=LOOK_BACK) == "T2027"  # at its first instant
    assert default_at(T2027.ends_at, purpose=PREPARE) == "T2028"  # at its end it is over: the next to prepare


# --- none under way: what the page is for (QZ27 #8) --------------------------------------------------------


def test_the_morning_after_tet_with_a_drill_under_way_no_page_opens_on_the_drill() -> None:
    """QZ27 #8: at 09:00 16/02/2027 a drill (three shifts, no requirement) was under way and Tết 2028 opened: the
    heat map, gaps, reports, incidents and the board opened on the drill. The pages that look back and the board
    open on the Tết just ended, those that prepare on the next Tết."""
    morning_drill = drill("drill-16-02", _at(2, 16, hour=1), _at(2, 16, hour=10))
    items = [T2026, T2027, T2028, morning_drill, DRILL_DEC]
    assert every_purpose(_at(2, 16, hour=2), items) == {LOOK_BACK: "T2027", PREPARE: "T2028"}


def test_the_pages_that_look_back_open_on_the_tet_ended_last_until_the_next_is_nearer() -> None:
    assert default_at(_at(2, 20)) == "T2027"  # five days after it, eleven months before the next
    assert default_at(_at(6, 1)) == "T2027"  # 106 days after it, 231 days before the next
    assert default_at(_at(9, 1)) == "T2028"  # 198 days after it, 139 days before the next


def test_with_no_tet_ended_yet_the_pages_that_look_back_open_on_the_coming_tet() -> None:
    assert every_purpose(_at(12, 5, 2026), [T2027, DRILL_DEC]) == dict.fromkeys((LOOK_BACK, PREPARE), "T2027")


def test_a_drill_under_way_before_tet_gives_way_to_the_tet_on_every_page() -> None:
    assert every_purpose(_at(12, 5, 2026, 12)) == dict.fromkeys((LOOK_BACK, PREPARE), "T2027")


def test_with_no_tet_to_come_every_page_opens_on_the_tet_ended_last() -> None:
    long_drill = drill("long", _at(1, 1, 2028), _at(2, 10, 2028))  # started before Tết 2028, ended after it
    assert set(every_purpose(_at(3, 1, 2028), [*EVERY, long_drill]).values()) == {"T2028"}


def test_a_drill_is_the_default_only_where_no_tet_campaign_exists() -> None:
    drills = [DRILL_DEC, DRILL_DEC_LATER]
    assert set(every_purpose(_at(12, 5, 2026, 12), drills).values()) == {"drill-dec-later"}  # under way, latest
    assert default_at(_at(11, 30, 2026), drills) == "drill-dec"  # the next of them
    assert default_at(_at(3, 1, 2028), drills) == "drill-dec-later"  # the one that ended last


def test_no_campaign_no_default() -> None:
    assert every_purpose(_at(2, 1), []) == dict.fromkeys((LOOK_BACK, PREPARE))


def test_the_default_does_not_depend_on_the_order_the_service_lists_them_in() -> None:
    twin = tet("T2027-twin", T2027.starts_at, T2027.ends_at)
    now = _at(2, 1)
    assert {default_at(now, [*EVERY, twin]), default_at(now, [twin, *reversed(EVERY)])} == {"T2027-twin"}


def test_an_unknown_purpose_is_refused() -> None:
    with pytest.raises(ValueError, match="purpose"):
        default_campaign(EVERY, now=_at(2, 1), purpose="preparing")


# --- asked for, or the default --------------------------------------------------------------------------


def test_a_campaign_asked_for_is_chosen_and_one_unknown_falls_to_the_default() -> None:
    now = _at(2, 1)
    assert chosen_campaign(EVERY, "T2026", now=now) == T2026
    assert chosen_campaign(EVERY, "no-such", now=now) == T2027
    assert chosen_campaign(EVERY, None, now=now) == T2027
    assert chosen_campaign([], "T2026", now=now) is None


# --- the pages that prepare Tết (QZ24 #1) -----------------------------------------------------------------

DRILL_BEFORE_TET = drill("drill-jan", _at(1, 26, hour=17), _at(1, 29, hour=17))  # 27–29/01 in Vietnam, Tết from 30/01
TET_2027 = tet("T2027", _at(1, 29, hour=17), _at(2, 15, hour=17))
SEASON = [T2026, DRILL_BEFORE_TET, TET_2027]


def prepare_at(now: datetime, items: list[CampaignChoice] = SEASON) -> str | None:
    found = campaign_to_prepare(items, now=now)
    return found.id if found else None


def test_during_a_drill_before_tet_the_preparation_pages_and_the_board_open_on_the_coming_tet() -> None:
    now = _at(1, 27, hour=2)  # 09:00 27/01/2027 in Vietnam, the drill under way
    assert prepare_at(now) == "T2027"
    assert default_at(now, SEASON) == "T2027"  # three days before it, a year after Tết 2026: the board's too


def test_tet_under_way_is_the_campaign_to_prepare_even_beside_a_drill_held_in_it() -> None:
    assert prepare_at(_at(2, 10, hour=12), [*SEASON, DRILL_IN_TET]) == "T2027"


def test_between_seasons_the_next_tet_is_the_campaign_to_prepare_not_a_drill_nor_the_last_tet() -> None:
    autumn_drill = drill("drill-oct", _at(10, 1, 2027), _at(10, 3, 2027))
    items = [T2026, TET_2027, T2028, autumn_drill]
    assert prepare_at(_at(10, 2, 2027), items) == "T2028"  # the drill under way gives way to the Tết to come
    assert prepare_at(_at(3, 1), items) == "T2028"
    assert prepare_at(_at(3, 1), [T2026, TET_2027]) == "T2027"  # no next Tết opened: the one that ended last


def test_after_every_tet_the_one_that_ended_last_is_the_campaign_to_prepare_even_during_a_drill() -> None:
    after = drill("after", _at(3, 1), _at(3, 2))
    assert prepare_at(_at(3, 1, hour=12), [T2026, TET_2027, after]) == "T2027"


def test_a_drill_shown_on_a_preparation_page_is_named_beside_the_tet_being_prepared() -> None:
    now = _at(1, 27, hour=2)
    assert tet_beside(SEASON, DRILL_BEFORE_TET, now=now) == TET_2027
    assert tet_beside(SEASON, T2026, now=now) is None  # a Tết shown: nothing beside it
    assert tet_beside([DRILL_BEFORE_TET], DRILL_BEFORE_TET, now=now) is None  # no Tết opened
    assert tet_beside(SEASON, None, now=now) is None


def test_a_page_keeps_the_campaign_asked_for_and_else_opens_on_the_default_for_its_purpose() -> None:
    now = _at(3, 1)
    items = [*SEASON, T2028]
    assert chosen_campaign(items, "drill-jan", now=now, purpose=PREPARE) == DRILL_BEFORE_TET
    assert chosen_campaign(items, None, now=now, purpose=PREPARE) == T2028
    assert chosen_campaign(items, None, now=now) == TET_2027


# --- the pickers -------------------------------------------------------------------------------------


def test_pickers_list_campaigns_by_start_newest_first() -> None:
    assert [c.id for c in picker_order(EVERY)] == [
        "T2028",
        "drill-in-tet",
        "T2027",
        "drill-dec-later",
        "drill-dec",
        "T2026",
    ]


def test_two_starting_together_the_later_ending_comes_first() -> None:
    short = drill("short", T2027.starts_at, T2027.starts_at + timedelta(hours=8))
    assert [c.id for c in picker_order([short, T2027])] == ["T2027", "short"]


def test_a_drill_is_marked_unless_its_name_says_so_already() -> None:
    assert picker_label("QA2 diễn tập trùng Tết", drill=True, word="Diễn tập") == "Diễn tập · QA2 diễn tập trùng Tết"
    assert picker_label("Diễn tập trực Tết 04/12/2026", drill=True, word="Diễn tập") == "Diễn tập trực Tết 04/12/2026"
    assert picker_label("diễn tập QA 20/11/2026", drill=True, word="Diễn tập") == "diễn tập QA 20/11/2026"
    assert (
        picker_label("Diễn tập trực Tết 04/12/2026", drill=True, word="Drill") == "Drill · Diễn tập trực Tết 04/12/2026"
    )
    assert picker_label("Tết Đinh Mùi 2027", drill=False, word="Diễn tập") == "Tết Đinh Mùi 2027"


def test_a_drill_name_in_decomposed_unicode_is_still_recognised() -> None:
    decomposed = unicodedata.normalize("NFD", "Diễn tập trực Tết 04/12/2026")
    assert picker_label(decomposed, drill=True, word="Diễn tập") == decomposed


def test_the_tet_before_is_the_latest_tet_begun_earlier_drills_aside() -> None:
    """QZ25 #9: what “Chép từ Tết trước” would copy from, said up front (roster's rule: the latest Tết of an earlier
    lunar year)."""
    t2026 = tet("Tết Bính Ngọ 2026", datetime(2026, 2, 9, 17, tzinfo=UTC), datetime(2026, 2, 26, 17, tzinfo=UTC))
    t2025 = tet("Tết Ất Tỵ 2025", datetime(2025, 1, 21, 17, tzinfo=UTC), datetime(2025, 2, 7, 17, tzinfo=UTC))
    t2027 = tet("Tết Đinh Mùi 2027", datetime(2027, 1, 29, 17, tzinfo=UTC), datetime(2027, 2, 15, 17, tzinfo=UTC))
    t2028 = tet("Tết Mậu Thân 2028", datetime(2028, 1, 18, 17, tzinfo=UTC), datetime(2028, 2, 4, 17, tzinfo=UTC))
    drill_before = drill(
        "Diễn tập 01/2027", datetime(2027, 1, 26, 17, tzinfo=UTC), datetime(2027, 1, 29, 17, tzinfo=UTC)
    )
    every = [t2028, drill_before, t2025, t2027, t2026]
    assert tet_before(every, t2027) is t2026
    assert tet_before(every, t2028) is t2027
    assert tet_before(every, t2025) is None
    assert tet_before([drill_before, t2027], t2027) is None  # a drill is never copied from
