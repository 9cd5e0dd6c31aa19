"""Audit notices holes in a roster aggregate's history (a version that never arrived), shows
them to inspectors and in `/log/verify`, and closes them when the event arrives late; the
rebuild finds the same holes from the log alone. And it takes into its chain only the roster
events the contract lists: anything else is parked on the DLQ, not logged."""

from __future__ import annotations

import uuid

import pytest
from audit_testkit import Roster, vn
from sequence_samples import ENTERPRISE_NAME, Samples

from audit.app import create_app
from audit.db.store import SqlStore
from audit.domain.sequences import AGGREGATE_TYPE_NAMES, AGGREGATE_TYPES, AggregateType
from audit.handlers import make_apply
from audit.handlers.replay import rebuild
from events_factory import message, shift_planned
from lichtruc import topics
from lichtruc.events import CloudEvent, make_event
from lichtruc.kafka import PermanentError
from support import ADMIN, auth, eventually, principal, produce, read_topic, running, wait_ready


@pytest.fixture
async def audit(settings, clock):
    clock.now = vn(2, 5, 20)
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        apply = make_apply(app.state.ctx)

        async def feed(*events: CloudEvent) -> None:
            for event in events:
                await apply(event, "test")

        yield client, feed, app, apply


async def test_a_skipped_version_is_a_sequence_gap_until_the_event_arrives(audit) -> None:
    client, feed, app, _ = audit
    roster = Roster()
    vnpt, registered = roster.enterprise("VNPT Long An")
    tuyet, joined = roster.staff(vnpt, "Nguyễn Thị Ánh Tuyết")
    shift_id, planned = roster.shift(vnpt, vn(2, 5, 22), vn(2, 6, 6), tuyet, status="draft")
    published = roster.publish(shift_id)  # v2: lost on the way
    rescheduled = roster.reschedule(shift_id, vn(2, 5, 23), vn(2, 6, 7))  # v3
    cancelled = roster.cancel(shift_id)  # v4
    await feed(registered, joined, planned, rescheduled, cancelled)

    page = (await client.get("/sequence-gaps")).json()
    assert page["total"] == 1 and page["next"] is None
    [gap] = page["items"]
    assert (gap["aggregate_type"], gap["aggregate_id"], gap["partition_key"]) == ("shift", str(shift_id), str(vnpt))
    assert (gap["expected_version"], gap["first_seen_version"], gap["status"]) == (2, 3, "open")
    assert gap["noticed_by_event_id"] == str(rescheduled.id) and gap["noticed_at"].endswith("+07:00")
    verdict = (await client.get("/log/verify")).json()
    assert verdict["ok"] is True and verdict["records_checked"] == 5  # the chain is intact, but incomplete
    assert verdict["open_sequence_gaps"] == 1 and verdict["sequence_gaps"] == [gap]

    # The lost event is re-sent (e.g. replayed from a dead-letter topic): the hole closes.
    await feed(published)
    [closed] = (await client.get("/sequence-gaps", params={"status": "closed"})).json()["items"]
    assert (closed["gap_id"], closed["closed_by_event_id"], closed["closed_seq"]) == (
        gap["gap_id"],
        str(published.id),
        6,
    )
    assert (await client.get("/sequence-gaps", params={"status": "open"})).json()["total"] == 0
    verdict = (await client.get("/log/verify")).json()
    assert (verdict["ok"], verdict["open_sequence_gaps"], verdict["sequence_gaps"]) == (True, 0, [])
    # The late event did not bring the shift back: it stays cancelled, at v4.
    async with app.state.ctx.sessions() as session:
        shift = await SqlStore(session).get("shifts", str(shift_id))
    assert shift is not None and (shift.status, shift.version) == ("cancelled", 4)

    # The rebuild derives the same heads and gaps from the log alone.
    check = await rebuild(app.state.ctx.sessions, snapshot_every=0, check_only=True)
    assert check.differences == []
    assert check.digest["sequence_gaps"][0] == 1 and check.digest["aggregate_versions"][0] == 3


@pytest.mark.parametrize("aggregate_type", AGGREGATE_TYPES)
async def test_every_tracked_aggregate_type_shows_its_gap_by_name(audit, aggregate_type: AggregateType) -> None:
    """A gap of each type audit tracks is listed (filtered by that type) and reported by /log/verify,
    named in both languages; none of them makes either answer fail."""
    client, feed, app, _ = audit
    samples = Samples()
    registered = samples.event("enterprise", 1)
    first, third = samples.event(aggregate_type, 1, minute=1), samples.event(aggregate_type, 3, minute=2)
    await feed(*([registered] if aggregate_type != "enterprise" else []), first, third)

    response = await client.get("/sequence-gaps", params={"aggregate_type": aggregate_type})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 1, page
    [gap] = page["items"]
    assert (gap["aggregate_type"], gap["expected_version"], gap["first_seen_version"], gap["status"]) == (
        aggregate_type,
        2,
        3,
        "open",
    )
    assert gap["noticed_by_event_id"] == str(third.id)
    vi, en = AGGREGATE_TYPE_NAMES[aggregate_type]
    assert (gap["aggregate_type_name_vi"], gap["aggregate_type_name"]) == (vi, en)
    assert gap["what_vi"].startswith(vi) and gap["what"].startswith(en)
    if aggregate_type not in ("campaign", "readiness_item", "account", "department"):  # keyed by no enterprise
        assert gap["enterprise_name"] == ENTERPRISE_NAME
    others = [t for t in AGGREGATE_TYPES if t != aggregate_type]
    assert (await client.get("/sequence-gaps", params={"aggregate_type": others[0]})).json()["total"] == 0

    verify = await client.get("/log/verify")
    assert verify.status_code == 200, verify.text
    verdict = verify.json()
    assert verdict["ok"] is True and verdict["open_sequence_gaps"] == 1 and verdict["sequence_gaps"] == [gap]

    await feed(samples.event(aggregate_type, 2, minute=3))  # the late one closes it
    [closed] = (await client.get("/sequence-gaps", params={"aggregate_type": aggregate_type})).json()["items"]
    assert (closed["gap_id"], closed["status"]) == (gap["gap_id"], "closed")
    check = await rebuild(app.state.ctx.sessions, snapshot_every=0, check_only=True)
    assert check.differences == [] and check.digest["sequence_gaps"][0] == 1  # the log alone gives the same gap


