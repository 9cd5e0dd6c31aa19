"""A shift's rest warnings stay true whatever happens to the shift they name (QA): when a neighbouring shift
of the same person is planned, moved, cancelled, or the person is taken off it, roster computes the warnings
of the shifts around it again in the same transaction, and announces each one that changed (ShiftUpdated
through the outbox, read back here from Kafka with a plain consumer), so that the board and every consumer
see them as the API does. On real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg

from roster.db import postgres as store
from roster.domain.errors import ConcurrentChange
from support import eventually, read_topic

from .seeding import shift_body

NIGHT = ("2027-02-05T22:00:00+07:00", "2027-02-06T06:00:00+07:00")  # Tuyết's night on 29 tháng Chạp


async def _plan(client, campaign, enterprise, people, starts_at: str, ends_at: str) -> dict[str, Any]:
    body = shift_body(campaign, enterprise, people, starts_at=starts_at, ends_at=ends_at)
    response = await client.post("/shifts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _plan_published(client, campaign, enterprise, people, starts_at: str, ends_at: str) -> dict[str, Any]:
    body = shift_body(campaign, enterprise, people, starts_at=starts_at, ends_at=ends_at, status="published")
    response = await client.post("/shifts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _get(client, shift: dict[str, Any]) -> dict[str, Any]:
    return (await client.get(f"/shifts/{shift['id']}")).json()


def _named(shift: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(rule, the shift it names) of each warning."""
    return [(w["rule"], w.get("shift_id")) for w in shift["warnings"]]


async def _post(client, shift: dict[str, Any], action: str, body: dict[str, Any]) -> dict[str, Any]:
    current = await _get(client, shift)
    response = await client.post(
        f"/shifts/{shift['id']}/{action}", json=body, headers={"If-Match": f'"{current["version"]}"'}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_warning_follows_its_neighbour_planned_moved_given_away_and_cancelled(
    client, seed, kafka, roster_topic
) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    night = await _plan(client, campaign, enterprise, [tuyet], *NIGHT)
    assert night["warnings"] == [] and night["version"] == 1

    # Planned 4 h after the night: both shifts say so, each naming the other.
    morning = await _plan(
        client, campaign, enterprise, [tuyet], "2027-02-06T10:00:00+07:00", "2027-02-06T14:00:00+07:00"
    )
    assert _named(morning) == [("min-rest", night["id"])]
    bordered = await _get(client, night)
    assert _named(bordered) == [("min-rest", morning["id"])] and bordered["version"] == 2
    [said] = bordered["warnings"]
    assert said["staff_id"] == tuyet["id"] and said["rest_hours"] == 4
    assert said["message_vi"] == (
        f"{tuyet['full_name']} chỉ được nghỉ 4 giờ giữa ca này và ca trực điều hành 10:00–14:00 06/02/2027 "
        "(Mùng 1 Tết) (tối thiểu 8 giờ)."
    )

    # Moved to the evening (10 h of rest): the night's warning goes; moved back to 08:00, it names the new hours.
    await _post(
        client,
        morning,
        "reschedule",
        {"starts_at": "2027-02-06T16:00:00+07:00", "ends_at": "2027-02-06T20:00:00+07:00"},
    )
    assert (await _get(client, night))["warnings"] == []
    await _post(
        client,
        morning,
        "reschedule",
        {"starts_at": "2027-02-06T08:00:00+07:00", "ends_at": "2027-02-06T12:00:00+07:00"},
    )
    back = await _get(client, night)
    assert _named(back) == [("min-rest", morning["id"])]
    assert back["warnings"][0]["rest_hours"] == 2 and "08:00–12:00 06/02/2027" in back["warnings"][0]["message_vi"]

    # Given to Đức: Tuyết rests again, so nothing is left to warn of on her night.
    given = await _post(client, morning, "reassign", {"assignees": [{"staff_id": duc["id"]}]})
    assert given["warnings"] == []
    assert (await _get(client, night))["warnings"] == []

    # Given back, then cancelled: the warning comes, and goes with it.
    await _post(client, morning, "reassign", {"assignees": [{"staff_id": tuyet["id"]}]})
    assert _named(await _get(client, night)) == [("min-rest", morning["id"])]
    assert _named(await _get(client, morning)) == [("min-rest", night["id"])]
    cancelled = await _post(client, morning, "cancel", {"reason": "Đổi kế hoạch"})
    # QZ20 #3: the cancelled shift itself keeps no warning of a rest nobody is short of any more
    assert cancelled["warnings"] == [] and (await _get(client, morning))["warnings"] == []
    final = await _get(client, night)
    assert final["warnings"] == []

    # Every change of the night's warnings reached the topic as an update carrying them, in order.
    def updates(records) -> list[dict]:
        found = [json.loads(r.value) for r in records]
        return [e for e in found if e["data"].get("shift", {}).get("shift_id") == night["id"]]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(updates(recs)) >= final["version"])
    seen = updates(records)
    assert [e["data"]["shift"]["version"] for e in seen] == list(range(1, final["version"] + 1))
    assert {e["type"] for e in seen[1:]} == {"lichtruc.roster.shift.updated.v1"}
    carried = [len(e["data"]["shift"]["warnings"]) for e in seen]
    assert carried == [0, 1, 0, 1, 0, 1, 0]  # planned, bordered, moved away, back, given away, back, cancelled
    # Roster did it, not the manager who changed the morning (who may manage another enterprise).
    assert {e["data"]["actor"] for e in seen[1:]} == {"system"}
    assert all(e["data"]["changed"] == ["warnings"] for e in seen[1:])  # and says it changed only those


