"""Scenario 3 — a 2 MB message (gzip-compressed on the wire, so the broker takes it) and malformed
messages put on roster's topic by a plain producer, on the partition of an enterprise whose
next real change comes right behind them. Both consumers park or dead-letter each of them
exactly once and go on: the marker change behind them is applied, the partition is not
blocked, nothing loops."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from chaos_kit import (
    FIGURES,
    Figures,
    audit_log,
    client,
    converge,
    dead_letters,
    read_all,
    seed,
    start_system,
    wait_for,
)

from lichtruc.events import ROSTER_SOURCE, ShiftPlanned

BIG = 2 * 1024 * 1024


def _poison(enterprise: str) -> dict[str, bytes]:
    now = datetime.now(UTC).isoformat()
    envelope = {
        "specversion": "1.0",
        "source": ROSTER_SOURCE,
        "time": now,
        "partitionkey": enterprise,
        "datacontenttype": "application/json",
    }
    filler = ("Lịch trực Tết " * (BIG // 10))[:BIG]
    return {
        # 2 MB, well over the consumers' DLQ producer limit (1 MiB): cannot be copied whole.
        "oversized (2 MiB, gzip)": json.dumps({"note": "not an event", "filler": filler}).encode(),
        "not JSON": b"\x00\xff{ this is not json",
        "JSON, not a CloudEvent": json.dumps({"hello": "world", "partitionkey": enterprise}).encode(),
        "schema violation": json.dumps(
            {
                **envelope,
                "id": str(uuid.uuid4()),
                "type": ShiftPlanned.event_type,
                "subject": "shifts/x",
                "data": {"shift": {"shift_id": "not-a-uuid"}},
            }
        ).encode(),
    }


def _foreign(enterprise: str) -> bytes:
    """A well-formed envelope of a type no contract lists, from a source that is not roster."""
    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": "/somebody/else",
            "type": "vn.example.unlisted.v1",
            "time": datetime.now(UTC).isoformat(),
            "partitionkey": enterprise,
            "datacontenttype": "application/json",
            "data": {"anything": True},
        }
    ).encode()


@pytest.mark.timeout(600)
async def test_an_oversized_and_malformed_messages_are_parked_and_the_partition_goes_on(
    postgres_server, kafka_server, tmp_path
) -> None:
    began = time.monotonic()
    fig = FIGURES["3"] = Figures("A 2 MB message and malformed messages on roster's topic, a real change behind them")
    kafka_server.start()
    postgres_server.start()
    system = await asyncio.to_thread(start_system, postgres_server, kafka_server, tmp_path)
    problems: list[str] = []
    try:
        async with client() as http:
            reference = await seed(http, system.url("roster"), enterprises=1, staff_per_enterprise=2)
        enterprise = reference.enterprises[0]
        poison = _poison(enterprise.id)
        foreign = _foreign(enterprise.id)
        producer = AIOKafkaProducer(
            bootstrap_servers=system.kafka.bootstrap_servers,
            acks="all",
            compression_type="gzip",
            max_request_size=8 * 1024 * 1024,
        )
        await producer.start()
        placed: dict[str, tuple[int, int]] = {}
        try:
            for name, value in [*poison.items(), ("foreign source, unlisted type", foreign)]:
                meta = await producer.send_and_wait(
                    system.roster_topic,
                    value,
                    key=enterprise.id.encode(),
                    headers=[("content-type", b"application/cloudevents+json")],
                )
                placed[name] = (meta.partition, meta.offset)
        finally:
            await producer.stop()

        # The marker: a real change of the same enterprise, so on the same partition, behind them.
        async with client() as http:
            start = reference.starts_at + timedelta(hours=6)
            marker = await http.post(
                f"{system.url('roster')}/shifts",
                json={
                    "campaign_id": reference.campaign_id,
                    "enterprise_id": enterprise.id,
                    "duty_type": "operations",
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=3)).isoformat(),
                    "assignees": [{"staff_id": enterprise.staff[0]}],
                    "status": "published",
                    "notes": "Ca đánh dấu",
                },
            )
            assert marker.status_code == 201, marker.text
            shift_id = marker.json()["id"]
            applied_at = time.monotonic()

            async def notifier_has_it() -> bool:
                return (await http.get(f"{system.url('notifier')}/shifts/{shift_id}")).status_code == 200

            async def audit_has_it() -> bool:
                return any(
                    (r["event"].get("data", {}).get("shift") or {}).get("shift_id") == shift_id
                    for r in await audit_log(http, system.url("audit"))
                )

            await wait_for(notifier_has_it, timeout=90, what="notifier to apply the change behind the poison")
            notifier_seconds = time.monotonic() - applied_at
            await wait_for(audit_has_it, timeout=90, what="audit to log the change behind the poison")
            audit_seconds = time.monotonic() - applied_at

        records = await read_all(system.kafka.bootstrap_servers, system.roster_topic)
        [marker_record] = [r for r in records if _is_planned(r.value, shift_id)]
        same_partition = {p for p, _ in placed.values()} == {marker_record.partition}

        report, _waited = await converge(system, timeout=120)
        letters = await dead_letters(system)
        # No loop: the dead letters do not grow once everything behind them is applied.
        letters_again = await dead_letters(system)
        groups = {"notifier": f"{system.prefix}-notifier", "audit": f"{system.prefix}-audit"}
        by_offset = Counter((d["consumer"], d["original_offset"]) for d in letters)
        outcome: dict[str, dict[str, str]] = {}
        big_offset = placed["oversized (2 MiB, gzip)"][1]
        for service, group in groups.items():
            outcome[service] = {}
            for name, (_, offset) in placed.items():
                mine = [d for d in letters if d["consumer"] == group and d["original_offset"] == str(offset)]
                outcome[service][name] = "parked" if mine and mine[0]["parked"] else "DLQ" if mine else "not in DLQ"
                if len(mine) > 1:
                    problems.append(f"{service}: {name} dead-lettered {len(mine)} times")
            parked = [d for d in letters if d["consumer"] == group and d["original_offset"] == str(big_offset)]
            if not parked or not parked[0]["parked"]:
                problems.append(f"{service}: the 2 MB message was not parked: {parked[:1]}")
            else:
                body = json.loads(parked[0]["value"])
                big = poison["oversized (2 MiB, gzip)"]
                if body.get("sha256") != hashlib.sha256(big).hexdigest() or body.get("size") != len(big):
                    problems.append(
                        f"{service}: the parked record does not describe the message: "
                        f"{ {k: body.get(k) for k in ('size', 'sha256')} }"
                    )
                if parked[0]["size"] > 16 * 1024:
                    problems.append(f"{service}: the parked record is {parked[0]['size']} bytes")
            for name in ("not JSON", "JSON, not a CloudEvent", "schema violation"):
                if outcome[service][name] != "DLQ":
                    problems.append(f"{service}: {name}: {outcome[service][name]}")
        async with client() as http:
            log = await audit_log(http, system.url("audit"))
            foreign_logged = sum(r["source"] == "/somebody/else" for r in log)
            ready = {name: (await http.get(f"{system.url(name)}/readyz")).status_code for name in ("notifier", "audit")}
        big_partition = placed["oversized (2 MiB, gzip)"][0]
        error_lines = {
            name: _count_lines(system.services[name].log_file, f"[{big_partition}]@{big_offset}") for name in groups
        }

        fig.driven = (
            f"{len(placed)} poison messages (2 MiB gzip, not JSON, not a CloudEvent, schema violation, "
            f"foreign unlisted type) + {report.committed} real events; marker applied by notifier in "
            f"{notifier_seconds:.1f} s, by audit in {audit_seconds:.1f} s"
        )
        fig.faults = "2 MB message ×1, malformed messages ×3, foreign-type message ×1, all on the marker's partition"
        fig.lost, fig.duplicated, fig.wrong_final_state = report.lost, report.duplicated, report.wrong_final_state
        fig.other = (
            f"parked/dead-lettered once per consumer: {len(letters)} DLQ records; foreign type logged by audit "
            f"{foreign_logged}×; log lines about the 2 MB offset {error_lines}; /readyz {ready}"
        )
        fig.details += [
            f"placed (partition, offset): {placed}; marker on partition {marker_record.partition}",
            f"outcome per consumer: {outcome}",
            report.line(),
            *report.examples,
            f"dead letters per (consumer, offset): {dict(by_offset)}",
        ]
        if not same_partition:
            problems.append(f"the poison and the marker are not on one partition: {placed}, {marker_record.partition}")
        if len(letters_again) != len(letters):
            problems.append(f"the dead letters keep growing: {len(letters)} then {len(letters_again)}")
        if foreign_logged:
            problems.append(f"audit logged {foreign_logged} event(s) of an unlisted type from a foreign source")
        if not report.converged or report.verify_ok is not True:
            problems.append(f"not consistent: {report.line()}; {report.examples}")
        if set(ready.values()) != {200}:
            problems.append(f"consumers not ready afterwards: {ready}")
        if any(n > 50 for n in error_lines.values()):
            problems.append(f"a consumer logged the 2 MB message's offset {error_lines} times: a loop")
    except httpx.HTTPError as exc:
        problems.append(repr(exc))
    finally:
        await asyncio.to_thread(system.stop)
        fig.seconds = time.monotonic() - began
        fig.passed = not problems and fig.driven != ""
    assert not problems, "\n".join(problems)


def _is_planned(value: bytes | None, shift_id: str) -> bool:
    try:
        event = json.loads(value or b"")
    except ValueError:
        return False
    return (
        isinstance(event, dict)
        and event.get("type") == ShiftPlanned.event_type
        and event.get("subject") == f"shifts/{shift_id}"
    )


def _count_lines(path, needle: str) -> int:
    try:
        return sum(needle in line for line in path.read_text(errors="replace").splitlines())
    except OSError:
        return 0
