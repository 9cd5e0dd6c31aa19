"""The question before saving a readiness item whose due has passed (portal.domain.checklist.due_question): one rule,
`overdue_at_once`, the directive's seed and a single item alike; asked once per due typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from portal.domain.checklist import Item, ItemForm, due_question, overdue_at_once, seed_question
from portal.domain.dates import VIETNAM

NOW = datetime(2027, 2, 7, 10, 0, tzinfo=VIETNAM)  # 10:00 on mùng 2 Tết
FORM = ItemForm("telecom", "Dầu máy phát 72 giờ", "Generator fuel for 72 hours", "", "2027-01-28", "", "")


def test_an_item_due_by_a_day_that_has_passed_is_asked_about_by_its_name_and_day() -> None:
    asked = due_question(FORM, now=NOW, new=True)
    assert asked is not None
    assert (asked.title("vi"), asked.title("en"), asked.due_day, asked.answer) == (
        "Dầu máy phát 72 giờ",
        "Generator fuel for 72 hours",
        date(2027, 1, 28),
        "2027-01-28",
    )
    assert asked.due_at == datetime(2027, 1, 29, 0, 0, tzinfo=VIETNAM)  # overdue from 00:00 the day after
    # today is not over yet: due by its end, not asked; yesterday's end has passed
    assert due_question(replace(FORM, due_date="2027-02-07"), now=NOW, new=True) is None
    assert due_question(replace(FORM, due_date="2027-02-06"), now=NOW, new=True) is not None


def test_a_due_time_is_asked_about_at_or_before_now_and_said_as_a_day_when_it_is_midnight() -> None:
    at_now = due_question(replace(FORM, due_date="", due_at="2027-02-07T10:00"), now=NOW, new=True)
    assert at_now is not None and at_now.due_day is None and at_now.answer == "2027-02-07T10:00"
    assert due_question(replace(FORM, due_date="", due_at="2027-02-07T10:01"), now=NOW, new=True) is None
    midnight = due_question(replace(FORM, due_date="", due_at="2027-02-01T00:00"), now=NOW, new=True)
    assert midnight is not None and midnight.due_day == date(2027, 1, 31)  # "by the end of 31/01", as the list says


def test_a_form_with_mistakes_is_refused_first_and_an_answer_holds_only_for_the_due_asked_about() -> None:
    assert due_question(replace(FORM, title_vi=" "), now=NOW, new=True) is None  # its mistakes said first
    assert due_question(replace(FORM, due_at="2027-01-28T10:00"), now=NOW, new=True) is None  # a day and a time
    assert due_question(replace(FORM, as_is="2027-01-28"), now=NOW, new=True) is None  # answered: add it as it is
    assert due_question(replace(FORM, due_date="2027-01-27", as_is="2027-01-28"), now=NOW, new=True) is not None


def test_a_change_is_asked_about_only_when_it_moves_the_due_to_one_that_has_passed() -> None:
    saved = replace(FORM, version=3)
    assert due_question(replace(saved, title_en="Fuel"), now=NOW, new=False, saved=saved) is None  # due kept
    moved = due_question(replace(saved, due_date="2027-01-20"), now=NOW, new=False, saved=saved)
    assert moved is not None and moved.due_day == date(2027, 1, 20)
    assert due_question(replace(saved, due_date="2027-02-10"), now=NOW, new=False, saved=saved) is None


def test_the_directive_s_seed_asks_by_the_same_rule() -> None:
    assert overdue_at_once(NOW, NOW) and not overdue_at_once(NOW + timedelta(seconds=1), NOW)

    def item(due_at: datetime) -> Item:
        return Item("i", "telecom", "Nguồn điện", "Power", "", due_at, None, 10, 1)

    today, last = date(2027, 2, 7), date(2027, 2, 16)
    assert seed_question([item(NOW)], now=NOW, today=today, last_day=last) is not None
    assert seed_question([item(NOW + timedelta(seconds=1))], now=NOW, today=today, last_day=last) is None
