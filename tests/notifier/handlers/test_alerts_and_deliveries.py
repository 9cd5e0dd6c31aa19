"""Gap alerts and the claim / send / mark steps through the service layer, over the in-memory repositories."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from notifier_testkit import GIAO_THUA, TUYET, Enterprise, Person, account

from notifier.domain.model import Outcome
from notifier.handlers.deliveries import claim_next, mark
from notifier.handlers.reminders import dispatch_due_reminders

from .conftest import ENGLISH_MANAGER, MAILBOX, THREE_READERS, make_world, post_office, read_as


async def test_a_gap_alerts_the_managers_once_and_its_closing_cancels_what_did_not_go(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn", " QUANLY2@vnpt-longan.vn "))
    opened = vnpt.gap_opened(start=GIAO_THUA)
    await world.apply(opened)  # before the enterprise is known: kept, nobody to tell yet
    assert world.state.deliveries == {}

    await world.apply(vnpt.registered())  # the managers become known: alerted now
    alerts = sorted(world.state.deliveries.values(), key=lambda d: d.recipient or "")
    assert [(d.kind, d.channel, d.recipient, d.status) for d in alerts] == [
        ("gap_opened", "email", "QUANLY2@vnpt-longan.vn", "pending"),
        ("gap_opened", "email", "quanly@vnpt-longan.vn", "pending"),
    ]
    assert all(d.subject.startswith("Cảnh báo thiếu người trực: Trực điều hành — VNPT Long An") for d in alerts)
    await world.apply(vnpt.registered(manager_phone="0909 000 111"))  # a later version: no second alert
    assert len(world.state.deliveries) == 2

    await world.apply(vnpt.gap_closed(opened))
    assert {d.status for d in world.state.deliveries.values()} == {"cancelled"}
    assert world.state.gaps[alerts[0].gap_id].status == "closed"


async def test_a_gap_alerts_the_manager_accounts_too_each_address_once_and_a_later_account_of_the_open_gap(
    world,
) -> None:
    """QZ12: only inspections reached an enterprise's manager accounts; a gap's alert went to its own address alone.
    Now as inspections: the enterprise's addresses and its active manager accounts' sign-in addresses, each once."""
    fpt = Enterprise(world.clock, name="FPT Telecom Long An", manager_emails=("noc@fpt-longan.vn",))
    await world.apply(
        fpt.registered(),
        account(fpt, "quynhnt@fpt-longan.vn"),  # the manager's account
        account(fpt, "NOC@fpt-longan.vn "),  # an account with the enterprise's own address: told once
        account(fpt, "cu@fpt-longan.vn"),
        account(fpt, "cu@fpt-longan.vn", active=False, version=2),  # switched off: not told
        account(fpt, "nv@fpt-longan.vn", role="staff"),  # not a manager
    )
    assert world.state.deliveries == {}  # no gap yet: nothing to tell
    opened = fpt.gap_opened(start=GIAO_THUA)
    await world.apply(opened, opened)
    assert sorted((d.kind, d.recipient) for d in world.state.deliveries.values()) == [
        ("gap_opened", "noc@fpt-longan.vn"),
        ("gap_opened", "quynhnt@fpt-longan.vn"),
    ]
    # A manager account made while the gap is open learns of it, as the enterprise's addresses do when they arrive;
    # those already told are not told again, nor by the same account's event redelivered.
    later = account(fpt, "moi@fpt-longan.vn")
    await world.apply(later, later, account(fpt, "nv@fpt-longan.vn", role="staff", version=2))
    assert sorted(d.recipient or "" for d in world.state.deliveries.values()) == [
        "moi@fpt-longan.vn",
        "noc@fpt-longan.vn",
        "quynhnt@fpt-longan.vn",
    ]
    assert {d.gap_id for d in world.state.deliveries.values()} == {opened.decoded().gap_id}


async def test_a_claimed_delivery_is_leased_sent_once_and_recorded(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    for published in [d for d in world.state.deliveries.values() if d.kind == "shift_published"]:
        del world.state.deliveries[published.id]  # one delivery here: the reminder (the publication's notice aside)
    world.clock.now = GIAO_THUA - timedelta(days=1)
    await dispatch_due_reminders(world.ctx, world.clock())

    claimed = await claim_next(world.ctx, world.clock())
    assert claimed is not None and claimed.recipient == "tuyet@vnpt-longan.vn" and claimed.attempt == 1
    assert await claim_next(world.ctx, world.clock()) is None  # leased: no one else takes it
    (delivery,) = [d for d in world.state.deliveries.values() if d.kind != "shift_published"]
    assert (delivery.status, delivery.lease_owner) == ("sending", "replica-a")

    assert await mark(world.ctx, claimed=claimed, outcome=Outcome("sent", "250 OK"), now=world.clock()) is True
    assert await mark(world.ctx, claimed=claimed, outcome=Outcome("sent", "250 OK"), now=world.clock()) is False
    (delivery,) = [d for d in world.state.deliveries.values() if d.kind != "shift_published"]
    assert (delivery.status, delivery.sent_at, delivery.lease_owner) == ("sent", world.clock(), None)
    (attempt,) = world.state.attempts.values()
    assert (attempt.outcome, attempt.owner) == ("sent", "replica-a")


async def test_an_expired_lease_is_recorded_as_interrupted_and_claimed_again(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    world.clock.now = GIAO_THUA - timedelta(days=1)
    await dispatch_due_reminders(world.ctx, world.clock())
    first = await claim_next(world.ctx, world.clock())
    assert first is not None

    world.clock.advance(seconds=world.ctx.settings.delivery_lease_seconds + 1)  # the replica died
    again = await claim_next(world.ctx, world.clock())
    assert again is not None and (again.id, again.attempt) == (first.id, 2)
    outcomes = sorted((a.attempt, a.outcome) for a in world.state.attempts.values())
    assert outcomes == [(1, "interrupted"), (2, "in_flight")]
    # The first replica reporting late does not overwrite the second's lease.
    assert await mark(world.ctx, claimed=first, outcome=Outcome("sent", "250 OK"), now=world.clock()) is False
    assert world.state.deliveries[first.id].status == "sending"


async def test_a_failing_unit_of_work_leaves_nothing_behind(world) -> None:
    vnpt = Enterprise(world.clock)
    before = (dict(world.state.enterprises), set(world.state.inbox))
    try:
        async with world.ctx.uow() as uow:
            await uow.inbox.record(event_id=vnpt.registered().id, event_type="x", topic="t")
            raise RuntimeError("crash mid-transaction")
    except RuntimeError:
        pass
    assert (dict(world.state.enterprises), set(world.state.inbox)) == before


async def test_a_gap_alert_goes_out_telling_the_gap_as_it_is_when_sent_not_as_it_opened() -> None:
    """The alert waits (hold, digest window) while the gap changes in place (its end moved: version 2)
    and the enterprise is renamed: the e-mail and the webhook tell the gap as it is, and the stored
    deliveries show what went out."""
    world = make_world(webhook_url="https://hooks.example.vn/lichtruc", webhook_secret="operators-gateway-secret")
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    opened = vnpt.gap_opened(start=GIAO_THUA, hours=4)  # 22:00 to 02:00
    await world.apply(opened)
    written = {d.channel: d for d in world.state.deliveries.values()}
    assert set(written) == {"email", "webhook"} and "02:00" in (written["email"].body or "")

    gap_id = opened.data["gap_id"]
    await world.apply(vnpt.gap_opened(gap_id=uuid.UUID(gap_id), start=GIAO_THUA, hours=2, version=2))  # to 00:00
    await world.apply(vnpt.registered(name="VNPT Long An (Trung tâm điều hành)"))
    assert len(world.state.deliveries) == 2  # no second alert: the same one, told when due

    world.clock.now += timedelta(hours=1)
    claimed = {}
    while (c := await claim_next(world.ctx, world.clock())) is not None:
        claimed[c.channel] = c
    email, hook = claimed["email"], claimed["webhook"]
    assert (
        email.subject
        == "Cảnh báo thiếu người trực: Trực điều hành — VNPT Long An (Trung tâm điều hành), 22:00 05/02/2027"
    )
    assert "Khoảng thời gian: 22:00–24:00 05/02/2027 (29 tháng Chạp), giờ Việt Nam" in email.body, email.body
    assert "02:00" not in email.body
    payload = json.loads(hook.body)
    assert payload["gap"]["ends_at"].startswith("2027-02-06T00:00") and payload["delivery_id"] == str(hook.id)
    assert payload["gap"]["enterprise_name"] == "VNPT Long An (Trung tâm điều hành)"
    stored = {d.channel: d for d in world.state.deliveries.values()}
    assert (stored["email"].subject, stored["email"].body) == (email.subject, email.body)
    assert stored["webhook"].body == hook.body


async def test_a_gap_over_before_its_alert_goes_out_is_not_alerted_as_something_to_fill() -> None:
    """QZ14 #4: a handover at 09:07 opened 06:00–09:10 (nobody came); the alert, due after the digest window, went out
    at 09:14:45 — "Đề nghị bổ sung người trực ngay" for a gap over since 09:10, to the manager who recorded it. A gap
    already over when its alert would go out is not alerted (the e-mail and the webhook cancelled, saying why);
    one still open when due goes out."""
    world = make_world(webhook_url="https://hooks.example.vn/lichtruc", webhook_secret="operators-gateway-secret")
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    now = world.clock()
    over_soon = vnpt.gap_opened(start=now - timedelta(hours=3, minutes=7), hours=3 + 10 / 60, in_force_from=now)
    await world.apply(over_soon)
    alerts = list(world.state.deliveries.values())
    assert {(d.channel, d.status) for d in alerts} == {("email", "pending"), ("webhook", "pending")}
    world.clock.now = now + timedelta(minutes=15)  # past the gap's end (now + 3 min) and the digest window
    assert await claim_next(world.ctx, world.clock()) is None
    assert {d.status for d in world.state.deliveries.values()} == {"cancelled"}
    assert all("before its alert could be delivered" in (d.last_error or "") for d in world.state.deliveries.values())

    still_open = vnpt.gap_opened(start=world.clock() - timedelta(hours=1), hours=2, in_force_from=world.clock())
    await world.apply(still_open)
    world.clock.now += timedelta(minutes=15)
    claimed = []
    while (c := await claim_next(world.ctx, world.clock())) is not None:
        claimed.append(c.channel)
    assert sorted(claimed) == ["email", "webhook"]


async def test_a_closing_notice_goes_as_written() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    opened = vnpt.gap_opened(start=GIAO_THUA - timedelta(days=3) + timedelta(minutes=5))  # imminent
    await world.apply(opened)
    world.clock.now += timedelta(minutes=10)
    first = await claim_next(world.ctx, world.clock())
    assert first is not None and first.kind == "gap_opened"
    assert await mark(world.ctx, claimed=first, outcome=Outcome("sent", "250 OK"), now=world.clock())
    await world.apply(vnpt.gap_closed(opened))
    [notice] = [d for d in world.state.deliveries.values() if d.kind == "gap_closed"]
    world.clock.now += timedelta(minutes=10)
    claimed = await claim_next(world.ctx, world.clock())
    assert claimed is not None and (claimed.subject, claimed.body) == (notice.subject, notice.body)


async def test_a_closing_by_the_requirement_is_told_as_such_and_one_of_a_gap_already_over_is_not_told() -> None:
    """Two alerted gaps close: the one whose requirement was lowered gets "the requirement changed", never "staffed";
    the one already over (a correction of an hour past) gets no notice at all — nothing is left to plan."""
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    await world.apply(vnpt.registered())
    now = world.clock()
    lowered = vnpt.gap_opened(start=now + timedelta(minutes=5), hours=12)  # imminent: alerted
    past = vnpt.gap_opened(start=now + timedelta(minutes=6), hours=1)
    await world.apply(lowered, past)
    world.clock.now += timedelta(minutes=10)
    while (sent := await claim_next(world.ctx, world.clock())) is not None:
        assert await mark(world.ctx, claimed=sent, outcome=Outcome("sent", "250 OK"), now=world.clock())
    alerted = {d.gap_id for d in world.state.deliveries.values() if d.kind == "gap_opened" and d.status == "sent"}
    assert alerted == {uuid.UUID(lowered.data["gap_id"]), uuid.UUID(past.data["gap_id"])}
    world.clock.now += timedelta(hours=2)  # `past` is over now
    await world.apply(vnpt.gap_closed(lowered, reason="requirement_changed"), vnpt.gap_closed(past))
    notices = [d for d in world.state.deliveries.values() if d.kind == "gap_closed"]
    assert [d.gap_id for d in notices] == [uuid.UUID(lowered.data["gap_id"])]
    world.clock.now += timedelta(minutes=10)
    told = await claim_next(world.ctx, world.clock())
    assert told is not None and told.subject.startswith("Yêu cầu trực đã thay đổi: Trực điều hành — VNPT Long An")
    assert "không còn thiếu người theo yêu cầu mới" in told.body and "đủ người" not in told.body


async def test_each_manager_reads_a_gap_alert_and_its_closing_in_their_language_a_mailbox_in_the_default() -> None:
    world = make_world()
    post = await post_office(world)
    opened = post.gap_opened(start=GIAO_THUA - timedelta(days=3) + timedelta(minutes=5))  # imminent
    await world.apply(opened)
    assert read_as(world, "gap_opened") == THREE_READERS
    subjects = {d.recipient: d.subject for d in world.state.deliveries.values()}
    assert subjects[ENGLISH_MANAGER].startswith("Coverage gap: ")
    assert subjects[MAILBOX].startswith("Cảnh báo thiếu người trực: ")
    world.clock.now += timedelta(minutes=10)
    while (claimed := await claim_next(world.ctx, world.clock())) is not None:
        assert await mark(world.ctx, claimed=claimed, outcome=Outcome("sent", "250 OK"), now=world.clock())
    await world.apply(post.gap_closed(opened))
    assert read_as(world, "gap_closed") == THREE_READERS
    [english] = [d for d in world.state.deliveries.values() if d.kind == "gap_closed" and d.language == "en"]
    assert "Cảnh báo" not in english.subject and "người trực" not in (english.body or ""), english.body
