"""The notice of a shift published (QZ24 #1; pure): what each person reads of one shift and of several published
together — by whom, the duty, site, times in Vietnam with the lunar day, an end at midnight said 24:00, the link —
when it goes out (a window for the others to join, never past the start), the one .ics holding every event with
the UID and SEQUENCE the later notices use; and the swap request's mail to the colleague it names, which promises
no event before an approval (QZ24 #2)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest

from lichtruc.events import SYSTEM_ACTOR
from notifier.domain.calendar import FeedEntry, render_invitation, render_invitations
from notifier.domain.messages import ShiftView
from notifier.domain.reminders import QuietHours
from notifier.domain.shift_notices import (
    Published,
    asked_you_message,
    published_digest,
    published_message,
    published_notice_time,
    publisher,
)

ANH, MANAGER, DEPUTY = "Phạm Thị Ngọc Ánh", "Trần Văn Tâm", "Nguyễn Thị Ánh Tuyết"
GIAO_THUA = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 05/02/2027, 29 tháng Chạp, the last day of Bính Ngọ
NIGHT = ShiftView(
    shift_id=uuid.UUID(int=1),
    enterprise_id=uuid.UUID(int=2),
    duty_type="operations",
    enterprise_name="VNPT Long An",
    site_name="Trung tâm điều hành Tân An",
    starts_at=GIAO_THUA - timedelta(hours=4),  # 18:00 → 24:00 on giao thừa's day
    ends_at=GIAO_THUA + timedelta(hours=2),
    colleagues=("Lê Văn Hòa",),
    manager_phone="0272 3 826 999",
)
MORNING = replace(
    NIGHT,
    shift_id=uuid.UUID(int=3),
    duty_type="leadership",
    starts_at=GIAO_THUA + timedelta(hours=8),  # 06:00 06/02/2027, Mùng 1 Tết
    ends_at=GIAO_THUA + timedelta(hours=16),
    site_name=None,
    colleagues=(),
)


def test_one_shift_published_says_whose_by_whom_its_times_with_the_lunar_day_24_00_and_its_link() -> None:
    vi = published_message(NIGHT, person_name=ANH, lang="vi", by=MANAGER, link="https://p/go/shifts/1")
    assert (
        vi.subject
        == "Lịch trực của anh/chị đã được công bố: Trực điều hành — VNPT Long An, 18:00 05/02/2027 (29 tháng Chạp, "
        "giao thừa)"  # on duty until the moment of giao thừa (QZ26 #7)
    )
    assert vi.text.startswith(
        f"Chào {ANH},\n\nCa trực dưới đây của anh/chị đã được công bố (người công bố: {MANAGER}).\n"
    ), vi.text
    assert "18:00–24:00 05/02/2027 (29 tháng Chạp), giao thừa, giờ Việt Nam" in vi.text  # midnight: 24:00 of its day
    assert "Trung tâm điều hành Tân An" in vi.text and "Lê Văn Hòa" in vi.text
    assert "Tệp lịch (.ics) đính kèm thêm ca này vào lịch của anh/chị." in vi.text
    assert "https://p/go/shifts/1\n" in vi.text
    en = published_message(NIGHT, person_name=ANH, lang="en", by="", link=None)
    assert en.subject.startswith("Your duty roster is published: ")
    assert "Your shift below has been published (published by a manager)." in en.text  # a manager not named
    assert "Time: 18:00–24:00 5 Feb 2027 (29th day of the 12th lunar month), New Year's Eve, Viet Nam time" in en.text
    roster = published_message(NIGHT, person_name=ANH, lang="vi", by=None)
    assert "Ca trực dưới đây của anh/chị đã được công bố.\n" in roster.text  # roster or an import: nobody named


def test_who_published_is_kept_as_a_name_a_manager_not_named_or_nobody() -> None:
    assert publisher("manager-vnpt", f"  {MANAGER} ") == MANAGER  # never the login
    assert publisher("manager-vnpt", None) == ""
    assert (
        publisher(SYSTEM_ACTOR, MANAGER) is None and publisher("import", None) is None and publisher(None, None) is None
    )


def test_several_shifts_published_together_are_one_mail_in_time_order_each_with_its_link() -> None:
    later = replace(MORNING, drill=False)
    shifts = [
        Published(later, MANAGER, "https://p/go/shifts/3"),
        Published(NIGHT, MANAGER, "https://p/go/shifts/1"),
        Published(
            replace(
                NIGHT,
                shift_id=uuid.UUID(int=5),
                starts_at=GIAO_THUA + timedelta(days=1),
                ends_at=GIAO_THUA + timedelta(days=1, hours=8),
            ),
            DEPUTY,
            None,
        ),
    ]
    vi = published_digest(shifts, person_name=ANH, lang="vi")
    # the span of days, as the other subjects say a day (QZ25 #11: "…: 12 ca" gave no dates); the last shift ends
    # at 06:00 on mùng 2
    assert vi.subject == "Lịch trực của anh/chị đã được công bố: 3 ca, 05/02 – 07/02/2027 (29 tháng Chạp – Mùng 2 Tết)"
    assert f"3 ca trực dưới đây của anh/chị đã được công bố (người công bố: {MANAGER}, {DEPUTY})." in vi.text
    first, second, third = (vi.text.index(f"Ca {n}/3:") for n in (1, 2, 3))
    assert first < vi.text.index("18:00–24:00 05/02/2027 (29 tháng Chạp)") < second  # giao thừa's night first
    assert second < vi.text.index("06:00–14:00 06/02/2027 (Mùng 1 Tết)") < third
    assert vi.text.index("https://p/go/shifts/1") < second < vi.text.index("https://p/go/shifts/3") < third
    assert "Tệp lịch (.ics) đính kèm thêm cả 3 ca vào lịch của anh/chị." in vi.text
    en = published_digest(shifts[:2], person_name=ANH, lang="en")
    assert en.subject == (
        "Your duty roster is published: 2 shifts, 5 Feb – 6 Feb 2027 (29th of lunar month 12 – 1st day of Tết)"
    )
    assert "Shift 1 of 2:" in en.text and "adds all 2 shifts to your calendar" in en.text
    drills = published_digest(
        [replace(s, view=replace(s.view, drill=True)) for s in shifts[:2]], person_name=ANH, lang="vi"
    )
    assert drills.subject.startswith("[Diễn tập] ") and "[Diễn tập] Ca 1/2:" in drills.text
    mixed = published_digest(
        [shifts[0], replace(shifts[1], view=replace(NIGHT, drill=True))], person_name=ANH, lang="vi"
    )
    assert not mixed.subject.startswith("[Diễn tập]")  # a Tết shift among them is not an exercise
    day = replace(NIGHT, shift_id=uuid.UUID(int=6), starts_at=NIGHT.starts_at - timedelta(hours=8))
    same_day = published_digest([shifts[1], Published(day, MANAGER, None)], person_name=ANH, lang="vi")
    assert same_day.subject.endswith(": 2 ca, 05/02/2027 (29 tháng Chạp)")  # one day said once; to 24:00 is that day
    new_year = replace(
        NIGHT, starts_at=datetime(2026, 12, 31, 10, tzinfo=UTC), ends_at=datetime(2026, 12, 31, 18, tzinfo=UTC)
    )
    across = published_digest([shifts[1], Published(new_year, MANAGER, None)], person_name=ANH, lang="vi")
    assert across.subject.endswith(": 2 ca, 31/12/2026 – 05/02/2027 (23 tháng Mười Một – 29 tháng Chạp)"), (
        across.subject
    )
    one = published_digest(shifts[1:2], person_name=ANH, lang="vi")
    assert one.subject.endswith("18:00 05/02/2027 (29 tháng Chạp, giao thừa)")  # one shift: its day and time
    assert one == published_message(NIGHT, person_name=ANH, lang="vi", by=MANAGER, link="https://p/go/shifts/1")
    with pytest.raises(ValueError):
        published_digest([], person_name=ANH, lang="vi")


def test_the_mail_waits_the_window_for_the_others_never_past_the_start_nor_inside_quiet_hours() -> None:
    now, window = GIAO_THUA - timedelta(days=3), timedelta(seconds=60)
    assert published_notice_time(now, quiet=None, starts_at=GIAO_THUA, window=window) == now + window
    soon = now + timedelta(seconds=30)  # a shift published half a minute before it starts: told at once
    assert published_notice_time(now, quiet=None, starts_at=soon, window=window) == now
    quiet = QuietHours(time(22), time(6))
    at_night = datetime(2027, 2, 1, 16, tzinfo=UTC)  # 23:00 in Vietnam
    assert published_notice_time(at_night, quiet=quiet, starts_at=GIAO_THUA, window=window) == datetime(
        2027, 2, 1, 23, 1, tzinfo=UTC
    )  # 06:00 and the window


def _entry(view: ShiftView, *, sequence: int = 0, person: str = "7") -> FeedEntry:
    return FeedEntry(
        shift_id=str(view.shift_id),
        person_id=person,
        duty_type=view.duty_type,
        enterprise_name=view.enterprise_name or "",
        site_name=view.site_name,
        start=view.starts_at,
        end=view.ends_at,
        lunar_label="",
        colleagues=view.colleagues,
        manager_phone=None,
        status="confirmed",
        sequence=sequence,
        changed_at=GIAO_THUA - timedelta(days=3),
    )


def test_one_ics_holds_every_published_event_with_the_uid_and_sequence_the_later_notices_use() -> None:
    entries = [_entry(MORNING, sequence=2), _entry(NIGHT)]
    ics = render_invitations(
        entries, lang="vi", organizer_email="lichtruc@stttt.longan.gov.vn", alarm_offsets_minutes=(60, 1440)
    )
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar.get("METHOD") == "PUBLISH"
    events = calendar.events
    assert [str(e.get("UID")) for e in events] == [f"{NIGHT.shift_id}.7@lichtruc", f"{MORNING.shift_id}.7@lichtruc"]
    assert [e.get("SEQUENCE") for e in events] == [0, 2]  # each its own, as the feed has it
    assert [e.start for e in events] == [NIGHT.starts_at, MORNING.starts_at]
    assert all(str(e.get("STATUS")) == "CONFIRMED" for e in events)
    assert [len(e.walk("VALARM")) for e in events] == [2, 2]
    # one event: the same bytes as the single invitation (the move and cancel notices' UID and SEQUENCE)
    assert render_invitations([entries[1]], lang="vi") == render_invitation(entries[1], lang="vi")
    with pytest.raises(ValueError, match="two entries"):
        render_invitations([entries[1], entries[1]], lang="vi")
    with pytest.raises(ValueError):
        render_invitations([], lang="vi")


def test_the_colleague_a_swap_request_names_is_told_the_invitation_follows_an_approval() -> None:
    vi = asked_you_message(NIGHT, person_name=ANH, lang="vi", asker="Đặng Quốc Bảo", reason=None)
    assert "Thư này không kèm tệp lịch: lời mời lịch (.ics) của ca sẽ được gửi cho anh/chị khi quản lý duyệt" in vi.text
    en = asked_you_message(NIGHT, person_name=ANH, lang="en", asker="Đặng Quốc Bảo", reason=None)
    assert "the shift's calendar invitation (.ics) is sent to you once a manager approves the request." in en.text
