"""Events too large for Kafka, with real PostgreSQL and Kafka, on a roster whose producer takes at
most 64 KiB (`kafka_max_request_bytes`, the smallest allowed) so that a report of legal size can
exceed it: a daily report whose event would be larger is refused when it is submitted (413, in
both languages, naming the report), and nothing is written; a row too large that is in the
outbox anyway is parked by the relay, which goes on with the next event."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest

from roster.settings import RosterSettings
from support import eventually, read_topic

DAY = "2027-02-06"  # Mùng 1 Tết Đinh Mùi
# Long, NFC Vietnamese text, as a report on a bad night could hold.
STORY = "Đường trục cáp quang Tân Hưng – Vĩnh Hưng bị đứt ở Hưng Điền A; đội ứng cứu đã hàn nối, kiểm tra tuyến. "


def text_of(length: int) -> str:
    return (STORY * (length // len(STORY) + 1))[:length]


@pytest.fixture(scope="module")
def roster_settings(module_database, kafka_server, module_topic_prefix) -> RosterSettings:
    return RosterSettings(
        database_url=module_database,
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=module_topic_prefix,
        outbox_poll_seconds=0.2,
        log_json=False,
        kafka_max_request_bytes=65_536,
    )


async def database(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))


async def test_a_daily_report_too_large_to_publish_is_refused_by_name_and_nothing_is_written(
    client, seed, clock, module_database
) -> None:
    await seed.campaign()
    enterprise = await seed.enterprise("VNPT Long An")
    site = await seed.site(enterprise, "Trạm Hưng Điền A")
    clock.now = datetime(2027, 2, 6, 12, 0, tzinfo=UTC)  # 19:00 local
    for hour in range(8, 14):  # six incidents that day, each with the longest texts allowed
        opened = await client.post(
            "/incidents",
            json={
                "enterprise_id": enterprise["id"],
                "detected_at": f"{DAY}T{hour:02d}:00:00+07:00",
                "site_id": site["id"],
                "services": ["internet"],
                "severity": "serious",
                "description": text_of(4000),
            },
        )
        assert opened.status_code == 201, opened.text
        resolved = await client.post(
            f"/incidents/{opened.json()['id']}/resolve",
            json={
                "cause": text_of(2000),
                "closing_note": text_of(2000),
                "restored_at": f"{DAY}T{hour:02d}:30:00+07:00",
            },
            headers={"If-Match": f'"{opened.json()["version"]}"'},
        )
        assert resolved.status_code == 200, resolved.text

    refused = await client.post(
        "/daily-reports", json={"enterprise_id": enterprise["id"], "day": DAY, "remarks": text_of(8000)}
    )
    assert refused.status_code == 413, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    name = enterprise["name"]
    assert problem["type"].endswith("/event-too-large")
    assert problem["detail_vi"].startswith(f"Báo cáo ngày 06/02/2027 của {name} quá lớn: ")
    assert "giới hạn 49 KB" in problem["detail_vi"] and "rút gọn" in problem["detail_vi"]
    assert problem["detail"].startswith(f"The daily report of 6 Feb 2027 for {name} is too large: ")
    assert "the limit is 49 KB" in problem["detail"] and "Shorten the remarks" in problem["detail"]
    assert problem["size_bytes"] > problem["limit_bytes"] == 65_536 - 16_384
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", problem["detail"] + problem["detail_vi"])  # names, not ids

    listed = await client.get("/daily-reports", params={"enterprise_id": enterprise["id"]})
    assert listed.json()["total"] == 0
    conn = await database(module_database)
    try:
        written = await conn.fetchval("SELECT count(*) FROM outbox WHERE event_type LIKE '%daily_report%'")
    finally:
        await conn.close()
    assert written == 0


async def test_a_row_kafka_refuses_for_its_size_is_parked_and_the_next_event_goes_out(
    client, seed, kafka, roster_topic, module_database
) -> None:
    conn = await database(module_database)
    try:
        big = "x" * 70_000  # over the producer's 64 KiB: Kafka will never take it
        await conn.execute(
            "INSERT INTO outbox (event_id, topic, key, event_type, payload) VALUES ($1, $2, $3, $4, $5)",
            uuid.uuid4(),
            roster_topic,
            "too-large",
            "lichtruc.test.too_large.v1",
            big,
        )
        after = await seed.enterprise("Viettel Long An")  # its event is written after the big row

        def theirs(records) -> list[dict]:
            values = [json.loads(r.value) for r in records if r.key != b"too-large"]
            return [v for v in values if v.get("data", {}).get("name") == after["name"]]

        published = await read_topic(kafka, roster_topic, until=lambda records: bool(theirs(records)))
        assert all(r.key != b"too-large" for r in published)

        async def parked_row():
            row = await conn.fetchrow("SELECT parked_at, published_at, last_error FROM outbox WHERE key = 'too-large'")
            return row if row["parked_at"] is not None else None

        row = await eventually(parked_row, timeout=30, what="the big row to be parked")
        assert row["published_at"] is None and "TooLarge" in row["last_error"]
    finally:
        await conn.close()

    readiness = await client.get("/readyz")
    assert readiness.status_code == 200, readiness.text
    assert readiness.json()["outbox"]["parked"] == 1 and readiness.json()["outbox"]["pending"] == 0
    metrics = (await client.get("/metrics")).text
    assert "lichtruc_outbox_parked 1" in metrics.splitlines()
