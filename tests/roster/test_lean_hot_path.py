"""Roster's hot path (db/lean.py): planning a shift is one read for every rule and one write for
the shift, its booking and its event; rescheduling and reassigning read the rules once; held
writes are seen by every later statement of their transaction; and the held writes' statement
is built right."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text

from roster.app import create_app
from roster.db import lean
from roster.db.postgres import PgStore
from roster.domain.errors import Conflict
from roster.domain.shifts import Shift, StaffFacts
from support import running, wait_ready

from .seeding import Seed, shift_body


@pytest.fixture(scope="module")
async def served(roster_settings, clock) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    # No relay in this app, and the queued rewarns and lapsed swap requests looked for once in ten minutes: their own
    # statements on the same engine would be counted too.
    settings = roster_settings.model_copy(
        update={"relay": "off", "rewarn_poll_seconds": 600, "lapse_poll_seconds": 600}
    )
    app = create_app(settings, clock=clock)
    async with running(app) as c:
        await wait_ready(c)
        yield app, c


class Statements:
    """The statements roster sends to PostgreSQL while the block runs: those SQLAlchemy sends, and those
    db/lean.py sends on the driver itself (asyncpg's query logger on each connection taken from the
    pool meanwhile). Not counted: the transactions' BEGIN and COMMIT, and asyncpg's reading of the
    types of a statement's parameters and columns, once per type on a connection."""

    def __init__(self, app: Any) -> None:
        self.engine = app.state.runtime.engine.sync_engine
        self.sent: list[str] = []
        self.logging: list[Any] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.sent.append(statement)

    def _logged(self, query: Any) -> None:
        text = query.query.strip().rstrip(";")
        introspection = "pg_catalog.pg_type" in text or "'jit'" in text  # asyncpg's, with JIT off for it
        if text.upper() not in ("BEGIN", "COMMIT", "ROLLBACK") and not introspection:
            self.sent.append(query.query)

    def _checkout(self, dbapi_connection, record, proxy) -> None:
        connection = dbapi_connection.driver_connection
        connection.add_query_logger(self._logged)
        self.logging.append(connection)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._record)
        event.listen(self.engine.pool, "checkout", self._checkout)
        return self.sent

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)
        event.remove(self.engine.pool, "checkout", self._checkout)
        for connection in self.logging:
            connection.remove_query_logger(self._logged)


async def test_planning_a_shift_is_one_read_and_one_write(served) -> None:
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    with Statements(app) as sent:
        response = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))
    assert response.status_code == 201, response.text
    assert len(sent) == 2, sent
    read, write = sent
    assert "FROM enterprises" in read and "FROM campaigns" in read and "FROM shift_assignments" in read
    for table in ("shifts", "shift_assignments", "outbox"):
        assert f"INSERT INTO {table} " in write
    # …and all of it was written: the shift, its booking (a second one is refused) and the event.
    shift = response.json()
    assert (await client.get(f"/shifts/{shift['id']}")).json()["assignees"][0]["staff_id"] == tuyet["id"]
    again = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], duty_type="patrol"))
    assert again.status_code == 409 and again.json()["conflicting_shift_id"] == shift["id"]


async def test_who_else_is_on_duty_during_a_page_of_shifts_is_two_reads_whatever_their_number(served) -> None:
    """The portal's cards ask for all their shifts at once: one statement for the shifts and those overlapping
    each, one for the duty leaders' phones — not one per shift, nor one per leader (QZ13 #8's first version)."""
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    leaders = [await seed.staff(enterprise, f"Trần Thị Lãnh {i}", phone=f"090{i}000000") for i in range(3)]
    asked = []
    for day in range(3):
        times = {"starts_at": f"2027-02-0{5 + day}T22:00:00+07:00", "ends_at": f"2027-02-0{6 + day}T06:00:00+07:00"}
        mine = shift_body(campaign, enterprise, [tuyet], status="published", **times)
        asked.append((await client.post("/shifts", json=mine)).json()["id"])
        lead = shift_body(campaign, enterprise, [leaders[day]], status="published", duty_type="leadership", **times)
        assert (await client.post("/shifts", json=lead)).status_code == 201
    with Statements(app) as sent:
        response = await client.get("/shifts/on-duty-beside", params={"shift_id": asked})
    assert response.status_code == 200, response.text
    assert [[p["phone"] for p in s["people"]] for s in response.json()["shifts"]] == [
        [f"090{i}000000"] for i in range(3)
    ]
    assert len(sent) == 2, sent
    assert "FROM shifts" in sent[0] and "FROM staff" in sent[1]


