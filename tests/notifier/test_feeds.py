"""Calendar feeds on the real broker and database: a shift's whole life in every feed it
touches (SEQUENCE, STATUS, DTSTAMP), tokens that can be rotated and revoked, ETag/304, and
Vietnamese names byte for byte. Every feed is read back with icalendar and with ical."""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus
from notifier_testkit import (
    ALL_DIACRITICS,
    GIAO_THUA,
    PORTAL,
    TUYET,
    Enterprise,
    FakeClock,
    Person,
    campaign_opened,
    send_and_wait,
    settings_for,
)
from sqlalchemy import select

from notifier.app import create_app
from notifier.db.tables import feed_subscriptions
from support import running, wait_ready

NOW = datetime(2027, 1, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def settings(new_database, kafka, topic_prefix):
    return settings_for(new_database("notifier"), kafka, topic_prefix, scheduler_enabled=False)


@pytest.fixture
async def app_client(settings, clock):
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        yield app, client


def parse_both(data: bytes):
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    return cal, IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


async def new_feed(client, **body) -> dict:
    response = await client.post("/feeds", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def fetch(client, feed: dict) -> dict[str, dict[str, Any]]:
    """The feed's events by UID, each as {status, sequence, dtstamp, start, summary, description},
    after checking that both parsers read the same events."""
    response = await client.get(feed["url"].removeprefix("https://lich.example.vn"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    cal, other = parse_both(response.content)
    events = {}
    for event in cal.events:
        events[str(event["UID"])] = {
            "status": str(event["STATUS"]),
            "sequence": int(event["SEQUENCE"]),
            "dtstamp": event["DTSTAMP"].dt,
            "start": event["DTSTART"].dt,
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
    assert {e.uid: (e.status.value, e.sequence) for e in other.events} == {
        uid: ("CANCELLED" if e["status"] == "CANCELLED" else "CONFIRMED", e["sequence"]) for uid, e in events.items()
    }
    assert all(e.status in (EventStatus.CONFIRMED, EventStatus.CANCELLED) for e in other.events)
    return events


def uid(shift, person: Person | None = None) -> str:
    return f"{shift.shift_id}.{person.staff_id if person else 'all'}@lichtruc"


async def test_a_shifts_whole_life_in_every_affected_feed(app_client, settings, kafka, clock) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet, binh, phuc = Person.new(TUYET), Person.new("Trần Văn Bình"), Person.new("Lê Hoàng Phúc")
    site_id, site = vnpt.site("Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An")
    await send_and_wait(app, kafka, settings, [vnpt.registered(), site] + [vnpt.staff(p) for p in (tuyet, binh, phuc)])
    feeds = {p.full_name: await new_feed(client, kind="person", staff_id=str(p.staff_id)) for p in (tuyet, binh, phuc)}
    whole = await new_feed(client, kind="enterprise", enterprise_id=str(vnpt.enterprise_id))
    leaders = await new_feed(client, kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="leadership")
    operators = await new_feed(client, kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="operations")
    unknown = await client.post(
        "/feeds", json={"kind": "duty", "enterprise_id": str(vnpt.enterprise_id), "duty_type": "xyz"}
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body.duty_type"  # would stay empty
    assert "Trực lãnh đạo" in unknown.json()["errors"][0]["message_vi"]  # the duty types offered, in words

    shift = vnpt.shift([tuyet, binh], start=GIAO_THUA, site_id=site_id, notes="Kiểm tra máy phát điện")
    draft = shift.planned()
    await send_and_wait(app, kafka, settings, [draft])
    assert await fetch(client, feeds[TUYET]) == {}  # drafts never appear
    assert await fetch(client, whole) == {}

    clock.advance(hours=1)
    published = shift.published()
    await send_and_wait(app, kafka, settings, [published])
    mine = await fetch(client, feeds[TUYET])
    assert mine[uid(shift, tuyet)]["sequence"] == 0
    assert mine[uid(shift, tuyet)]["status"] == "CONFIRMED"
    assert mine[uid(shift, tuyet)]["dtstamp"] == published.time
    assert mine[uid(shift, tuyet)]["summary"] == "Trực lãnh đạo — VNPT Long An (29 tháng Chạp → Mùng 1 Tết, giao thừa)"
    description = mine[uid(shift, tuyet)]["description"]
    assert "Đồng nghiệp cùng ca: Trần Văn Bình" in description
    assert "Điện thoại trực lãnh đạo: 0272 3 826 999" in description
    assert "Địa điểm: Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An" in description
    assert (await fetch(client, feeds["Trần Văn Bình"]))[uid(shift, binh)]["sequence"] == 0
    assert await fetch(client, feeds["Lê Hoàng Phúc"]) == {}
    assert {k: v["sequence"] for k, v in (await fetch(client, whole)).items()} == {uid(shift): 0}
    # The enterprise's feed: who is on the shift, not anybody's "colleagues".
    whole_description = (await fetch(client, whole))[uid(shift)]["description"]
    assert f"Người trực: {TUYET}, Trần Văn Bình" in whole_description and "Đồng nghiệp" not in whole_description
    assert list(await fetch(client, leaders)) == [uid(shift)]
    assert await fetch(client, operators) == {}

    clock.advance(hours=1)
    moved = shift.rescheduled(GIAO_THUA + timedelta(hours=1))
    await send_and_wait(app, kafka, settings, [moved])
    mine = await fetch(client, feeds[TUYET])
    assert mine[uid(shift, tuyet)]["sequence"] == 1
    assert mine[uid(shift, tuyet)]["dtstamp"] == moved.time
    assert mine[uid(shift, tuyet)]["start"].astimezone(UTC) == GIAO_THUA + timedelta(hours=1)
    assert (await fetch(client, whole))[uid(shift)]["sequence"] == 1

    clock.advance(hours=1)
    await send_and_wait(app, kafka, settings, [shift.reassigned([tuyet, phuc])])
    mine = await fetch(client, feeds[TUYET])
    assert mine[uid(shift, tuyet)]["sequence"] == 2  # her colleague changed: she sees it
    assert "Đồng nghiệp cùng ca: Lê Hoàng Phúc" in mine[uid(shift, tuyet)]["description"]
    gone = (await fetch(client, feeds["Trần Văn Bình"]))[uid(shift, binh)]
    assert (gone["status"], gone["sequence"]) == ("CANCELLED", 2)  # stays, cancelled, so clients remove it
    # Bình was taken off and Phúc put on: his calendar says to whom he handed the shift over.
    assert gone["summary"].startswith("Đã chuyển giao cho Lê Hoàng Phúc: ")
    assert "ca đã được chuyển giao cho Lê Hoàng Phúc" in gone["description"]
    new = (await fetch(client, feeds["Lê Hoàng Phúc"]))[uid(shift, phuc)]
    assert (new["status"], new["sequence"]) == ("CONFIRMED", 0)
    assert (await fetch(client, whole))[uid(shift)]["sequence"] == 2

    clock.advance(hours=1)
    await send_and_wait(app, kafka, settings, [shift.checked_in(tuyet)])  # nothing visible changes
    assert (await fetch(client, feeds[TUYET]))[uid(shift, tuyet)]["sequence"] == 2
    assert (await fetch(client, whole))[uid(shift)]["sequence"] == 2

    clock.advance(hours=1)
    cancelled = shift.cancelled()
    await send_and_wait(app, kafka, settings, [cancelled])
    for feed, key, sequence in (
        (feeds[TUYET], uid(shift, tuyet), 3),
        (feeds["Lê Hoàng Phúc"], uid(shift, phuc), 1),
        (whole, uid(shift), 3),
        (leaders, uid(shift), 3),
        (feeds["Trần Văn Bình"], uid(shift, binh), 2),
    ):
        event = (await fetch(client, feed))[key]
        assert (event["status"], event["sequence"]) == ("CANCELLED", sequence), key
    assert (await fetch(client, whole))[uid(shift)]["dtstamp"] == cancelled.time
    cancelled_entry = (await fetch(client, feeds[TUYET]))[uid(shift, tuyet)]
    assert cancelled_entry["summary"].startswith("Đã hủy: ")
    # The manager's reason reaches the calendar.
    assert "Lý do hủy: Điều chỉnh kế hoạch" in cancelled_entry["description"]

    # Kept for the retention period after the shift's end, then gone.
    clock.now = shift.snapshot.ends_at + timedelta(days=settings.feed_retention_days) - timedelta(minutes=1)
    assert list(await fetch(client, feeds[TUYET])) == [uid(shift, tuyet)]
    clock.advance(minutes=2)
    assert await fetch(client, feeds[TUYET]) == {}
    assert await fetch(client, whole) == {}


async def test_out_of_order_and_early_events(app_client, settings, kafka, clock) -> None:
    """A shift event before the enterprise it refers to; an older version after a newer one."""
    app, client = app_client
    vnpt = Enterprise(clock, name="Viettel Long An")
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    feed = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id), language="en")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    published = shift.published()  # v2
    clock.advance(minutes=5)
    reassigned = shift.reassigned([tuyet, binh])  # v3
    clock.advance(minutes=5)
    moved = shift.rescheduled(GIAO_THUA + timedelta(hours=2))  # v4
    # v4 arrives first, then v2 and v3 late, then v4 again (a redelivery).
    await send_and_wait(app, kafka, settings, [moved, published, reassigned, moved])
    event = (await fetch(client, feed))[uid(shift, tuyet)]
    assert event["sequence"] == 0 and event["dtstamp"] == moved.time
    assert event["start"].astimezone(UTC) == GIAO_THUA + timedelta(hours=2)
    assert "Colleagues on this shift: Trần Văn Bình" in event["description"]
    assert "unregistered enterprise" in event["summary"]  # shown with what is known

    clock.advance(minutes=5)
    registered = vnpt.registered()
    await send_and_wait(app, kafka, settings, [registered])
    event = (await fetch(client, feed))[uid(shift, tuyet)]
    assert event["summary"] == "Leadership duty — Viettel Long An (1st day of Tết)"  # 00:00 on 6 Feb locally
    assert (event["sequence"], event["dtstamp"]) == (1, registered.time)  # the name is a visible change


async def test_tokens_etag_rotation_and_revocation(app_client, settings, kafka, clock) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])

    feed = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id), label="Chị Tuyết")
    token = feed["token"]
    assert len(token) >= 43  # 32 random bytes
    assert feed["url"] == f"https://lich.example.vn/feeds/{token}.ics"
    assert feed["webcal_url"] == f"webcal://lich.example.vn/feeds/{token}.ics"
    async with app.state.runtime.sessions() as session:
        stored = (await session.execute(select(feed_subscriptions))).mappings().one()
    assert stored["token_sha256"] == hashlib.sha256(token.encode()).digest()
    assert token not in {str(v) for v in stored.values()}  # only the digest is kept

    path = f"/feeds/{token}.ics"
    first = await client.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"].startswith("private, max-age=")
    again = await client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert (await client.get(path, headers={"If-None-Match": f'"x", W/{etag}'})).status_code == 304
    assert (await client.get(path)).content == first.content  # same bytes, same ETag

    clock.advance(minutes=1)
    await send_and_wait(app, kafka, settings, [shift.rescheduled(GIAO_THUA + timedelta(hours=1))])
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag

    rotated = await client.post(f"/feeds/{feed['id']}/rotate")
    assert rotated.status_code == 200
    new_token = rotated.json()["token"]
    assert new_token != token
    old = await client.get(path)
    assert old.status_code == 404
    assert old.headers["content-type"] == "application/problem+json"
    assert old.json()["detail_vi"]
    assert (await client.get(f"/feeds/{new_token}.ics")).content == changed.content

    listed = (await client.get("/feeds", params={"staff_id": str(tuyet.staff_id)})).json()
    assert [f["id"] for f in listed["items"]] == [feed["id"]]
    assert "token" not in listed["items"][0] and listed["items"][0]["token_prefix"] == new_token[:6]

    revoked = await client.delete(f"/feeds/{feed['id']}")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert (await client.get(f"/feeds/{new_token}.ics")).status_code == 404
    assert (await client.post(f"/feeds/{feed['id']}/rotate")).status_code == 409
    assert (await client.get("/feeds", params={"revoked": "false"})).json()["items"] == []
    assert (await client.get("/feeds/not-a-token.ics")).status_code == 404
    assert (await client.get(f"/feeds/{'A' * 43}.ics")).status_code == 404


