"""Preferences and calendar feeds through the service layer, over the in-memory repositories."""

from __future__ import annotations

import uuid
from datetime import time, timedelta

import icalendar
import pytest
from notifier_testkit import GIAO_THUA, TUYET, Enterprise, Person

from lichtruc.events import ShiftCancelled, ShiftPlanned, ShiftPublished, ShiftRescheduled
from lichtruc.paging import BadCursor, PageRequest
from lichtruc.scope import EVERYTHING, NOBODY, Visible
from notifier.domain.errors import (
    FeedNotFound,
    FeedRevoked,
    FeedSubscriptionNotFound,
    WebhookSecretMissing,
    WebhookUrlMissing,
)
from notifier.domain.model import FeedFilter
from notifier.handlers import feeds, preferences


def prefs_in(**changes) -> preferences.PreferencesIn:
    values = dict(
        language=None,
        channels=("email",),
        reminder_offsets_minutes=None,
        quiet_start=None,
        quiet_end=None,
        webhook_url=None,
    )
    values.update(changes)
    return preferences.PreferencesIn(**values)  # type: ignore[arg-type]


async def test_preferences_fill_in_defaults_and_replan_the_persons_reminders(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet, language="en"), shift.published())

    view = await preferences.get_preferences(ctx=world.ctx, staff_id=tuyet.staff_id)
    assert (view.known_person, view.language, view.channels, view.reminder_offsets_minutes) == (
        True,
        "en",
        ("email",),
        (1440, 60),
    )
    assert view.uses_default_offsets and view.quiet_hours is None and view.updated_at is None

    view = await preferences.put_preferences(
        ctx=world.ctx,
        staff_id=tuyet.staff_id,
        new=prefs_in(language="vi", reminder_offsets_minutes=(120,), quiet_start=time(23), quiet_end=time(6)),
    )
    assert (view.language, view.language_set, view.reminder_offsets_minutes, view.uses_default_offsets) == (
        "vi",
        "vi",
        (120,),
        False,
    )
    assert view.quiet_hours == (time(23), time(6)) and view.updated_at == world.clock()
    by_offset = {r.offset_minutes: r.status for r in world.state.reminders.values()}
    assert by_offset == {1440: "withdrawn", 60: "withdrawn", 120: "scheduled"}


async def test_a_webhook_needs_an_address_and_a_secret_and_a_refusal_changes_nothing(world) -> None:
    staff_id = uuid.uuid4()
    with pytest.raises(WebhookUrlMissing) as missing:
        await preferences.put_preferences(ctx=world.ctx, staff_id=staff_id, new=prefs_in(channels=("webhook",)))
    assert missing.value.detail_vi and missing.value.field == "body.webhook_url"
    world.ctx.settings = world.ctx.settings.model_copy(update={"webhook_allowed_hosts": ("hooks.example.vn",)})
    with pytest.raises(WebhookSecretMissing):
        await preferences.put_preferences(
            ctx=world.ctx,
            staff_id=staff_id,
            new=prefs_in(channels=("webhook",), webhook_url="https://hooks.example.vn/tuyet"),
        )
    assert world.state.preferences == {}

    await preferences.put_preferences(
        ctx=world.ctx,
        staff_id=staff_id,
        new=prefs_in(channels=("webhook",), webhook_url="https://hooks.example.vn/tuyet", webhook_secret="s" * 20),
    )
    # Left out, the secret is kept (secrets are write-only).
    view = await preferences.put_preferences(
        ctx=world.ctx,
        staff_id=staff_id,
        new=prefs_in(channels=("webhook", "email"), webhook_url="https://hooks.example.vn/tuyet"),
    )
    assert view.has_webhook_secret and world.state.preferences[staff_id].webhook_secret == "s" * 20


