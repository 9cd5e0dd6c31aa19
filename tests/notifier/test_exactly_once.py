"""Exactly one message per reminder with two notifier replicas on one database, one of them
killed (SIGKILL, a real process) in the middle of sending.

To make "mid-send" deterministic, the test's SMTP server holds every session at DATA
without answering (an SMTP server accepts a message only with its reply to DATA), until
each replica is stuck with the one message it sends at a time (the rest of its batch is
not even claimed). Then replica A is killed, the server lets the sessions of the live
replica B through, and B must deliver its own reminders (after its send timed out), the
ones nobody had claimed, and A's (after A's lease expires): each exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime, timedelta

from notifier_testkit import Enterprise, FakeClock, Person, send, settings_for

from devstack import local_http
from devstack.services import ServiceProcess, service_env
from support import ADMIN, auth, eventually, free_port, present

BATCH = 3
LEASE_SECONDS = 4


def replica(name: str, *, database_url: str, kafka: str, topic_prefix: str, smtp_port: int, tmp_path) -> ServiceProcess:
    env = service_env("notifier", database_url=database_url, kafka=kafka, topic_prefix=topic_prefix, json_logs=False)
    env.update(
        {
            "NOTIFIER_CONSUMER_GROUP": f"{topic_prefix}-notifier",
            "NOTIFIER_INSTANCE_ID": name,
            "NOTIFIER_SMTP_PORT": str(smtp_port),
            "NOTIFIER_SMTP_LOCAL_HOSTNAME": name,  # the EHLO name: how the test's SMTP server tells them apart
            "NOTIFIER_SMTP_FROM": "lichtruc@sotttt.longan.gov.vn",
            "NOTIFIER_SMTP_TIMEOUT_SECONDS": "1.5",
            "NOTIFIER_WEBHOOK_TIMEOUT_SECONDS": "1.5",
            "NOTIFIER_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
            "NOTIFIER_DELIVERY_BACKOFF_SECONDS": "0",
            "NOTIFIER_DELIVERY_MAX_ATTEMPTS": "10",  # room for sends that time out while the test waits
            "NOTIFIER_SCHEDULER_POLL_SECONDS": "0.1",
            "NOTIFIER_SCHEDULER_BATCH_SIZE": str(BATCH),
            "NOTIFIER_REMINDER_OFFSETS_MINUTES": "[60]",
            "NOTIFIER_PUBLISHED_NOTICE": "false",  # reminders only: one message a person (QZ24 #1's notice aside)
        }
    )
    return ServiceProcess(name="notifier", port=free_port(), env=env, log_file=tmp_path / f"{name}.log")


async def test_each_reminder_is_sent_once_when_a_replica_is_killed_mid_send(
    new_database, kafka, topic_prefix, mailbox, tmp_path
) -> None:
    database_url = new_database("notifier")
    a, b = (
        replica(
            name,
            database_url=database_url,
            kafka=kafka,
            topic_prefix=topic_prefix,
            smtp_port=mailbox.port,
            tmp_path=tmp_path,
        )
        for name in ("replica-a", "replica-b")
    )
    mailbox.hang = {"replica-a", "replica-b"}
    try:
        for process in (a, b):
            process.start()
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready) for p in (a, b)))

        # Six people, six shifts starting in 30 minutes: each 1 h reminder is due at once.
        clock = FakeClock(datetime.now(UTC))
        vnpt = Enterprise(clock)
        people = [Person.new(f"Nguyễn Văn Đức {i}") for i in range(2 * BATCH)]
        events = [vnpt.registered()] + [vnpt.staff(p) for p in people]
        for person in people:
            shift = vnpt.shift([person], start=clock.now + timedelta(minutes=30))
            shift.planned()
            events.append(shift.published())
        await send(kafka, settings_for(database_url, kafka, topic_prefix), events)

        # Each replica has one message in flight, its session stuck at DATA; nothing else is leased.
        await eventually(
            lambda: _now(mailbox.hanging["replica-a"] == mailbox.hanging["replica-b"] == 1),
            timeout=60,
            interval=0.02,
            what="both replicas stuck mid-send",
        )
        assert mailbox.received == []
        async with local_http.async_client(base_url=b.url, headers=auth(ADMIN)) as client:
            leased = (await client.get("/deliveries", params={"status": "sending", "limit": 100})).json()["items"]
        assert len(leased) == 2

        os.kill(present(a.process).pid, signal.SIGKILL)
        present(a.process).wait(timeout=10)
        mailbox.hang = set()

        async def all_sent() -> list[dict]:
            async with local_http.async_client(base_url=b.url, headers=auth(ADMIN)) as client:
                items = (await client.get("/deliveries", params={"limit": 100})).json()["items"]
            return items if len(items) == 2 * BATCH and {d["status"] for d in items} == {"sent"} else []

        # Once every delivery is recorded sent, none is leased or pending: no later copy can come.
        items = await eventually(all_sent, timeout=60, what="every reminder delivered by the surviving replica")
        assert sorted(m.rcpt_tos[0] for m in mailbox.received) == sorted(p.email for p in people)
        assert {m.helo for m in mailbox.received} == {"replica-b"}
        logs = [[(x["owner"], x["outcome"]) for x in d["attempt_log"]] for d in items]
        # Every delivery ends sent by B, once; A sent nothing; the one A held when it died shows
        # that attempt as interrupted (B's own send that timed out at DATA was retried).
        assert all(log[-1] == ("replica-b", "sent") for log in logs)
        assert not any(("replica-a", "sent") in log for log in logs)
        assert sum(len(log) > 1 and log[-2] == ("replica-a", "interrupted") for log in logs) == 1
    finally:
        a.stop()
        b.stop()


async def _now(value):
    return value
