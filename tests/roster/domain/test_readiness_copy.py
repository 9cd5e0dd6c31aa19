"""A new Tết's readiness checklist copied from the last one (roster.domain.readiness, QZ23 #7): each due moved by
the days to mùng 1, whatever the lunar year's length; items the campaign has by title skipped; a due passed once
moved given the day answered, else kept."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime

from lichtruc import lunar
from roster.domain.readiness import ReadinessItem, copied_checklist, moved_due

TET_2027, TET_2028, TET_2029 = date(2027, 2, 6), date(2028, 1, 26), date(2029, 2, 13)
CAMPAIGN = uuid.uuid4()


def test_the_lunar_calendar_gives_the_days_the_tests_use() -> None:
    assert (lunar.tet(2027), lunar.tet(2028), lunar.tet(2029)) == (TET_2027, TET_2028, TET_2029)


def test_a_due_day_keeps_its_distance_to_mung_1_across_a_short_lunar_year() -> None:
    """Due 10 days before mùng 1 2027 (27/01/2027) is due 10 days before mùng 1 2028 (16/01/2028): the lunar year
    2027 is 354 days long, so the same solar date, or 365 days later, would be 11 days early."""
    day, due_at = moved_due(
        date(2027, 1, 27), datetime(2027, 1, 27, 17, tzinfo=UTC), from_tet=TET_2027, to_tet=TET_2028
    )
    assert day == date(2028, 1, 16) and (TET_2028 - day).days == 10
    assert due_at == datetime(2028, 1, 16, 17, tzinfo=UTC)  # by the end of that day: 00:00 on 17/01 in Vietnam


def test_a_due_day_keeps_its_distance_across_a_leap_lunar_year() -> None:
    """2028 holds a leap month (384 days to mùng 1 2029): due 3 days after mùng 1 stays 3 days after it."""
    day, _ = moved_due(date(2028, 1, 29), datetime(2028, 1, 29, 17, tzinfo=UTC), from_tet=TET_2028, to_tet=TET_2029)
    assert day == date(2029, 2, 16) and (day - TET_2029).days == 3


def test_a_due_time_keeps_its_time_of_day_and_stays_a_time() -> None:
    """Due at 14:00 on 04/02/2027 (two days before mùng 1), an instant and not a day: 14:00 on 24/01/2028."""
    day, due_at = moved_due(
        None, datetime(2027, 2, 4, 7, tzinfo=UTC), from_tet=TET_2027, to_tet=TET_2028
    )  # 14:00 local
    assert day is None and due_at == datetime(2028, 1, 24, 7, tzinfo=UTC)


def _item(sector: str, title_vi: str, *, due_date: date | None, due_at: datetime, position: int) -> ReadinessItem:
    return ReadinessItem(
        uuid.uuid4(),
        uuid.uuid4(),
        sector,
        title_vi,
        f"{title_vi} (en)",
        f"Mô tả {title_vi}",
        due_at,
        due_date,
        position,
        3,
        due_at,
        due_at,
    )


LAST_YEAR = (
    _item("telecom", "Nguồn điện dự phòng", due_date=date(2027, 1, 27), due_at=datetime(2027, 1, 27, 17, tzinfo=UTC),
          position=10),
    _item("telecom", "Máy phát điện trạm biên giới", due_date=date(2027, 2, 3), due_at=datetime(2027, 2, 3, 17, tzinfo=UTC),
          position=15),
    _item("postal", "Phương án tuần tra canh gác", due_date=None, due_at=datetime(2027, 2, 4, 7, tzinfo=UTC),
          position=20),
)  # fmt: skip


def _ids() -> itertools.count[int]:
    return itertools.count(1)


def test_every_item_is_copied_with_its_words_and_place_as_a_new_first_version() -> None:
    now = datetime(2027, 12, 1, tzinfo=UTC)
    n = _ids()
    copied = copied_checklist(
        LAST_YEAR, set(), campaign_id=CAMPAIGN, from_tet=TET_2027, to_tet=TET_2028, now=now, late_due=None,
        new_id=lambda: uuid.UUID(int=next(n)),
    )  # fmt: skip
    assert copied.skipped == () and copied.late == 0
    assert [(i.sector, i.title_vi, i.title_en, i.description, i.position) for i in copied.added] == [
        (o.sector, o.title_vi, o.title_en, o.description, o.position) for o in LAST_YEAR
    ]
    assert [i.due_date for i in copied.added] == [date(2028, 1, 16), date(2028, 1, 23), None]
    assert {(i.campaign_id, i.version, i.created_at) for i in copied.added} == {(CAMPAIGN, 1, now)}
    assert [i.id for i in copied.added] == [uuid.UUID(int=k) for k in (1, 2, 3)]


def test_items_the_campaign_has_by_sector_and_title_are_skipped_and_said() -> None:
    have = {("telecom", "Nguồn điện dự phòng"), ("postal", "Nguồn điện dự phòng")}
    copied = copied_checklist(
        LAST_YEAR, have, campaign_id=CAMPAIGN, from_tet=TET_2027, to_tet=TET_2028,
        now=datetime(2027, 12, 1, tzinfo=UTC), late_due=None, new_id=uuid.uuid4,
    )  # fmt: skip
    assert [i.title_vi for i in copied.skipped] == ["Nguồn điện dự phòng"]
    assert [i.title_vi for i in copied.added] == ["Máy phát điện trạm biên giới", "Phương án tuần tra canh gác"]


def test_a_due_passed_once_moved_takes_the_day_answered_or_stays_as_it_is() -> None:
    """Copied on 20/01/2028 at 10:00: the item due by the end of 16/01/2028 has passed; the others have not."""
    now = datetime(2028, 1, 20, 3, tzinfo=UTC)
    kept = copied_checklist(
        LAST_YEAR, set(), campaign_id=CAMPAIGN, from_tet=TET_2027, to_tet=TET_2028, now=now, late_due=None,
        new_id=uuid.uuid4,
    )  # fmt: skip
    assert kept.late == 1 and kept.added[0].due_date == date(2028, 1, 16)  # as it is: overdue at once
    answered = copied_checklist(
        LAST_YEAR, set(), campaign_id=CAMPAIGN, from_tet=TET_2027, to_tet=TET_2028, now=now,
        late_due=date(2028, 1, 22), new_id=uuid.uuid4,
    )  # fmt: skip
    assert answered.late == 1
    assert [i.due_date for i in answered.added] == [date(2028, 1, 22), date(2028, 1, 23), None]
    assert answered.added[0].due_at == datetime(2028, 1, 22, 17, tzinfo=UTC)
    assert answered.added[2].due_at == datetime(2028, 1, 24, 7, tzinfo=UTC)  # not passed: untouched