async def test_feeds_are_issued_served_rotated_and_revoked(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())

    issued = await feeds.create_feed(ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=tuyet.staff_id))
    assert issued.url.startswith("https://lich.example.vn/") and issued.feed.token_prefix == issued.token[:6]
    rendered = await feeds.feed_for_token(ctx=world.ctx, token=issued.token)
    assert isinstance(rendered, feeds.RenderedFeed)
    assert TUYET.encode() in rendered.body and b"BEGIN:VEVENT" in rendered.body
    assert await feeds.feed_for_token(ctx=world.ctx, token=issued.token) is rendered  # cached, still valid

    await world.apply(shift.rescheduled(GIAO_THUA + timedelta(hours=1)))
    assert (await feeds.feed_for_token(ctx=world.ctx, token=issued.token)).etag != rendered.etag

    rotated = await feeds.rotate_feed(ctx=world.ctx, feed_id=issued.feed.id)
    with pytest.raises(FeedNotFound) as replaced:
        await feeds.feed_for_token(ctx=world.ctx, token=issued.token)
    assert not replaced.value.revoked  # its digest overwritten: told apart from a guess by nothing
    served = await feeds.feed_for_token(ctx=world.ctx, token=rotated.token)
    assert isinstance(served, feeds.RenderedFeed) and served.body

    revoked = await feeds.revoke_feed(ctx=world.ctx, feed_id=issued.feed.id, revoked_by="acct-1")
    again = await feeds.revoke_feed(ctx=world.ctx, feed_id=issued.feed.id, revoked_by="acct-2")
    assert (revoked.revoked_by, again.revoked_by, again.revoked_at) == ("acct-1", "acct-1", revoked.revoked_at)
    with pytest.raises(FeedRevoked):
        await feeds.rotate_feed(ctx=world.ctx, feed_id=issued.feed.id)
    with pytest.raises(FeedNotFound) as turned_off:
        await feeds.feed_for_token(ctx=world.ctx, token=rotated.token)
    assert turned_off.value.revoked and turned_off.value.lang == "vi"
    with pytest.raises(FeedSubscriptionNotFound):
        await feeds.get_feed(ctx=world.ctx, feed_id=uuid.uuid4())


async def test_feed_lists_page_by_keyset_and_show_each_caller_their_own(world) -> None:
    vnpt, viettel = Enterprise(world.clock), Enterprise(world.clock, name="Viettel Long An")
    tuyet, other = Person.new(TUYET), Person.new("Phạm Thị Hồng Nhung")
    await world.apply(vnpt.registered(), viettel.registered(), vnpt.staff(tuyet), viettel.staff(other))
    made = []
    for new in (
        feeds.NewFeed(kind="person", staff_id=tuyet.staff_id),
        feeds.NewFeed(kind="person", staff_id=other.staff_id),
        feeds.NewFeed(kind="enterprise", enterprise_id=vnpt.enterprise_id),
        feeds.NewFeed(kind="duty", enterprise_id=viettel.enterprise_id, duty_type="patrol"),
        feeds.NewFeed(kind="enterprise", enterprise_id=vnpt.enterprise_id),
    ):
        world.clock.advance(seconds=1)
        made.append((await feeds.create_feed(ctx=world.ctx, new=new)).feed.id)

    seen, page = [], PageRequest(limit=2)
    while True:
        got = await feeds.list_feeds(ctx=world.ctx, where=FeedFilter(), visible=EVERYTHING, page=page)
        assert len(got.items) <= 2 and got.total is None
        seen += [f.id for f in got.items]
        if got.next_cursor is None:
            break
        page = PageRequest(limit=2, cursor=got.next_cursor)
    assert seen == made

    backwards = await feeds.list_feeds(
        ctx=world.ctx, where=FeedFilter(), visible=EVERYTHING, page=PageRequest(limit=2), order="desc"
    )
    assert [f.id for f in backwards.items] == made[::-1][:2]
    with pytest.raises(BadCursor):  # an ascending list's cursor does not page the descending one
        await feeds.list_feeds(
            ctx=world.ctx,
            where=FeedFilter(),
            visible=EVERYTHING,
            page=PageRequest(
                cursor=(
                    await feeds.list_feeds(
                        ctx=world.ctx, where=FeedFilter(), visible=EVERYTHING, page=PageRequest(limit=1)
                    )
                ).next_cursor
            ),
            order="desc",
        )

    async def ids(visible: Visible) -> list[uuid.UUID]:
        got = await feeds.list_feeds(ctx=world.ctx, where=FeedFilter(), visible=visible, page=PageRequest())
        return [f.id for f in got.items]

    manager = Visible(frozenset({vnpt.enterprise_id}))
    assert await ids(manager) == [made[0], made[2], made[4]]  # the enterprise's feeds and its staff's
    assert await ids(Visible(frozenset({vnpt.enterprise_id}), tuyet.staff_id, own_only=True)) == [made[0]]
    assert await ids(Visible(frozenset({vnpt.enterprise_id}), NOBODY, own_only=True)) == []


