"""Gap alerts and the claim / send / mark steps through the service layer, over the in-memory repositories."""

from __future__ import annotations

from datetime import timedelta

from notifier_testkit import GIAO_THUA, TUYET, Enterprise, Person

from notifier.domain.model import Outcome
from notifier.handlers.deliveries import claim_next, mark
from notifier.handlers.reminders import dispatch_due_reminders


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


async def test_a_claimed_delivery_is_leased_sent_once_and_recorded(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    world.clock.now = GIAO_THUA - timedelta(days=1)
    await dispatch_due_reminders(world.ctx, world.clock())

    claimed = await claim_next(world.ctx, world.clock())
    assert claimed is not None and claimed.recipient == "tuyet@vnpt-longan.vn" and claimed.attempt == 1
    assert await claim_next(world.ctx, world.clock()) is None  # leased: no one else takes it
    (delivery,) = world.state.deliveries.values()
    assert (delivery.status, delivery.lease_owner) == ("sending", "replica-a")

    assert await mark(world.ctx, claimed=claimed, outcome=Outcome("sent", "250 OK"), now=world.clock()) is True
    assert await mark(world.ctx, claimed=claimed, outcome=Outcome("sent", "250 OK"), now=world.clock()) is False
    (delivery,) = world.state.deliveries.values()
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
