"""Idempotency-Key: a retried POST gets the first answer and changes nothing twice."""

from __future__ import annotations

import asyncio

from support import auth, principal

from .seeding import shift_body


async def shifts_of(client, enterprise) -> int:
    return (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["total"]


async def test_same_key_same_body_replays_the_first_answer(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    body = shift_body(campaign, enterprise, [tuyet])
    key = {"Idempotency-Key": f"plan-{tuyet['id']}"}
    first = await client.post("/shifts", json=body, headers=key)
    before = (await client.get("/outbox")).json()["pending"]
    # The same JSON with its keys in another order is the same request.
    again = await client.post("/shifts", json=dict(reversed(list(body.items()))), headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"] and again.headers["etag"] == '"1"'
    assert again.headers["idempotent-replayed"] == "true"
    assert await shifts_of(client, enterprise) == 1
    assert (await client.get("/outbox")).json()["pending"] <= before  # no second event


async def test_same_key_other_body_is_refused(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    key = {"Idempotency-Key": f"other-{tuyet['id']}"}
    assert (
        await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]), headers=key)
    ).status_code == 201
    other = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            enterprise,
            [tuyet],
            duty_type="patrol",
            starts_at="2027-02-07T08:00:00+07:00",
            ends_at="2027-02-07T16:00:00+07:00",
        ),
        headers=key,
    )
    assert other.status_code == 422
    assert other.json()["type"].endswith("/same-request")
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await shifts_of(client, enterprise) == 1


async def test_keys_belong_to_the_account_that_sent_them(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise)
    key = {"Idempotency-Key": "retry-1"}  # a key two planners could both choose
    mine = await client.post(
        "/shifts",
        json=shift_body(campaign, enterprise, [tuyet]),
        headers={**key, **auth(principal("admin", name="a@so-tttt.gov.vn"))},
    )
    theirs = await client.post(
        "/shifts",
        json=shift_body(campaign, enterprise, [duc]),
        headers={**key, **auth(principal("admin", name="b@so-tttt.gov.vn"))},
    )
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "idempotent-replayed" not in theirs.headers and theirs.json()["id"] != mine.json()["id"]


async def test_concurrent_retries_with_one_key_make_one_shift(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    key = {"Idempotency-Key": f"race-{tuyet['id']}"}
    body = shift_body(campaign, enterprise, [tuyet])
    responses = await asyncio.gather(*(client.post("/shifts", json=body, headers=key) for _ in range(3)))
    assert [r.status_code for r in responses] == [201, 201, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await shifts_of(client, enterprise) == 1


async def test_a_failed_request_does_not_use_up_the_key(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    key = {"Idempotency-Key": f"retry-after-fix-{tuyet['id']}"}
    wrong = await client.post(
        "/shifts", json=shift_body(campaign, enterprise, [tuyet], ends_at="2027-02-05T21:00:00+07:00"), headers=key
    )
    assert wrong.status_code == 422
    fixed = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]), headers=key)
    assert fixed.status_code == 201


async def test_every_post_that_offers_a_key_replays_and_a_patch_takes_none(client, seed) -> None:
    """The key is read by each POST that offers it (`IdempotentChange`), not by POST /shifts alone: a cancellation
    sent twice is done once. A PATCH offers none: sent twice with one key, the second is refused by If-Match."""
    campaign, enterprise, tuyet = await seed.world()
    shift = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).json()
    path = f"/shifts/{shift['id']}"
    edit = {"Idempotency-Key": f"edit-{shift['id']}", "If-Match": '"1"'}
    edited = await client.patch(path, json={"notes": "Trực tại tổng đài"}, headers=edit)
    twice = await client.patch(path, json={"notes": "Trực tại tổng đài"}, headers=edit)
    assert (edited.status_code, twice.status_code, "idempotent-replayed" in twice.headers) == (200, 412, False)
    cancel = {"Idempotency-Key": f"cancel-{shift['id']}", "If-Match": edited.headers["etag"]}
    first = await client.post(f"{path}/cancel", json={"reason": "Trùng ca"}, headers=cancel)
    again = await client.post(f"{path}/cancel", json={"reason": "Trùng ca"}, headers=cancel)
    assert (first.status_code, again.status_code, again.headers.get("idempotent-replayed")) == (200, 200, "true")
    assert again.json() == first.json() and again.json()["status"] == "cancelled"