async def test_a_persons_feed_reminds_as_they_chose_and_a_new_choice_is_a_new_etag(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    mine = await feeds.create_feed(ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=tuyet.staff_id))
    theirs = await feeds.create_feed(
        ctx=world.ctx, new=feeds.NewFeed(kind="enterprise", enterprise_id=vnpt.enterprise_id)
    )

    async def served(token: str) -> feeds.RenderedFeed:
        rendered = await feeds.feed_for_token(ctx=world.ctx, token=token)
        assert isinstance(rendered, feeds.RenderedFeed)
        return rendered

    first = await served(mine.token)  # none chosen: the service's 1 day and 1 hour before
    assert first.body.count(b"BEGIN:VALARM") == 2
    assert b"TRIGGER:-P1D\r\n" in first.body and b"TRIGGER:-PT1H\r\n" in first.body
    assert b"VALARM" not in (await served(theirs.token)).body  # the enterprise's feed reminds nobody

    await preferences.put_preferences(
        ctx=world.ctx, staff_id=tuyet.staff_id, new=prefs_in(reminder_offsets_minutes=(30,))
    )
    chosen = await served(mine.token)
    assert chosen.etag != first.etag  # else the phone keeps the old alarms
    assert chosen.body.count(b"BEGIN:VALARM") == 1 and b"TRIGGER:-PT30M\r\n" in chosen.body
    assert await feeds.feed_for_token(ctx=world.ctx, token=mine.token, unchanged=lambda t: t == chosen.etag) == (
        feeds.NotModified(chosen.etag)
    )

    # The service's default changes with a deployment, which bumps no version: the ETag still follows it.
    await preferences.put_preferences(ctx=world.ctx, staff_id=tuyet.staff_id, new=prefs_in())
    defaults = await served(mine.token)
    world.ctx.settings = world.ctx.settings.model_copy(update={"reminder_offsets_minutes": (120,)})
    redeployed = await served(mine.token)
    assert redeployed.etag != defaults.etag and b"TRIGGER:-PT2H\r\n" in redeployed.body
    assert b"TRIGGER:-P1D" not in redeployed.body

    # A shift over reminds of nothing; the ETag changes with the bytes, as the version (not the clock) says.
    world.clock.now = shift.snapshot.ends_at
    over = await served(mine.token)
    assert over.etag != redeployed.etag and b"BEGIN:VEVENT" in over.body and b"VALARM" not in over.body
    world.clock.now += timedelta(days=1)
    assert (await served(mine.token)).etag == over.etag  # nothing else ended: the same ETag, the same bytes
    assert (await served(theirs.token)).body.count(b"BEGIN:VEVENT") == 1  # whose feed has no alarms to drop


