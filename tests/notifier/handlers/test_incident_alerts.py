"""Incident alerts through the service layer (in memory): who is told of a new incident — the leader on
duty at detection, else the managers; the Department for a severe one (critical or serious) or any one with
border or Party/State impact, never for a minor one without either — once per recipient, whatever follows; and the Department's addresses
as the settings read them."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, time, timedelta

import pytest
from notifier_testkit import GIAO_THUA, Enterprise, Person, links_in, portal_page, roster_event

from lichtruc.events_incidents import (
    IncidentOpened,
    IncidentRemoval,
    IncidentResolved,
    IncidentResponder,
    IncidentResponderRemoved,
    IncidentSnapshot,
    IncidentUpdated,
)
from notifier.handlers.preferences import PreferencesIn, put_preferences
from notifier.settings import NotifierSettings

from .conftest import ENGLISH_MANAGER, MAILBOX, THREE_READERS, make_world, post_office, read_as

DEPARTMENT = ("thanhtra@sotttt.longan.gov.vn",)


def incident(vnpt: Enterprise, detected_at: datetime, **state: object) -> IncidentSnapshot:
    values: dict[str, object] = {
        "district": "Tân Hưng",
        "services": ("internet",),
        "agency_links": False,
        "border": False,
        "severity": "minor",
        "description": "Mất tín hiệu",
        **state,
    }
    return IncidentSnapshot(
        incident_id=uuid.uuid4(),
        enterprise_id=vnpt.enterprise_id,
        enterprise_name=vnpt.name,
        detected_at=detected_at,
        status="open",
        version=1,
        **values,
    )


def removal(person: Person, *, added: datetime, removed: datetime, by_name: str | None) -> IncidentRemoval:
    return IncidentRemoval(
        staff_id=person.staff_id,
        full_name=person.full_name,
        added_at=added,
        removed_at=removed,
        by="hoa@vnpt-longan.vn",
        by_name=by_name,
        reason="Thêm nhầm người",
    )


def recipients(world) -> list[tuple[str | None, str]]:
    return sorted((d.recipient, d.status) for d in world.state.deliveries.values() if d.kind == "incident_opened")


async def test_the_leader_on_duty_is_told_not_the_managers_and_the_department_only_when_severe() -> None:
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    lanh = Person.new("Lê Văn Lãnh", email="lanh@vnpt-longan.vn")
    off = Person.new("Phạm Văn Nghỉ", email="nghi@vnpt-longan.vn")
    on_duty = vnpt.shift([lanh], start=GIAO_THUA - timedelta(hours=4), hours=12)
    on_duty.planned()
    earlier = vnpt.shift([off], start=GIAO_THUA - timedelta(hours=16), hours=8)  # over before detection
    earlier.planned()
    await world.apply(vnpt.registered(), vnpt.staff(lanh), vnpt.staff(off), on_duty.published(), earlier.published())

    minor_inland = incident(vnpt, GIAO_THUA + timedelta(minutes=100), severity="minor")
    await world.apply(roster_event(IncidentOpened(incident=minor_inland), enterprise=vnpt.enterprise_id, at=GIAO_THUA))
    assert recipients(world) == [("lanh@vnpt-longan.vn", "pending")]

    severe = incident(vnpt, GIAO_THUA + timedelta(minutes=100), severity="serious", agency_links=True)
    opened = roster_event(IncidentOpened(incident=severe), enterprise=vnpt.enterprise_id, at=GIAO_THUA)
    again = roster_event(IncidentOpened(incident=severe), enterprise=vnpt.enterprise_id, at=GIAO_THUA)
    later = severe.model_copy(update={"version": 2})
    updated = roster_event(
        IncidentUpdated(incident=later, change="note_added"), enterprise=vnpt.enterprise_id, at=GIAO_THUA
    )
    await world.apply(opened, opened, again, updated)
    mine = sorted(
        (d.recipient, d.language) for d in world.state.deliveries.values() if str(severe.incident_id) in d.dedupe_key
    )
    assert mine == [("lanh@vnpt-longan.vn", "vi"), ("thanhtra@sotttt.longan.gov.vn", "vi")]
    to_department = next(d for d in world.state.deliveries.values() if d.recipient == DEPARTMENT[0])
    assert to_department.subject == "[Sự cố thông tin — nghiêm trọng] Tân Hưng — VNPT Long An, 23:40 05/02/2027"
    body = to_department.body or ""
    assert "Ảnh hưởng liên lạc cơ quan Đảng, Nhà nước: có" in body
    assert "23:40 05/02/2027 (29 tháng Chạp" in body


async def test_without_a_leader_on_duty_the_managers_are_told_and_a_critical_incident_reaches_the_department() -> None:
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn"))
    await world.apply(vnpt.registered())
    critical = incident(vnpt, GIAO_THUA, severity="critical")
    await world.apply(roster_event(IncidentOpened(incident=critical), enterprise=vnpt.enterprise_id, at=GIAO_THUA))
    assert recipients(world) == [
        ("giamdoc@vnpt-longan.vn", "pending"),
        ("thanhtra@sotttt.longan.gov.vn", "pending"),
        ("truca@vnpt-longan.vn", "pending"),
    ]


async def test_a_description_of_several_lines_goes_on_under_its_first_line_in_every_incident_mail() -> None:
    """QZ22 #12d: in the managers' and the Department's alerts a description's later lines went on at the left
    margin, where the responder's mail set them under the first line's words: all now indent them the same way."""
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    ngoc = Person.new("Phạm Thị Ngọc Ánh", email="ngoc@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(ngoc))
    said = "Mất điện lưới trạm Tân Hưng\nMáy nổ không khởi động\nĐã báo điện lực huyện"
    critical = incident(vnpt, GIAO_THUA, severity="critical", description=said)
    added = IncidentResponder(staff_id=ngoc.staff_id, full_name=ngoc.full_name, added_at=GIAO_THUA, on_duty=True)
    joined = IncidentUpdated(
        incident=critical.model_copy(update={"version": 2, "responders": (added,)}),
        change="responder_added",
        responder=added,
    )
    await world.apply(
        roster_event(IncidentOpened(incident=critical), enterprise=vnpt.enterprise_id, at=GIAO_THUA),
        roster_event(joined, enterprise=vnpt.enterprise_id, at=GIAO_THUA),
    )
    bodies = {d.recipient: d.body or "" for d in world.state.deliveries.values()}
    under = " " * len("Mô tả: ")
    alert = f"\nMô tả: Mất điện lưới trạm Tân Hưng\n{under}Máy nổ không khởi động\n{under}Đã báo điện lực huyện\n"
    assert alert in bodies["giamdoc@vnpt-longan.vn"], bodies["giamdoc@vnpt-longan.vn"]
    assert alert in bodies["thanhtra@sotttt.longan.gov.vn"], bodies["thanhtra@sotttt.longan.gov.vn"]
    told = f"\n  Mô tả: Mất điện lưới trạm Tân Hưng\n  {under}Máy nổ không khởi động\n  {under}Đã báo điện lực huyện\n"
    assert told in bodies["ngoc@vnpt-longan.vn"], bodies["ngoc@vnpt-longan.vn"]
    for body in bodies.values():
        assert "\nMáy nổ" not in body and "\nĐã báo" not in body  # never at the left margin


async def test_a_leader_without_an_address_is_recorded_as_failed_with_the_reason() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    lanh = Person.new("Lê Văn Lãnh", email=None)
    shift = vnpt.shift([lanh], start=GIAO_THUA - timedelta(hours=1))
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(lanh), shift.published())
    minor = incident(vnpt, GIAO_THUA)
    await world.apply(roster_event(IncidentOpened(incident=minor), enterprise=vnpt.enterprise_id, at=GIAO_THUA))
    [delivery] = [d for d in world.state.deliveries.values() if d.kind == "incident_opened"]
    assert (delivery.status, delivery.recipient_name) == ("failed", "Lê Văn Lãnh")
    assert "Lê Văn Lãnh" in (delivery.last_error or "")


def test_the_department_addresses_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFIER_DEPARTMENT_EMAILS", "thanhtra@sotttt.longan.gov.vn, vanphong@sotttt.longan.gov.vn")
    assert NotifierSettings().department_emails == ("thanhtra@sotttt.longan.gov.vn", "vanphong@sotttt.longan.gov.vn")
    monkeypatch.setenv("NOTIFIER_DEPARTMENT_EMAILS", "not-an-address")
    with pytest.raises(ValueError, match="department_emails"):
        NotifierSettings()


@pytest.mark.parametrize(
    ("severity", "border", "agency_links", "department"),
    [
        ("minor", False, False, False),
        ("minor", True, False, True),  # border impact alone
        ("minor", False, True, True),  # Party/State impact alone
        ("serious", False, False, True),  # severe alone
        ("critical", False, False, True),
        ("serious", True, True, True),
    ],
)
async def test_the_department_is_told_of_severe_or_border_or_party_state_incidents(
    severity: str, border: bool, agency_links: bool, department: bool
) -> None:
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    opened = incident(vnpt, GIAO_THUA, severity=severity, border=border, agency_links=agency_links)
    await world.apply(roster_event(IncidentOpened(incident=opened), enterprise=vnpt.enterprise_id, at=GIAO_THUA))
    told = [r for r, _ in recipients(world)]
    assert ("thanhtra@sotttt.longan.gov.vn" in told) is department
    assert "giamdoc@vnpt-longan.vn" in told
    if department:
        to_department = next(d for d in world.state.deliveries.values() if d.recipient == DEPARTMENT[0])
        assert "(gửi Sở)" in (to_department.body or "")


async def test_with_the_portals_address_each_alert_links_the_page_its_reader_may_open() -> None:
    world = make_world(department_emails=DEPARTMENT, portal_url="https://lichtruc.stttt.longan.gov.vn/")
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    critical = incident(vnpt, GIAO_THUA, severity="critical")
    await world.apply(roster_event(IncidentOpened(incident=critical), enterprise=vnpt.enterprise_id, at=GIAO_THUA))
    links = {
        d.recipient: [line for line in (d.body or "").splitlines() if line.startswith("Xem chi tiết")]
        for d in world.state.deliveries.values()
        if d.kind == "incident_opened"
    }
    assert links == {
        "giamdoc@vnpt-longan.vn": [
            f"Xem chi tiết: https://lichtruc.stttt.longan.gov.vn/incidents/{critical.incident_id}"
        ],
        DEPARTMENT[0]: [f"Xem chi tiết: https://lichtruc.stttt.longan.gov.vn/inspect/incidents/{critical.incident_id}"],
    }
    pages = {portal_page(url) for d in world.state.deliveries.values() for url in links_in(d.body or "")}
    assert pages == {"/incidents/{incident_id}", "/inspect/incidents/{incident_id}"}  # pages of the portal's own


def test_the_portals_address_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert NotifierSettings().portal_url == ""  # no link by default
    monkeypatch.setenv("NOTIFIER_PORTAL_URL", "http://127.0.0.1:8100/")
    assert NotifierSettings().portal_url == "http://127.0.0.1:8100"
    monkeypatch.setenv("NOTIFIER_PORTAL_URL", "lichtruc.stttt.longan.gov.vn")
    with pytest.raises(ValueError, match="portal_url"):
        NotifierSettings()


async def test_managers_and_the_leader_read_an_incident_in_their_own_language_the_department_in_the_default() -> None:
    world = make_world(department_emails=DEPARTMENT)
    post = await post_office(world)
    critical = incident(post, GIAO_THUA, severity="critical")
    await world.apply(roster_event(IncidentOpened(incident=critical), enterprise=post.enterprise_id, at=GIAO_THUA))
    assert read_as(world, "incident_opened") == {**THREE_READERS, DEPARTMENT[0]: (None, "vi")}
    subjects = {d.recipient: d.subject for d in world.state.deliveries.values()}
    assert subjects[ENGLISH_MANAGER].startswith("[Communication incident")
    assert subjects[MAILBOX].startswith("[Sự cố thông tin")

    # The leader on duty, Vietnamese in roster, chose English here: the next incident reaches them in English.
    lanh = Person.new("Lê Văn Lãnh", email="lanh@buudien-longan.vn")
    on_duty = post.shift([lanh], start=GIAO_THUA - timedelta(hours=4), hours=12)
    on_duty.planned()
    await world.apply(post.staff(lanh), on_duty.published())
    chosen = PreferencesIn("en", ("email",), None, None, None, None)
    await put_preferences(ctx=world.ctx, staff_id=lanh.staff_id, new=chosen)
    minor = incident(post, GIAO_THUA + timedelta(minutes=100))
    await world.apply(roster_event(IncidentOpened(incident=minor), enterprise=post.enterprise_id, at=GIAO_THUA))
    [told] = [d for d in world.state.deliveries.values() if str(minor.incident_id) in d.dedupe_key]
    assert (told.recipient, told.recipient_name, told.language) == ("lanh@buudien-longan.vn", "Lê Văn Lãnh", "en")
    assert told.subject.startswith("[Communication incident")


async def test_a_responder_taken_off_is_told_by_whom_and_when_on_their_channels_in_their_language() -> None:
    """K5/N3: a responder taken off an incident heard nothing. The person removed (only them: the others still
    respond) is told they no longer are, by whom and when, why, and what to do if they still respond — in their
    language, on the channels they chose, after their quiet hours, once whatever is redelivered; no login is said."""
    world = make_world(webhook_allowed_hosts=("hooks.example.vn",))
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    tuyet = Person.new("Nguyễn Thị Ánh Tuyết", email="tuyet@vnpt-longan.vn")
    binh = Person.new("Nguyễn Văn Bình", email="binh@vnpt-longan.vn")
    an = Person.new("Nguyễn Văn An", email="an@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), vnpt.staff(an, language="en"))
    # An reads English, by e-mail and on his webhook, and not between 00:00 and 06:00
    hook = "https://hooks.example.vn/an"
    chosen = PreferencesIn("en", ("email", "webhook"), None, time(0), time(6), hook, "bí mật đủ dài 2027")
    await put_preferences(ctx=world.ctx, staff_id=an.staff_id, new=chosen)
    world.clock.now = GIAO_THUA + timedelta(hours=2, minutes=30)  # 00:30 on Mùng 1 Tết
    added = GIAO_THUA + timedelta(minutes=50)
    stays = IncidentResponder(staff_id=binh.staff_id, full_name=binh.full_name, added_at=added, on_duty=True)

    def removed_event(person: Person, version: int, by_name: str | None, gone: tuple[Person, ...]):
        after = incident(vnpt, GIAO_THUA + timedelta(minutes=40)).model_copy(
            update={
                "version": version,
                "responders": (stays,),
                "removed": tuple(removal(p, added=added, removed=world.clock(), by_name=by_name) for p in gone),
            }
        )
        responder = IncidentResponder(
            staff_id=person.staff_id, full_name=person.full_name, added_at=added, on_duty=False
        )
        data = IncidentResponderRemoved(
            incident=after, responder=responder, reason="Thêm nhầm người", actor="hoa@vnpt-longan.vn"
        )
        return roster_event(data, enterprise=vnpt.enterprise_id, at=world.clock())

    first = removed_event(tuyet, 4, "Trần Thị Hoa", (tuyet,))
    await world.apply(first, first, removed_event(an, 5, None, (tuyet, an)))

    off = sorted(
        ((d.staff_id, d.channel) for d in world.state.deliveries.values() if d.kind == "responder_off"), key=str
    )
    assert sorted(off, key=str) == sorted(
        [(tuyet.staff_id, "email"), (an.staff_id, "email"), (an.staff_id, "webhook")], key=str
    )
    [to_her] = [d for d in world.state.deliveries.values() if d.recipient == "tuyet@vnpt-longan.vn"]
    body = to_her.body or ""
    assert (to_her.language, to_her.recipient_name) == ("vi", "Nguyễn Thị Ánh Tuyết")
    assert to_her.subject == (
        "[Anh/chị không còn trong danh sách ứng cứu sự cố] Tân Hưng — VNPT Long An, 22:40 05/02/2027"
    )
    assert body.startswith(
        "Chào Nguyễn Thị Ánh Tuyết,\n\nAnh/chị không còn trong danh sách ứng cứu sự cố dưới đây "
        "(gỡ bởi Trần Thị Hoa, lúc 00:30 06/02/2027 (Mùng 1 Tết Đinh Mùi))."
    )
    assert "Lý do: “Thêm nhầm người”" in body and "hãy báo người đã gỡ hoặc lãnh đạo trực" in body
    assert "hoa@vnpt-longan.vn" not in body and to_her.next_attempt_at == world.clock()

    to_him = {d.channel: d for d in world.state.deliveries.values() if d.staff_id == an.staff_id}
    mail = to_him["email"]
    assert (mail.recipient, mail.language) == ("an@vnpt-longan.vn", "en")
    assert "You are no longer among the responders to the incident below (removed at 00:30 6 Feb 2027" in (
        mail.body or ""
    )
    assert "hoa@vnpt-longan.vn" not in (mail.body or "")  # whoever removed him has no known name: none is made up
    morning = GIAO_THUA + timedelta(hours=8)  # 06:00 local, his quiet hours' end
    assert mail.next_attempt_at == morning and to_him["webhook"].next_attempt_at == morning
    payload = json.loads(to_him["webhook"].body or "")
    assert (to_him["webhook"].recipient, payload["kind"], payload["staff_id"]) == (
        hook,
        "responder_off",
        str(an.staff_id),
    )
    assert payload["text"] == mail.body


async def test_a_person_added_as_a_responder_is_told_which_incident_by_whom_and_what_to_do_once() -> None:
    """R1: nobody was told when added as an incident's responder. The person added (only them: not those already
    there) is told which incident — where, the enterprise, its severity, when it began —, who added them (a name,
    never the login) and when, the incident's page and what to do; in their language, on their channels, at once (a
    call to respond: not held by quiet hours); once per person and incident, whatever is redelivered."""
    world = make_world(webhook_allowed_hosts=("hooks.example.vn",))
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    tuyet = Person.new("Nguyễn Thị Ánh Tuyết", email="tuyet@vnpt-longan.vn")
    binh = Person.new("Nguyễn Văn Bình", email="binh@vnpt-longan.vn")
    an = Person.new("Nguyễn Văn An", email="an@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), vnpt.staff(an, language="en"))
    hook = "https://hooks.example.vn/an"
    chosen = PreferencesIn("en", ("email", "webhook"), None, time(0), time(6), hook, "bí mật đủ dài 2027")
    await put_preferences(ctx=world.ctx, staff_id=an.staff_id, new=chosen)
    world.clock.now = GIAO_THUA + timedelta(hours=2, minutes=30)  # 00:30 on Mùng 1 Tết, inside An's quiet hours
    base = incident(vnpt, GIAO_THUA + timedelta(minutes=40), severity="serious")

    def responder(person: Person, minutes: int) -> IncidentResponder:
        at = GIAO_THUA + timedelta(minutes=minutes)
        return IncidentResponder(staff_id=person.staff_id, full_name=person.full_name, added_at=at, on_duty=True)

    def added(version: int, people: tuple[IncidentResponder, ...], *, named: bool = True, by: str | None = None):
        after = base.model_copy(update={"version": version, "responders": people})
        data = IncidentUpdated(
            incident=after,
            change="responder_added",
            actor="hoa@vnpt-longan.vn",
            responder=people[-1] if named else None,
            actor_name=by,
        )
        return roster_event(data, enterprise=vnpt.enterprise_id, at=world.clock())

    bound = (responder(binh, 45),)
    with_her = (*bound, responder(tuyet, 150))
    with_him = (*with_her, responder(an, 150))
    note = IncidentUpdated(incident=base.model_copy(update={"version": 5, "responders": with_him}), change="note_added")
    await world.apply(
        added(2, bound, named=False),  # an event from before roster named the person added: nobody is told
        added(3, with_her, by="Trần Thị Hoa"),
        added(3, with_her, by="Trần Thị Hoa"),  # redelivered
        added(4, with_him),  # whoever added him has no known name
        roster_event(note, enterprise=vnpt.enterprise_id, at=world.clock()),
        added(7, with_him),  # taken off and added again: told already
    )

    on = sorted(((d.staff_id, d.channel) for d in world.state.deliveries.values() if d.kind == "responder_on"), key=str)
    assert on == sorted([(tuyet.staff_id, "email"), (an.staff_id, "email"), (an.staff_id, "webhook")], key=str)
    [to_her] = [d for d in world.state.deliveries.values() if d.recipient == "tuyet@vnpt-longan.vn"]
    body = to_her.body or ""
    assert (to_her.language, to_her.recipient_name) == ("vi", "Nguyễn Thị Ánh Tuyết")
    assert to_her.subject == (
        "[Anh/chị được thêm vào danh sách ứng cứu sự cố — nghiêm trọng] Tân Hưng — VNPT Long An, 22:40 05/02/2027"
    )
    assert body.startswith(
        "Chào Nguyễn Thị Ánh Tuyết,\n\nAnh/chị vừa được thêm vào danh sách ứng cứu sự cố dưới đây "
        "(người thêm: Trần Thị Hoa, lúc 00:30 06/02/2027 (Mùng 1 Tết Đinh Mùi)).\n"
    ), body
    assert "  Phát hiện lúc: 22:40 05/02/2027 (29 tháng Chạp" in body and "  Mức độ: nghiêm trọng\n" in body
    assert "Đề nghị anh/chị tham gia ứng cứu ngay" in body and "hoa@vnpt-longan.vn" not in body
    [link] = links_in(body)
    assert portal_page(link) == "/incidents/{incident_id}" and str(base.incident_id) in link
    assert to_her.next_attempt_at == world.clock()

    to_him = {d.channel: d for d in world.state.deliveries.values() if d.staff_id == an.staff_id}
    mail = to_him["email"]
    assert (mail.recipient, mail.language) == ("an@vnpt-longan.vn", "en")
    assert "You have been added to the responders to the incident below (at 00:30 6 Feb 2027" in (mail.body or "")
    assert "Please join the response now" in (mail.body or "") and "hoa@vnpt-longan.vn" not in (mail.body or "")
    assert mail.next_attempt_at == world.clock() == to_him["webhook"].next_attempt_at  # not after his quiet hours
    payload = json.loads(to_him["webhook"].body or "")
    assert (to_him["webhook"].recipient, payload["kind"], payload["text"]) == (hook, "responder_on", mail.body)


async def test_a_person_who_adds_herself_as_a_responder_is_told_she_joined_with_nobody_to_contact() -> None:
    """QZ22 #12a: a person who added herself as a responder read "(người thêm: Phạm Thị Ngọc Ánh)" and was told to
    contact whoever added her — herself. The event's `actor_staff_id` being hers (ids, not names) makes the mail say
    she joined, and when, without the "người thêm" or contact line; in both languages. A namesake who adds someone
    else (another staff record) is still named as the one who added."""
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    anh = Person.new("Phạm Thị Ngọc Ánh", email="anh@vnpt-longan.vn")
    john = Person.new("John Nguyễn", email="john@vnpt-longan.vn")
    bao = Person.new("Đặng Quốc Bảo", email="bao@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(john, language="en"), vnpt.staff(bao))
    world.clock.now = GIAO_THUA + timedelta(days=1, hours=9, minutes=30)  # 07:30 on mùng 2 Tết
    base = incident(vnpt, GIAO_THUA + timedelta(days=1, hours=9), severity="serious")
    at = world.clock()
    people: tuple[IncidentResponder, ...] = ()

    def added(person: Person, *, by: str, by_staff: uuid.UUID | None):
        nonlocal people
        people = (
            *people,
            IncidentResponder(staff_id=person.staff_id, full_name=person.full_name, added_at=at, on_duty=True),
        )
        data = IncidentUpdated(
            incident=base.model_copy(update={"version": len(people) + 1, "responders": people}),
            change="responder_added",
            actor=f"{by_staff}@accounts",
            responder=people[-1],
            actor_name=by,
            actor_staff_id=by_staff,
        )
        return roster_event(data, enterprise=vnpt.enterprise_id, at=at)

    await world.apply(
        added(anh, by="Phạm Thị Ngọc Ánh", by_staff=anh.staff_id),
        added(john, by="John Nguyễn", by_staff=john.staff_id),
        added(bao, by="Đặng Quốc Bảo", by_staff=uuid.uuid4()),  # a namesake's account: not him
    )
    mails = {d.recipient: d for d in world.state.deliveries.values() if d.kind == "responder_on"}
    hers = mails["anh@vnpt-longan.vn"]
    body = hers.body or ""
    assert hers.subject is not None and hers.subject.startswith("[Anh/chị đã đăng ký ứng cứu sự cố — nghiêm trọng] ")
    assert body.startswith(
        "Chào Phạm Thị Ngọc Ánh,\n\nAnh/chị đã đăng ký tham gia ứng cứu sự cố dưới đây lúc 07:30 07/02/2027 "
        "(Mùng 2 Tết Đinh Mùi).\n"
    ), body
    assert "người thêm" not in body and "người đã thêm" not in body and "liên hệ" not in body
    assert "Hãy ghi cập nhật trên trang sự cố khi có tiến triển." in body
    his = mails["john@vnpt-longan.vn"].body or ""
    assert "You joined the responders to the incident below at 07:30 7 Feb 2027" in his, his
    assert "whoever added you" not in his and " (by " not in his and "get in touch" not in his
    bao_mail = mails["bao@vnpt-longan.vn"].body or ""
    assert "(người thêm: Đặng Quốc Bảo, lúc 07:30 07/02/2027" in bao_mail
    assert "liên hệ lãnh đạo trực hoặc người đã thêm anh/chị" in bao_mail


async def test_a_responder_who_takes_herself_off_is_told_she_left_with_nobody_to_ask() -> None:
    """QZ22 #12a, the other way: a responder who took herself off would read "(gỡ bởi Phạm Thị Ngọc Ánh, …)" and be
    told to ask whoever removed her — herself — to add her again. The event's `actor_staff_id` being hers (ids, not
    names) makes the mail say she left, when and why, and that she may add herself again; in both languages. One
    taken off by a namesake's account (another staff record) is still told by whom, and to ask them."""
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    anh = Person.new("Phạm Thị Ngọc Ánh", email="anh@vnpt-longan.vn")
    john = Person.new("John Nguyễn", email="john@vnpt-longan.vn")
    bao = Person.new("Đặng Quốc Bảo", email="bao@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(john, language="en"), vnpt.staff(bao))
    world.clock.now = GIAO_THUA + timedelta(days=1, hours=9, minutes=30)  # 07:30 on mùng 2 Tết
    at, added = world.clock(), GIAO_THUA + timedelta(days=1, hours=9, minutes=10)
    base = incident(vnpt, GIAO_THUA + timedelta(days=1, hours=9), severity="serious")
    gone: tuple[IncidentRemoval, ...] = ()

    def removed(person: Person, *, by: str, by_staff: uuid.UUID | None):
        nonlocal gone
        gone = (
            *gone,
            IncidentRemoval(
                staff_id=person.staff_id,
                full_name=person.full_name,
                added_at=added,
                removed_at=at,
                by=f"{by_staff}@accounts",
                by_name=by,
                reason="Đang nghỉ phép",
            ),
        )
        data = IncidentResponderRemoved(
            incident=base.model_copy(update={"version": len(gone) + 4, "removed": gone}),
            responder=IncidentResponder(
                staff_id=person.staff_id, full_name=person.full_name, added_at=added, on_duty=True
            ),
            reason="Đang nghỉ phép",
            actor=f"{by_staff}@accounts",
            actor_staff_id=by_staff,
        )
        return roster_event(data, enterprise=vnpt.enterprise_id, at=at)

    await world.apply(
        removed(anh, by="Phạm Thị Ngọc Ánh", by_staff=anh.staff_id),
        removed(john, by="John Nguyễn", by_staff=john.staff_id),
        removed(bao, by="Đặng Quốc Bảo", by_staff=uuid.uuid4()),  # a namesake's account: not him
    )
    mails = {d.recipient: d for d in world.state.deliveries.values() if d.kind == "responder_off"}
    hers = mails["anh@vnpt-longan.vn"]
    body = hers.body or ""
    assert hers.subject is not None and hers.subject.startswith("[Anh/chị đã rút khỏi danh sách ứng cứu sự cố] ")
    assert body.startswith(
        "Chào Phạm Thị Ngọc Ánh,\n\nAnh/chị đã tự rút khỏi danh sách ứng cứu sự cố dưới đây lúc 07:30 07/02/2027 "
        "(Mùng 2 Tết Đinh Mùi).\n"
    ), body
    assert "Lý do: “Đang nghỉ phép”" in body
    assert "gỡ bởi" not in body and "người đã gỡ" not in body
    assert "hãy đăng ký lại trên trang sự cố" in body
    his = mails["john@vnpt-longan.vn"].body or ""
    assert "You left the responders to the incident below at 07:30 7 Feb 2027" in his, his
    assert "removed by" not in his and "whoever removed you" not in his
    assert "add yourself again on the incident's page" in his
    bao_mail = mails["bao@vnpt-longan.vn"].body or ""
    assert "(gỡ bởi Đặng Quốc Bảo, lúc 07:30 07/02/2027" in bao_mail
    assert "hãy báo người đã gỡ hoặc lãnh đạo trực" in bao_mail


async def test_those_alerted_of_a_serious_incident_are_told_once_it_is_resolved_with_the_restore_time_and_cause() -> (
    None
):
    """QZ26 #11b: the inspector and the leader got "[Sự cố thông tin — nghiêm trọng]" when a serious incident opened
    and nothing when it closed. Those the opening alert went to — and only they — are told it is resolved: when
    service came back, how long it was out, the cause; once, whatever is redelivered; each in the alert's language."""
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    lanh = Person.new("Lê Văn Lãnh", email="lanh@vnpt-longan.vn")
    on_duty = vnpt.shift([lanh], start=GIAO_THUA - timedelta(hours=4), hours=12)
    on_duty.planned()
    await world.apply(vnpt.registered(), vnpt.staff(lanh), on_duty.published())
    detected = GIAO_THUA + timedelta(minutes=100)  # 23:40
    serious = incident(vnpt, detected, severity="serious", site_name="Trạm Hưng Điền")
    await world.apply(roster_event(IncidentOpened(incident=serious), enterprise=vnpt.enterprise_id, at=detected))
    minor = incident(vnpt, detected, severity="minor")  # the leader alone was told of this one
    await world.apply(roster_event(IncidentOpened(incident=minor), enterprise=vnpt.enterprise_id, at=detected))

    restored = detected + timedelta(hours=2, minutes=15)  # 01:55 on Mùng 1
    closed = serious.model_copy(
        update={
            "status": "resolved",
            "version": 5,
            "restored_at": restored,
            "resolved_at": restored + timedelta(minutes=5),
            "cause": "Xe cơ giới kéo đứt cáp treo qua đường tỉnh 831",
            "closing_note": "Đã thay 200 m cáp quang",
        }
    )
    resolved = roster_event(IncidentResolved(incident=closed), enterprise=vnpt.enterprise_id, at=restored)
    await world.apply(resolved, resolved)
    await world.apply(roster_event(IncidentResolved(incident=closed), enterprise=vnpt.enterprise_id, at=restored))
    told = sorted((d.recipient, d.language) for d in world.state.deliveries.values() if d.kind == "incident_closed")
    assert told == [("lanh@vnpt-longan.vn", "vi"), (DEPARTMENT[0], "vi")]  # not the manager, who was not alerted
    to_department = next(
        d for d in world.state.deliveries.values() if d.kind == "incident_closed" and d.recipient == DEPARTMENT[0]
    )
    assert to_department.subject == (
        "[Sự cố thông tin — Đã khắc phục] Trạm Hưng Điền — VNPT Long An, khôi phục lúc 01:55 06/02/2027"
    ), to_department.subject
    body = to_department.body or ""
    assert "Khôi phục dịch vụ lúc: 01:55 06/02/2027 (Mùng 1 Tết" in body, body
    assert "Thời gian gián đoạn: 2 giờ 15 phút" in body
    assert "Nguyên nhân: Xe cơ giới kéo đứt cáp treo qua đường tỉnh 831" in body
    assert "Kết quả xử lý: Đã thay 200 m cáp quang" in body

    # the minor one resolved: its leader, alone alerted, alone told; in English once they chose it for the alert
    minor_closed = minor.model_copy(update={"status": "resolved", "version": 3, "restored_at": restored})
    await world.apply(roster_event(IncidentResolved(incident=minor_closed), enterprise=vnpt.enterprise_id, at=restored))
    [only] = [
        d
        for d in world.state.deliveries.values()
        if d.kind == "incident_closed" and str(minor.incident_id) in d.dedupe_key
    ]
    assert only.recipient == "lanh@vnpt-longan.vn" and "Nguyên nhân" not in (only.body or "")


async def test_an_english_reader_alerted_is_told_of_the_closing_in_english() -> None:
    world = make_world(department_emails=DEPARTMENT)
    post = await post_office(world)
    critical = incident(post, GIAO_THUA, severity="critical")
    await world.apply(roster_event(IncidentOpened(incident=critical), enterprise=post.enterprise_id, at=GIAO_THUA))
    back = critical.model_copy(
        update={
            "status": "resolved",
            "version": 2,
            "restored_at": GIAO_THUA + timedelta(minutes=45),
            "cause": "Mất điện",
        }
    )
    await world.apply(roster_event(IncidentResolved(incident=back), enterprise=post.enterprise_id, at=GIAO_THUA))
    closing = {d.recipient: d for d in world.state.deliveries.values() if d.kind == "incident_closed"}
    assert set(closing) == set(read_as(world, "incident_opened"))
    english = closing[ENGLISH_MANAGER]
    assert english.subject.startswith("[Communication incident — Resolved]") and "restored at 22:45" in english.subject
    assert "Outage: 45 minutes" in (english.body or "") and "Cause: Mất điện" in (english.body or "")
