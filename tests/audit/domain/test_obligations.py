"""From when an enterprise owes daily reports and readiness items (`audit.domain.obligations`, QZ11 #6 / QZ12 #5):
the day the Department set rides on the enterprise's events into the projection; an item due on the day before it is
not listed overdue, one due on the day itself is, as before; a report is owed by the day it reports on (QZ18 #3):
the report of the day before it is not listed missing, though due on it; without the day, everything is owed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from audit.domain.daily_reports import DailyReport, statuses
from audit.domain.model import apply_enterprise
from audit.domain.obligations import owes, owes_report, owing_from
from audit.domain.readiness import ReadinessItem, ReadinessMark, overview
from lichtruc.events import EnterpriseRegistered, EnterpriseUpdated
from lichtruc.vntime import VIETNAM

A, B = str(uuid.uuid4()), str(uuid.uuid4())
NINE = time(9, 0)


def test_owed_from_the_day_itself_not_the_day_before() -> None:
    assert owes(None, date(2027, 1, 1))
    assert not owes(date(2027, 2, 7), date(2027, 2, 6))
    assert owes(date(2027, 2, 7), date(2027, 2, 7)) and owes(date(2027, 2, 7), date(2027, 2, 8))


def test_the_day_rides_on_the_enterprises_events_and_is_cleared_by_a_later_one() -> None:
    registered = EnterpriseRegistered(
        enterprise_id=uuid.UUID(A),
        name="Viettel Long An",
        sector="telecom",
        obligations_from=date(2027, 2, 7),
        version=1,
    )
    first = apply_enterprise(None, registered, seq=3)
    assert first is not None and first.obligations_from == "2027-02-07"
    assert owing_from([first]) == {A: date(2027, 2, 7)}
    cleared = EnterpriseUpdated(enterprise_id=uuid.UUID(A), name="Viettel Long An", sector="telecom", version=2)
    later = apply_enterprise(first, cleared, seq=4)
    assert later is not None and later.obligations_from is None and owing_from([later]) == {}


def test_a_days_report_is_owed_by_the_day_it_reports_on_not_the_day_it_is_due() -> None:
    """QZ18 #3: an enterprise owing from 06/02 owes the report of 06/02 (due 09:00 on 07/02), not that of 05/02,
    which falls due on 06/02; an enterprise without the day owes both."""
    assert owes_report(date(2027, 2, 6), date(2027, 2, 6)) and owes_report(date(2027, 2, 6), date(2027, 2, 7))
    assert not owes_report(date(2027, 2, 6), date(2027, 2, 5))
    assert owes_report(None, date(2027, 2, 5)) and owes_report(None, date(2027, 2, 6))


def test_the_report_of_the_day_before_is_not_missing_that_of_the_day_itself_is() -> None:
    """The report of 06/02 is due at 09:00 on 07/02: not owed by an enterprise owing from 07/02 (listed not_owed
    with its day, QZ14 #3), though due that day (QZ18 #3); owed by one owing from 06/02 (missing, as for any)."""
    day, now = date(2027, 2, 6), datetime(2027, 2, 8, 3, tzinfo=UTC)
    enterprises = [(A, "VNPT Long An"), (B, "Viettel Long An")]
    from_due_day = statuses(enterprises, [day], [], due=NINE, now=now, owes_from={B: date(2027, 2, 7)})
    assert [(s.enterprise_name, s.status, s.obligations_from) for s in from_due_day] == [
        ("VNPT Long An", "missing", None),
        ("Viettel Long An", "not_owed", date(2027, 2, 7)),
    ]
    on_the_day = statuses(enterprises, [day], [], due=NINE, now=now, owes_from={B: date(2027, 2, 6)})
    assert [(s.enterprise_name, s.status) for s in on_the_day] == [
        ("VNPT Long An", "missing"),
        ("Viettel Long An", "missing"),
    ]
    # One submitted anyway is listed as submitted.
    sent = DailyReport(str(uuid.uuid4()), str(uuid.uuid4()), B, day.isoformat(), 1, "1/BC", now, "Tuyết", 1)
    submitted = statuses(enterprises, [day], [sent], due=NINE, now=now, owes_from={B: date(2027, 2, 7)})
    assert [(s.enterprise_name, s.status) for s in submitted] == [
        ("VNPT Long An", "missing"),
        ("Viettel Long An", "submitted"),
    ]


def _item(title: str, due_date: date) -> ReadinessItem:
    due_at = datetime(due_date.year, due_date.month, due_date.day + 1, tzinfo=VIETNAM)
    return ReadinessItem(
        str(uuid.uuid4()), "c", "telecom", title, title, "", due_at, due_date.isoformat(), 1, False, 1, 1
    )


def test_a_readiness_item_due_before_the_day_is_listed_not_owed_one_due_on_it_is_overdue() -> None:
    """QZ14 #3: the item due before the day is on the checklist, flagged with the day, open not overdue, not
    counted; the enterprise carries the day."""
    before, on_day = _item("Nguồn điện dự phòng", date(2027, 1, 20)), _item("Máy phát", date(2027, 1, 21))
    now = datetime(2027, 1, 25, tzinfo=UTC)
    enterprises = [(A, "VNPT Long An", "telecom"), (B, "Viettel Long An", "telecom")]
    rows = overview(
        items=[before, on_day], enterprises=enterprises, marks=[], now=now, owes_from={B: date(2027, 1, 21)}
    )
    by_name = {r.name: ([(x.item.title_vi, x.status, x.not_owed_before) for x in r.lines], r.overdue) for r in rows}
    assert by_name == {
        "VNPT Long An": ([("Máy phát", "overdue", None), ("Nguồn điện dự phòng", "overdue", None)], 2),
        "Viettel Long An": (
            [("Máy phát", "overdue", None), ("Nguồn điện dự phòng", "open", date(2027, 1, 21))],
            1,
        ),
    }
    viettel = next(r for r in rows if r.name == "Viettel Long An")
    assert (viettel.obligations_from, viettel.open, viettel.total) == (date(2027, 1, 21), 0, 1)
    # Marked done anyway: on its checklist, done.
    done = ReadinessMark("m", before.item_id, "c", B, True, "", "", now, "gd@viettel.vn", 1, 1)
    rows = overview(
        items=[before, on_day], enterprises=enterprises, marks=[done], now=now, owes_from={B: date(2027, 1, 21)}
    )
    viettel = next(r for r in rows if r.name == "Viettel Long An")
    assert (viettel.done, viettel.overdue, viettel.total) == (1, 1, 2)