async def test_a_feed_version_answers_conditional_requests_without_rendering_and_follows_retention(
    world, monkeypatch
) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    kept, dropped = vnpt.shift([tuyet], start=GIAO_THUA), vnpt.shift([tuyet], start=GIAO_THUA + timedelta(days=1))
    kept.planned()
    dropped.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), kept.published(), dropped.published())
    issued = await feeds.create_feed(ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=tuyet.staff_id))
    first = await feeds.feed_for_token(ctx=world.ctx, token=issued.token)
    assert isinstance(first, feeds.RenderedFeed)

    # Another replica (nothing cached) answers the client's ETag without reading or rendering entries.
    world.ctx.feed_cache.clear()
    monkeypatch.setattr(feeds, "render_feed", lambda *_: pytest.fail("a conditional request rendered the feed"))
    same = await feeds.feed_for_token(ctx=world.ctx, token=issued.token, unchanged=lambda tag: tag == first.etag)
    assert same == feeds.NotModified(first.etag)
    monkeypatch.undo()

    # A cancelled shift stays in the feed until its retention ends; then the ETag changes with the content.
    await world.apply(dropped.cancelled())
    cancelled = await feeds.feed_for_token(ctx=world.ctx, token=issued.token)
    assert isinstance(cancelled, feeds.RenderedFeed) and cancelled.etag != first.etag
    assert cancelled.body.count(b"BEGIN:VEVENT") == 2 and b"STATUS:CANCELLED" in cancelled.body
    world.clock.advance(days=40)  # past the shift's end + the 30 days of feed_retention_days
    later = await feeds.feed_for_token(ctx=world.ctx, token=issued.token, unchanged=lambda tag: tag == cancelled.etag)
    assert isinstance(later, feeds.RenderedFeed) and later.etag != cancelled.etag
    assert later.body.count(b"BEGIN:VEVENT") == 1 and b"STATUS:CANCELLED" not in later.body


async def _descriptions(world, new: feeds.NewFeed) -> dict[str, str]:
    """A feed's events as its reader's calendar shows them: DESCRIPTION (unfolded, unescaped) by the shift id."""
    issued = await feeds.create_feed(ctx=world.ctx, new=new)
    rendered = await feeds.feed_for_token(ctx=world.ctx, token=issued.token)
    assert isinstance(rendered, feeds.RenderedFeed)
    return {
        str(e["UID"]).partition(".")[0]: str(e["DESCRIPTION"])
        for e in icalendar.Calendar.from_ical(rendered.body).events
    }


async def test_a_handover_is_said_on_both_shifts_calendar_events_as_the_cards_say_it(world) -> None:
    """QZ22 #12c: the feed's event of a shift handed over said neither who took it nor why, while the mail and the
    /me card did. Now the shift that took over says whose rest it took, from when and why (the reason's lines
    kept), and the shift relieved, ending at the handover, to whom it went — in each reader's language, in the
    personal feeds and the enterprise's; a later event of either shift (a check-in) keeps it."""
    vnpt = Enterprise(world.clock)
    dung, vinh = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh")
    await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh, language="en"))
    old = vnpt.shift([dung], start=GIAO_THUA - timedelta(hours=2), hours=12, duty_type="operations")
    old.planned()
    await world.apply(old.published())
    world.clock.now = GIAO_THUA + timedelta(minutes=2)
    await world.apply(old.checked_in(dung))
    moment, reason = GIAO_THUA + timedelta(minutes=5), "Ốm đột xuất\nĐã báo trưởng ca"
    rest = vnpt.shift([vinh], start=moment, hours=8, duty_type="operations")
    rest.snapshot = rest.snapshot.model_copy(
        update={"continues_shift_id": old.shift_id, "handover_reason": reason, "handover_absent": False}
    )
    before = old.snapshot
    ended = ShiftRescheduled(
        shift=old._next(ends_at=moment),
        previous_starts_at=before.starts_at,
        previous_ends_at=before.ends_at,
        handed_over_to=rest.shift_id,
        reason=reason,
    )
    await world.apply(
        vnpt.event(ShiftPlanned(shift=rest.snapshot)),
        vnpt.event(ShiftPublished(shift=rest._next(status="published"))),
        vnpt.event(ended),
    )
    world.clock.now = moment + timedelta(minutes=3)
    await world.apply(rest.checked_in(vinh))  # a later event of the new shift, without the handover's facts

    gave_vi = "Đã giao phần còn lại cho Đoàn Quang Vinh từ 22:05 05/02: Ốm đột xuất\nĐã báo trưởng ca"
    took_vi = "Tiếp nhận phần còn lại của ca của Hồ Văn Dũng từ 22:05 05/02: Ốm đột xuất\nĐã báo trưởng ca"
    took_en = "Took over the rest of the shift of Hồ Văn Dũng from 22:05 5 Feb: Ốm đột xuất\nĐã báo trưởng ca"
    his = await _descriptions(world, feeds.NewFeed(kind="person", staff_id=dung.staff_id))
    assert gave_vi in his[str(old.shift_id)], his
    theirs = await _descriptions(world, feeds.NewFeed(kind="person", staff_id=vinh.staff_id))
    assert took_en in theirs[str(rest.shift_id)], theirs
    everyone = await _descriptions(world, feeds.NewFeed(kind="enterprise", enterprise_id=vnpt.enterprise_id))
    assert gave_vi in everyone[str(old.shift_id)] and took_vi in everyone[str(rest.shift_id)], everyone
    english = await _descriptions(
        world, feeds.NewFeed(kind="enterprise", enterprise_id=vnpt.enterprise_id, language="en")
    )
    gave_en = "The rest was handed over to Đoàn Quang Vinh from 22:05 5 Feb: Ốm đột xuất\nĐã báo trưởng ca"
    assert gave_en in english[str(old.shift_id)], english