async def test_a_persons_feed_names_the_duty_leader_and_a_new_leader_is_a_new_etag(
    app_client, settings, kafka, clock
) -> None:
    """QZ26 #7 on PostgreSQL (the feed's one read of the leaders, the version's sum of their scopes): the worker's
    giao thừa night says who leads on duty then, by name and phone, read by both parsers; the leader changed by the
    consumer's batch is a 200 with the new one to a client holding the old ETag, not a 304."""
    app, client = app_client
    vnpt = Enterprise(clock)
    worker, leader, deputy = Person.new(TUYET), Person.new("Nguyễn Văn An"), Person.new("Trần Thị Bích")
    night = vnpt.shift([worker], start=GIAO_THUA + timedelta(hours=1), hours=4, duty_type="operations")
    lead = vnpt.shift([leader], start=GIAO_THUA - timedelta(hours=4), hours=12)
    other = Enterprise(clock, name="Viettel Long An")
    elsewhere = other.shift([Person.new("Lê Văn Khác")], start=GIAO_THUA, hours=8)  # another enterprise's leader
    for shift in (night, lead, elsewhere):
        shift.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [
            vnpt.registered(),
            other.registered(),
            vnpt.staff(worker),
            vnpt.staff(leader, phone="0912345678"),
            vnpt.staff(deputy, phone="0987654321"),
            night.published(),
            lead.published(),
            elsewhere.published(),
        ],
    )
    feed = await new_feed(client, kind="person", staff_id=str(worker.staff_id))
    path = feed["url"].removeprefix("https://lich.example.vn")
    events = await fetch(client, feed)
    [event] = events.values()
    sequence = event["sequence"]
    assert event["summary"] == "Trực điều hành — VNPT Long An (29 tháng Chạp → Mùng 1 Tết, giao thừa)"
    lines = event["description"].splitlines()
    assert "Ngày âm lịch: 23:00 29 tháng Chạp → 03:00 Mùng 1 Tết (giao thừa)" in lines
    # among who else is on duty then, as the portal's "Cùng trực" (QZ29 #1)
    assert "Cùng trực (1 người): Trực lãnh đạo: Nguyễn Văn An, 0912 345 678 (18:00 05/02 → 06:00 06/02)" in lines
    assert "Lê Văn Khác" not in event["description"]
    etag = (await client.get(path)).headers["etag"]
    assert (await client.get(path, headers={"If-None-Match": etag})).status_code == 304

    clock.advance(minutes=1)
    await send_and_wait(app, kafka, settings, [lead.reassigned([deputy])])
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    [event] = (await fetch(client, feed)).values()
    assert "Trực lãnh đạo: Trần Thị Bích, 0987 654 321 (18:00 05/02 → 06:00 06/02)" in event["description"]
    assert "Nguyễn Văn An" not in event["description"]
    # R1's leftover: a change the client must show raises the event's SEQUENCE (RFC 5545), as a shift's own does
    assert event["sequence"] == sequence + 1

    etag = changed.headers["etag"]
    await send_and_wait(app, kafka, settings, [vnpt.staff(deputy, phone="0901112233", version=2)])
    rephoned = await client.get(path, headers={"If-None-Match": etag})
    assert rephoned.status_code == 200 and "Trần Thị Bích, 0901 112 233" in str(
        icalendar.Calendar.from_ical(rephoned.content).events[0]["DESCRIPTION"]
    )