async def test_a_shift_planned_published_is_written_once_with_both_its_events(served) -> None:
    """Created published: the row goes in as published (no insert of a draft, then an update), and the
    outbox holds ShiftPlanned with the draft, then ShiftPublished, in that order."""
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    with Statements(app) as sent:
        response = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], status="published"))
    assert response.status_code == 201, response.text
    shift = response.json()
    assert (shift["status"], shift["version"]) == ("published", 2)
    assert len(sent) == 2 and not any(s.startswith("UPDATE") for s in sent), sent
    async with app.state.ctx.sessions() as session:
        rows = (
            await session.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = :s ORDER BY id"),
                {"s": f"shifts/{shift['id']}"},
            )
        ).all()
    events = [json.loads(r[0]) for r in rows]
    assert [(e["type"], e["data"]["shift"]["status"], e["data"]["shift"]["version"]) for e in events] == [
        ("lichtruc.roster.shift.planned.v1", "draft", 1),
        ("lichtruc.roster.shift.published.v1", "published", 2),
    ]
    # who made it, by the name their access token carries (no account read for it: the two statements above)
    assert [e["data"]["actor_name"] for e in events] == ["Quản trị Thử", "Quản trị Thử"]
    stored = (await client.get(f"/shifts/{shift['id']}")).json()
    assert (stored["status"], stored["version"]) == ("published", 2)


async def test_rescheduling_and_reassigning_read_the_rules_once(served) -> None:
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    shift = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).json()
    with Statements(app) as sent:
        moved = await client.post(
            f"/shifts/{shift['id']}/reschedule",
            json={"starts_at": "2027-02-07T06:00:00+07:00", "ends_at": "2027-02-07T14:00:00+07:00"},
            headers={"If-Match": '"1"'},
        )
    assert moved.status_code == 200, moved.text
    # the shift locked, the rules' one read, the bookings moved, the shift saved, the event
    assert len(sent) == 5, sent
    assert sum("FROM campaigns" in s for s in sent) == 1
    with Statements(app) as sent:
        reassigned = await client.post(
            f"/shifts/{shift['id']}/reassign",
            json={"assignees": [{"staff_id": duc["id"]}]},
            headers={"If-Match": '"2"'},
        )
    assert reassigned.status_code == 200, reassigned.text
    assert sum("FROM campaigns" in s for s in sent) == 1
    assert [a["staff_id"] for a in reassigned.json()["assignees"]] == [duc["id"]]
    # Tuyết is free again at that time, Đức is not.
    free = shift_body(
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-07T06:00:00+07:00",
        ends_at="2027-02-07T14:00:00+07:00",
    )
    assert (await client.post("/shifts", json=free)).status_code == 201
    taken = {**free, "assignees": [{"staff_id": duc["id"]}], "duty_type": "patrol"}
    assert (await client.post("/shifts", json=taken)).status_code == 409


async def test_held_writes_are_seen_by_the_next_statement_of_their_transaction(served) -> None:
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    store = PgStore(app.state.ctx.sessions)
    shift_id = uuid.uuid4()
    staff_id = uuid.UUID(tuyet["id"])
    async with store.transaction() as (repos, _session):
        facts = await repos.facts.for_rules(
            enterprise_id=uuid.UUID(enterprise["id"]),
            campaign_id=uuid.UUID(campaign["id"]),
            site_ids=[],
            staff_ids=[staff_id],
            starts_at=_at("2027-02-09T00:00:00+07:00"),
            ends_at=_at("2027-02-10T00:00:00+07:00"),
        )
        assert facts.bookings == [] and isinstance(facts.staff[staff_id], StaffFacts)
        shift = _shift(shift_id, campaign, enterprise, facts.staff[staff_id])
        await repos.shifts.add(shift)
        await repos.bookings.book(shift_id, [staff_id], shift.starts_at, shift.ends_at)
        # A Core query through the session, and the rules' own read: both see the held inserts.
        assert (await repos.shifts.get(shift_id)) == shift
        again = await repos.facts.for_rules(
            enterprise_id=uuid.UUID(enterprise["id"]),
            campaign_id=uuid.UUID(campaign["id"]),
            site_ids=[],
            staff_ids=[staff_id],
            starts_at=_at("2027-02-09T00:00:00+07:00"),
            ends_at=_at("2027-02-10T00:00:00+07:00"),
        )
        assert [b.shift_id for b in again.bookings] == [shift_id]
    assert (await client.get(f"/shifts/{shift_id}")).status_code == 200


