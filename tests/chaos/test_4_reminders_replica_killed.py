"""Scenario 4 — two notifier replicas on one database, 120 reminders due at once (60 published
shifts starting within the hour, two people each, a 60-minute reminder), a real SMTP server
that takes its time to accept each message, and one replica SIGKILLed while it is sending.
Every reminder arrives, and at most one arrives twice (the one the killed replica had in
flight when it died)."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chaos_kit import (
    FIGURES,
    CountingMailbox,
    Figures,
    client,
    seed,
    start_smtp,
    start_system,
    wait_for,
)

from devstack.services import ServiceProcess
from lichtruc import lunar
from support import free_port

SHIFTS = 60
PEOPLE_PER_SHIFT = 2
REMINDERS = SHIFTS * PEOPLE_PER_SHIFT
SMTP_DELAY = 0.1  # seconds the server takes to accept each message
LEASE_SECONDS = 5
VIETNAM = timedelta(hours=7)


async def _now(value):
    return value


def campaign_including_today() -> dict:
    """A campaign that starts today (Vietnam time), so that shifts in the next hour are inside it."""
    today = lunar.solar_to_lunar((datetime.now(UTC) + VIETNAM).date())
    start = {"month": today.month, "day": today.day, "leap": today.leap}
    if today.month >= 7:  # months 7–12 belong to the year before the Tết
        return {"lunar_year": today.year + 1, "start": start, "peaks": []}
    return {"lunar_year": today.year, "start": start, "end": {"month": 6, "day": 28}, "peaks": []}


def notifier_env(name: str, smtp_port: int) -> dict[str, str]:
    return {
        "NOTIFIER_SCHEDULER_ENABLED": "true",
        # The scenario counts reminders: the publication's notice (one mail per person, after its digest wait) is
        # another kind of delivery, and is left out as the reminder tests leave it out.
        "NOTIFIER_PUBLISHED_NOTICE": "false",
        # Nor the missed check-in alerts (another kind too): nobody checks in, so 15 minutes after the shifts' start
        # (40 minutes ahead) each person and the managers would be mailed — past the run today, but a slow run
        # must not count them as reminders.
        "NOTIFIER_CHECK_IN_ALERTS": "false",
        "NOTIFIER_INSTANCE_ID": name,
        "NOTIFIER_SMTP_PORT": str(smtp_port),
        "NOTIFIER_SMTP_LOCAL_HOSTNAME": name,  # the EHLO name: how the SMTP server tells the replicas apart
        "NOTIFIER_SMTP_FROM": "lichtruc@sotttt.longan.gov.vn",
        "NOTIFIER_SMTP_TIMEOUT_SECONDS": "2",
        "NOTIFIER_WEBHOOK_TIMEOUT_SECONDS": "2",
        "NOTIFIER_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
        "NOTIFIER_DELIVERY_BACKOFF_SECONDS": "0",
        "NOTIFIER_DELIVERY_BACKOFF_MAX_SECONDS": "0",
        "NOTIFIER_SCHEDULER_POLL_SECONDS": "0.2",
        "NOTIFIER_REMINDER_OFFSETS_MINUTES": "[60]",
    }


@pytest.mark.timeout(600)
async def test_reminders_arrive_once_when_a_replica_is_killed_mid_send(postgres_server, kafka_server, tmp_path) -> None:
    began = time.monotonic()
    fig = FIGURES["4"] = Figures(
        f"Two notifier replicas, {REMINDERS} due reminders, one replica SIGKILLed while sending"
    )
    kafka_server.start()
    postgres_server.start()
    mailbox = CountingMailbox(delay=SMTP_DELAY)
    smtp, smtp_port = await start_smtp(mailbox)
    system = await asyncio.to_thread(
        start_system,
        postgres_server,
        kafka_server,
        tmp_path,
        names=("roster", "notifier"),
        env={"notifier": notifier_env("replica-a", smtp_port)},
    )
    problems: list[str] = []
    try:
        a = system.services["notifier"]
        b = ServiceProcess(
            name="notifier",
            port=free_port(),
            log_file=tmp_path / "notifier-b.log",
            env={**a.env, **notifier_env("replica-b", smtp_port)},
        )
        system.services["notifier-b"] = b
        b.start()
        await asyncio.to_thread(b.wait_ready, 120)
        replicas = {"replica-a": a, "replica-b": b}

        async with client(timeout=30) as http:
            roster = system.url("roster")
            reference = await seed(
                http,
                roster,
                enterprises=2,
                staff_per_enterprise=SHIFTS,
                emails=True,
                campaign=campaign_including_today(),
            )
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=40)
            emails: set[str] = set()
            first_planned_at: float | None = None
            for i in range(SHIFTS):
                enterprise = reference.enterprises[i % 2]
                people = [enterprise.staff[(i // 2) * 2 % SHIFTS + k] for k in range(PEOPLE_PER_SHIFT)]
                answer = await http.post(
                    f"{roster}/shifts",
                    json={
                        "campaign_id": reference.campaign_id,
                        "enterprise_id": enterprise.id,
                        "duty_type": "operations",
                        "starts_at": starts.isoformat(),
                        "ends_at": (starts + timedelta(hours=2)).isoformat(),
                        "assignees": [{"staff_id": p} for p in people],
                        "status": "published",
                        "notes": "Ca trực đêm giao thừa (thử)",
                    },
                )
                assert answer.status_code == 201, answer.text
                # Its reminders are due at once: the replicas may send before the last shift is planned.
                if first_planned_at is None:
                    first_planned_at = time.monotonic()
            assert first_planned_at is not None
            for enterprise in reference.enterprises:
                for staff_id in enterprise.staff:
                    emails.add((await http.get(f"{roster}/staff/{staff_id}")).json()["email"])

        # Kill a replica while it sends: the moment the server has its 8th message (or more) but has not
        # answered yet, provided plenty are left to send. The kill comes from the server's own hook, so
        # that it lands exactly inside that window.
        killed: dict[str, Any] = {}

        def kill_mid_send(mail) -> None:
            mine = sum(m.helo == mail.helo for m in mailbox.received)
            if not killed and mail.helo in replicas and mine >= 8 and len(mailbox.received) < REMINDERS - 30:
                replicas[mail.helo].send_signal(signal.SIGKILL)
                killed.update(victim=mail.helo, sent=mailbox.by_helo())

        mailbox.on_message = kill_mid_send
        await wait_for(lambda: _now(bool(killed)), timeout=120, interval=0.05, what="a replica killed while sending")
        mailbox.on_message = None
        victim = str(killed["victim"])
        sent_before_kill = killed["sent"]
        replicas[victim].kill()  # reap it
        killed_at = time.monotonic()
        survivor = next(p for n, p in replicas.items() if n != victim)

        async def deliveries() -> list[dict]:
            items: list[dict] = []
            address: str | None = f"{survivor.url}/deliveries?kind=reminder&limit=500"
            async with client() as http:
                while address is not None:  # the one page format: follow `next`
                    page = (await http.get(address)).json()
                    items += page["items"]
                    address = page["next"]
            return items

        async def all_sent() -> list[dict] | None:
            items = await deliveries()
            return items if len(items) == REMINDERS and {d["status"] for d in items} == {"sent"} else None

        try:
            items = await wait_for(all_sent, timeout=180, interval=0.5, what="every reminder recorded as sent")
        except AssertionError as exc:
            items = await deliveries()
            problems.append(f"{exc}; statuses {Counter(d['status'] for d in items)}")
        finished_at = time.monotonic()
        copies = Counter(m.message_id for m in mailbox.received)
        duplicates = sum(n - 1 for n in copies.values() if n > 1)
        arrived = {m.rcpt for m in mailbox.received}
        lost = len(emails - arrived)
        interrupted = sum(any(x["outcome"] == "interrupted" for x in d.get("attempt_log", [])) for d in items)

        fig.driven = (
            f"{SHIFTS} published shifts × {PEOPLE_PER_SHIFT} people = {REMINDERS} reminders; "
            f"{len(mailbox.received)} e-mails received, {len(copies)} distinct"
        )
        fig.faults = (
            f"notifier replica SIGKILL ×1 mid-send ({victim}, its e-mail no. "
            f"{sent_before_kill[victim]} received by the SMTP server, not yet answered)"
        )
        fig.lost, fig.duplicated, fig.wrong_final_state = lost, duplicates, "–"
        fig.other = (
            f"duplicates allowed: ≤ 1 per killed replica; deliveries recorded sent "
            f"{sum(d['status'] == 'sent' for d in items)}/{REMINDERS}; interrupted attempts {interrupted}; "
            f"all sent {finished_at - killed_at:.0f} s after the kill (lease {LEASE_SECONDS} s)"
        )
        fig.details += [
            f"accepted per replica before the kill: {dict(sent_before_kill)}; after: {dict(mailbox.by_helo())}",
            f"first e-mail {min((m.at for m in mailbox.received), default=0) - first_planned_at:.1f} s after "
            f"the first shift was planned",
            f"repeated Message-IDs: {[m for m, n in copies.items() if n > 1]}",
        ]
        if lost:
            problems.append(f"{lost} reminder(s) never arrived")
        if duplicates > 1:
            problems.append(f"{duplicates} e-mail(s) arrived twice (at most 1 allowed for 1 killed replica)")
        if len(copies) != REMINDERS:
            problems.append(f"{len(copies)} distinct e-mails for {REMINDERS} reminders")
    finally:
        await asyncio.to_thread(system.stop)
        smtp.close()
        fig.seconds = time.monotonic() - began
        fig.passed = not problems and fig.driven != ""
    assert not problems, "\n".join(problems)