MUNG_2_0600 = datetime(2027, 2, 6, 23, tzinfo=UTC)  # 06:00 07/02 (mùng 2 Tết), Asia/Ho_Chi_Minh


async def test_a_persons_feed_says_who_else_is_on_duty_as_the_portal_does_and_links_each_event(
    app_client, settings, kafka, clock
) -> None:
    """QZ29 #1 on PostgreSQL: Ánh alone on a reinforcement shift 10:30–14:30 of mùng 2 had "Đồng nghiệp cùng ca:
    không có — … xem trang 'Ca trực của tôi'" in her feed where the portal's card says "Cùng trực (4 người)". Now
    her event names them as the card does (roster's rule: the enterprise's live shifts overlapping hers, the duty
    leader first with a phone; not a draft, a cancelled shift, another enterprise's); a shift of her enterprise she
    is not on, published beside hers, is a new ETag and a fifth name; each event links to its shift on the portal."""
    app, client = app_client
    vnpt, other = Enterprise(clock), Enterprise(clock, name="Viettel Long An")
    anh, tuan, linh, cong, hoa = (
        Person.new(n)
        for n in ("Phạm Thị Ngọc Ánh", "Lê Minh Tuấn", "Huỳnh Thị Mỹ Linh", "Trương Công Danh", "Lê Văn Hòa")
    )
    drafted, gone, stranger = Person.new("Ngô Văn Nháp"), Person.new("Vũ Thị Hủy"), Person.new("Trịnh Văn Lạ")
    mine = vnpt.shift([anh], start=MUNG_2_0600 + timedelta(hours=4, minutes=30), hours=4, duty_type="operations")
    lead = vnpt.shift([tuan], start=MUNG_2_0600 + timedelta(hours=2), hours=24)
    day_ops = vnpt.shift([linh], start=MUNG_2_0600, hours=12, duty_type="operations")
    response = vnpt.shift([cong], start=MUNG_2_0600, hours=12, duty_type="incident_response")
    draft = vnpt.shift([drafted], start=MUNG_2_0600, hours=12, duty_type="patrol")
    cancelled = vnpt.shift([gone], start=MUNG_2_0600, hours=12, duty_type="patrol")
    elsewhere = other.shift([stranger], start=MUNG_2_0600, hours=12, duty_type="operations")
    events = [s.planned() for s in (mine, lead, day_ops, response, draft, cancelled, elsewhere)]
    people = [vnpt.staff(p) for p in (anh, linh, cong, hoa, drafted, gone)]
    published = [s.published() for s in (mine, lead, day_ops, response, cancelled, elsewhere)]
    await send_and_wait(
        app,
        kafka,
        settings,
        [vnpt.registered(), other.registered(), *people, vnpt.staff(tuan, phone="0901258324"), other.staff(stranger)]
        + events
        + published
        + [cancelled.cancelled()],
    )
    feed = await new_feed(client, kind="person", staff_id=str(anh.staff_id))
    path = feed["url"].removeprefix("https://lich.example.vn")
    [event] = (await fetch(client, feed)).values()
    lines = event["description"].splitlines()
    assert lines[2:5] == [
        "Cùng trực (3 người): Trực lãnh đạo: Lê Minh Tuấn, 0901 258 324 (08:00 07/02 → 08:00 08/02)",
        "Trực điều hành: Huỳnh Thị Mỹ Linh (06:00–18:00)",
        "Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Trương Công Danh (06:00–18:00)",
    ], lines
    said = event["description"]
    assert "Đồng nghiệp cùng ca" not in said and "Ca trực của tôi" not in said  # she is not alone: nothing to look up
    assert not any(n in said for n in ("Ngô Văn Nháp", "Vũ Thị Hủy", "Trịnh Văn Lạ"))
    assert said.count("Trực lãnh đạo") == 1  # the leader among them, no line of its own
    [vevent] = icalendar.Calendar.from_ical((await client.get(path)).content).events
    assert str(vevent["URL"]) == f"{PORTAL}/go/shifts/{mine.shift_id}"  # the portal opens it among her shifts
    etag = (await client.get(path)).headers["etag"]

    clock.advance(minutes=1)
    noon = vnpt.shift([hoa], start=MUNG_2_0600 + timedelta(hours=6), hours=6, duty_type="operations")
    await send_and_wait(app, kafka, settings, [noon.planned(), noon.published()])
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    [event] = (await fetch(client, feed)).values()
    lines = event["description"].splitlines()
    assert lines[2].startswith("Cùng trực (4 người): Trực lãnh đạo: Lê Minh Tuấn")
    assert "Trực điều hành: Huỳnh Thị Mỹ Linh (06:00–18:00); Lê Văn Hòa (12:00–18:00)" in lines


