"""Audit's log on the real broker and database: every event stored once, hash-chained,
append-only in the database itself, and tampering reported by /log/verify."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from audit.app import create_app
from audit.settings import AuditSettings
from events_factory import message, shift_planned
from lichtruc import topics
from support import eventually, produce, running, wait_ready


@pytest.fixture
def settings(new_database, kafka, topic_prefix) -> AuditSettings:
    return AuditSettings(
        database_url=new_database("audit"),
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        consumer_group=f"{topic_prefix}-audit",
        log_json=False,
    )


async def test_events_are_logged_once_chained_and_tamper_evident(settings, kafka) -> None:
    app = create_app(settings)
    events = [shift_planned(name=n) for n in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Hoàng Yến")]
    async with running(app) as client:
        await wait_ready(client)
        await produce(
            kafka,
            topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS),
            [message(events[0]), message(events[1]), message(events[0]), message(events[2])],
        )

        async def all_logged() -> list:
            items = (await client.get("/log")).json()["items"]
            return items if len(items) == 3 else []

        items = await eventually(all_logged, what="three log records")
        assert [i["event_id"] for i in items] == [str(e.id) for e in events]
        assert items[0]["prev_hash"] == "0" * 64
        assert [i["prev_hash"] for i in items[1:]] == [i["hash"] for i in items[:-1]]
        assert items[1]["event"]["data"]["shift"]["assignees"][0]["full_name"] == "Trần Văn Đức"
        assert (await client.get("/log/verify")).json() == {
            "ok": True,
            "records_checked": 3,
            "first_broken_seq": None,
            "reason": None,
            "open_sequence_gaps": 0,
            "sequence_gaps": [],
            "tree_size": 3,
            "tree_ok": True,
        }

        first = await client.get("/log", params={"limit": 2})
        page = first.json()
        assert len(page["items"]) == 2 and page["limit"] == 2 and page["total"] is None
        assert first.headers["Link"] == f'<{page["next"]}>; rel="next"'
        rest = (await client.get(page["next"])).json()
        assert [i["seq"] for i in rest["items"]] == [items[2]["seq"]] and rest["next"] is None

        async with app.state.runtime.engine.begin() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("UPDATE event_log SET canonical = 'x' WHERE seq = :s"), {"s": items[1]["seq"]})
        async with app.state.runtime.engine.begin() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("DELETE FROM event_log"))

        # Someone with the power to switch the trigger off edits a name directly in the database.
        async with app.state.runtime.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE event_log DISABLE TRIGGER event_log_no_update_delete"))
            await conn.execute(
                text(
                    "UPDATE event_log SET canonical = replace(canonical, 'Trần Văn Đức', 'Trần Văn Duc') WHERE seq = :s"
                ),
                {"s": items[1]["seq"]},
            )
            await conn.execute(text("ALTER TABLE event_log ENABLE TRIGGER event_log_no_update_delete"))
        verdict = (await client.get("/log/verify")).json()
        assert verdict["ok"] is False
        assert verdict["first_broken_seq"] == items[1]["seq"]
        assert verdict["records_checked"] == 1
