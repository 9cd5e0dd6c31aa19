"""The directive's deadline rules (`notifier.domain.deadlines`), pure: `now` is passed in. Before, at and after
each deadline; an obligation met in time gives nothing; each notice has one stable obligation key whatever
the instant it is evaluated at (so it is told once); nothing for a campaign already over. And the texts:
names and lunar days in both languages, never an id."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest

from lichtruc import report_deadline, vntime
from lichtruc.vntime import VIETNAM
from notifier.domain.addressees import Addressee
from notifier.domain.deadline_messages import deadline_message
from notifier.domain.deadlines import (
    Campaign,
    Enterprise,
    Facts,
    Notice,
    Point,
    ReadinessItem,
    Rules,
    bundled,
    due_notices,
    owes,
    owes_report,
    readiness_mails,
    report_owed,
)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


TET = Campaign(
    uuid.uuid4(),
    "Tết Đinh Mùi 2027",
    starts_at=vn(2027, 1, 30),
    ends_at=vn(2027, 2, 14),
    hours_deadline=vn(2027, 2, 1),
)
VNPT = Enterprise(uuid.uuid4(), "VNPT Long An", "telecom")
VIETTEL = Enterprise(uuid.uuid4(), "Viettel Long An", "telecom")
POST = Enterprise(uuid.uuid4(), "Bưu điện tỉnh Long An", "postal")
BACKUP = ReadinessItem(
    uuid.uuid4(),
    TET.campaign_id,
    "telecom",
    "Nguồn điện dự phòng",
    "Back-up power",
    due_at=vn(2027, 1, 21),  # the end of 20/01
    due_date=date(2027, 1, 20),
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def facts(**changes: object) -> Facts:
    values: dict[str, object] = {
        "campaigns": (TET,),
        "enterprises": (VNPT, VIETTEL, POST),
        "items": (BACKUP,),
    }
    values.update(changes)
    return Facts(**values)  # type: ignore[arg-type]  # the fields by name, of mixed types


def only(prefix: str, notices: list[Notice]) -> list[Notice]:
    """The notices of one obligation (the campaign's days also owe reports meanwhile)."""
    return [n for n in notices if n.kind.startswith(prefix)]


def kinds(notices) -> list[tuple[str, str]]:
    return [(n.kind, n.enterprise.name if n.enterprise else "—") for n in notices]


# --- readiness ----------------------------------------------------------------------------------


def test_a_readiness_item_is_reminded_two_days_before_its_due_day_at_eight() -> None:
    assert due_notices(vn(2027, 1, 18, 7, 59), facts()) == []
    at_eight = due_notices(vn(2027, 1, 18, 8, 0), facts())
    assert kinds(at_eight) == [("readiness_soon", "Viettel Long An"), ("readiness_soon", "VNPT Long An")]
    assert kinds(due_notices(vn(2027, 1, 20, 23, 59), facts())) == kinds(at_eight)  # still due soon, same notice
    assert [n.obligation for n in due_notices(vn(2027, 1, 20, 23, 59), facts())] == [n.obligation for n in at_eight]


def test_an_item_not_done_is_overdue_the_morning_after_its_due_day() -> None:
    assert due_notices(vn(2027, 1, 21, 0, 0), facts()) == []  # past due, but the notice waits for the morning
    assert due_notices(vn(2027, 1, 21, 7, 59), facts()) == []
    late = due_notices(vn(2027, 1, 21, 8, 0), facts())
    assert kinds(late) == [("readiness_late", "Viettel Long An"), ("readiness_late", "VNPT Long An")]
    assert all(n.obligation.endswith(":late") for n in late)
    assert [n.obligation for n in only("readiness", due_notices(vn(2027, 2, 1), facts()))] == [
        n.obligation for n in late
    ]


def test_an_item_done_before_the_reminder_or_the_deadline_gives_nothing() -> None:
    done = frozenset({(BACKUP.item_id, VNPT.enterprise_id)})
    for at in (vn(2027, 1, 18, 8), vn(2027, 1, 21, 8), vn(2027, 2, 1)):
        told = [n for _, n in kinds(only("readiness", due_notices(at, facts(done=done))))]
        assert told == ["Viettel Long An"]


def test_the_lead_and_hour_are_settings_and_an_item_due_at_an_hour_counts_that_day() -> None:
    noon = ReadinessItem(
        uuid.uuid4(), TET.campaign_id, "postal", "Xe chuyển phát", "Delivery vans", vn(2027, 1, 25, 17)
    )
    rules = Rules(readiness_lead_days=1, readiness_hour=time(7, 0))
    assert due_notices(vn(2027, 1, 24, 6, 59), facts(items=(noon,)), rules) == []
    assert kinds(due_notices(vn(2027, 1, 24, 7), facts(items=(noon,)), rules)) == [
        ("readiness_soon", "Bưu điện tỉnh Long An")
    ]
    assert due_notices(vn(2027, 1, 25, 17), facts(items=(noon,)), rules) == []  # past due, before the morning after
    assert kinds(due_notices(vn(2027, 1, 26, 7), facts(items=(noon,)), rules)) == [
        ("readiness_late", "Bưu điện tỉnh Long An")
    ]


def test_nothing_once_the_campaign_is_over() -> None:
    assert kinds(due_notices(vn(2027, 2, 13, 23, 59), facts()))[:2] == [
        ("readiness_late", "Viettel Long An"),  # enterprises in Vietnamese order: i before N
        ("readiness_late", "VNPT Long An"),
    ]
    assert [n for n in due_notices(TET.ends_at, facts()) if n.kind.startswith(("readiness", "hours"))] == []


# --- Tết hours of post offices and transaction points ----------------------------------------------

CHO = Point(uuid.uuid4(), VNPT.enterprise_id, "Điểm giao dịch Chợ Tân An", "Tân An")
HUNG = Point(uuid.uuid4(), VNPT.enterprise_id, "Điểm giao dịch Tân Hưng", "Tân Hưng")
BUU_CUC = Point(uuid.uuid4(), POST.enterprise_id, "Bưu cục Mộc Hóa", "Kiến Tường", "post_office")


def hours_facts(published: set[Point]) -> Facts:
    return facts(
        items=(),
        points=(CHO, HUNG, BUU_CUC),
        published=frozenset((p.site_id, TET.campaign_id) for p in published),
    )


def test_unpublished_points_are_reminded_two_days_before_the_deadline_and_noticed_at_it() -> None:
    assert due_notices(vn(2027, 1, 29, 23, 59), hours_facts({BUU_CUC})) == []
    [soon] = due_notices(vn(2027, 1, 30), hours_facts({BUU_CUC}))
    assert (soon.kind, soon.enterprise, soon.points) == ("hours_soon", VNPT, (CHO, HUNG))
    [late] = only("hours", due_notices(vn(2027, 2, 1), hours_facts({BUU_CUC, CHO})))
    assert (late.kind, late.points) == ("hours_late", (HUNG,))
    assert late.obligation != soon.obligation
    assert only("hours", due_notices(vn(2027, 2, 1), hours_facts({BUU_CUC, CHO, HUNG}))) == []  # all in time


def test_the_hours_deadline_defaults_to_the_campaign_start() -> None:
    without = Campaign(TET.campaign_id, TET.name, TET.starts_at, TET.ends_at, None)
    f = Facts(campaigns=(without,), enterprises=(VNPT,), points=(CHO,))
    assert due_notices(vn(2027, 1, 27, 23, 59), f) == []
    assert kinds(due_notices(vn(2027, 1, 28), f)) == [("hours_soon", "VNPT Long An")]
    assert kinds(due_notices(vn(2027, 1, 30), f)) == [("hours_late", "VNPT Long An")]
    assert only("hours", due_notices(TET.ends_at, f)) == []


def test_a_drill_has_no_opening_hours_to_publish_and_its_enterprises_are_told_nothing_of_them() -> None:
    """QA: a drill a week before Tết sent every enterprise "[Giờ mở cửa Tết — quá hạn niêm yết]"."""
    drill = Campaign(TET.campaign_id, "Diễn tập trực Tết", TET.starts_at, TET.ends_at, None, "drill")
    f = Facts(campaigns=(drill,), enterprises=(VNPT,), points=(CHO,))
    for at in (vn(2027, 1, 28), vn(2027, 1, 30), TET.starts_at + timedelta(hours=1)):
        assert only("hours", due_notices(at, f)) == [], at
    tet = Facts(campaigns=(dataclasses.replace(drill, kind="tet"),), enterprises=(VNPT,), points=(CHO,))
    assert kinds(due_notices(vn(2027, 1, 30), tet)) == [("hours_late", "VNPT Long An")]  # the same as a Tết campaign


def test_an_enterprise_owing_from_after_the_hours_deadline_is_not_told_of_them() -> None:
    """The hours are due at 00:00 01/02, by the end of 31/01: an enterprise owing from 01/02 is neither reminded nor
    noticed late; one owing from 31/01, the due day itself, is, as one without the day."""
    later = dataclasses.replace(VNPT, obligations_from=date(2027, 2, 1))
    on_due_day = dataclasses.replace(VNPT, obligations_from=date(2027, 1, 31))
    for at, kind in ((vn(2027, 1, 30), "hours_soon"), (vn(2027, 2, 1), "hours_late")):
        assert only("hours", due_notices(at, dataclasses.replace(hours_facts(set()), enterprises=(later,)))) == []
        told = only("hours", due_notices(at, dataclasses.replace(hours_facts(set()), enterprises=(on_due_day,))))
        assert kinds(told) == [(kind, "VNPT Long An")], at


# --- daily reports ------------------------------------------------------------------------------


def report_facts(reported: set[tuple[Enterprise, date]]) -> Facts:
    return facts(
        items=(),
        enterprises=(VNPT, VIETTEL),
        reported=frozenset((TET.campaign_id, e.enterprise_id, d) for e, d in reported),
    )


def test_a_missing_report_is_reminded_at_nine_the_next_day_and_a_digest_lists_the_missing() -> None:
    tet = date(2027, 2, 6)
    submitted = {(VNPT, tet), (VNPT, tet - timedelta(days=1)), (VIETTEL, tet - timedelta(days=1))}
    assert due_notices(vn(2027, 2, 7, 8, 59), report_facts(submitted)) == []
    at_nine = due_notices(vn(2027, 2, 7, 9), report_facts(submitted))
    assert kinds(at_nine) == [("report_missing", "Viettel Long An"), ("report_digest", "—")]
    assert at_nine[0].day == tet and at_nine[1].missing == (VIETTEL,)
    assert due_notices(vn(2027, 2, 7, 9), report_facts({*submitted, (VIETTEL, tet)})) == []
    # Still owed until the window ends (one day), then stale.
    assert [n.obligation for n in due_notices(vn(2027, 2, 8, 8, 59), report_facts(submitted))][:1] == [
        at_nine[0].obligation
    ]
    later = due_notices(vn(2027, 2, 8, 9), report_facts(submitted | {(VIETTEL, date(2027, 2, 7))}))
    assert all(n.day == date(2027, 2, 7) for n in later)  # the next day's, not the 6th's again
    assert kinds(later) == [("report_missing", "VNPT Long An"), ("report_digest", "—")]


def test_the_last_days_report_is_owed_after_the_campaign_ends_then_nothing() -> None:
    last = date(2027, 2, 13)
    others = {(e, last - timedelta(days=1)) for e in (VNPT, VIETTEL)}
    notices = due_notices(vn(2027, 2, 14, 9), report_facts(others))
    assert {(n.kind, n.day) for n in notices} == {("report_missing", last), ("report_digest", last)}
    assert due_notices(vn(2027, 2, 15, 9), report_facts(others)) == []


def test_an_enterprise_owes_what_is_due_from_the_day_the_department_set_not_the_day_before() -> None:
    """QZ11 #6 / QZ12 #5: an enterprise registered mid-campaign owes only what is due on or after its
    `obligations_from`; without one it owes everything, as before."""
    assert owes(VNPT, date(2027, 1, 1))
    joined = dataclasses.replace(VIETTEL, obligations_from=date(2027, 1, 21))
    assert not owes(joined, date(2027, 1, 20)) and owes(joined, date(2027, 1, 21))
    # A readiness item due on 20/01: not owed by an enterprise owing from 21/01 (no reminder, no overdue notice),
    # owed by one owing from 20/01.
    for at in (vn(2027, 1, 18, 8), vn(2027, 1, 21, 8)):
        told = only("readiness", due_notices(at, facts(enterprises=(VNPT, joined))))
        assert [n for _, n in kinds(told)] == ["VNPT Long An"]
        on_the_day = dataclasses.replace(VIETTEL, obligations_from=date(2027, 1, 20))
        told = only("readiness", due_notices(at, facts(enterprises=(VNPT, on_the_day))))
        assert [n for _, n in kinds(told)] == ["Viettel Long An", "VNPT Long An"]
    # QZ18 #3: a report is owed by the day it reports on. The report of 06/02, due at 09:00 on 07/02, is not owed
    # from 07/02 (not reminded, not in the digest), though it falls due that day; it is owed from 06/02.
    after = report_facts({(VNPT, date(2027, 2, 6))})
    from_due_day = dataclasses.replace(VIETTEL, obligations_from=date(2027, 2, 7))
    assert due_notices(vn(2027, 2, 7, 9), dataclasses.replace(after, enterprises=(VNPT, from_due_day))) == []
    from_the_day = dataclasses.replace(VIETTEL, obligations_from=date(2027, 2, 6))
    owed = due_notices(vn(2027, 2, 7, 9), dataclasses.replace(after, enterprises=(VNPT, from_the_day)))
    assert kinds(owed) == [("report_missing", "Viettel Long An"), ("report_digest", "—")]
    assert owed[1].missing == (from_the_day,)


def test_a_days_report_is_owed_by_the_day_it_reports_on_not_the_day_it_is_due() -> None:
    """QZ18 #3: an enterprise owing from 06/02 owes the report of 06/02 (due 09:00 on 07/02), not that of 05/02,
    which falls due on 06/02; an enterprise without the day owes both."""
    joined = dataclasses.replace(VIETTEL, obligations_from=date(2027, 2, 6))
    assert owes_report(joined, date(2027, 2, 6)) and owes_report(joined, date(2027, 2, 7))
    assert not owes_report(joined, date(2027, 2, 5))
    assert owes_report(VIETTEL, date(2027, 2, 5)) and owes_report(VIETTEL, date(2027, 2, 6))


def test_the_due_hour_is_a_setting() -> None:
    rules = Rules(report_due=time(17, 0))
    assert due_notices(vn(2027, 2, 7, 16, 59), report_facts(set()), rules) == [
        n for n in due_notices(vn(2027, 2, 7, 16, 59), report_facts(set()), rules) if n.day != date(2027, 2, 6)
    ]
    assert {n.day for n in due_notices(vn(2027, 2, 7, 17), report_facts(set()), rules)} == {date(2027, 2, 6)}


def test_the_reminder_uses_the_shared_report_deadline_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """One rule for the daily report's deadline (lichtruc.report_deadline, audit's and roster's): the reminder's
    deadline is its answer to the instant, a report is missing from that instant on, and notifier keeps no copy —
    the shared rule moved, the reminders move with it."""
    day, rules = date(2027, 2, 6), Rules(report_due=time(17, 0))
    due = report_deadline.due_at(day, time(17, 0))
    assert [n for n in due_notices(due - timedelta(microseconds=1), report_facts(set()), rules) if n.day == day] == []
    assert {n.due_at for n in due_notices(due, report_facts(set()), rules) if n.day == day} == {due}
    assert report_owed(day, due, rules) == due and report_owed(day, due - timedelta(seconds=1), rules) is None

    def moved(day: date, at: time = report_deadline.DEFAULT_DUE) -> datetime:  # the shared rule, an hour later
        return vntime.utc(vntime.at_local(day + timedelta(days=1), at)) + timedelta(hours=1)

    monkeypatch.setattr(report_deadline, "due_at", moved)
    assert report_owed(day, due, rules) is None and report_owed(day, due + timedelta(hours=1), rules) == moved(
        day, time(17, 0)
    )


# --- the texts ----------------------------------------------------------------------------------


def test_the_texts_name_things_in_both_languages_without_ids() -> None:
    readiness = due_notices(vn(2027, 1, 21, 8), facts())[0]
    [hours] = only("hours", due_notices(vn(2027, 2, 1), hours_facts({BUU_CUC})))
    missing, digest = due_notices(vn(2027, 2, 7, 9), report_facts({(VNPT, date(2027, 2, 6))}))[-2:]
    vi = deadline_message(readiness, lang="vi")
    en = deadline_message(readiness, lang="en")
    assert vi.subject == "[Chuẩn bị Tết — quá hạn] Nguồn điện dự phòng — Viettel Long An, hạn 20/01/2027"
    assert en.subject == "[Tết readiness — overdue] Back-up power — Viettel Long An, due 20 Jan 2027"
    assert "Tết Đinh Mùi 2027" in vi.text and "tháng Chạp" in vi.text
    h = deadline_message(hours, lang="vi")
    assert "Điểm giao dịch Chợ Tân An (Tân An)" in h.text and "Điểm giao dịch Tân Hưng (Tân Hưng)" in h.text
    assert "Bưu cục Mộc Hóa" not in h.text
    assert h.subject.startswith("[Giờ mở cửa Tết — quá hạn niêm yết] 2 điểm giao dịch — ")  # a count with its noun
    assert deadline_message(hours, lang="en").subject.startswith(
        "[Tết opening hours — overdue] 2 transaction points — "
    )
    m = deadline_message(missing, lang="vi")
    assert m.subject == "[Báo cáo trực Tết — chưa nộp] Viettel Long An — ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    assert "09:00 07/02/2027" in m.text
    # One pair of brackets, the note after the lunar day's: never "(…) (giờ Việt Nam)", nor inside it.
    assert "Hạn: 09:00 07/02/2027 (Mùng 2 Tết Đinh Mùi), giờ Việt Nam" in m.text, m.text
    assert ") (" not in m.text + h.text + deadline_message(missing, lang="en").text
    assert "1st day of Tết" in deadline_message(missing, lang="en").subject
    d = deadline_message(digest, lang="en")
    assert "Viettel Long An" in d.text and "VNPT Long An" not in d.text
    assert d.subject.startswith("[Tết daily reports — enterprises missing] 1 enterprise — day ")
    assert deadline_message(digest, lang="vi").subject.startswith(
        "[Báo cáo trực Tết — doanh nghiệp chưa nộp] 1 doanh nghiệp — ngày 06/02/2027"
    )
    for message in (vi, en, h, m, d):
        assert not UUID.search(message.subject + message.text)


def test_a_notice_counts_post_offices_and_transaction_points_each_by_its_word() -> None:
    """A post office publishes its Tết hours too: the subject counts the places by kind, post offices first, a kind
    with none left out, and the body lists them all under one heading."""
    tan_an = Point(uuid.uuid4(), POST.enterprise_id, "Bưu điện Trung tâm Tân An", "Tân An", "post_office")
    ben_luc = Point(uuid.uuid4(), POST.enterprise_id, "Điểm giao dịch Bến Lức", "Bến Lức")
    hung_dien = Point(uuid.uuid4(), POST.enterprise_id, "Bưu điện Văn hóa xã Hưng Điền", "Tân Hưng")
    everything = facts(items=(), points=(tan_an, BUU_CUC, ben_luc, hung_dien), published=frozenset())
    [soon] = only("hours", due_notices(vn(2027, 1, 30), everything))
    assert soon.enterprise == POST and len(soon.points) == 4
    vi, en = deadline_message(soon, lang="vi"), deadline_message(soon, lang="en")
    assert vi.subject.startswith("[Giờ mở cửa Tết — sắp đến hạn niêm yết] 2 bưu cục, 2 điểm giao dịch — ")
    assert en.subject.startswith("[Tết opening hours — due soon] 2 post offices, 2 transaction points — ")
    assert "Bưu cục, điểm giao dịch chưa niêm yết:\n  - Điểm giao dịch Bến Lức (Bến Lức)\n" in vi.text
    assert "Post offices and transaction points without published hours:\n" in en.text
    assert "These post offices and transaction points have not published their Tết opening hours" in en.text
    for p in (tan_an, BUU_CUC, ben_luc, hung_dien):
        assert f"{p.name} ({p.district})" in vi.text

    offices_only = facts(items=(), points=(tan_an,), published=frozenset())
    [one] = only("hours", due_notices(vn(2027, 1, 30), offices_only))
    assert deadline_message(one, lang="vi").subject.startswith("[Giờ mở cửa Tết — sắp đến hạn niêm yết] 1 bưu cục — ")
    assert deadline_message(one, lang="en").subject.startswith("[Tết opening hours — due soon] 1 post office — ")


def test_the_points_of_a_notice_are_listed_by_district_then_name_in_vietnamese_order() -> None:
    """Code-point order put "Đức Hòa" after "Vĩnh Hưng" and "Điểm…" after every other name."""
    points = (
        Point(uuid.uuid4(), VNPT.enterprise_id, "Điểm giao dịch Vĩnh Hưng", "Vĩnh Hưng"),
        Point(uuid.uuid4(), VNPT.enterprise_id, "Điểm giao dịch Hậu Nghĩa", "Đức Hòa"),
        Point(uuid.uuid4(), VNPT.enterprise_id, "Cửa hàng Đức Hòa", "Đức Hòa"),
        Point(uuid.uuid4(), VNPT.enterprise_id, "Điểm giao dịch Bến Lức", "Bến Lức"),
    )
    [soon] = due_notices(vn(2027, 1, 30), facts(items=(), points=points, published=frozenset()))
    assert [(p.district, p.name) for p in soon.points] == [
        ("Bến Lức", "Điểm giao dịch Bến Lức"),
        ("Đức Hòa", "Cửa hàng Đức Hòa"),
        ("Đức Hòa", "Điểm giao dịch Hậu Nghĩa"),
        ("Vĩnh Hưng", "Điểm giao dịch Vĩnh Hưng"),
    ]


def test_a_readiness_notice_says_its_due_day_as_its_subject_does_by_the_end_of_it() -> None:
    """QA: a subject said "hạn 28/01/2027" while its body said "Hạn: 00:00 29/01/2027". A due instant of 00:00
    (Vietnam time) is the end of the day before: the body says "hết ngày 28/01/2027 (…)" / "by the end of
    28 Jan 2027 (…)", as the subject and the portal do — whether the item has a due day or only that instant."""
    at_midnight = dataclasses.replace(BACKUP, due_at=vn(2027, 1, 29), due_date=None)
    with_day = dataclasses.replace(BACKUP, due_at=vn(2027, 1, 29), due_date=date(2027, 1, 28))
    for item in (at_midnight, with_day):
        notice = due_notices(vn(2027, 1, 29, 8), facts(items=(item,)))[0]
        vi, en = deadline_message(notice, lang="vi"), deadline_message(notice, lang="en")
        assert vi.subject.endswith(", hạn 28/01/2027") and en.subject.endswith(", due 28 Jan 2027")
        assert "Hạn: hết ngày 28/01/2027 (21 tháng Chạp Bính Ngọ)\n" in vi.text, vi.text
        assert "Due: by the end of 28 Jan 2027 (" in en.text, en.text
        assert "00:00" not in vi.text + en.text and "29/01/2027" not in vi.text + en.text
    # An item due at an hour within a day keeps its hour.
    at_noon = dataclasses.replace(BACKUP, due_at=vn(2027, 1, 28, 12), due_date=None)
    notice = due_notices(vn(2027, 1, 27, 8), facts(items=(at_noon,)))[0]
    assert "Hạn: 12:00 28/01/2027 (21 tháng Chạp Bính Ngọ), giờ Việt Nam" in deadline_message(notice, lang="vi").text


# --- one readiness mail per manager ------------------------------------------------------------

SPARES = ReadinessItem(
    uuid.uuid4(),
    TET.campaign_id,
    "telecom",
    "Vật tư dự phòng",
    "Spare materials",
    due_at=vn(2027, 1, 24),  # the end of 23/01: due soon from 21/01 08:00
    due_date=date(2027, 1, 23),
)
SHARED = Addressee("gd@telecom-longan.vn", "Trần Thị Lan", "en")  # manages VNPT and Viettel
AT_VNPT = Addressee("giamdoc@vnpt-longan.vn", None, "vi")
AT_VIETTEL = Addressee("gd@viettel.vn", None, "vi")
MANAGERS = {
    VNPT.enterprise_id: (SHARED, AT_VNPT),
    # The same address as another enterprise's records give it (no staff record of that enterprise): still the person.
    VIETTEL.enterprise_id: (AT_VIETTEL, Addressee("GD@telecom-longan.vn ", None, "vi")),
}


def test_a_manager_of_two_enterprises_gets_one_mail_listing_each_enterprises_items_under_its_name() -> None:
    # 21/01 08:00: Back-up power (due 20/01) overdue by a day, Spare materials (due 23/01) due soon, at both.
    notices = only("readiness", due_notices(vn(2027, 1, 21, 8), facts(items=(BACKUP, SPARES))))
    assert len(notices) == 4
    mails = {m.to.email: m for m in readiness_mails(notices, MANAGERS)}
    assert sorted(mails) == ["gd@telecom-longan.vn", "gd@viettel.vn", "giamdoc@vnpt-longan.vn"]
    shared = mails["gd@telecom-longan.vn"]
    assert shared.to == SHARED  # the person, in their language, though Viettel's list has the address bare
    notice = shared.notice
    assert notice.kind == "readiness_late" and notice.enterprise is None and notice.item is None
    assert [(p.enterprise.name, p.item.title_en, p.overdue_days) for p in notice.parts if p.enterprise and p.item] == [
        ("Viettel Long An", "Back-up power", 1),  # enterprises in Vietnamese order, then by due day
        ("Viettel Long An", "Spare materials", 0),
        ("VNPT Long An", "Back-up power", 1),
        ("VNPT Long An", "Spare materials", 0),
    ]
    en = deadline_message(notice, lang="en")
    assert en.subject == "[Tết readiness — overdue, due soon] 4 items — Viettel Long An, VNPT Long An"
    power = (
        "Back-up power (Telecommunications) — by the end of 20 Jan 2027 (13th day of the 12th lunar month, Bính Ngọ)"
    )
    spares = (
        "Spare materials (Telecommunications) — by the end of 23 Jan 2027 (16th day of the 12th lunar month, Bính Ngọ)"
    )
    block = f"  - {power} — overdue by 1 day\n  - {spares}\n"
    assert f"\nViettel Long An:\n{block}\nVNPT Long An:\n{block}\n" in en.text, en.text
    vi = deadline_message(notice, lang="vi")
    assert vi.subject == "[Chuẩn bị Tết — quá hạn, sắp đến hạn] 4 hạng mục — Viettel Long An, VNPT Long An"
    assert (
        "\n  - Nguồn điện dự phòng (Viễn thông) — hết ngày 20/01/2027 (13 tháng Chạp Bính Ngọ) — quá hạn 1 ngày\n"
        in (vi.text)
    )
    assert not UUID.search(en.subject + en.text + vi.subject + vi.text)
    # Each enterprise's own managers get their enterprise's items only.
    only_vnpt = mails["giamdoc@vnpt-longan.vn"].notice
    assert {p.enterprise for p in only_vnpt.parts} == {VNPT} and only_vnpt.enterprise == VNPT
    assert (
        deadline_message(only_vnpt, lang="vi").subject
        == "[Chuẩn bị Tết — quá hạn, sắp đến hạn] 2 hạng mục — VNPT Long An"
    )
    # A manager of more than three enterprises: the subject counts them, the body names each.
    many = [Enterprise(uuid.uuid4(), f"Chi nhánh {n}", "telecom") for n in range(1, 5)]
    group = {e.enterprise_id: (SHARED,) for e in many}
    [mail] = readiness_mails(
        only("readiness", due_notices(vn(2027, 1, 21, 8), facts(enterprises=many, items=(BACKUP,)))), group
    )
    assert deadline_message(mail.notice, lang="en").subject == "[Tết readiness — overdue] 4 items — 4 enterprises"
    assert all(f"\n{e.name}:\n" in deadline_message(mail.notice, lang="en").text for e in many)


def test_a_readiness_mail_is_the_same_obligation_at_every_sweep_and_an_item_due_later_is_a_mail_of_its_own() -> None:
    """The dedupe key's stem: the same items to the same address build the same obligation whenever swept (a
    restart or a second replica adds nothing); another set of items, another one. A single item keeps its own."""
    first = only("readiness", due_notices(vn(2027, 1, 21, 8), facts(items=(BACKUP, SPARES))))
    again = only("readiness", due_notices(vn(2027, 1, 21, 9, 30), facts(items=(BACKUP, SPARES))))

    def obligations(notices: list[Notice]) -> dict[str, str]:
        return {m.to.email: m.notice.obligation for m in readiness_mails(notices, MANAGERS)}

    assert obligations(first) == obligations(again)
    assert len(set(obligations(first).values())) == 3
    # Told already (the sweep records each item's obligation): the next sweep has only what is newly due.
    told = {n.obligation for n in first}
    later = [
        n
        for n in only("readiness", due_notices(vn(2027, 1, 24, 8), facts(items=(BACKUP, SPARES))))
        if n.obligation not in told
    ]
    assert [(n.kind, n.item.title_en if n.item else "") for n in later] == [("readiness_late", "Spare materials")] * 2
    newly = readiness_mails(later, MANAGERS)
    shared = {m.to.email: m.notice for m in newly}["gd@telecom-longan.vn"]
    assert len(shared.parts) == 2 and shared.obligation not in obligations(first).values()
    alone = {m.to.email: m.notice for m in newly}["giamdoc@vnpt-longan.vn"]
    assert alone.item == SPARES and alone.obligation == f"readiness:{SPARES.item_id}:{VNPT.enterprise_id}:late"
    assert alone.overdue_days == 1
    en = deadline_message(alone, lang="en").text
    assert "\nSector: Telecommunications\n" in en and "\nOverdue by: 1 day\n" in en, en
    # An enterprise without a manager's address is in no mail (the sweep records a failed delivery for it instead).
    assert [m.to for m in readiness_mails(later, {VNPT.enterprise_id: (AT_VNPT,)})] == [AT_VNPT]


def test_the_webhooks_bundles_are_per_enterprise_and_stage_listing_their_items() -> None:
    notices = only("readiness", due_notices(vn(2027, 1, 25, 8), facts(items=(BACKUP, SPARES))))
    bundles = bundled(notices)
    assert [(b.kind, b.enterprise.name if b.enterprise else None, len(b.listed)) for b in bundles] == [
        ("readiness_late", "Viettel Long An", 2),
        ("readiness_late", "VNPT Long An", 2),
    ]
    assert [(p.item.title_en, p.overdue_days) for p in bundles[0].listed if p.item] == [
        ("Back-up power", 5),
        ("Spare materials", 2),
    ]