async def test_an_enterprises_and_a_duty_types_feed_name_the_duty_leader_and_follow_a_new_one(
    app_client, settings, kafka, clock
) -> None:
    """R1's leftover: only a person's feed said who leads on duty. An enterprise's feed and a duty type's say it of
    each shift (the leadership shift itself, with no other leader, says none), and a new leader is a new ETag and one
    more SEQUENCE of the events it shows in — not of those it does not overlap."""
    app, client = app_client
    vnpt = Enterprise(clock)
    worker, leader, deputy = Person.new(TUYET), Person.new("Nguyễn Văn An"), Person.new("Trần Thị Bích")
    night = vnpt.shift([worker], start=GIAO_THUA + timedelta(hours=1), hours=4, duty_type="operations")
    later = vnpt.shift([worker], start=GIAO_THUA + timedelta(days=2), hours=4, duty_type="operations")
    lead = vnpt.shift([leader], start=GIAO_THUA - timedelta(hours=4), hours=12)
    for shift in (night, later, lead):
        shift.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [
            vnpt.registered(),
            vnpt.staff(worker),
            vnpt.staff(leader, phone="0912345678"),
            vnpt.staff(deputy, phone="0987654321"),
            night.published(),
            later.published(),
            lead.published(),
        ],
    )
    whole = await new_feed(client, kind="enterprise", enterprise_id=str(vnpt.enterprise_id))
    duty = await new_feed(client, kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="operations")
    said = "Trực lãnh đạo: Nguyễn Văn An, 0912 345 678 (18:00 05/02 → 06:00 06/02)"
    before = {}
    for feed in (whole, duty):
        events = await fetch(client, feed)
        assert said in events[uid(night)]["description"].splitlines()
        assert "Trực lãnh đạo: chưa xếp ai trong giờ ca này" in events[uid(later)]["description"].splitlines()
        before[feed["id"]] = events
    assert "Trực lãnh đạo:" not in before[whole["id"]][uid(lead)]["description"]  # its reader's leader is on it
    path = whole["url"].removeprefix("https://lich.example.vn")
    etag = (await client.get(path)).headers["etag"]

    clock.advance(minutes=1)
    await send_and_wait(app, kafka, settings, [lead.reassigned([deputy])])
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    for feed in (whole, duty):
        events = await fetch(client, feed)
        was = before[feed["id"]]
        assert "Trực lãnh đạo: Trần Thị Bích, 0987 654 321" in events[uid(night)]["description"]
        assert "Nguyễn Văn An" not in events[uid(night)]["description"]
        assert events[uid(night)]["sequence"] == was[uid(night)]["sequence"] + 1
        assert events[uid(later)]["sequence"] == was[uid(later)]["sequence"]  # not during the leader's shift


