"""The missed check-in rules (domain/check_ins.py): whose check-in is watched, when it is told, what a check-in, a
cancellation, a handover or a move does to it, who is told, and the words in both languages."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from lichtruc import vntime
from lichtruc.events import Assignee, ShiftSnapshot
from notifier.domain.addressees import Addressee
from notifier.domain.check_ins import (
    GRACE,
    CheckInAlert,
    MissedView,
    arrived_message,
    leaders_at,
    missed_message,
    plan_check_in_alerts,
    recipients,
    still_wanted,
)
from notifier.domain.on_duty import OnDuty
from portal.api.pages import _minutes_said
from portal.app import load_catalogue
from portal.domain import dates as portal_dates

EVE = datetime(2027, 2, 5, 11, tzinfo=UTC)  # 18:00 on 29 tháng Chạp (giao thừa's evening), Vietnam time
NGUYET, HUNG = uuid.uuid4(), uuid.uuid4()
ENTERPRISE = uuid.uuid4()


def shift(*people: uuid.UUID, status: str = "published", start: datetime = EVE, hours: float = 12) -> ShiftSnapshot:
    return ShiftSnapshot(
        shift_id=SHIFT,
        enterprise_id=ENTERPRISE,
        duty_type="operations",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        assignees=tuple(Assignee(staff_id=p, full_name="x") for p in people),
        status=status,
        version=2,
    )


SHIFT = uuid.uuid4()
PUBLISHED_AT = EVE - timedelta(days=2)


def by_person(rows: list[CheckInAlert]) -> dict[uuid.UUID, CheckInAlert]:
    return {r.staff_id: r for r in rows}


def planned(*people: uuid.UUID) -> dict[uuid.UUID, CheckInAlert]:
    return by_person(plan_check_in_alerts(shift(*people), {}, known_at=PUBLISHED_AT, now=PUBLISHED_AT))


def test_a_published_shift_watches_each_person_15_minutes_after_its_start() -> None:
    rows = planned(NGUYET, HUNG)
    assert {p: (r.status, r.due_at) for p, r in rows.items()} == {
        NGUYET: ("scheduled", EVE + timedelta(minutes=15)),
        HUNG: ("scheduled", EVE + timedelta(minutes=15)),
    }
    assert timedelta(minutes=15) == GRACE  # roster's LATE_AFTER, audit's presence GRACE


def test_a_draft_is_not_watched() -> None:
    assert plan_check_in_alerts(shift(NGUYET, status="draft"), {}, known_at=PUBLISHED_AT, now=PUBLISHED_AT) == []


def test_a_person_put_on_after_the_start_is_late_from_then() -> None:
    late_publication = EVE + timedelta(hours=2)
    rows = plan_check_in_alerts(shift(NGUYET), {}, known_at=late_publication, now=late_publication)
    assert rows[0].due_at == late_publication + GRACE


def test_a_check_in_before_the_moment_withdraws_the_alert_for_good() -> None:
    existing = planned(NGUYET, HUNG)
    at = EVE + timedelta(minutes=4)
    rows = by_person(
        plan_check_in_alerts(
            shift(NGUYET, HUNG, status="checked_in"), existing, known_at=at, now=at, checked_in=(NGUYET, at)
        )
    )
    assert set(rows) == {NGUYET}  # Hùng's still waits
    assert rows[NGUYET].status == "withdrawn" and rows[NGUYET].checked_in_at == at
    assert "checked in at 18:04" in (rows[NGUYET].reason or "")
    later = {**existing, **rows}
    again = plan_check_in_alerts(shift(NGUYET, HUNG, status="checked_in"), later, known_at=at, now=at)
    assert again == []


def test_a_check_in_after_the_alert_makes_the_arrival_due_now() -> None:
    told = {p: replace(r, status="dispatched") for p, r in planned(NGUYET).items()}
    at = EVE + timedelta(hours=4, minutes=51)
    rows = plan_check_in_alerts(shift(NGUYET, status="checked_in"), told, known_at=at, now=at, checked_in=(NGUYET, at))
    assert [(r.status, r.due_at, r.checked_in_at) for r in rows] == [("late", at, at)]


def test_a_cancelled_shift_or_a_person_taken_off_withdraws_the_waiting_alert() -> None:
    existing = planned(NGUYET, HUNG)
    now = EVE - timedelta(hours=1)
    cancelled = plan_check_in_alerts(shift(NGUYET, HUNG, status="cancelled"), existing, known_at=now, now=now)
    assert {r.status for r in cancelled} == {"withdrawn"}
    assert all(r.reason == "not sent: the shift was cancelled" for r in cancelled)
    off = by_person(plan_check_in_alerts(shift(HUNG), existing, known_at=now, now=now))
    assert set(off) == {NGUYET} and off[NGUYET].reason == "not sent: the person is no longer on the shift"


def test_a_shift_handed_over_before_the_moment_tells_nobody() -> None:
    """Nobody came; the manager handed the shift over at 18:10: it ends then, before a check-in is late."""
    existing = planned(NGUYET)
    now = EVE + timedelta(minutes=10)
    rows = plan_check_in_alerts(shift(NGUYET, hours=1 / 6), existing, known_at=now, now=now)
    assert rows[0].status == "withdrawn" and "ends before" in (rows[0].reason or "")


def test_a_move_moves_the_waiting_alert() -> None:
    existing = planned(NGUYET)
    now = EVE - timedelta(days=1)
    rows = plan_check_in_alerts(shift(NGUYET, start=EVE + timedelta(hours=2)), existing, known_at=now, now=now)
    assert rows[0].due_at == EVE + timedelta(hours=2, minutes=15) and rows[0].status == "scheduled"


def test_a_person_put_on_a_shift_another_checked_in_on_is_watched() -> None:
    now = EVE + timedelta(hours=1)
    rows = plan_check_in_alerts(shift(NGUYET, status="checked_in"), {}, known_at=now, now=now, newly_on=[NGUYET])
    assert [(r.status, r.due_at) for r in rows] == [("scheduled", now + GRACE)]
    assert plan_check_in_alerts(shift(NGUYET, status="checked_in"), {}, known_at=now, now=now) == []


def test_the_scheduler_skips_an_alert_whose_shift_is_over() -> None:
    row = planned(NGUYET)[NGUYET]
    assert still_wanted(row, shift(NGUYET), EVE + timedelta(minutes=15)) is None
    assert "ended" in (still_wanted(row, shift(NGUYET, hours=0.5), EVE + timedelta(hours=1)) or "")
    assert still_wanted(row, None, EVE) is not None


def test_the_leader_on_duty_then_is_told_once_and_never_the_absent_person() -> None:
    leader = uuid.uuid4()
    on_duty = [
        OnDuty(uuid.uuid4(), leader, ENTERPRISE, "leadership", EVE - timedelta(hours=6), EVE + timedelta(hours=6), "Lê Văn Tám", "0913 111 222"),
        OnDuty(uuid.uuid4(), leader, ENTERPRISE, "leadership", EVE - timedelta(hours=6), EVE + timedelta(hours=6), "Lê Văn Tám", "0913 111 222"),
        OnDuty(uuid.uuid4(), uuid.uuid4(), ENTERPRISE, "operations", EVE, EVE + timedelta(hours=6), "Trần Bình"),
        OnDuty(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), "leadership", EVE, EVE + timedelta(hours=6), "Elsewhere"),
        OnDuty(uuid.uuid4(), uuid.uuid4(), ENTERPRISE, "leadership", EVE + timedelta(hours=6), EVE + timedelta(hours=12), "Later"),
    ]  # fmt: skip
    found = leaders_at(on_duty, enterprise_id=ENTERPRISE, at=EVE + GRACE, but=NGUYET)
    assert [p.full_name for p in found] == ["Lê Văn Tám"]
    told = recipients(
        person_id=NGUYET,
        person_email="nguyet@vnpt.vn",
        leaders=[(leader, "Lê Văn Tám", "tam@vnpt.vn", "vi")],
        managers=[
            Addressee("TAM@vnpt.vn", "Lê Văn Tám", "vi", leader),  # the leader is a manager too: once
            Addressee("nguyet@vnpt.vn", None, "vi", None),  # the absent person's own address: never
            Addressee("truc-tet@vnpt.vn", None, "en", None),
        ],
    )
    assert [(r.role, r.email) for r in told] == [("leader", "tam@vnpt.vn"), ("manager", "truc-tet@vnpt.vn")]


VIEW = MissedView(
    person_name="Nguyễn Thị Ánh Nguyệt",
    person_phone="0987654321",
    duty_type="operations",
    starts_at=EVE,
    ends_at=EVE + timedelta(hours=12),
    enterprise_name="VNPT Long An",
    site_name="Trung tâm điều hành mạng",
    drill=False,
    leader_name="Lê Văn Tám",
    leader_phone="0913111222",
    manager_phone="0272 3 826 999",
    late_from=EVE,
)


def test_the_person_is_told_to_check_in_now_or_call_the_leader_on_duty() -> None:
    m = missed_message(VIEW, lang="vi", to_person=True, reader=VIEW.person_name, link="https://p/go/shifts/1")
    assert m.subject == "Anh/chị chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa)"
    assert (
        "Anh/chị chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa) tại Trung tâm điều hành mạng"
        in m.text
    )
    assert "đã quá 15 phút" in m.text
    assert "Nếu đang trực, hãy điểm danh ngay tại: https://p/go/shifts/1" in m.text
    assert "Nếu không đến được, hãy báo ngay lãnh đạo trực Lê Văn Tám, số 0913 111 222" in m.text
    en = missed_message(VIEW, lang="en", to_person=True, reader="Nguyet", link="https://p/go/shifts/1")
    assert en.subject.startswith("You have not checked in: Operations (command) duty 18:00–06:00 (")
    assert "If you cannot come, tell the duty leader Lê Văn Tám at once" in en.text
    assert "Operations (command) duty 18:00–06:00 (29th day of the 12th lunar month, New Year's Eve)" in en.subject
    assert "(1st day of Tết), New Year's Eve, Vietnam time" in en.text
    nobody = missed_message(replace(VIEW, leader_name=None), lang="vi", to_person=True, reader="N", link=None)
    assert "số trực lãnh đạo 0272 3 826 999" in nobody.text


def test_the_managers_read_who_is_missing_where_and_the_board() -> None:
    m = missed_message(VIEW, lang="vi", to_person=False, reader="Nguyễn Văn Hùng", link="https://p/manage/board/x")
    assert m.subject == "Nguyễn Thị Ánh Nguyệt chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa)"
    assert (
        "Nguyễn Thị Ánh Nguyệt chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa) tại Trung tâm điều hành mạng, "
        "VNPT Long An, đã quá 15 phút." in m.text
    )
    assert "https://p/manage/board/x" in m.text and "0987 654 321" in m.text
    en = missed_message(VIEW, lang="en", to_person=False, reader=None, link=None)
    assert en.subject.startswith("Nguyễn Thị Ánh Nguyệt has not checked in: Operations (command) duty 18:00–06:00 (")
    assert "has not checked in for the shift" in en.text and "15 minutes after it began" in en.text


def test_only_a_shift_taking_in_giao_thua_says_it() -> None:
    """R1's leftover: the night into mùng 1 read as any other night; the evening before, and mùng 1's morning, are
    not giao thừa."""
    for start, hours, said in (
        (EVE, 12, "(29 tháng Chạp, giao thừa)"),
        (EVE - timedelta(days=1), 12, "(28 tháng Chạp)"),
        (EVE + timedelta(hours=12), 8, "(Mùng 1 Tết)"),
        (EVE, 6, "18:00–24:00 (29 tháng Chạp, giao thừa)"),  # to the very midnight: on duty as the year turns
    ):
        view = replace(VIEW, starts_at=start, ends_at=start + timedelta(hours=hours), late_from=start)
        m = missed_message(view, lang="vi", to_person=False, reader=None, link=None)
        assert m.subject.endswith(said), m.subject
        assert ("giao thừa, giờ Việt Nam" in m.text) == ("giao thừa" in said)


def test_a_drill_says_so() -> None:
    m = missed_message(replace(VIEW, drill=True), lang="vi", to_person=False, reader=None, link=None)
    assert m.subject.startswith("[Diễn tập] ") and "diễn tập" in m.text


def test_a_reason_said_with_the_check_in_or_after_it_is_kept_once_for_the_arrival_notice() -> None:
    """QZ29 #13: the reason travels to the row the arrival notice is written from; one said afterwards fills a row
    without one, and never replaces the reason on record."""
    told = {p: replace(r, status="dispatched") for p, r in planned(NGUYET, HUNG).items()}
    at = EVE + timedelta(minutes=51)
    snap = shift(NGUYET, HUNG, status="checked_in")
    [with_it] = plan_check_in_alerts(
        snap, told, known_at=at, now=at, checked_in=(NGUYET, at), late_reason=(NGUYET, "Đường ngập")
    )
    assert (with_it.status, with_it.late_reason) == ("late", "Đường ngập")
    [bare] = plan_check_in_alerts(snap, told, known_at=at, now=at, checked_in=(HUNG, at))
    later = at + timedelta(minutes=3)
    rows = {NGUYET: with_it, HUNG: bare}
    [after] = plan_check_in_alerts(snap, rows, known_at=later, now=later, late_reason=(HUNG, "Con ốm"))
    assert (after.staff_id, after.status, after.late_reason, after.checked_in_at) == (HUNG, "late", "Con ốm", at)
    again = plan_check_in_alerts(snap, rows, known_at=later, now=later, late_reason=(NGUYET, "Khác"))
    assert again == []  # the reason on record stays


def test_a_late_arrival_says_why_in_the_readers_language_or_that_nobody_said() -> None:
    at = EVE + timedelta(hours=4, minutes=51)
    vi = arrived_message(VIEW, checked_in_at=at, lang="vi", reader="Hùng", link=None, late_reason="Đường ngập")
    assert "Lý do đến muộn (Nguyễn Thị Ánh Nguyệt nêu): Đường ngập" in vi.text
    en = arrived_message(VIEW, checked_in_at=at, lang="en", reader=None, link=None, late_reason="Đường ngập")
    assert "Why late (as Nguyễn Thị Ánh Nguyệt said): Đường ngập" in en.text
    none = arrived_message(VIEW, checked_in_at=at, lang="en", reader=None, link=None)
    assert "Nguyễn Thị Ánh Nguyệt has not said why they came late." in none.text


def test_a_late_arrival_says_when_and_how_late() -> None:
    at = EVE + timedelta(hours=4, minutes=51)
    m = arrived_message(VIEW, checked_in_at=at, lang="vi", reader="Hùng", link=None)
    assert "Nguyễn Thị Ánh Nguyệt đã có mặt lúc 22:51, muộn 4 giờ 51 phút" in m.text
    assert m.subject.startswith("Nguyễn Thị Ánh Nguyệt đã có mặt, muộn 4 giờ 51 phút")
    en = arrived_message(VIEW, checked_in_at=at, lang="en", reader=None, link=None)
    assert "checked in at 22:51, 4 hours 51 minutes late" in en.text


def test_the_arrival_mail_and_the_portals_card_say_the_same_lateness_beside_the_same_clock_time() -> None:
    """QZ29 #2: checked in at 10:06:40 on a shift from 06:00, the mail said "lúc 10:06, muộn 4 giờ 7 phút" (rounded)
    and her card "muộn 4 giờ 6 phút": both now count the whole minutes between the clock times they show
    (`lichtruc.check_in.minutes_late`), a handover's moment with its seconds too. Held against the portal's own
    words (its catalogue, its `late_by` filter's count), in both languages."""
    catalogue = load_catalogue()
    morning = datetime(2027, 2, 6, 23, tzinfo=UTC)  # 06:00 on mùng 2 Tết
    handover = morning + timedelta(hours=1, minutes=30, seconds=30)  # 07:30:30
    for late_from, at, minutes in (
        (morning, morning + timedelta(hours=4, minutes=6, seconds=40), 246),  # 10:06:40: "10:06", 4 h 06
        (morning, morning + timedelta(minutes=15, seconds=59, microseconds=999), 15),
        (handover, handover + timedelta(minutes=44, seconds=45), 45),  # 07:30:30 → 08:15:15: "07:30" → "08:15"
    ):
        assert portal_dates.minutes_late(at, late_from) == minutes
        view = replace(VIEW, late_from=late_from)
        for lang in ("vi", "en"):
            said = _minutes_said(lambda key, **p: catalogue.text(key, lang, **p), minutes)  # noqa: B023
            m = arrived_message(view, checked_in_at=at, lang=lang, reader=None, link=None)
            clock = f"{vntime.local(at):%H:%M}"
            expected = f"lúc {clock}, muộn {said}" if lang == "vi" else f"at {clock}, {said} late"
            assert expected in m.text, (lang, m.text)
