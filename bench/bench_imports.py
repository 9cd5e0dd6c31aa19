"""Roster's bulk imports next to their floor, measured in one run, interleaved rounds.

    .venv/bin/python bench/bench_imports.py [--rows 2000] [--rounds 3]

Starts its own PostgreSQL (devstack, in a temporary folder, on a free port) and roster's app in this
process, called through httpx's ASGI transport (no socket; the relay off and Kafka absent: the events
stay in the outbox, as the relay's role is measured elsewhere). Every round, on an enterprise of its own:

- **staff**: `POST /imports/staff` of `--rows` new people (CSV: name, e-mail, phone, qualification),
  the dry run (every row checked, among them against the people already registered anywhere), then
  the commit (the records, and a StaffJoined each in the outbox), then the same file with every
  person's qualifications changed ("staff changed": the records updated, a StaffUpdated each);
- **shifts**: `POST /imports/shifts?publish=true` of `--rows` shifts of those people (08:00–12:00 on
  each day of the Tết 2027 campaign, so no double booking), the dry run (every rule, double bookings
  within the file included), then the commit (the shifts, their bookings, ShiftPlanned and
  ShiftPublished each);
- **floor**: the same rows written by raw asyncpg with COPY in one transaction — the staff records;
  the shifts, their bookings and two outbox rows each — the least the database must be sent.

The rounds interleave the paths, so a busy moment of the shared machine hits each alike; the medians
are printed, with each commit's ratio to its floor. Each request is timed by the client (what the
manager's browser would wait for, less the upload).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

import asyncpg
import httpx
from auth_env import ADMIN_HEADERS

from devstack.postgres import PostgresServer
from devstack.procs import free_port
from devstack.services import service_env
from lichtruc.text import sort_key

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PAYLOAD = json.dumps(
    {"specversion": "1.0", "type": "lichtruc.roster.shift.planned.v1", "data": {"notes": "Trực điều hành"}},
    ensure_ascii=False,
).ljust(900)
"""An outbox row of about the size roster writes for a shift's event."""


def staff_csv(rows: int, tag: str, first_phone: int, qualifications: str = "Điều hành") -> bytes:
    """`rows` new people; phone numbers from `first_phone` on (a number already registered would link
    the row to that person, and their shifts would be double bookings)."""
    lines = ["Họ và tên,Email,Số điện thoại,Chuyên môn"]
    lines += [
        f'Nguyễn Văn Trực {i},truc{i}.{tag}@vnpt-longan.vn,09{first_phone + i:08d},"{qualifications}"'
        for i in range(rows)
    ]
    return "\n".join(lines).encode()


def shift_csv(rows: int, emails: list[str], days: list[datetime]) -> bytes:
    lines = ["Loại trực,Bắt đầu,Kết thúc,Người trực"]
    for email in emails:
        for day in days:
            lines.append(f"Trực điều hành,{day:%d/%m/%Y} 08:00,{day:%d/%m/%Y} 12:00,{email}")
    return "\n".join(lines[: rows + 1]).encode()


async def timed_post(client: httpx.AsyncClient, url: str, body: bytes, expect: int) -> float:
    start = perf_counter()
    answer = await client.post(url, files={"file": ("rows.csv", body, "text/csv")}, timeout=600)
    took = perf_counter() - start
    if answer.status_code != expect:
        raise RuntimeError(f"POST {url} answered {answer.status_code}: {answer.text[:2000]}")
    return took


async def floor(
    dsn: str, rows: int, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, days: list[datetime]
) -> tuple[float, float]:
    """Seconds to COPY `rows` staff records, then `rows` shifts with their bookings and outbox rows."""
    now = datetime.now(UTC)
    people = [uuid.uuid4() for _ in range(rows)]
    connection = await asyncpg.connect(dsn)
    try:
        staff = [
            (p, enterprise_id, f"Nguyễn Văn Trực {i}", f"nguyen van truc {i}", sort_key(f"Nguyễn Văn Trực {i}"))
            + (f"t{i}@floor.vn", '["operator"]', True, "vi", p, 1, now, now)
            for i, p in enumerate(people)
        ]
        start = perf_counter()
        async with connection.transaction():
            await connection.copy_records_to_table(
                "staff",
                records=staff,
                columns=["id", "enterprise_id", "full_name", "full_name_folded", "full_name_sort", "email"]
                + ["qualifications"]
                + ["active", "language", "person_id", "version", "created_at", "updated_at"],
            )
        staff_seconds = perf_counter() - start
        shifts: list[tuple[object, ...]] = []
        bookings: list[tuple[object, ...]] = []
        events: list[tuple[object, ...]] = []
        on_duty = people[: math.ceil(rows / len(days))]
        for person in on_duty:
            for day in days:
                if len(shifts) == rows:
                    break
                shift_id, starts = uuid.uuid4(), day.replace(hour=8)
                ends = starts + timedelta(hours=4)
                assignees = json.dumps([{"staff_id": str(person), "full_name": "Nguyễn Văn Trực"}], ensure_ascii=False)
                shifts.append(
                    (shift_id, campaign_id, enterprise_id, "[]", "operations", starts, ends, assignees, "published")
                    + ("Trực điều hành", "[]", 2, now, now)
                )
                bookings.append((shift_id, person, person, starts, ends, True))
                for kind in ("planned", "published"):
                    events.append(
                        (uuid.uuid4(), "roster.events", str(enterprise_id), f"lichtruc.roster.shift.{kind}.v1", PAYLOAD)
                    )
        start = perf_counter()
        async with connection.transaction():
            await connection.copy_records_to_table(
                "shifts",
                records=shifts,
                columns=["id", "campaign_id", "enterprise_id", "covers_site_ids", "duty_type", "starts_at", "ends_at"]
                + ["assignees", "status", "notes", "warnings", "version", "created_at", "updated_at"],
            )
            await connection.copy_records_to_table(
                "shift_assignments",
                records=bookings,
                columns=["shift_id", "staff_id", "person_id", "starts_at", "ends_at", "active"],
            )
            await connection.copy_records_to_table(
                "outbox", records=events, columns=["event_id", "topic", "key", "event_type", "payload"]
            )
        return staff_seconds, perf_counter() - start
    finally:
        await connection.close()


