"""`GET /lag` against the real broker: how far audit's consumer is behind what Kafka holds for it. With the
consumer stopped, events put on the roster topic are counted as not applied, the oldest with its time on the
topic; started again, it applies them and the lag goes back to 0. With Kafka's offsets unreadable, the last figures
read with their age, or — none read yet — a 503 saying so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from audit.app import create_app
from audit.handlers.lag import KeptLag
from audit.messaging.lag import KafkaLag
from events_factory import message, shift_planned
from lichtruc import topics
from support import eventually, produce, running, wait_ready


def roster_topic(settings) -> str:
    return topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)


async def lag(client: httpx.AsyncClient) -> dict:
    response = await client.get("/lag")
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_lag_counts_the_events_a_stopped_consumer_has_not_applied_and_goes_to_zero_once_it_runs(
    settings, kafka
) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        subscriber = next(iter(app.state.runtime.broker.subscribers))

        # Two events applied first: the lag counts from what the group has committed, not from the topic's start.
        await produce(kafka, roster_topic(settings), [message(shift_planned()) for _ in range(2)])

        async def caught_up() -> dict | None:
            body = await lag(client)
            assert body["pending"] == 0 and sum(p["applied_offset"] for p in body["partitions"]) == 2, body
            return body

        up_to_date = await eventually(caught_up, what="the lag to be 0 with two events applied")
        assert up_to_date["oldest_pending_at"] is None and up_to_date["oldest_pending_seconds"] is None

        await subscriber.stop()
        before = datetime.now(UTC)
        await produce(kafka, roster_topic(settings), [message(shift_planned())])
        first_sent = datetime.now(UTC)
        await produce(kafka, roster_topic(settings), [message(shift_planned()) for _ in range(2)])

        async def three_waiting() -> dict | None:
            body = await lag(client)
            return body if body["pending"] == 3 else None

        behind = await eventually(three_waiting, what="the lag to count the 3 events not applied")
        oldest = datetime.fromisoformat(behind["oldest_pending_at"])
        assert before - timedelta(seconds=1) <= oldest <= first_sent, (before, oldest, first_sent)  # the first one's
        assert oldest.utcoffset() == timedelta(hours=7)  # said in Vietnam time, as every instant audit answers
        assert behind["oldest_pending_seconds"] >= 0
        [waiting] = [p for p in behind["partitions"] if p["pending"]]
        assert waiting["consumer_group"] == settings.consumer_group and waiting["topic"] == roster_topic(settings)
        assert (waiting["end_offset"], waiting["applied_offset"], waiting["pending"]) == (5, 2, 3)
        assert waiting["oldest_pending_at"] == behind["oldest_pending_at"]

        await subscriber.start()

        async def all_applied() -> dict | None:
            body = await lag(client)
            return body if body["pending"] == 0 else None

        done = await eventually(all_applied, what="the lag to go back to 0 once the consumer runs")
        assert done["oldest_pending_at"] is None
        assert sum(p["applied_offset"] for p in done["partitions"]) == 5

        assert done["read_seconds_ago"] < 60 and done["read_again_failed"] is None

        # Kafka's offsets unreadable two minutes later (QA Z4): the last figures read, with their age — not a 503.
        # The same reader pointed at a port where no broker listens (the app's own stays connected), on a clock two
        # minutes on.
        reader = app.state.lag.reader
        later = datetime.now(UTC) + timedelta(minutes=2)
        app.state.lag.reader = KafkaLag("127.0.0.1:9", reader.subscriptions, clock=lambda: later)
        old = await lag(client)
        assert (old["pending"], old["read_at"]) == (0, done["read_at"]) and old["read_seconds_ago"] >= 119, old

        async def failed_said() -> dict | None:  # the failed reading ends within the reader's own timeout
            body = await lag(client)
            return body if body["read_again_failed"] else None

        said = await eventually(failed_said, what="the lag to say that reading it again failed")
        assert said["read_at"] == done["read_at"] and said["read_seconds_ago"] >= 119

        # Never read: a 503 saying so in words.
        app.state.lag = KeptLag(KafkaLag("127.0.0.1:9", reader.subscriptions))
        response = await client.get("/lag")  # the reader gives up within its own timeout
        assert response.status_code == 503, response.text
        problem = response.json()
        assert problem["detail"].startswith("Audit cannot read its consumer's offsets from Kafka just now")
        assert "kiểm tra Kafka có đang chạy không" in problem["detail_vi"]