async def test_a_failing_held_write_rolls_the_whole_transaction_back(served) -> None:
    app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    first = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).json()
    store = PgStore(app.state.ctx.sessions)
    shift_id = uuid.uuid4()
    staff_id = uuid.UUID(tuyet["id"])
    with pytest.raises(Conflict) as refused:
        async with store.transaction() as (repos, _session):
            facts = await repos.facts.staff([staff_id])
            shift = _shift(shift_id, campaign, enterprise, facts[staff_id], at=(first["starts_at"], first["ends_at"]))
            await repos.shifts.add(shift)
            await repos.bookings.book(shift_id, [staff_id], shift.starts_at, shift.ends_at)  # overlaps the first
    assert refused.value.first.rule == "no-double-booking"  # named as the race it was
    assert str(refused.value.context["conflicting_shift_id"]) == first["id"]
    assert (await client.get(f"/shifts/{shift_id}")).status_code == 404  # the shift's insert went too


async def test_a_staff_import_writes_its_new_people_and_their_events_together(served) -> None:
    """40 new people: a handful of reads for the whole file, then every record with its StaffJoined in
    one statement, where each person was a round trip of their own and their event another."""
    app, client = served
    enterprise = await Seed(client).enterprise()
    tag = uuid.uuid4().hex[:6]
    rows = [f"Lò Văn Trực {i},truc{i}.{tag}@vnpt-laichau.vn,09{i:08d},Điều hành" for i in range(40)]
    sheet = "Họ và tên,Email,Số điện thoại,Chuyên môn\n" + "\n".join(rows) + "\n"
    with Statements(app) as sent:
        done = await client.post(
            f"/imports/staff?enterprise_id={enterprise['id']}",
            files={"file": ("staff.csv", sheet.encode(), "text/csv")},
        )
    assert done.status_code == 201, done.text
    writes = [s for s in sent if "INSERT INTO staff " in s]
    assert len(writes) == 1 and "INSERT INTO outbox " in writes[0], sent
    assert len(sent) <= 6, sent  # the enterprise, the e-mails, the people's records, the writes
    listed = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": 100})).json()
    assert sorted(p["full_name"] for p in listed["items"]) == sorted(f"Lò Văn Trực {i}" for i in range(40))
    assert {p["id"] for p in listed["items"]} == {r["staff_id"] for r in done.json()["rows"]}

    # The same file corrected: every person changes, and the changes go together too.
    with Statements(app) as sent:
        again = await client.post(
            f"/imports/staff?enterprise_id={enterprise['id']}",
            files={"file": ("staff.csv", sheet.replace("Điều hành", "Điều hành; Kỹ thuật").encode(), "text/csv")},
        )
    assert again.status_code == 201, again.text
    assert {r["action"] for r in again.json()["rows"]} == {"update"}
    writes = [s for s in sent if "UPDATE staff " in s]
    assert len(writes) == 1 and writes[0].count("UPDATE staff ") == 40 and "INSERT INTO outbox " in writes[0], sent
    assert len(sent) <= 6, sent
    listed = (await client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": 100})).json()
    assert {tuple(p["qualifications"]) for p in listed["items"]} == {("operator", "technician")}
    assert {p["version"] for p in listed["items"]} == {2}


async def test_an_e_mail_registered_while_a_staff_import_ran_fails_it_whole(served) -> None:
    """The import found the e-mail free, but another request registered it at the enterprise before
    the import's held insert reached the database: the unique key refuses it at commit, the answer
    is a 409 to retry, and none of the file's people is written."""
    from datetime import UTC, datetime

    app, client = served
    seed = Seed(client)
    enterprise = await seed.enterprise()
    taken = await seed.staff(enterprise, "Lò Thị Mai")
    store = PgStore(app.state.ctx.sessions)
    enterprise_id, now = uuid.UUID(enterprise["id"]), datetime.now(UTC)
    first = _new_member(enterprise_id, "Lò Văn Sáng", f"sang.{uuid.uuid4().hex[:6]}@vnpt-laichau.vn", now)
    with pytest.raises(Conflict) as refused:
        async with store.transaction() as (repos, _session):
            await repos.staff.add_known_new(first)
            await repos.staff.add_known_new(_new_member(enterprise_id, "Lò Thị Mai", taken["email"], now))
    assert refused.value.first.rule == "unique"
    assert (await client.get(f"/staff/{first.id}")).status_code == 404  # the row before it went too


async def test_a_record_written_twice_with_the_held_writes_is_refused_not_half_lost(served) -> None:
    """Held writes leave as one statement whose parts do not see each other's rows: an UPDATE held after
    the same record's held INSERT (or a second held UPDATE) would change nothing, silently. The
    repository refuses the second write, and the transaction writes nothing."""
    from dataclasses import replace
    from datetime import UTC, datetime

    app, client = served
    seed = Seed(client)
    enterprise = await seed.enterprise()
    known = await seed.staff(enterprise, "Lò Thị Mai")
    store = PgStore(app.state.ctx.sessions)
    now = datetime.now(UTC)
    new = _new_member(uuid.UUID(enterprise["id"]), "Lò Văn Sáng", f"sang.{uuid.uuid4().hex[:6]}@vnpt-laichau.vn", now)
    with pytest.raises(RuntimeError, match="written twice"):
        async with store.transaction() as (repos, _session):
            await repos.staff.add_known_new(new)
            await repos.staff.save_with_others(replace(new, full_name="Lò Văn Sáng Tạo", version=2))
    assert (await client.get(f"/staff/{new.id}")).status_code == 404

    async with store.transaction() as (repos, _session):
        stored = await repos.staff.get(uuid.UUID(known["id"]))
    assert stored is not None
    with pytest.raises(RuntimeError, match="written twice"):
        async with store.transaction() as (repos, _session):
            await repos.staff.save_with_others(replace(stored, full_name="Lò Thị Mai Anh", version=2))
            await repos.staff.save_with_others(replace(stored, phone="0912345678", version=3))
    assert (await client.get(f"/staff/{known['id']}")).json()["full_name"] == "Lò Thị Mai"


def _new_member(enterprise_id: uuid.UUID, name: str, email: str, now: Any):
    """A new staff record, not stored yet."""
    from roster.domain.reference import StaffMember

    staff_id = uuid.uuid4()
    return StaffMember(
        id=staff_id,
        enterprise_id=enterprise_id,
        full_name=name,
        email=email,
        phone=None,
        qualifications=("operator",),
        active=True,
        language="vi",
        national_id=None,
        person_id=staff_id,
        version=1,
        created_at=now,
        updated_at=now,
    )


def _at(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


def _shift(
    shift_id: uuid.UUID,
    campaign: dict,
    enterprise: dict,
    person: StaffFacts,
    at: tuple[str, str] = ("2027-02-09T06:00:00+07:00", "2027-02-09T14:00:00+07:00"),
) -> Shift:
    from roster.domain.shifts import OnShift

    starts, ends = _at(at[0].replace("Z", "+00:00")), _at(at[1].replace("Z", "+00:00"))
    return Shift(
        id=shift_id,
        campaign_id=uuid.UUID(campaign["id"]),
        enterprise_id=uuid.UUID(enterprise["id"]),
        site_id=None,
        covers_site_ids=(),
        duty_type="operations",
        starts_at=starts,
        ends_at=ends,
        assignees=(OnShift(person.id, person.full_name, True, None),),
        status="draft",
        notes=None,
        warnings=(),
        cancel_reason=None,
        version=1,
        created_at=starts,
        updated_at=starts,
    )


async def _plans_of_the_rule_read(engine: Any, seed_ids: tuple[str, str, str], runs: int) -> tuple[int, int]:
    """Run the rules' read `runs` times on one connection; (generic plans, custom plans) PostgreSQL used."""
    from datetime import UTC, datetime

    campaign, enterprise, staff = (uuid.UUID(i) for i in seed_ids)
    args = lean.rule_facts_args(
        enterprise_id=enterprise,
        campaign_id=campaign,
        site_ids=(),
        staff_ids=(staff,),
        starts_at=datetime(2027, 2, 1, tzinfo=UTC),
        ends_at=datetime(2027, 2, 2, tzinfo=UTC),
    )
    async with engine.connect() as conn:
        for _ in range(runs):
            await conn.exec_driver_sql(lean.RULE_FACTS, args)
        plans = await conn.exec_driver_sql(  # prepared by SQLAlchemy, and by the hot path on the driver itself
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements "
            "WHERE statement LIKE $1",
            ("%AS bookings%",),
        )
        generic, custom = plans.one()
    return generic, custom


async def test_the_rule_read_is_planned_afresh_every_time(served, roster_settings) -> None:
    """A generic plan made while shift_assignments was small scanned it in full for the rest of
    the connection's life (POST /shifts fell from 830 to 24 a second as bookings grew): roster's
    connections plan every run with the tables as they are. The same read on an engine left to
    PostgreSQL's choice does get the generic plan — what this test would miss otherwise."""
    from lichtruc import db

    app, client = served
    campaign, enterprise, tuyet = await Seed(client).world()
    ids = (campaign["id"], enterprise["id"], tuyet["id"])
    generic, custom = await _plans_of_the_rule_read(app.state.runtime.engine, ids, runs=8)
    assert generic == 0 and custom >= 8, (generic, custom)  # a pooled connection may have run it before

    auto = db.create_engine(roster_settings.database_url, pool_size=1, plan_cache_mode="auto")
    try:
        generic, custom = await _plans_of_the_rule_read(auto, ids, runs=8)
    finally:
        await auto.dispose()
    assert generic > 0, (generic, custom)


async def test_text_the_database_cannot_store_in_a_shift_is_a_422_and_nothing_is_written(served) -> None:
    """A NUL in a shift's notes, which PostgreSQL cannot store, is refused before the hot path's write: a 422
    naming the field and the character (free text refuses every control character), not a 500, and nothing of
    the shift is written. (What still reaches PostgreSQL with one, a search's text, is its `unstorable-text`
    422: tests/fuzz/test_found_by_fuzzing.py.)"""
    _app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    refused = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], notes="Mang\u0000thẻ"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "body.notes" and "U+0000" in refused.json()["detail"]
    assert (await client.get("/shifts", params={"enterprise_id": enterprise["id"]})).json()["items"] == []


async def test_a_connection_broken_under_the_hot_path_is_a_503_and_is_not_pooled_again(served, roster_settings) -> None:
    """PostgreSQL ends roster's connections (a restart, a failover): the request that meets a broken
    one is answered 503 with Retry-After, and the pool's connections of that age are dropped
    instead of failing the next requests: planning works again at once. (A connection asyncpg has
    already seen closed is replaced at checkout: the request is then served at once.)"""
    import asyncpg

    _app, client = served
    seed = Seed(client)
    campaign, enterprise, tuyet = await seed.world()
    assert (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))).status_code == 201
    admin = await asyncpg.connect(roster_settings.database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        ended = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
    finally:
        await admin.close()
    assert ended >= 1
    later = shift_body(
        campaign, enterprise, [tuyet], starts_at="2027-02-08T06:00:00+07:00", ends_at="2027-02-08T14:00:00+07:00"
    )
    first = await client.post("/shifts", json=later)
    if first.status_code != 201:  # it met a connection asyncpg did not know closed yet
        assert first.status_code == 503 and first.headers["retry-after"] == "1", first.text
        assert first.json()["type"].endswith("/database-unavailable")
        # The pool's other connections, as old as the broken one, are replaced too: no second 503.
        assert (await client.post("/shifts", json=later)).status_code == 201