async def test_a_handover_nobody_came_to_is_said_so_on_both_calendar_events(world) -> None:
    """QZ22 #12c, "Người trực không đến": the old shift is cancelled with the handover, the new one runs from the
    moment. Its event says he did not come and to whom it went from when, why — not a plain "đã bị hủy" — and
    the taker's that it took the shift in place of him, who did not come."""
    vnpt = Enterprise(world.clock)
    dung, vinh = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh")
    await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh, language="en"))
    old = vnpt.shift([dung], start=GIAO_THUA, hours=8, duty_type="operations")
    old.planned()
    await world.apply(old.published())
    world.clock.now = GIAO_THUA + timedelta(minutes=70)
    reason = "Trưởng ca không đến"
    rest = vnpt.shift([vinh], start=GIAO_THUA + timedelta(minutes=75), hours=8, duty_type="operations")
    rest.snapshot = rest.snapshot.model_copy(
        update={
            "continues_shift_id": old.shift_id,
            "handover_reason": reason,
            "handover_absent": True,
            "ends_at": old.snapshot.ends_at,
        }
    )
    gone = ShiftCancelled(shift=old._next(status="cancelled"), handed_over_to=rest.shift_id, reason=reason)
    await world.apply(
        vnpt.event(ShiftPlanned(shift=rest.snapshot)),
        vnpt.event(ShiftPublished(shift=rest._next(status="published"))),
        vnpt.event(gone),
    )

    his = await _descriptions(world, feeds.NewFeed(kind="person", staff_id=dung.staff_id))
    said = his[str(old.shift_id)]
    assert said.startswith("Không đến — đã giao ca cho Đoàn Quang Vinh từ 23:15 05/02: Trưởng ca không đến\n"), said
    assert "đã bị hủy" not in said and "Lý do hủy" not in said
    theirs = await _descriptions(world, feeds.NewFeed(kind="person", staff_id=vinh.staff_id))
    assert (
        "Took over the shift in place of Hồ Văn Dũng (did not come) from 23:15 5 Feb: Trưởng ca không đến"
        in theirs[str(rest.shift_id)]
    ), theirs


