"""The whole system as real processes on the real broker and database: a shift goes
roster → outbox → Kafka → notifier and audit, and a redelivered copy changes nothing; an
inspector who kept an old signed tree head of audit's log gets an old event proved in a
later tree, and the old tree proved a prefix of it, by a verifier that shares no code with
audit (tests/merkle_reference.py)."""

from __future__ import annotations

import json

import httpx
import pytest

from audit.domain.merkle import tree_head_bytes
from audit.signing import signature_valid
from devstack import local_http
from lichtruc import topics
from merkle_reference import consistency_ok, inclusion_ok, leaf
from support import ADMIN, TEST_LOG_PUBLIC_KEY, auth, eventually, present, produce, read_topic, service_processes

TUYET = {"staff_id": "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f02", "full_name": "Nguyễn Thị Ánh Tuyết"}
ENTERPRISE = "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01"


@pytest.fixture
def system(new_database, kafka, topic_prefix, tmp_path):
    with service_processes(
        ("roster", "notifier", "audit"),
        new_database=new_database,
        kafka=kafka,
        topic_prefix=topic_prefix,
        logs=tmp_path,
    ) as services:
        yield {name: s.url for name, s in services.items()}


_seeded: dict[str, tuple[str, str]] = {}
AS_ADMIN = auth(ADMIN)  # signed with the session key the services were given (tests/conftest.py)


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def post_shift(roster: str, starts_at: str) -> dict:
    """Plan a shift through roster's API: a campaign and an enterprise (once per roster), and a
    person of its own for each shift, so that no two shifts double-book anyone."""
    with local_http.client(timeout=30) as http:
        if roster not in _seeded:
            campaign = _created(http.post(f"{roster}/campaigns", json={"lunar_year": 2027}, headers=AS_ADMIN))
            enterprise = _created(
                http.post(f"{roster}/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}, headers=AS_ADMIN)
            )
            _seeded[roster] = (campaign["id"], enterprise["id"])
        campaign_id, enterprise_id = _seeded[roster]
        person = _created(
            http.post(
                f"{roster}/staff",
                json={"enterprise_id": enterprise_id, "full_name": TUYET["full_name"], "qualifications": ["operator"]},
                headers=AS_ADMIN,
            )
        )
        return _created(
            http.post(
                f"{roster}/shifts",
                json={
                    "campaign_id": campaign_id,
                    "enterprise_id": enterprise_id,
                    "duty_type": "operations",
                    "starts_at": starts_at,
                    "ends_at": "2027-02-06T06:00:00+07:00",
                    "assignees": [{"staff_id": person["id"]}],
                    "notes": "Đêm giao thừa",
                },
                headers=AS_ADMIN,
            )
        )


async def test_shift_reaches_notifier_and_audit_once(system, kafka, topic_prefix) -> None:
    shift = post_shift(system["roster"], "2027-02-05T22:00:00+07:00")
    async with httpx.AsyncClient(headers=AS_ADMIN) as client:

        async def notifier_has(shift_id: str) -> dict | None:
            response = await client.get(f"{system['notifier']}/shifts/{shift_id}")
            return response.json() if response.status_code == 200 else None

        async def audit_log() -> list:
            return (await client.get(f"{system['audit']}/log", params={"limit": 500})).json()["items"]

        known = await eventually(lambda: notifier_has(shift["id"]), what="notifier to apply ShiftPlanned")
        assert known["data"]["assignees"][0]["full_name"] == "Nguyễn Thị Ánh Tuyết"

        def shift_id_of(item: dict) -> str | None:
            return item["event"]["data"].get("shift", {}).get("shift_id")

        async def audit_has_one() -> list:
            return [i for i in await audit_log() if shift_id_of(i) == shift["id"]]

        [logged] = await eventually(audit_has_one, what="audit to log ShiftPlanned")
        assert logged["event"]["data"]["shift"]["notes"] == "Đêm giao thừa"

        # Redeliver the very same Kafka message, then a marker behind it on the same partition.
        topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)

        def of_shift(records) -> list:
            return [r for r in records if json.loads(r.value)["subject"] == f"shifts/{shift['id']}"]

        [original] = of_shift(await read_topic(kafka, topic, until=lambda recs: len(of_shift(recs)) >= 1))
        await produce(kafka, topic, [(original.key, original.value, {"content-type": "application/cloudevents+json"})])
        marker = post_shift(system["roster"], "2027-02-05T23:00:00+07:00")
        await eventually(lambda: notifier_has(marker["id"]), what="notifier to apply the marker")

        async def audit_has_marker() -> bool:
            return any(shift_id_of(i) == marker["id"] for i in await audit_log())

        await eventually(audit_has_marker, what="audit to log the marker")

        assert len(await audit_has_one()) == 1
        assert len([i for i in await audit_log() if shift_id_of(i)]) == 2  # besides the seeded reference data
        assert present(await notifier_has(shift["id"]))["last_event_id"] == logged["event_id"]
        verdict = (await client.get(f"{system['audit']}/log/verify")).json()
        assert verdict["ok"] is True
        assert verdict["open_sequence_gaps"] == 0  # roster's versions arrive consecutive; the copy opens none