async def test_a_manager_who_read_a_shift_before_its_warnings_were_recomputed_is_not_refused(client, seed) -> None:
    """Code review: recomputing a neighbour's warnings saves it at its next version, so a manager who had the
    night open (another tab) was refused with a 412 for a change nobody made to what they saw. A version
    that only recomputed warnings now lets through a change that read the one before; a version a person
    made still refuses it."""
    campaign, enterprise, tuyet = await seed.world()
    night = await _plan(client, campaign, enterprise, [tuyet], *NIGHT)
    assert night["version"] == 1
    await _plan(client, campaign, enterprise, [tuyet], "2027-02-06T10:00:00+07:00", "2027-02-06T14:00:00+07:00")
    assert (await _get(client, night))["version"] == 2  # its warning recomputed

    # The tab that read version 1 edits the notes: accepted, on top of version 2 (its warning kept).
    edited = await client.patch(
        f"/shifts/{night['id']}", json={"notes": "Trực đêm giao thừa"}, headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 3 and edited.json()["notes"] == "Trực đêm giao thừa"
    assert len(edited.json()["warnings"]) == 1
    assert edited.headers["etag"] == '"3"'

    # Version 3 is a person's: a change read at 1 or 2 no longer goes through.
    for stale in ('"1"', '"2"'):
        refused = await client.patch(f"/shifts/{night['id']}", json={"notes": "Khác"}, headers={"If-Match": stale})
        assert refused.status_code == 412, refused.text
    assert (await _get(client, night))["notes"] == "Trực đêm giao thừa"


async def test_a_neighbour_with_no_warning_to_change_gets_no_new_version(client, seed) -> None:
    """Changes far enough from a shift leave it alone: no new version, no event."""
    campaign, enterprise, tuyet = await seed.world()
    night = await _plan(client, campaign, enterprise, [tuyet], *NIGHT)
    evening = await _plan(
        client, campaign, enterprise, [tuyet], "2027-02-06T18:00:00+07:00", "2027-02-06T22:00:00+07:00"
    )
    await _post(
        client,
        evening,
        "reschedule",
        {"starts_at": "2027-02-06T19:00:00+07:00", "ends_at": "2027-02-06T23:00:00+07:00"},
    )
    await _post(client, evening, "cancel", {"reason": "Không cần"})
    assert (await _get(client, night))["version"] == 1


# --- neighbours held by another transaction -----------------------------------------------------------


async def test_a_neighbour_held_by_another_transaction_is_skipped_not_waited_for_then_rewarned_once_free(
    client, seed, roster_settings
) -> None:
    """Code review: the changed shift is held first, then its neighbours; waiting for a neighbour another
    transaction holds could deadlock (that transaction changing the neighbour holds it and may want ours).
    Roster takes the neighbours with SKIP LOCKED: while another connection holds the night, planning a shift
    next to it answers at once, the night keeping its version. The night is queued, and once free roster
    computes its warning by itself (no further change near it), announced by 'system'."""
    campaign, enterprise, tuyet = await seed.world()
    night = await _plan(client, campaign, enterprise, [tuyet], *NIGHT)
    body = shift_body(
        campaign, enterprise, [tuyet], starts_at="2027-02-06T10:00:00+07:00", ends_at="2027-02-06T14:00:00+07:00"
    )
    dsn = roster_settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
    holder = await asyncpg.connect(dsn)
    try:
        async with holder.transaction():
            await holder.execute("SELECT id FROM shifts WHERE id = $1 FOR UPDATE", uuid.UUID(night["id"]))
            # Waiting for the night would never end while it is held here: the plan must not wait.
            planned = await asyncio.wait_for(client.post("/shifts", json=body), timeout=10)
            assert planned.status_code == 201, planned.text
            morning = planned.json()
            assert _named(morning) == [("min-rest", night["id"])]  # its own warnings are computed as ever
            held = await _get(client, night)
            assert held["version"] == 1 and held["warnings"] == []  # left as it was while held
            queued = await holder.fetchval(
                "SELECT count(*) FROM rewarn_queue WHERE shift_id = $1", uuid.UUID(night["id"])
            )
            assert queued == 1
    finally:
        await holder.close()

    async def rewarned() -> dict[str, Any] | None:
        now = await _get(client, night)
        return now if now["version"] == 2 else None

    freed = await eventually(rewarned, timeout=20, what="the night's warning computed once it was free")
    assert _named(freed) == [("min-rest", morning["id"])]
    left = await asyncpg.connect(dsn)
    try:
        assert await left.fetchval("SELECT count(*) FROM rewarn_queue") == 0
    finally:
        await left.close()
    # A later change near it still makes its warning follow.
    await _post(
        client,
        morning,
        "reschedule",
        {"starts_at": "2027-02-06T09:00:00+07:00", "ends_at": "2027-02-06T13:00:00+07:00"},
    )
    moved = await _get(client, night)
    assert _named(moved) == [("min-rest", morning["id"])] and moved["version"] == 3
    assert "09:00–13:00" in moved["warnings"][0]["message_vi"]


async def test_concurrent_changes_of_neighbouring_shifts_neither_wait_for_each_other(client, seed, monkeypatch) -> None:
    """Code review: A's move rewarns B while B's cancellation rewarns A; each transaction holds its own shift
    and wanted the other's — a deadlock PostgreSQL breaks only after deadlock_timeout (1 s), then a retry.
    Sent together, a few times over, both answer 200 and the database reports no deadlock to roster's store (it
    would be run again and answer 200 all the same, a second later). (Rested enough
    either way, so that neither change gives the other shift a new version: the 412 that would be is not a
    lock's doing; each neighbour is still taken and computed again.)"""
    lost: list[str] = []

    class Recorded(ConcurrentChange):
        def __init__(self, reason: str) -> None:
            lost.append(reason)
            super().__init__(reason)

    monkeypatch.setattr(store, "ConcurrentChange", Recorded)  # what the store raises on 40P01 / 40001
    campaign, enterprise, _tuyet = await seed.world()
    for i in range(4):
        person = await seed.staff(enterprise, f"Phạm Văn Hùng {i}")
        day = 8  # each pair a person of its own
        a = await _plan(
            client,
            campaign,
            enterprise,
            [person],
            f"2027-02-{day:02d}T22:00:00+07:00",
            f"2027-02-{day + 1:02d}T06:00:00+07:00",
        )
        b = await _plan(
            client,
            campaign,
            enterprise,
            [person],
            f"2027-02-{day + 1:02d}T16:00:00+07:00",
            f"2027-02-{day + 1:02d}T20:00:00+07:00",
        )
        a_now, b_now = await _get(client, a), await _get(client, b)
        move = client.post(
            f"/shifts/{a['id']}/reschedule",
            json={"starts_at": f"2027-02-{day:02d}T21:00:00+07:00", "ends_at": f"2027-02-{day + 1:02d}T05:00:00+07:00"},
            headers={"If-Match": f'"{a_now["version"]}"'},
        )
        cancel = client.post(
            f"/shifts/{b['id']}/cancel", json={"reason": "Đổi kế hoạch"}, headers={"If-Match": f'"{b_now["version"]}"'}
        )
        moved, cancelled = await asyncio.gather(move, cancel)
        assert moved.status_code == 200, moved.text
        assert cancelled.status_code == 200, cancelled.text
        assert lost == [], f"pair {i}: {lost}"  # neither took the other's shift under a lock it waited for

        # Whichever saw the other held queued it: once both are committed, A's warnings are those of B cancelled.
        async def settled(shift: dict[str, Any] = a) -> bool:
            return (await _get(client, shift))["warnings"] == []

        await eventually(settled, timeout=20, what=f"pair {i}: A's warning of the cancelled B gone")


# --- drafts: counted only by drafts' warnings ----------------------------------------------------------


async def test_a_published_shift_is_warned_of_a_draft_next_to_it_only_once_the_draft_is_published(
    client, seed, kafka, roster_topic
) -> None:
    """A published shift's warnings are read by its staff and the inspectors: a draft 4 h after it (which
    the manager may never publish) is no warning of it and makes no new version or event; the draft itself is
    warned of the published night (its manager sees both). Published, the draft is counted: the night's warning
    names it, announced by 'system', and the published draft's names the night. Another draft next to the
    night, cancelled, changes nothing of the night either."""
    campaign, enterprise, tuyet = await seed.world()
    night = await _plan_published(client, campaign, enterprise, [tuyet], *NIGHT)
    assert night["status"] == "published" and night["warnings"] == []

    morning = await _plan(
        client, campaign, enterprise, [tuyet], "2027-02-06T10:00:00+07:00", "2027-02-06T14:00:00+07:00"
    )
    assert morning["status"] == "draft" and _named(morning) == [("min-rest", night["id"])]
    untouched = await _get(client, night)
    assert untouched["warnings"] == [] and untouched["version"] == night["version"]
    before = await _plan(  # 3 h before the night, cancelled: no trace on the night
        client, campaign, enterprise, [tuyet], "2027-02-05T15:00:00+07:00", "2027-02-05T19:00:00+07:00"
    )
    assert _named(before) == [("min-rest", night["id"])]
    await _post(client, before, "cancel", {})
    assert (await _get(client, night))["version"] == night["version"]

    published = await _post(client, morning, "publish", {})
    assert published["status"] == "published" and _named(published) == [("min-rest", night["id"])]
    warned = await _get(client, night)
    assert _named(warned) == [("min-rest", morning["id"])] and warned["version"] == night["version"] + 1
    assert warned["warnings"][0]["message_vi"] == (
        f"{tuyet['full_name']} chỉ được nghỉ 4 giờ giữa ca này và ca trực điều hành 10:00–14:00 06/02/2027 "
        "(Mùng 1 Tết) (tối thiểu 8 giờ)."
    )

    def of_night(records) -> list[dict]:
        found = [json.loads(r.value) for r in records]
        return [e for e in found if e["data"].get("shift", {}).get("shift_id") == night["id"]]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(of_night(recs)) >= warned["version"])
    seen = of_night(records)
    assert [(e["type"].split(".")[-2], e["data"]["shift"]["version"]) for e in seen] == [
        ("planned", 1),
        ("published", 2),
        ("updated", 3),  # only once the morning was published
    ]
    update = seen[-1]["data"]
    assert (update["actor"], update["changed"]) == ("system", ["warnings"])
    assert len(update["shift"]["warnings"]) == 1 and update["shift"]["warnings"][0].startswith("min-rest: ")


