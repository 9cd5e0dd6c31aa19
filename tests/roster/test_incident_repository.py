"""The incident repository (PostgreSQL and in memory, the same answers): stored and read back whole,
the enterprise's incidents open during a window (what the daily reports read), who is on duty, which
campaign an instant falls in, the filtered list with its keyset pages."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from lichtruc import db
from lichtruc.paging import PageRequest
from lichtruc.scope import Visible
from roster.app import MIGRATIONS
from roster.db.incidents import IncidentFilter
from roster.db.memory import MemoryStore
from roster.db.memory.state import MemoryState
from roster.db.ports import Store
from roster.db.postgres import PgStore
from roster.domain.incidents import DutySpell, Where, on_duty_among, open_incident
from roster.domain.shifts import CampaignFacts, OnShift, Shift

T0 = datetime(2027, 2, 5, 16, 40, tzinfo=UTC)  # 23:40 on giao thừa, local
NOW = datetime(2027, 2, 12, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["postgres", "memory"])
async def store(request, new_database) -> AsyncIterator[tuple[Store, dict]]:
    """A store with one enterprise, a border site, one person on a published shift over giao thừa, a campaign."""
    ids = {k: uuid.uuid4() for k in ("enterprise", "other", "site", "staff", "shift", "campaign")}
    if request.param == "memory":
        state = MemoryState()
        state.enterprises[ids["enterprise"]] = ("VNPT Long An", "telecom")
        state.enterprises[ids["other"]] = ("Viettel Long An", "telecom")
        state.campaigns[ids["campaign"]] = CampaignFacts(
            ids["campaign"], "Tết Đinh Mùi 2027", T0 - timedelta(days=10), T0 + timedelta(days=10)
        )
        state.shifts[ids["shift"]] = Shift(
            id=ids["shift"],
            campaign_id=ids["campaign"],
            enterprise_id=ids["enterprise"],
            site_id=None,
            duty_type="incident_response",
            starts_at=T0 - timedelta(hours=2),
            ends_at=T0 + timedelta(hours=6),
            assignees=(OnShift(ids["staff"], "Nguyễn Văn Bình"),),
            status="published",
            version=2,
            created_at=T0,
            updated_at=T0,
        )
        yield MemoryStore(state), ids
        return
    engine = db.create_engine(new_database("roster"), pool_size=2)
    await db.migrate(engine, MIGRATIONS, service="roster")
    async with engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(
            text(
                "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version) VALUES "
                "(:e, 'VNPT Long An', 'vnpt long an', 'vnpt long an', 'telecom', 1), "
                "(:o, 'Viettel Long An', 'viettel long an', 'viettel long an', 'telecom', 1)"
            ),
            {"e": ids["enterprise"], "o": ids["other"]},
        )
        await conn.execute(
            text(
                "INSERT INTO campaigns (id, lunar_year, name, starts_at, ends_at, start_lunar, end_lunar, peaks, "
                "version) VALUES (:c, 2027, 'Tết Đinh Mùi 2027', :s, :t, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, 1)"
            ),
            {"c": ids["campaign"], "s": T0 - timedelta(days=10), "t": T0 + timedelta(days=10)},
        )
        await conn.execute(
            text(
                "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, full_name_sort, person_id, "
                "version) VALUES (:p, :e, 'Nguyễn Văn Bình', 'nguyen van binh', 'nguyen van binh', :p, 1)"
            ),
            {"p": ids["staff"], "e": ids["enterprise"]},
        )
        await conn.execute(
            text(
                "INSERT INTO shifts (id, campaign_id, enterprise_id, duty_type, starts_at, ends_at, assignees, status, "
                "version) VALUES (:s, :c, :e, 'incident_response', :a, :b, '[]'::jsonb, 'published', 2)"
            ),
            {
                "s": ids["shift"],
                "c": ids["campaign"],
                "e": ids["enterprise"],
                "a": T0 - timedelta(hours=2),
                "b": T0 + timedelta(hours=6),
            },
        )
        await conn.execute(
            text(
                "INSERT INTO shift_assignments (shift_id, staff_id, person_id, starts_at, ends_at, active) "
                "VALUES (:s, :p, :p, :a, :b, true)"
            ),
            {"s": ids["shift"], "p": ids["staff"], "a": T0 - timedelta(hours=2), "b": T0 + timedelta(hours=6)},
        )
    try:
        yield PgStore(db.session_factory(engine)), ids
    finally:
        await engine.dispose()


def _incident(ids: dict, *, detected_at: datetime, enterprise: str = "enterprise", severity: str = "critical"):
    return open_incident(
        incident_id=uuid.uuid4(),
        enterprise_id=ids[enterprise],
        enterprise_name="",
        sector="telecom",
        campaign_id=None,
        detected_at=detected_at,
        where=Where(None, None, "Tân Hưng", True),
        services=("internet", "fixed_line"),
        agency_links=False,
        severity=severity,
        description="Đứt cáp quang tuyến xã biên giới",
        now=NOW,
        actor="acct-1",
    ).incident


async def test_an_incident_is_stored_whole_and_changes_are_saved(store) -> None:
    s, ids = store
    opened = _incident(ids, detected_at=T0)
    async with s.transaction() as (repos, _):
        await repos.incidents.add(opened)
    joined = T0 + timedelta(minutes=20)  # written up afterwards (recorded at NOW): the time he joined is given
    change = opened.add_responder(
        staff_id=ids["staff"], full_name="Nguyễn Văn Bình", on_duty=True, now=NOW, actor="a", at=joined
    )
    async with s.transaction() as (repos, _):
        locked = await repos.incidents.lock(opened.id)
        assert locked is not None and locked.version == 1
        await repos.incidents.save(change.incident)
    async with s.reading() as repos:
        found = await repos.incidents.get(opened.id)
        assert await repos.incidents.enterprise_of(opened.id) == ids["enterprise"]
        assert await repos.incidents.get(uuid.uuid4()) is None
    assert found is not None
    assert (found.enterprise_name, found.sector, found.version) == ("VNPT Long An", "telecom", 2)
    assert found.services == ("fixed_line", "internet")
    assert found.responders == change.incident.responders
    assert (found.district, found.border, found.description) == ("Tân Hưng", True, "Đứt cáp quang tuyến xã biên giới")


async def test_incidents_open_during_a_window_are_the_ones_the_daily_report_reads(store) -> None:
    s, ids = store
    before = _incident(ids, detected_at=T0 - timedelta(days=2))  # resolved the day before the window
    resolved_before = before.add_update(note="Đã xử lý", now=NOW, actor=None, restored_at=before.detected_at).incident
    closed = resolved_before.resolve(cause="Cáp", closing_note="Xong", restored_at=None, now=NOW, actor=None).incident
    from dataclasses import replace

    closed = replace(closed, resolved_at=T0 - timedelta(days=1, hours=20))
    still_open = _incident(ids, detected_at=T0 - timedelta(days=3))
    inside = _incident(ids, detected_at=T0)
    after = _incident(ids, detected_at=T0 + timedelta(days=2))
    others = _incident(ids, detected_at=T0, enterprise="other")
    async with s.transaction() as (repos, _):
        for incident in (closed, still_open, inside, after, others):
            await repos.incidents.add(incident)
    async with s.reading() as repos:
        day = await repos.incidents.of_enterprise_between(
            ids["enterprise"], T0 - timedelta(hours=12), T0 + timedelta(hours=12)
        )
    assert [i.id for i in day] == [still_open.id, inside.id]


async def test_on_duty_and_the_campaign_of_an_instant(store) -> None:
    s, ids = store
    async with s.reading() as repos:
        spells = await repos.incidents.duty_spells(
            ids["enterprise"], [T0 + timedelta(days=1), T0], staff_id=ids["staff"]
        )
        assert spells == [DutySpell(ids["staff"], T0 - timedelta(hours=2), T0 + timedelta(hours=6))]
        assert on_duty_among(spells, [T0 + timedelta(days=1), T0]) == {ids["staff"]}
        assert await repos.incidents.duty_spells(ids["enterprise"], [T0 + timedelta(hours=6)]) == []
        assert await repos.incidents.duty_spells(ids["other"], [T0]) == []
        assert await repos.incidents.duty_spells(ids["enterprise"], [T0], staff_id=uuid.uuid4()) == []
        assert await repos.incidents.campaign_at(T0) == ids["campaign"]
        assert await repos.incidents.campaign_at(T0 + timedelta(days=30)) is None


async def test_the_list_filters_narrows_to_what_the_caller_sees_and_pages_newest_first(store) -> None:
    s, ids = store
    made = [_incident(ids, detected_at=T0 - timedelta(hours=h)) for h in range(5)]
    minor = _incident(ids, detected_at=T0 - timedelta(hours=10), severity="minor")
    others = _incident(ids, detected_at=T0, enterprise="other")
    async with s.transaction() as (repos, _):
        for incident in (*made, minor, others):
            await repos.incidents.add(incident)
    mine = Visible(frozenset({ids["enterprise"]}))
    seen: list[uuid.UUID] = []
    cursor = None
    async with s.reading() as repos:
        while True:
            got = await repos.incidents.page(
                IncidentFilter(severity="critical"), visible=mine, page=PageRequest(limit=2, cursor=cursor)
            )
            assert got.total == 5
            seen += [i.id for i in got.items]
            if got.next_cursor is None:
                break
            cursor = got.next_cursor
        assert seen == [i.id for i in made]
        everyone = await repos.incidents.page(IncidentFilter(), visible=Visible(), page=PageRequest(limit=50))
        assert everyone.total == 7
        late = await repos.incidents.page(
            IncidentFilter(detected_from=T0 - timedelta(hours=1), border=True), visible=mine, page=PageRequest(limit=50)
        )
        assert [i.id for i in late.items] == [made[0].id, made[1].id]