async def test_a_duty_leaders_name_or_phone_edited_raises_the_sequence_of_the_events_they_lead_during(
    app_client, settings, kafka, clock
) -> None:
    """V3: editing a duty leader's name or phone moved the feeds' ETag and body but no event's SEQUENCE (RFC 5545
    3.8.7.4: a change a client must show raises it), so a client holding the event kept the old “Trực lãnh đạo” line.
    Now, as a change of leader does, each event the leader's shift overlaps gets one more SEQUENCE — on the
    enterprise's, the duty type's and the worker's own feed — and those it does not overlap keep theirs; an edit of
    something the events do not say (the e-mail) raises none."""
    app, client = app_client
    vnpt = Enterprise(clock)
    worker, leader = Person.new(TUYET), Person.new("Nguyễn Văn An")
    night = vnpt.shift([worker], start=GIAO_THUA + timedelta(hours=1), hours=4, duty_type="operations")
    later = vnpt.shift([worker], start=GIAO_THUA + timedelta(days=2), hours=4, duty_type="operations")
    lead = vnpt.shift([leader], start=GIAO_THUA - timedelta(hours=4), hours=12)
    for shift in (night, later, lead):
        shift.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [
            vnpt.registered(),
            vnpt.staff(worker),
            vnpt.staff(leader, phone="0912345678"),
            night.published(),
            later.published(),
            lead.published(),
        ],
    )
    feeds = [
        await new_feed(client, kind="enterprise", enterprise_id=str(vnpt.enterprise_id)),
        await new_feed(client, kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="operations"),
        await new_feed(client, kind="person", staff_id=str(worker.staff_id)),
    ]

    async def read() -> list[tuple[dict[str, dict[str, Any]], str]]:
        """Each feed's events by shift id (a person's feed's UIDs are the person's) and its ETag."""
        found = []
        for f in feeds:
            events = {k.split(".")[0]: v for k, v in (await fetch(client, f)).items()}
            found.append((events, (await client.get(f["url"].removeprefix("https://lich.example.vn"))).headers["etag"]))
        return found

    def key(shift) -> str:
        return str(shift.shift_id)

    before = await read()
    for events, _ in before:
        assert "Trực lãnh đạo: Nguyễn Văn An, 0912 345 678" in events[key(night)]["description"]

    clock.advance(minutes=1)
    await send_and_wait(app, kafka, settings, [vnpt.staff(leader, phone="0901112233", version=2)])
    rephoned = await read()
    for (was, etag), (now, new_etag) in zip(before, rephoned, strict=True):
        assert new_etag != etag
        assert "Trực lãnh đạo: Nguyễn Văn An, 0901 112 233" in now[key(night)]["description"]
        assert now[key(night)]["sequence"] == was[key(night)]["sequence"] + 1
        assert now[key(later)]["sequence"] == was[key(later)]["sequence"]  # not during the leader's shift
    own = rephoned[0][0][key(lead)]  # the leadership shift's own event does not name its reader's leader
    assert own["sequence"] == before[0][0][key(lead)]["sequence"]

    clock.advance(minutes=1)
    renamed_leader = Person(leader.staff_id, "Nguyễn Văn Ân", leader.email)
    await send_and_wait(app, kafka, settings, [vnpt.staff(renamed_leader, phone="0901112233", version=3)])
    renamed = await read()
    for (was, _), (now, _) in zip(rephoned, renamed, strict=True):
        assert "Trực lãnh đạo: Nguyễn Văn Ân, 0901 112 233" in now[key(night)]["description"]
        assert now[key(night)]["sequence"] == was[key(night)]["sequence"] + 1

    clock.advance(minutes=1)
    mailed = Person(leader.staff_id, "Nguyễn Văn Ân", "an@vnpt-longan.vn")
    await send_and_wait(app, kafka, settings, [vnpt.staff(mailed, phone="0901112233", version=4)])
    for (was, _), (now, _) in zip(renamed, await read(), strict=True):
        assert now[key(night)]["sequence"] == was[key(night)]["sequence"]  # nothing the events say changed