async def run(dsn: str, rows: int, rounds: int) -> dict[str, list[float]]:
    from roster.app import create_app

    app = create_app()
    times: dict[str, list[float]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://roster", headers=ADMIN_HEADERS) as client:
            campaign = (await client.post("/campaigns", json={"lunar_year": 2027})).raise_for_status().json()
            first = datetime.fromisoformat(campaign["starts_at"]).astimezone(VN) + timedelta(days=1)
            last = datetime.fromisoformat(campaign["ends_at"]).astimezone(VN)
            days = [first + timedelta(days=n) for n in range((last - first).days)]
            for n in range(rounds):
                tag = uuid.uuid4().hex[:6]
                enterprise = (
                    await client.post("/enterprises", json={"name": f"VNPT Long An {tag}", "sector": "telecom"})
                ).raise_for_status()
                eid = enterprise.json()["id"]
                staff = staff_csv(rows, tag, first_phone=n * rows)
                emails = [f"truc{i}.{tag}@vnpt-longan.vn" for i in range(math.ceil(rows / len(days)))]
                shifts = shift_csv(rows, emails, days)
                staff_url = f"/imports/staff?enterprise_id={eid}"
                shift_url = f"/imports/shifts?campaign_id={campaign['id']}&enterprise_id={eid}&publish=true"
                measured = {
                    "staff dry run": await timed_post(client, staff_url + "&dry_run=true", staff, 200),
                    "staff commit": await timed_post(client, staff_url, staff, 201),
                    "staff changed": await timed_post(
                        client, staff_url, staff_csv(rows, tag, n * rows, "Điều hành; Kỹ thuật"), 201
                    ),
                    "shifts dry run": await timed_post(client, shift_url + "&dry_run=true", shifts, 200),
                    "shifts commit": await timed_post(client, shift_url, shifts, 201),
                }
                other = await client.post("/enterprises", json={"name": f"Sàn {tag}", "sector": "telecom"})
                measured["staff floor"], measured["shifts floor"] = await floor(
                    dsn, rows, uuid.UUID(campaign["id"]), uuid.UUID(other.raise_for_status().json()["id"]), days
                )
                for name, seconds in measured.items():
                    times.setdefault(name, []).append(seconds)
                print(
                    f"  round {n + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in measured.items()),
                    file=sys.stderr,
                    flush=True,
                )
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows of each file (default 2000, the default limit)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds, medians reported (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-") as tmp:
        postgres = PostgresServer(data_dir=Path(tmp) / "postgres", port=free_port())
        try:
            print("bench: starting PostgreSQL…", file=sys.stderr, flush=True)
            postgres.start()
            postgres.ensure_database("roster")
            env = service_env("roster", database_url=postgres.url("roster"), kafka=f"127.0.0.1:{free_port()}")
            os.environ.update(env | {"ROSTER_RELAY": "off", "ROSTER_LOG_LEVEL": "ERROR"})
            dsn = postgres.url("roster").replace("postgresql+asyncpg://", "postgresql://")
            import uvloop

            times = uvloop.run(run(dsn, args.rows, args.rounds))
        finally:
            postgres.stop()
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"roster imports, {args.rows} rows a file, medians of {args.rounds} interleaved rounds:")
    for what in ("staff", "shifts"):
        commit, base = median[f"{what} commit"], median[f"{what} floor"]
        print(
            f"  {what}: dry run {median[f'{what} dry run']:.2f} s; commit {commit:.2f} s; "
            f"the same rows by COPY {base:.3f} s; commit / COPY {commit / base:.0f}×"
        )
    print(f"  staff, the same file with every person changed: commit {median['staff changed']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