async def test_publishing_every_draft_at_once_warns_each_as_published_and_its_published_neighbours(
    client, seed, kafka, roster_topic
) -> None:
    """The enterprise's drafts published together: each one's warnings are those of a published shift counting
    the others published with it, carried by its ShiftPublished (no update after it); the published night
    before them is warned of the first, by 'system'."""
    campaign, enterprise, tuyet = await seed.world()
    night = await _plan_published(client, campaign, enterprise, [tuyet], *NIGHT)
    morning = await _plan(
        client, campaign, enterprise, [tuyet], "2027-02-06T10:00:00+07:00", "2027-02-06T14:00:00+07:00"
    )
    evening = await _plan(
        client, campaign, enterprise, [tuyet], "2027-02-06T18:00:00+07:00", "2027-02-06T22:00:00+07:00"
    )
    assert (await _get(client, night))["warnings"] == []

    response = await client.post(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/publish", json={})
    assert response.status_code == 200, response.text
    morning_now, evening_now, night_now = [await _get(client, s) for s in (morning, evening, night)]
    assert _named(morning_now) == [("min-rest", night["id"]), ("min-rest", evening["id"])]
    assert _named(evening_now) == [("min-rest", morning["id"])]
    assert _named(night_now) == [("min-rest", morning["id"])]

    def of_shift(records, shift: dict[str, Any]) -> list[dict]:
        found = [json.loads(r.value) for r in records]
        return [e for e in found if e["data"].get("shift", {}).get("shift_id") == shift["id"]]

    records = await read_topic(
        kafka, roster_topic, until=lambda recs: len(of_shift(recs, night)) >= night_now["version"]
    )
    last_of_morning = of_shift(records, morning)[-1]
    assert last_of_morning["type"].split(".")[-2] == "published"
    assert last_of_morning["data"]["shift"]["version"] == morning_now["version"]
    assert len(last_of_morning["data"]["shift"]["warnings"]) == 2
    assert [e["type"].split(".")[-2] for e in of_shift(records, night)] == ["planned", "published", "updated"]
    assert of_shift(records, night)[-1]["data"]["actor"] == "system"