async def test_feed_subscription_api_validates_and_pages(app_client, clock) -> None:
    _, client = app_client
    bad = await client.post("/feeds", json={"kind": "duty", "enterprise_id": "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01"})
    assert bad.status_code == 422
    assert bad.json()["errors"]
    ids = []
    for i in range(5):
        clock.advance(seconds=1)
        ids.append(
            (await new_feed(client, kind="enterprise", enterprise_id=f"6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0{i}"))["id"]
        )
    first = await client.get("/feeds", params={"limit": 2})
    page1 = first.json()
    assert (page1["limit"], page1["total"]) == (2, None)  # not counted: keyset paging
    assert first.headers["link"] == f'<{page1["next"]}>; rel="next"'
    page2 = (await client.get(page1["next"])).json()
    page3 = (await client.get(page2["next"])).json()
    assert [f["id"] for f in page1["items"] + page2["items"] + page3["items"]] == ids
    assert page3["next"] is None
    backwards = (await client.get("/feeds", params={"order": "desc", "limit": 2})).json()
    assert [f["id"] for f in backwards["items"]] == ids[::-1][:2]
    assert [f["id"] for f in (await client.get(backwards["next"])).json()["items"]] == ids[::-1][2:4]
    garbage = await client.get("/feeds", params={"cursor": "garbage"})
    assert garbage.status_code == 422 and garbage.json()["type"].endswith("/bad-cursor") and garbage.json()["detail_vi"]
    # One order's cursor does not silently page the other.
    wrong_order = await client.get("/feeds", params={"cursor": backwards["next"].split("cursor=")[1].split("&")[0]})
    assert wrong_order.status_code == 422
    assert (await client.get("/feeds/6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0fff")).status_code == 404