def test_the_samples_cover_every_tracked_type() -> None:
    assert Samples.TYPES == AGGREGATE_TYPES


async def test_sequence_gaps_filter_and_page(audit) -> None:
    client, feed, _, _ = audit
    roster = Roster()
    _vnpt, registered = roster.enterprise("VNPT Long An")
    post, post_registered = roster.enterprise("Bưu điện tỉnh Long An", "postal")
    campaign, opened = roster.campaign()
    roster.campaign(campaign_id=campaign)  # v2, lost
    _, updated = roster.campaign(campaign_id=campaign)  # v3
    requirement, required = roster.requirement(campaign, post)
    for _ in range(3):  # v2..v4 lost
        roster.requirement(campaign, post, requirement_id=requirement)
    _, changed = roster.requirement(campaign, post, requirement_id=requirement, minimum=2)  # v5
    await feed(registered, post_registered, opened, updated, required, changed)

    everything = (await client.get("/sequence-gaps", params={"limit": 2})).json()
    assert everything["total"] == 4 and everything["next"] and everything["limit"] == 2
    assert [(g["aggregate_type"], g["expected_version"]) for g in everything["items"]] == [
        ("campaign", 2),
        ("requirement", 2),
    ]
    rest = (await client.get(everything["next"])).json()
    assert [g["expected_version"] for g in rest["items"]] == [3, 4] and rest["next"] is None and rest["total"] == 4
    of_post = (await client.get("/sequence-gaps", params={"enterprise_id": str(post)})).json()
    assert {g["aggregate_id"] for g in of_post["items"]} == {str(requirement)}
    one = (
        await client.get("/sequence-gaps", params={"aggregate_type": "campaign", "aggregate_id": str(campaign)})
    ).json()
    assert [g["expected_version"] for g in one["items"]] == [2]
    assert (await client.get("/sequence-gaps", params={"aggregate_type": "planet"})).status_code == 422
    verdict = (await client.get("/log/verify")).json()
    assert verdict["open_sequence_gaps"] == 4 and len(verdict["sequence_gaps"]) == 4

    # Inspectors and administrators see them; managers and staff do not.
    for who, status in (
        (principal("inspector"), 200),
        (ADMIN, 200),
        (principal("manager", enterprises=(post,)), 403),
        (principal("staff"), 403),
    ):
        assert (await client.get("/sequence-gaps", headers=auth(who))).status_code == status


async def test_only_the_roster_events_the_contract_lists_enter_the_chain(audit) -> None:
    client, feed, _, apply = audit
    real = shift_planned()
    unknown = real.model_copy(update={"id": uuid.uuid4(), "type": "lichtruc.roster.shift.teleported.v1"})
    forged = real.model_copy(update={"id": uuid.uuid4(), "source": "/somewhere/else"})
    ours = real.model_copy(
        update={"id": uuid.uuid4(), "type": "lichtruc.audit.coverage_gap.opened.v1", "source": "/lichtruc/audit"}
    )
    for event, words in (
        (unknown, "not in the event contract"),
        (forged, "source '/somewhere/else'"),
        (ours, "roster events only"),
    ):
        with pytest.raises(PermanentError, match=words):
            await apply(event, "test")
    await feed(real)
    items = (await client.get("/log")).json()["items"]
    assert [i["event_id"] for i in items] == [str(real.id)]


async def test_a_refused_event_is_parked_on_the_dlq_and_the_consumer_goes_on(settings, clock, kafka) -> None:
    topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    before, after = shift_planned(), shift_planned()
    stranger = make_event(
        before.decoded(), source="/lichtruc/not-roster", partitionkey=before.partitionkey, time=before.time
    )
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await produce(kafka, topic, [message(before), message(stranger), message(after)])

        async def logged() -> list[str]:
            ids = [i["event_id"] for i in (await client.get("/log")).json()["items"]]
            return ids if len(ids) == 2 else []

        assert await eventually(logged, what="the two roster events logged") == [str(before.id), str(after.id)]
    parked = await read_topic(kafka, topics.dlq(topic), until=lambda records: len(records) >= 1)
    assert [r.value for r in parked] == [message(stranger)[1]]
    reasons = " ".join(v.decode("utf-8", "replace") for _, v in parked[0].headers or ())
    assert "/lichtruc/not-roster" in reasons, parked[0].headers
