"""A rolling upgrade on the real broker and databases: roster, upgraded first, publishes a shift with
fields the running audit and notifier do not know yet. Both apply it (nothing parked), audit's log keeps
the unknown fields as sent (its chain link and Merkle leaf hash them, its rebuild reads them) and still
verifies, and an event that really breaks the contract (a required field missing) still goes to each
consumer's dead-letter topic (lichtruc.events, "Tolerant readers")."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from audit.app import create_app as create_audit
from audit.rebuild import run as rebuild_audit
from audit.settings import AuditSettings
from events_factory import message, shift_planned
from lichtruc import topics
from lichtruc.transparency import canonical_bytes
from notifier.app import create_app as create_notifier
from notifier.settings import NotifierSettings
from support import eventually, produce, read_topic, running, wait_ready


def newer(event_doc: dict[str, Any]) -> bytes:
    """The event as a newer roster would write it: an optional field at each depth this version lacks,
    and a CloudEvents extension attribute on the envelope (distributed tracing's)."""
    event_doc["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    data = event_doc["data"]
    data["priority"] = "cao"
    data["shift"]["handover_note"] = "Bàn giao chìa khóa phòng máy cho ca sau"
    data["shift"]["assignees"][0]["phone"] = "0901 234 567"
    return json.dumps(event_doc, ensure_ascii=False).encode("utf-8")


async def test_a_newer_producers_event_is_applied_by_both_consumers_and_logged_whole(
    new_database, kafka, topic_prefix
) -> None:
    topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)
    audit_settings = AuditSettings(
        database_url=new_database("audit"),
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        consumer_group=f"{topic_prefix}-audit",
        log_json=False,
    )
    audit_app = create_audit(audit_settings)
    notifier_app = create_notifier(
        NotifierSettings(
            database_url=new_database("notifier"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            consumer_group=f"{topic_prefix}-notifier",
            consumer_retry_backoff_seconds=0.01,
            log_json=False,
        )
    )
    upgraded = shift_planned(name="Nguyễn Thị Ánh Tuyết")
    broken_doc = shift_planned(name="Trần Văn Đức").model_dump(mode="json")
    del broken_doc["data"]["shift"]["duty_type"]
    broken = json.dumps(broken_doc, ensure_ascii=False).encode("utf-8")
    after = shift_planned(name="Lê Hoàng Yến")
    sent = newer(upgraded.model_dump(mode="json"))
    key = upgraded.partitionkey.encode()
    shift_id = upgraded.data["shift"]["shift_id"]

    async with running(audit_app) as audit, running(notifier_app) as notifier:
        await wait_ready(audit)
        await wait_ready(notifier)
        await produce(kafka, topic, [(key, sent, None), (key, broken, None), message(after)])

        async def notifier_applied() -> bool:
            last = await notifier.get(f"/shifts/{after.data['shift']['shift_id']}")
            return last.status_code == 200

        await eventually(notifier_applied, what="notifier applying the event after the two")
        known = (await notifier.get(f"/shifts/{shift_id}")).json()
        assert known["version"] == 1 and known["status"] == "published"

        async def audit_logged() -> list:
            items = (await audit.get("/log")).json()["items"]
            return items if len(items) == 2 else []

        logged = await eventually(audit_logged, what="audit logging the two events that keep the contract")
        assert [i["event_id"] for i in logged] == [str(upgraded.id), str(after.id)]
        assert logged[0]["event"] == json.loads(sent)  # every field the producer sent, the unknown ones too
        kept = logged[0]["event"]["data"]
        assert kept["priority"] == "cao"
        assert kept["shift"]["handover_note"] == "Bàn giao chìa khóa phòng máy cho ca sau"
        assert kept["shift"]["assignees"][0]["phone"] == "0901 234 567"
        # The chain and the Merkle tree hash what the producer sent, not the model this audit decoded.
        as_sent = canonical_bytes(json.loads(sent))
        assert logged[0]["hash"] == hashlib.sha256(bytes.fromhex(logged[0]["prev_hash"]) + as_sent).hexdigest()
        proof = (await audit.get("/log/proof/inclusion", params={"event": str(upgraded.id)})).json()
        assert proof["leaf_hash"] == hashlib.sha256(b"\x00" + as_sent).hexdigest()
        verdict = (await audit.get("/log/verify")).json()
        assert verdict["ok"] is True and verdict["records_checked"] == 2 and verdict["tree_ok"] is True

        at = upgraded.data["shift"]["starts_at"]
        on_duty = (await audit.get("/on-duty", params={"at": at})).json()
        assert sorted(p["full_name"] for s in on_duty["shifts"] for p in s["people"]) == [
            "Lê Hoàng Yến",
            "Nguyễn Thị Ánh Tuyết",
        ]

    # A rebuild reads the log back, the unknown fields with the rest, and derives the same projections.
    report = await rebuild_audit(audit_settings, check_only=True)
    assert report.events == 2 and report.differences == []

    dead = await read_topic(kafka, topics.dlq(topic), until=lambda recs: len(recs) >= 2)
    assert [r.value for r in dead] == [broken, broken]  # one from each consumer, nothing else
    consumers = sorted(dict(r.headers)["dlq-consumer"].decode() for r in dead)
    assert consumers == sorted([f"{topic_prefix}-audit", f"{topic_prefix}-notifier"])
    assert all(b"duty_type" in dict(r.headers)["dlq-error"] for r in dead)