async def test_vietnamese_names_survive_into_the_feed_byte_for_byte(app_client, settings, kafka, clock) -> None:
    app, client = app_client
    vnpt = Enterprise(clock, name=f"Bưu điện tỉnh Long An — {ALL_DIACRITICS}")
    odd, tuyet = Person.new(ALL_DIACRITICS), Person.new(TUYET)
    shift = vnpt.shift([odd, tuyet], start=GIAO_THUA, notes=f"Ghi chú: {ALL_DIACRITICS}")
    shift.planned()
    await send_and_wait(
        app, kafka, settings, [vnpt.registered(), vnpt.staff(odd), vnpt.staff(tuyet), shift.published()]
    )
    feed = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id))
    raw = (await client.get(f"/feeds/{feed['token']}.ics")).content
    unfolded = raw.replace(b"\r\n ", b"")
    assert ALL_DIACRITICS.encode("utf-8") in unfolded
    assert f"SUMMARY:Trực lãnh đạo — Bưu điện tỉnh Long An — {ALL_DIACRITICS}".encode() in unfolded
    cal, other = parse_both(raw)
    [event] = cal.events
    assert f"Đồng nghiệp cùng ca: {ALL_DIACRITICS}" in str(event["DESCRIPTION"])
    assert str(cal["X-WR-CALNAME"]) == f"Lịch trực — {TUYET}"
    assert other.events[0].description == str(event["DESCRIPTION"])
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


async def test_a_feed_label_typed_in_decomposed_unicode_is_stored_and_returned_in_nfc(app_client) -> None:
    app, client = app_client
    label = "Lịch trực của chị Tuyết — Bưu điện Đức Hòa"
    nfd = unicodedata.normalize("NFD", label)
    assert nfd != label
    feed = await new_feed(client, kind="enterprise", enterprise_id="6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01", label=nfd)
    assert feed["label"] == label
    assert (await client.get(f"/feeds/{feed['id']}")).json()["label"] == label
    async with app.state.runtime.sessions() as session:
        stored = (await session.execute(select(feed_subscriptions.c.label))).scalar_one()
    assert stored == label and unicodedata.is_normalized("NFC", stored)


async def test_feed_titles_and_languages_come_with_the_token_in_one_read(app_client, settings, kafka, clock) -> None:
    """The token look-up also reads the version and the names of the title (enterprise, person and
    the language the person chose): each kind of feed is titled by them, and a change of them is a
    new ETag — a client holding the old one gets the new title."""
    app, client = app_client
    vnpt = Enterprise(clock, name="Bưu điện tỉnh Long An")
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])

    async def title(feed: dict, etag: str | None = None) -> tuple[str, str]:
        response = await client.get(f"/feeds/{feed['token']}.ics", headers={"If-None-Match": etag} if etag else {})
        assert response.status_code == 200, response.status_code
        return str(icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"]), response.headers["etag"]

    person = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id))
    enterprise = await new_feed(client, kind="enterprise", enterprise_id=str(vnpt.enterprise_id))
    duty = await new_feed(client, kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="leadership")
    english = await new_feed(client, kind="enterprise", enterprise_id=str(vnpt.enterprise_id), language="en")
    named, etag = await title(person)
    assert named == f"Lịch trực — {TUYET}"
    assert (await title(enterprise))[0] == "Lịch trực — Bưu điện tỉnh Long An"
    assert (await title(duty))[0] == "Lịch trực — Bưu điện tỉnh Long An — Trực lãnh đạo"
    assert (await title(english))[0] == "Duty roster — Bưu điện tỉnh Long An"

    chosen = await client.put(f"/people/{tuyet.staff_id}/preferences", json={"language": "en"})
    assert chosen.status_code == 200, chosen.text
    renamed, new_etag = await title(person, etag)  # the old ETag no longer matches: the whole feed
    assert renamed == f"Duty roster — {TUYET}" and new_etag != etag

    # The person's reminder offsets come with the same read: their feed's alarms follow them, in their language.
    async def alarms(feed: dict) -> list[tuple[timedelta, str]]:
        response = await client.get(f"/feeds/{feed['token']}.ics")
        [event] = icalendar.Calendar.from_ical(response.content).events
        return [(a.decoded("TRIGGER"), str(a["DESCRIPTION"])) for a in event.walk("VALARM")]

    event = (
        "Leadership duty — Bưu điện tỉnh Long An (29th day of the 12th lunar month → 1st day of Tết, New Year's Eve)"
    )
    assert await alarms(person) == [
        (timedelta(days=-1), f"Your duty shift starts in 1 day: {event}"),
        (timedelta(hours=-1), f"Your duty shift starts in 1 hour: {event}"),
    ]
    chosen = await client.put(
        f"/people/{tuyet.staff_id}/preferences", json={"language": "en", "reminder_offsets_minutes": [30]}
    )
    assert chosen.status_code == 200, chosen.text
    assert (await title(person, new_etag))[1] != new_etag
    assert await alarms(person) == [(timedelta(minutes=-30), f"Your duty shift starts in 30 minutes: {event}")]
    assert await alarms(enterprise) == []

    # Once the shift is over it reminds of nothing, and the ETag says so: a phone holding the old one gets it anew.
    before = await client.get(f"/feeds/{person['token']}.ics")
    clock.now = shift.snapshot.ends_at - timedelta(seconds=1)
    assert (
        await client.get(f"/feeds/{person['token']}.ics", headers={"If-None-Match": before.headers["etag"]})
    ).status_code == 304
    clock.now = shift.snapshot.ends_at
    over = await client.get(f"/feeds/{person['token']}.ics", headers={"If-None-Match": before.headers["etag"]})
    assert over.status_code == 200 and over.headers["etag"] != before.headers["etag"]
    assert b"BEGIN:VEVENT" in over.content and b"VALARM" not in over.content
    later = await client.get(f"/feeds/{person['token']}.ics", headers={"If-None-Match": over.headers["etag"]})
    assert later.status_code == 304  # the same bytes while nothing else ends