def canonical(event: dict) -> bytes:
    """The event's bytes as the inspector computes them: sorted keys, no spaces, UTF-8."""
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signed(head: dict, public_key: str) -> bool:
    message = tree_head_bytes(head["tree_size"], bytes.fromhex(head["root_hash"]), head["timestamp"])
    return signature_valid(public_key, message, bytes.fromhex(head["signature"]))


async def test_an_old_event_is_proved_in_a_later_signed_tree(system) -> None:
    audit = system["audit"]
    first = post_shift(system["roster"], "2027-02-05T20:00:00+07:00")
    async with httpx.AsyncClient(headers=AS_ADMIN) as client:

        async def logged(shift_id: str) -> dict | None:
            items = (await client.get(f"{audit}/log", params={"limit": 500})).json()["items"]
            found = [i for i in items if i["event"]["data"].get("shift", {}).get("shift_id") == shift_id]
            return found[0] if found else None

        async def head_covering(seq: int) -> dict | None:
            head = (await client.get(f"{audit}/log/tree-head")).json()
            return head if head["tree_size"] >= seq else None

        record = await eventually(lambda: logged(first["id"]), what="audit to log the first shift")
        old = await eventually(lambda: head_covering(record["seq"]), what="a head with the first shift")

        later = post_shift(system["roster"], "2027-02-05T21:00:00+07:00")
        last = await eventually(lambda: logged(later["id"]), what="audit to log the later shift")
        new = await eventually(lambda: head_covering(last["seq"]), what="a head with the later shift")
        assert new["tree_size"] > old["tree_size"]

        public_key = (await client.get(f"{audit}/log/public-key")).text
        assert public_key.strip() == TEST_LOG_PUBLIC_KEY.strip()
        assert signed(old, public_key) and signed(new, public_key)

        proof = (
            await client.get(
                f"{audit}/log/proof/inclusion", params={"event": record["event_id"], "tree_size": new["tree_size"]}
            )
        ).json()
        assert proof["root_hash"] == new["root_hash"] and proof["leaf_index"] == record["seq"] - 1
        assert inclusion_ok(
            leaf(canonical(record["event"])),
            proof["leaf_index"],
            new["tree_size"],
            [bytes.fromhex(h) for h in proof["audit_path"]],
            bytes.fromhex(new["root_hash"]),
        )

        consistency = (
            await client.get(
                f"{audit}/log/proof/consistency", params={"from": old["tree_size"], "to": new["tree_size"]}
            )
        ).json()
        assert consistency["from_root"] == old["root_hash"]
        assert consistency_ok(
            old["tree_size"],
            new["tree_size"],
            bytes.fromhex(old["root_hash"]),
            bytes.fromhex(new["root_hash"]),
            [bytes.fromhex(h) for h in consistency["proof"]],
        )
        assert (await client.get(f"{audit}/log/verify")).json()["tree_ok"] is True
