"""Which points a Tết-hours import names "published late", and which "left empty" (QA: Bưu điện Văn hóa xã Hưng Điền,
every row of it empty, was named published late 8 days past the deadline while it stayed unpublished): late only a
point the import itself publishes for the first time past the deadline; a point all of whose rows were blank is
named as what it is, nothing imported and still unpublished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from roster.domain.hours_import import PointInFile, left_empty, published_late

DUE = datetime(2027, 1, 29, 17, tzinfo=UTC)  # 00:00 30/01/2027, Vietnam time
PAST = datetime(2027, 2, 7, 3, 6, tzinfo=UTC)  # 10:06 07/02/2027: 8 days 10 h 6 min past it

TAN_HUNG = PointInFile("Bưu điện huyện Tân Hưng", rows=17)  # every day filled, never published
TAN_AN = PointInFile("Bưu điện Trung tâm Tân An", rows=17, published=True)  # published on time before
HUNG_DIEN = PointInFile("Bưu điện Văn hóa xã Hưng Điền", rows=17, blank=17)  # every row empty
AN_LUC = PointInFile("Bưu điện Văn hóa xã An Lục Long", rows=17, blank=9)  # half filled: its 8 days are imported
WRONG = PointInFile("Bưu cục Thủ Thừa", rows=17, wrong=1)  # a day missing or unreadable: nothing of it published
POINTS = (HUNG_DIEN, WRONG, TAN_AN, AN_LUC, TAN_HUNG)


def test_only_the_points_the_import_publishes_for_the_first_time_past_the_deadline_are_late() -> None:
    assert published_late(POINTS, publish=True, due=DUE, now=PAST) == (
        "Bưu điện huyện Tân Hưng",
        "Bưu điện Văn hóa xã An Lục Long",
    )  # Vietnamese order; Hưng Điền (nothing imported), Tân An (published before) and Thủ Thừa (wrong) are not


def test_nothing_is_late_when_publishing_is_not_asked_or_by_the_deadline() -> None:
    assert published_late(POINTS, publish=False, due=DUE, now=PAST) == ()
    assert published_late(POINTS, publish=True, due=DUE, now=DUE) == ()  # at the deadline itself: on time
    assert published_late(POINTS, publish=True, due=DUE, now=DUE + timedelta(seconds=1)) == (
        "Bưu điện huyện Tân Hưng",
        "Bưu điện Văn hóa xã An Lục Long",
    )


def test_a_point_whose_every_row_was_empty_is_named_left_empty_unless_it_was_published_before() -> None:
    assert left_empty(POINTS) == ("Bưu điện Văn hóa xã Hưng Điền",)
    published_empty = PointInFile("Bưu điện Trung tâm Tân An", rows=17, blank=17, published=True)
    assert left_empty((published_empty, TAN_HUNG, AN_LUC)) == ()  # its published hours stand
    assert left_empty((PointInFile("Bưu điện Văn hóa xã Hưng Điền", rows=0),)) == ()