async def test_a_feed_polled_after_postgresql_ended_the_connections_is_retried_not_failed(
    app_client, settings, kafka, clock, postgres_server
) -> None:
    """PostgreSQL ends notifier's pooled connections (a restart) between two polls of a calendar app. A
    feed's first statement goes to asyncpg directly. A connection asyncpg knows closed is replaced at
    checkout and the poll served; one that breaks under the statement makes it a 503 with Retry-After,
    never a 500, and is not handed out again: the next polls are served. The dead connection once went
    back to the pool, and every poll that drew it failed with a 500."""
    from sqlalchemy.engine import make_url

    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet)])
    feed = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id))
    path = f"/feeds/{feed['token']}.ics"
    assert (await client.get(path)).status_code == 200

    database = make_url(settings.database_url).database
    ended = postgres_server.psql(
        f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}'"
    )
    assert int(ended.strip()) >= 1
    answers = []
    for _ in range(3):
        response = await client.get(path)  # the app answers; nothing is raised on to the server
        answers.append(response.status_code)
        if response.status_code == 503:
            assert response.headers["retry-after"] == "1", response.text
    assert answers[0] in (200, 503) and answers[1:] == [200, 200], answers


async def test_a_drills_shifts_are_marked_in_the_feed_once_the_drill_is_known(
    app_client, settings, kafka, clock
) -> None:
    """A drill's shift published before notifier heard of the drill (its campaign's events come on another
    partition) is shown unmarked; when the drill is known, its events say "[Diễn tập]" with one more
    SEQUENCE and the feed's ETag changes (a client holding the old one gets the new content)."""
    app, client = app_client
    vnpt, tuyet = Enterprise(clock), Person.new(TUYET)
    drill_id = uuid.uuid4()
    start = NOW + timedelta(days=7)  # 09:00 on 27/01/2027, Vietnam time: a drill a week before Tết
    drill = vnpt.shift([tuyet], start=start, hours=4, duty_type="operations", campaign_id=drill_id)
    tet = vnpt.shift([tuyet], start=GIAO_THUA, campaign_id=uuid.uuid4())
    drill.planned()
    tet.planned()
    await send_and_wait(
        app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), drill.published(), tet.published()]
    )
    feed = await new_feed(client, kind="person", staff_id=str(tuyet.staff_id))
    before = await client.get(feed["url"].removeprefix("https://lich.example.vn"))
    assert before.status_code == 200 and "Diễn tập" not in before.text

    clock.advance(minutes=1)
    opened = campaign_opened(clock, campaign_id=drill_id, starts_at=start, ends_at=start + timedelta(hours=4))
    await send_and_wait(app, kafka, settings, [opened])
    path = feed["url"].removeprefix("https://lich.example.vn")
    after = await client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    events = await fetch(client, feed)
    marked, plain = events[uid(drill, tuyet)], events[uid(tet, tuyet)]
    assert marked["summary"].startswith("[Diễn tập] Trực điều hành — VNPT Long An")
    assert marked["description"].startswith("Ca trực này thuộc buổi diễn tập, không phải lịch trực Tết.\n")
    assert marked["sequence"] == 1 and plain["sequence"] == 0
    assert not plain["summary"].startswith("[") and "diễn tập" not in plain["description"]
    [event] = [e for e in icalendar.Calendar.from_ical(after.content).events if str(e["UID"]) == uid(drill, tuyet)]
    assert [str(c) for c in event.categories] == ["Diễn tập"]
    assert (await client.get(path, headers={"If-None-Match": after.headers["etag"]})).status_code == 304
