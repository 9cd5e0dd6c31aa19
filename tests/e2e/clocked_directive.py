"""Roster, audit and notifier in the test process on one clock the test moves (their `clock=`), over the real
broker and databases, with notifier mailing a local SMTP server: the directive's deadlines end to end
without waiting for a wall clock. Used by test_directive_{readiness,hours,reports,incidents}.py and
test_campaign_move_digest.py."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import httpx

from audit.app import create_app as create_audit
from audit.settings import AuditSettings
from lichtruc import topics
from lichtruc.events import CloudEvent
from notifier.app import create_app as create_notifier
from notifier.settings import NotifierSettings
from roster.app import create_app as create_roster
from roster.settings import RosterSettings
from support import eventually, read_topic, running, wait_ready

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
from notifier_testkit import Mailbox, applied, smtp_server

DEPARTMENT = ("thanhtra@sotttt.longan.gov.vn",)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class System:
    roster: httpx.AsyncClient
    audit: httpx.AsyncClient
    notifier: httpx.AsyncClient
    notifier_app: Any
    clock: Clock
    mailbox: Mailbox
    kafka: str
    topic_prefix: str

    async def notifier_has(self, until: Callable[[list[CloudEvent]], bool], timeout: float = 60) -> None:
        """Wait until roster's topic holds events for which `until` is true, and notifier applied all of them."""
        topic = topics.with_prefix(self.topic_prefix, topics.ROSTER_EVENTS)

        def decoded(records: list) -> list[CloudEvent]:
            return [CloudEvent.model_validate(json.loads(r.value)) for r in records]

        records = await read_topic(self.kafka, topic, until=lambda recs: until(decoded(recs)), timeout=timeout)
        await applied(self.notifier_app, decoded(records), timeout=timeout)

    async def deliveries(
        self, kind: str, count: int, *, channel: str | None = None, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """Wait until notifier has sent exactly `count` deliveries of `kind` (by `channel` if given; more fails at
        once)."""
        params: dict[str, str | int] = {"kind": kind, "limit": 100}
        if channel is not None:
            params["channel"] = channel

        async def sent() -> list[dict[str, Any]] | None:
            got = await self.notifier.get("/deliveries", params=params)
            assert got.status_code == 200, got.text
            items = got.json()["items"]
            assert len(items) <= count, [(d["recipient"], d["subject"]) for d in items]
            return items if len(items) == count and all(d["status"] == "sent" for d in items) else None

        return await eventually(sent, timeout=timeout, what=f"{count} {kind} deliveries to be sent")

    def mails(self, prefix: str) -> list[tuple[str, str, str]]:
        """(recipient, subject, text) of the e-mails received whose subject starts with `prefix`."""
        found = []
        for m in self.mailbox.received:
            subject = str(make_header(decode_header(m.message["Subject"])))
            if subject.startswith(prefix):
                found.append((m.rcpt_tos[0], subject, m.message.get_body(("plain",)).get_content()))
        return sorted(found)


def types(events: list[CloudEvent]) -> list[str]:
    return [e.type for e in events]


@asynccontextmanager
async def clocked_apps(
    new_database, kafka: str, topic_prefix: str, *, clock: Clock, smtp_port: int, **notifier_settings: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, httpx.AsyncClient, Any]]:
    """Roster, audit and notifier on `clock`, ready: (roster, audit, notifier clients, notifier's app);
    notifier mails `smtp_port`, with `notifier_settings` on top of the fast test settings."""
    roster = create_roster(
        RosterSettings(
            database_url=new_database("roster"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            outbox_poll_seconds=0.2,
            log_json=False,
        ),
        clock=clock,
    )
    audit = create_audit(
        AuditSettings(
            database_url=new_database("audit"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            consumer_group=f"{topic_prefix}-audit",
            log_json=False,
            outbox_poll_seconds=0.2,
        ),
        clock=clock,
    )
    notifier = create_notifier(
        NotifierSettings(
            database_url=new_database("notifier"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            consumer_group=f"{topic_prefix}-notifier",
            consumer_retry_backoff_seconds=0.01,
            log_json=False,
            scheduler_poll_seconds=0.05,
            smtp_port=smtp_port,
            smtp_from="lichtruc@sotttt.longan.gov.vn",
            delivery_backoff_seconds=0.0,
            delivery_backoff_max_seconds=0.0,
            **notifier_settings,
        ),
        clock=clock,
    )
    async with running(roster) as r, running(audit) as a, running(notifier) as n:
        for client in (r, a, n):
            await wait_ready(client)
        yield r, a, n, notifier


@asynccontextmanager
async def clocked_system(
    new_database, kafka: str, topic_prefix: str, start: datetime, **notifier_settings: Any
) -> AsyncIterator[System]:
    clock = Clock(start)
    mailbox = Mailbox()
    async with (
        smtp_server(mailbox) as port,
        clocked_apps(
            new_database,
            kafka,
            topic_prefix,
            clock=clock,
            smtp_port=port,
            department_emails=DEPARTMENT,
            deadline_sweep_seconds=0,  # every scheduler round: the test moves the clock
            gap_alerts_enabled=False,  # the border defaults' gaps are not what these tests are about
            **notifier_settings,
        ) as (r, a, n, notifier),
    ):
        yield System(r, a, n, notifier, clock, mailbox, kafka, topic_prefix)
