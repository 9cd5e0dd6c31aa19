"""Who else of the enterprise is on duty during a shift (QZ25 #1), as pure functions: roster's rule on notifier's
rows, and the lines a mail and an .ics say them with."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from notifier.domain.on_duty import Beside, OnDuty, hours_beside, leaders_said, on_duty_beside, people_said

VNPT, VIETTEL = uuid.uuid4(), uuid.uuid4()
NIGHT = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 on 29 tháng Chạp
MINE = uuid.uuid4()


def _on(name: str | None, duty: str, start: datetime, hours: float, **kw: object) -> OnDuty:
    values: dict = {
        "shift_id": uuid.uuid4(),
        "staff_id": uuid.uuid4(),
        "enterprise_id": VNPT,
        "duty_type": duty,
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "full_name": name,
    } | kw
    return OnDuty(**values)


def _beside(people: list[OnDuty]) -> tuple[Beside, ...]:
    return on_duty_beside(
        shift_id=MINE, enterprise_id=VNPT, starts_at=NIGHT, ends_at=NIGHT + timedelta(hours=8), people=people
    )


def test_roster_rule_the_enterprises_other_shifts_overlapping_the_duty_leader_first_with_a_phone() -> None:
    me = _on("Lê Văn Hòa", "operations", NIGHT, 8, shift_id=MINE)
    on_mine = _on("Ngô Văn Cường", "operations", NIGHT, 8, shift_id=MINE)
    patrol = _on("Vũ Thị Dung", "patrol", NIGHT + timedelta(hours=2), 2, phone="0988000111")
    leader = _on("Phạm Thị Ngọc Ánh", "leadership", NIGHT - timedelta(hours=4), 14, phone="0912345678")
    response = _on("Đặng Quốc Bảo", "incident_response", NIGHT, 8, site_name="NOC Tân An")
    also_mine = _on("Ngô Văn Cường", "patrol", NIGHT, 8, staff_id=on_mine.staff_id)  # on mine: left out everywhere
    before = _on("Trần Sớm", "operations", NIGHT - timedelta(hours=8), 8)  # ends as mine starts: not meanwhile
    after = _on("Trần Muộn", "operations", NIGHT + timedelta(hours=8), 8)
    elsewhere = _on("Trịnh Văn Lạ", "leadership", NIGHT, 8, enterprise_id=VIETTEL)

    found = _beside([me, on_mine, patrol, leader, response, also_mine, before, after, elsewhere])

    assert [(b.full_name, b.duty_type, b.phone) for b in found] == [
        ("Phạm Thị Ngọc Ánh", "leadership", "0912345678"),  # the leader first, with her phone
        ("Đặng Quốc Bảo", "incident_response", None),
        ("Vũ Thị Dung", "patrol", None),  # nobody's phone but a leader's
    ]
    assert found[1].site_name == "NOC Tân An"


def test_hours_beside_within_the_day_to_midnight_and_across_days() -> None:
    local = timedelta(hours=-7)  # local wall-clock to UTC
    day = datetime(2027, 2, 5, 22, tzinfo=UTC) + local
    assert hours_beside(day - timedelta(hours=4), day, day=day, lang="vi") == "18:00–22:00"
    assert hours_beside(day - timedelta(hours=4), day + timedelta(hours=2), day=day, lang="vi") == "18:00–24:00"
    assert (
        hours_beside(day - timedelta(hours=4), day + timedelta(hours=10), day=day, lang="vi")
        == "18:00 05/02 → 08:00 06/02"
    )
    assert hours_beside(day - timedelta(hours=4), day + timedelta(hours=10), day=day, lang="en") == (
        "18:00 5 Feb → 08:00 6 Feb"
    )


def test_people_said_never_none_beside_others_and_nobody_only_when_nobody_is_on() -> None:
    end = NIGHT + timedelta(hours=8)
    leader = Beside(
        "Phạm Thị Ngọc Ánh", "leadership", NIGHT - timedelta(hours=4), end + timedelta(hours=2), "0912345678"
    )
    same = Beside(None, "patrol", NIGHT, end, None, "Cổng A")  # a name notifier does not know; at my hours
    said = people_said((), (leader, same), starts_at=NIGHT, ends_at=end, lang="vi")
    assert said == [
        (
            "Cùng trực (2 người)",
            "Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 05/02 → 08:00 06/02)\n"
            "Tuần tra, bảo vệ: một đồng nghiệp (Cổng A)",
        )
    ]
    assert people_said(("Ngô Văn Cường",), (), starts_at=NIGHT, ends_at=end, lang="vi") == [
        ("Đồng nghiệp cùng ca", "Ngô Văn Cường")
    ]
    assert people_said((), (), starts_at=NIGHT, ends_at=end, lang="en") == [
        ("On duty with you", "nobody else of the enterprise")
    ]
    assert people_said((), (leader,), starts_at=NIGHT, ends_at=end, lang="en")[0][0] == "On duty with you (1 person)"
    unread = people_said((), None, starts_at=NIGHT, ends_at=end, lang="vi")  # a feed, a consumer's notice
    assert unread == [
        ("Đồng nghiệp cùng ca", "không có — người trực cùng giờ ở các ca khác: xem trang “Ca trực của tôi”")
    ]


def test_a_feed_says_the_duty_leaders_on_duty_during_a_shift_or_that_none_is_and_nothing_to_the_leader() -> None:
    """QZ26 #7: a person's feed says whom to call at 02:00, "Trực lãnh đạo: <name>, <phone>"."""
    evening = _on("Phạm Thị Ngọc Ánh", "leadership", NIGHT - timedelta(hours=4), 6, phone="0912345678")
    night = _on("Nguyễn Văn An", "leadership", NIGHT + timedelta(hours=2), 8, phone="0987654321", site_name="NOC")
    patrol = _on("Vũ Thị Dung", "patrol", NIGHT, 8)
    found = _beside([evening, night, patrol])
    end = NIGHT + timedelta(hours=8)
    assert leaders_said(found, duty_type="operations", starts_at=NIGHT, ends_at=end, lang="vi") == (
        "Phạm Thị Ngọc Ánh, 0912 345 678 (18:00–24:00); Nguyễn Văn An, 0987 654 321 (NOC, 00:00 06/02 → 08:00 06/02)"
    )
    assert leaders_said(_beside([patrol]), duty_type="operations", starts_at=NIGHT, ends_at=end, lang="en") == (
        "nobody rostered during this shift"
    )
    assert leaders_said((), duty_type="leadership", starts_at=NIGHT, ends_at=end, lang="vi") is None  # theirs