async def test_a_persons_feed_names_the_duty_leader_on_duty_and_giao_thua_and_its_etag_follows_the_leader(
    world,
) -> None:
    """QZ26 #7: a worker's 23:00→03:00 shift on 29 tháng Chạp said only "(29 tháng Chạp)" and the enterprise's
    hotline, not who leads on duty — the person they call at 02:00. Read as Google or Apple would (icalendar): the
    title says it runs into mùng 1 and is giao thừa, the description the leader by name and phone. Another leader
    put on, or the leader's phone changed, is a new ETag and a new body (a client holding the old ETag gets it)."""
    vnpt = Enterprise(world.clock)
    worker, leader, deputy = Person.new(TUYET), Person.new("Nguyễn Văn An"), Person.new("Trần Thị Bích")
    night = vnpt.shift([worker], start=GIAO_THUA + timedelta(hours=1), hours=4, duty_type="operations")
    lead = vnpt.shift([leader], start=GIAO_THUA - timedelta(hours=4), hours=12, duty_type="leadership")
    night.planned()
    lead.planned()
    await world.apply(
        vnpt.registered(),
        vnpt.staff(worker),
        vnpt.staff(leader, phone="0912345678"),
        vnpt.staff(deputy, phone="0987654321"),
        night.published(),
    )
    issued = await feeds.create_feed(ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=worker.staff_id))

    async def served(etag: str | None = None) -> feeds.RenderedFeed:
        rendered = await feeds.feed_for_token(ctx=world.ctx, token=issued.token, unchanged=lambda t: t == etag)
        assert isinstance(rendered, feeds.RenderedFeed), "a client holding the old ETag kept a stale feed"
        return rendered

    def event_of(rendered: feeds.RenderedFeed) -> icalendar.Event:
        [event] = icalendar.Calendar.from_ical(rendered.body).events
        return event

    alone = await served()
    event = event_of(alone)
    assert str(event["SUMMARY"]) == "Trực điều hành — VNPT Long An (29 tháng Chạp → Mùng 1 Tết, giao thừa)"
    lines = str(event["DESCRIPTION"]).splitlines()
    assert "Ngày âm lịch: 23:00 29 tháng Chạp → 03:00 Mùng 1 Tết (giao thừa)" in lines
    assert "Trực lãnh đạo: chưa xếp ai trong giờ ca này" in lines  # nobody yet: said, the hotline below it

    await world.apply(lead.published())
    led = await served(alone.etag)
    assert led.etag != alone.etag
    assert (  # among who else is on duty, as the portal's "Cùng trực" (QZ29 #1)
        "Cùng trực (1 người): Trực lãnh đạo: Nguyễn Văn An, 0912 345 678 (18:00 05/02 → 06:00 06/02)"
        in str(event_of(led)["DESCRIPTION"]).splitlines()
    )
    assert "Trực lãnh đạo: chưa xếp ai" not in str(event_of(led)["DESCRIPTION"])

    await world.apply(lead.reassigned([deputy]))  # another leader that night: the worker's feed says so
    swapped = await served(led.etag)
    assert swapped.etag != led.etag
    description = str(event_of(swapped)["DESCRIPTION"])
    assert "Trần Thị Bích, 0987 654 321" in description and "Nguyễn Văn An" not in description

    await world.apply(vnpt.staff(deputy, phone="0901112233", version=2))  # her phone changed in roster
    rephoned = await served(swapped.etag)
    assert rephoned.etag != swapped.etag and "Trần Thị Bích, 0901 112 233" in str(event_of(rephoned)["DESCRIPTION"])
    assert await feeds.feed_for_token(ctx=world.ctx, token=issued.token, unchanged=lambda t: t == rephoned.etag) == (
        feeds.NotModified(rephoned.etag)
    )

    # In English, the same.
    english = await feeds.create_feed(
        ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=worker.staff_id, language="en")
    )
    rendered = await feeds.feed_for_token(ctx=world.ctx, token=english.token)
    assert isinstance(rendered, feeds.RenderedFeed)
    event = event_of(rendered)
    assert str(event["SUMMARY"]).endswith("(29th day of the 12th lunar month → 1st day of Tết, New Year's Eve)")
    assert "On duty with you (1 person): Leadership duty: Trần Thị Bích, 0901 112 233" in str(event["DESCRIPTION"])
