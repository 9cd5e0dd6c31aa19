"""Roster's schema migration keeps the shifts planned with the first, minimal API."""

from __future__ import annotations

import uuid
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from lichtruc import db
from lichtruc.text import fold, sort_key
from roster.app import MIGRATIONS


def upgrade_to(revision: str, *, down: bool = False):
    """Alembic's upgrade (or, `down`, downgrade) to `revision`, for `connection.run_sync`."""

    def run(connection) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)

    return run


async def test_shifts_from_the_first_api_survive_the_upgrade(new_database) -> None:
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    legacy = uuid.uuid4()
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0001"))
            await conn.execute(
                text(
                    "INSERT INTO shifts (id, campaign_id, enterprise_id, site_id, duty_type, starts_at, ends_at, assignees,"
                    " status, notes, version) VALUES (:id, :campaign, :enterprise, NULL, 'leadership',"
                    " '2027-02-05T11:00Z', '2027-02-05T23:00Z', CAST(:assignees AS jsonb), 'draft', 'Giao thừa', 1)"
                ),
                {
                    "id": legacy,
                    "campaign": uuid.uuid4(),
                    "enterprise": uuid.uuid4(),
                    "assignees": f'[{{"staff_id": "{uuid.uuid4()}", "full_name": "Nguyễn Thị Ánh Tuyết"}}]',
                },
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            row = (
                await conn.execute(text("SELECT status, warnings, notes FROM shifts WHERE id = :id"), {"id": legacy})
            ).one()
            assert tuple(row) == ("draft", [], "Giao thừa")
            extensions = (await conn.execute(text("SELECT extname FROM pg_extension"))).scalars().all()
            assert "btree_gist" in extensions
    finally:
        await engine.dispose()


async def test_names_typed_in_nfd_are_brought_to_nfc_and_folded_for_search(new_database) -> None:
    import unicodedata

    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    enterprise, person, twin = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    nfd = unicodedata.normalize("NFD", "Lê Thị Hồng Nhung")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0003"))
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, sector, version) VALUES (:id, :name, 'telecom', 1),"
                    " (:twin, :nfc_name, 'telecom', 1)"
                ),
                {
                    "id": enterprise,
                    "name": unicodedata.normalize("NFD", "Đài Truyền hình"),
                    "twin": twin,
                    "nfc_name": "Viettel Long An",
                },
            )
            await conn.execute(
                text("INSERT INTO staff (id, enterprise_id, full_name, version) VALUES (:id, :e, :name, 1)"),
                {"id": person, "e": enterprise, "name": nfd},
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            row = (
                await conn.execute(text("SELECT full_name, full_name_folded FROM staff WHERE id = :id"), {"id": person})
            ).one()
            assert tuple(row) == ("Lê Thị Hồng Nhung", "le thi hong nhung")
            row = (
                await conn.execute(text("SELECT name, name_folded FROM enterprises WHERE id = :id"), {"id": enterprise})
            ).one()
            assert tuple(row) == ("Đài Truyền hình", "dai truyen hinh")
            # The search can use the trigram index (the planner picks it once the table is large).
            await conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                (
                    await conn.execute(text("EXPLAIN SELECT id FROM staff WHERE full_name_folded LIKE '%hong nhung%'"))
                ).scalars()
            )
            assert "ix_staff_full_name_folded_trgm" in plan
    finally:
        await engine.dispose()


async def test_border_defaults_made_before_0014_are_marked_protected(new_database) -> None:
    """Only a requirement that looks exactly as the border rule made it is marked; one changed by
    hand, one at an inland site and one for a duty type outside the settings are not."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    campaign, enterprise, border, inland = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    made, changed, at_inland, other_duty = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    whole_day = '{"kind": "daily", "start_local": "00:00", "end_local": "00:00"}'
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0012"))
            await conn.execute(
                text(
                    "INSERT INTO campaigns (id, lunar_year, name, starts_at, ends_at, start_lunar, end_lunar, peaks,"
                    " border_duty_types, border_sectors, version) VALUES (:id, 2040, 'Tết Canh Thân',"
                    " '2040-02-01T00:00Z', '2040-02-20T00:00Z', '{}', '{}', '[]', '[\"patrol\"]',"
                    ' \'["telecom", "internet"]\', 1)'
                ),
                {"id": campaign},
            )
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, sector, version)"
                    " VALUES (:id, 'VNPT Long An', 'vnpt long an', 'telecom', 1)"
                ),
                {"id": enterprise},
            )
            for site, name, flag in ((border, "Trạm BTS Mỹ Quý Tây", True), (inland, "Trạm BTS Bến Lức", False)):
                await conn.execute(
                    text(
                        "INSERT INTO sites (id, enterprise_id, name, kind, border_area, version)"
                        " VALUES (:id, :e, :name, 'bts', :flag, 1)"
                    ),
                    {"id": site, "e": enterprise, "name": name, "flag": flag},
                )
            for rid, site, duty, minimum in (
                (made, border, "patrol", 1),
                (changed, border, "patrol", 2),
                (at_inland, inland, "patrol", 1),
                (other_duty, border, "leadership", 1),
            ):
                await conn.execute(
                    text(
                        "INSERT INTO requirements (id, campaign_id, enterprise_id, site_id, duty_type, time_window,"
                        " minimum, version) VALUES (:id, :c, :e, :s, :d, CAST(:w AS jsonb), :m, 1)"
                    ),
                    {"id": rid, "c": campaign, "e": enterprise, "s": site, "d": duty, "w": whole_day, "m": minimum},
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id, department_default, floor_minimum FROM requirements"))).all()
            assert {r.id: (r.department_default, r.floor_minimum) for r in rows} == {
                made: (True, 1),
                changed: (False, None),
                at_inland: (False, None),
                other_duty: (False, None),
            }
    finally:
        await engine.dispose()


async def test_0017_names_written_before_it_get_their_sort_key_and_list_in_vietnamese_order(new_database) -> None:
    """Staff, enterprises and accounts stored before the sort keys existed get them from the same function
    roster writes them with (lichtruc.text.sort_key), so the lists order old and new rows alike."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    names = ["Võ Văn Tám", "Đặng Thị Hoa", "Dương Văn Lợi", "Nguyễn Văn An", "Ngô Thị Bé"]
    companies = ["VNPT Long An", "Viettel Long An", "Đài Phát thanh và Truyền hình Long An"]
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0016"))
            firms = {}
            for name in companies:
                firms[name] = uuid.uuid4()
                await conn.execute(
                    text(
                        "INSERT INTO enterprises (id, name, name_folded, sector, version)"
                        " VALUES (:id, :name, :folded, 'telecom', 1)"
                    ),
                    {"id": firms[name], "name": name, "folded": fold(name)},
                )
            for name in names:
                await conn.execute(
                    text(
                        "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, person_id, version)"
                        " VALUES (:id, :e, :name, :folded, :id, 1)"
                    ),
                    {"id": uuid.uuid4(), "e": firms["VNPT Long An"], "name": name, "folded": fold(name)},
                )
                await conn.execute(
                    text(
                        "INSERT INTO accounts (id, login, display_name, display_name_folded, role, password_hash,"
                        " version) VALUES (:id, :login, :name, :folded, 'inspector', 'x', 1)"
                    ),
                    {
                        "id": uuid.uuid4(),
                        "login": f"{uuid.uuid4().hex[:8]}@so.gov.vn",
                        "name": name,
                        "folded": fold(name),
                    },
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            for table, column, key in (
                ("staff", "full_name", "full_name_sort"),
                ("enterprises", "name", "name_sort"),
                ("accounts", "display_name", "display_name_sort"),
            ):
                rows = (await conn.execute(text(f"SELECT {column}, {key} FROM {table} ORDER BY {key}"))).all()
                assert all(k == sort_key(n) for n, k in rows), rows
                assert [n for n, _ in rows] == sorted((n for n, _ in rows), key=sort_key)
            staff_order = (await conn.execute(text("SELECT full_name FROM staff ORDER BY full_name_sort"))).scalars()
            assert list(staff_order) == ["Dương Văn Lợi", "Đặng Thị Hoa", "Ngô Thị Bé", "Nguyễn Văn An", "Võ Văn Tám"]
            firm_order = (await conn.execute(text("SELECT name FROM enterprises ORDER BY name_sort"))).scalars()
            assert list(firm_order) == ["Đài Phát thanh và Truyền hình Long An", "Viettel Long An", "VNPT Long An"]
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0016", down=True))
            columns = (
                await conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns"
                        " WHERE table_name IN ('staff', 'enterprises', 'accounts') AND column_name LIKE '%\\_sort'"
                    )
                )
            ).scalars()
            assert list(columns) == []
    finally:
        await engine.dispose()


async def test_0018_sites_written_before_it_get_their_sort_keys_and_list_in_vietnamese_order(new_database) -> None:
    """Sites stored before their sort keys existed get them from the same function roster writes them with
    (lichtruc.text.sort_key): the name's, and the district's where there is one (NULL without: listed last)."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    places = {
        "Trạm Vĩnh Hưng": "Vĩnh Hưng",
        "Trạm Đức Hòa": "Đức Hòa",
        "Trạm Bến Lức": "Bến Lức",
        "Trạm Dương Xuân Hội": None,
    }
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0017"))
            enterprise = uuid.uuid4()
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                    " VALUES (:id, 'VNPT Long An', 'vnpt long an', 'vnpt long an', 'telecom', 1)"
                ),
                {"id": enterprise},
            )
            for name, district in places.items():
                await conn.execute(
                    text(
                        "INSERT INTO sites (id, enterprise_id, name, kind, district, version)"
                        " VALUES (:id, :e, :name, 'base_station', :district, 1)"
                    ),
                    {"id": uuid.uuid4(), "e": enterprise, "name": name, "district": district},
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT name, name_sort, district, district_sort FROM sites"))).all()
            assert {r.name: (r.name_sort, r.district_sort) for r in rows} == {
                name: (sort_key(name), None if district is None else sort_key(district))
                for name, district in places.items()
            }
            by_name = (await conn.execute(text("SELECT name FROM sites ORDER BY name_sort"))).scalars()
            assert list(by_name) == ["Trạm Bến Lức", "Trạm Dương Xuân Hội", "Trạm Đức Hòa", "Trạm Vĩnh Hưng"]
            by_district = await conn.execute(text("SELECT district FROM sites ORDER BY district_sort NULLS LAST"))
            assert list(by_district.scalars()) == ["Bến Lức", "Đức Hòa", "Vĩnh Hưng", None]
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0017", down=True))
            columns = (
                await conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns"
                        " WHERE table_name = 'sites' AND column_name LIKE '%\\_sort'"
                    )
                )
            ).scalars()
            assert list(columns) == []
    finally:
        await engine.dispose()


async def test_0019_keys_stored_by_the_earlier_function_are_computed_again(new_database) -> None:
    """Keys stored before sort_key ordered letter by letter (the old one set diacritics aside: "Đỗ" before
    "Đoàn") are computed again, so that old and new rows list alike; a site without a district keeps no key."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    names = ["Đỗ Minh Khôi", "Đoàn Quang Vinh", "Ông Văn Chín", "Ơn Thị Mười"]
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0018"))
            enterprise = uuid.uuid4()
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                    " VALUES (:id, 'Đài Long An', 'dai long an', 'stale', 'television', 1)"
                ),
                {"id": enterprise},
            )
            for name in names:
                await conn.execute(
                    text(
                        "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, full_name_sort,"
                        " person_id, version) VALUES (:id, :e, :name, :folded, 'stale', :id, 1)"
                    ),
                    {"id": uuid.uuid4(), "e": enterprise, "name": name, "folded": fold(name)},
                )
            await conn.execute(
                text(
                    "INSERT INTO sites (id, enterprise_id, name, name_sort, kind, district, district_sort, version)"
                    " VALUES (:id, :e, 'Trạm Ông Đốc', 'stale', 'office', NULL, NULL, 1)"
                ),
                {"id": uuid.uuid4(), "e": enterprise},
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            staff = (await conn.execute(text("SELECT full_name FROM staff ORDER BY full_name_sort"))).scalars()
            assert list(staff) == ["Đoàn Quang Vinh", "Đỗ Minh Khôi", "Ông Văn Chín", "Ơn Thị Mười"]
            keys = (await conn.execute(text("SELECT full_name, full_name_sort FROM staff"))).all()
            assert all(key == sort_key(name) for name, key in keys)
            firm = (await conn.execute(text("SELECT name_sort FROM enterprises"))).scalar_one()
            site = (await conn.execute(text("SELECT name_sort, district_sort FROM sites"))).one()
            assert firm == sort_key("Đài Long An") and tuple(site) == (sort_key("Trạm Ông Đốc"), None)
    finally:
        await engine.dispose()


async def test_0020_keys_stored_before_numbers_were_read_by_value_are_computed_again(new_database) -> None:
    """Keys stored while digits compared one by one ("Trạm BTS 10" before "Trạm BTS 2") are computed again,
    so that old and new rows list alike, numbers by their value; a site without a district keeps no key."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    sites_in_order = ["Trạm BTS 2", "Trạm BTS 9", "Trạm BTS 10", "Trạm BTS 100"]
    districts = {"Trạm BTS 2": "Quận 10", "Trạm BTS 9": "Quận 3", "Trạm BTS 10": None, "Trạm BTS 100": "Quận 1"}
    offices_in_order = ["Bưu điện huyện 3", "Bưu điện huyện 12"]
    people_in_order = ["Tổ 7 Nguyễn Văn An", "Tổ 07 Nguyễn Văn An", "Tổ 10 Lê Thị Ba"]
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0019"))
            offices = []
            for name in offices_in_order:
                offices.append(uuid.uuid4())
                await conn.execute(
                    text(
                        "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                        " VALUES (:id, :name, :folded, :stale, 'postal', 1)"
                    ),
                    {"id": offices[-1], "name": name, "folded": fold(name), "stale": name.lower()},
                )
            for name in people_in_order:
                await conn.execute(
                    text(
                        "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, full_name_sort,"
                        " person_id, version) VALUES (:id, :e, :name, :folded, :stale, :id, 1)"
                    ),
                    {"id": uuid.uuid4(), "e": offices[0], "name": name, "folded": fold(name), "stale": name.lower()},
                )
                await conn.execute(
                    text(
                        "INSERT INTO accounts (id, login, display_name, display_name_folded, display_name_sort,"
                        " role, password_hash, version) VALUES (:id, :login, :name, :folded, :stale, 'inspector',"
                        " 'x', 1)"
                    ),
                    {
                        "id": uuid.uuid4(),
                        "login": f"{uuid.uuid4().hex[:8]}@so.gov.vn",
                        "name": name,
                        "folded": fold(name),
                        "stale": name.lower(),
                    },
                )
            for name, district in districts.items():
                await conn.execute(
                    text(
                        "INSERT INTO sites (id, enterprise_id, name, name_sort, kind, district, district_sort,"
                        " version) VALUES (:id, :e, :name, :stale, 'base_station', :district, :stale_district, 1)"
                    ),
                    {
                        "id": uuid.uuid4(),
                        "e": offices[0],
                        "name": name,
                        "stale": name.lower(),
                        "district": district,
                        "stale_district": None if district is None else district.lower(),
                    },
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            for table, column, key, expected in (
                ("enterprises", "name", "name_sort", offices_in_order),
                ("staff", "full_name", "full_name_sort", people_in_order),
                ("accounts", "display_name", "display_name_sort", people_in_order),
                ("sites", "name", "name_sort", sites_in_order),
            ):
                rows = (await conn.execute(text(f"SELECT {column}, {key} FROM {table} ORDER BY {key}"))).all()
                assert [name for name, _ in rows] == expected, table
                assert all(k == sort_key(n) for n, k in rows), rows
            by_district = await conn.execute(text("SELECT district FROM sites ORDER BY district_sort NULLS LAST"))
            assert list(by_district.scalars()) == ["Quận 1", "Quận 3", "Quận 10", None]
            keys = (await conn.execute(text("SELECT district, district_sort FROM sites"))).all()
            assert all(k == (None if d is None else sort_key(d)) for d, k in keys), keys
    finally:
        await engine.dispose()


async def test_0022_a_shift_keeps_when_it_was_first_published_as_the_outbox_shows(new_database) -> None:
    """Existing shifts get `published_at` from their first ShiftPublished in the outbox; without one, a shift
    in a published-or-later status, or cancelled after a check-in, counts as published at its creation; a draft
    and a cancelled draft stay NULL (never published: their people were never told)."""
    import json
    from datetime import datetime

    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    ids = {k: uuid.uuid4() for k in ("told", "untold", "published", "draft", "checked_in")}
    created = "2027-01-20T03:00:00+00:00"
    first, again = "2027-01-21T02:00:00+00:00", "2027-01-25T02:00:00+00:00"
    rows = {
        "told": ("cancelled", None),
        "untold": ("cancelled", None),
        "published": ("published", None),
        "draft": ("draft", None),
        "checked_in": ("cancelled", "2027-02-05T14:50:00+00:00"),
    }
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0021"))
            for key, (status, checked_in_at) in rows.items():
                person = {"staff_id": str(uuid.uuid4()), "full_name": "Nguyễn Thị Ánh Tuyết"}
                if checked_in_at:
                    person["checked_in_at"] = checked_in_at
                await conn.execute(
                    text(
                        "INSERT INTO shifts (id, campaign_id, enterprise_id, duty_type, starts_at, ends_at, assignees,"
                        " status, version, created_at, updated_at) VALUES (:id, :c, :e, 'operations',"
                        " '2027-02-05T15:00Z', '2027-02-05T23:00Z', CAST(:people AS jsonb), :status, 3, :at, :at)"
                    ),
                    {
                        "id": ids[key],
                        "c": uuid.uuid4(),
                        "e": uuid.uuid4(),
                        "people": json.dumps([person]),
                        "status": status,
                        "at": datetime.fromisoformat(created),
                    },
                )
            events = [
                ("told", "planned", created),
                ("told", "published", first),
                ("told", "published", again),  # a later one (a replayed outbox row) does not move it
                ("told", "cancelled", again),
                ("untold", "planned", created),
                ("untold", "cancelled", first),
            ]
            for key, kind, at in events:
                await conn.execute(
                    text(
                        "INSERT INTO outbox (event_id, topic, key, event_type, payload)"
                        " VALUES (:id, 'roster.events', 'k', :type, :payload)"
                    ),
                    {
                        "id": uuid.uuid4(),
                        "type": f"lichtruc.roster.shift.{kind}.v1",
                        "payload": json.dumps({"subject": f"shifts/{ids[key]}", "time": at, "data": {}}),
                    },
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            found: dict[uuid.UUID, Any] = dict((await conn.execute(text("SELECT id, published_at FROM shifts"))).all())
        said = {k: (found[v].isoformat() if found[v] else None) for k, v in ids.items()}
        assert said == {"told": first, "untold": None, "published": created, "draft": None, "checked_in": created}
    finally:
        await engine.dispose()


async def test_0025_sites_written_before_it_get_their_folded_name_and_are_found_by_it(new_database) -> None:
    """Sites stored before their folded name existed get it from the same function roster writes it with
    (lichtruc.text.fold), so that `GET /sites?q=` finds them, with a trigram index; the downgrade takes it away."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    names = ["Trạm BTS Đức Hòa", "Bưu cục  TÂN AN", "Điểm giao dịch Bến Lức"]
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0024"))
            enterprise = uuid.uuid4()
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                    " VALUES (:id, 'VNPT Long An', 'vnpt long an', 'vnpt long an', 'telecom', 1)"
                ),
                {"id": enterprise},
            )
            for name in names:
                await conn.execute(
                    text(
                        "INSERT INTO sites (id, enterprise_id, name, name_sort, kind, version)"
                        " VALUES (:id, :e, :name, :key, 'base_station', 1)"
                    ),
                    {"id": uuid.uuid4(), "e": enterprise, "name": name, "key": sort_key(name)},
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT name, name_folded FROM sites"))).all()
            assert dict(rows) == {name: fold(name) for name in names}
            assert fold("Bưu cục  TÂN AN") == "buu cuc tan an"
            found = await conn.execute(text("SELECT name FROM sites WHERE name_folded LIKE '%duc hoa%'"))
            assert list(found.scalars()) == ["Trạm BTS Đức Hòa"]
            index = await conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_sites_name_folded_trgm'")
            )
            assert "gin_trgm_ops" in index.scalar_one()
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0024", down=True))
            columns = await conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = 'sites' AND column_name = 'name_folded'"
                )
            )
            assert list(columns.scalars()) == []
    finally:
        await engine.dispose()


async def test_0026_requirements_stored_before_it_keep_their_state_as_one_version_for_the_whole_campaign(
    new_database,
) -> None:
    """A requirement stored before versions were kept becomes its present state as its one version, applying to
    the whole campaign (as every change was judged before); the board reads it as it did. The downgrade drops the
    versions."""
    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    campaign, enterprise, requirement = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    window = '{"kind": "daily", "start_local": "00:00", "end_local": "00:00"}'
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0025"))
            await conn.execute(
                text(
                    "INSERT INTO campaigns (id, lunar_year, name, starts_at, ends_at, start_lunar, end_lunar, peaks,"
                    " version) VALUES (:id, 2041, 'Tết Tân Dậu', '2041-01-20T00:00Z', '2041-02-10T00:00Z', '{}', '{}',"
                    " '[]', 1)"
                ),
                {"id": campaign},
            )
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                    " VALUES (:id, 'VNPT Tây Ninh', 'vnpt tay ninh', 'vnpt tay ninh', 'telecom', 1)"
                ),
                {"id": enterprise},
            )
            await conn.execute(
                text(
                    "INSERT INTO requirements (id, campaign_id, enterprise_id, duty_type, time_window, minimum,"
                    " peak_minimum, version) VALUES (:id, :c, :e, 'patrol', CAST(:w AS jsonb), 3, 5, 4)"
                ),
                {"id": requirement, "c": campaign, "e": enterprise, "w": window},
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT requirement_id, version, applies_from, duty_type, minimum, peak_minimum, campaign_id"
                    " FROM requirement_versions"
                )
            )
            assert [tuple(r) for r in rows] == [(requirement, 4, None, "patrol", 3, 5, campaign)]
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0025", down=True))
            left = await conn.execute(text("SELECT to_regclass('requirement_versions')"))
            assert left.scalar_one() is None
    finally:
        await engine.dispose()


async def test_0035_a_shift_cancelled_before_it_loses_its_rest_warnings_and_no_other_shift_does(new_database) -> None:
    """QZ20 #3: a cancelled shift showed the rest warnings of when it was planned; 0035 clears them on cancelled
    shifts only, and leaves their versions as they were (warnings are derived, nobody is told)."""
    import json

    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    warning = [{"kind": "min_rest", "staff_id": str(uuid.uuid4()), "full_name": "Lê Thị Thanh Tâm", "hours": 4.5}]
    ids = {status: uuid.uuid4() for status in ("cancelled", "published", "draft")}
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0034"))
            for status, shift_id in ids.items():
                await conn.execute(
                    text(
                        "INSERT INTO shifts (id, campaign_id, enterprise_id, duty_type, starts_at, ends_at, assignees,"
                        " status, version, warnings, created_at, updated_at) VALUES (:id, :c, :e, 'operations',"
                        " '2027-02-06T02:30Z', '2027-02-06T10:00Z', '[]'::jsonb, :status, 4, CAST(:w AS jsonb),"
                        " now(), now())"
                    ),
                    {"id": shift_id, "c": uuid.uuid4(), "e": uuid.uuid4(), "status": status, "w": json.dumps(warning)},
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id, warnings, version FROM shifts"))).all()
        found = {r.id: (r.warnings, r.version) for r in rows}
        assert found == {
            ids["cancelled"]: ([], 4),
            ids["published"]: (warning, 4),
            ids["draft"]: (warning, 4),
        }
    finally:
        await engine.dispose()


async def test_0036_reports_sent_before_it_keep_section_iv_as_their_event_carried_it(new_database) -> None:
    """A report sent before section IV was stored gets it from its DailyReportSubmitted in the outbox (what the
    province received), whatever today's rule would derive from its facts; an event from before a line was carried
    has none of it; a report whose event is gone gets it derived once from its stored facts as of its submission."""
    import json

    engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
    campaign, enterprise = uuid.uuid4(), uuid.uuid4()
    sent, older, unsent = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    gap = {"duty_type": "operations", "site_name": None, "starts_at": "2027-02-05T11:00:00Z",
           "ends_at": "2027-02-05T17:00:00Z", "required": 2, "planned": 1}  # fmt: skip
    absence = {"duty_type": "operations", "site_name": None, "full_name": "Trần Thị Ánh Nguyệt",
               "starts_at": "2027-02-05T11:15:00Z", "ends_at": "2027-02-05T13:00:00Z", "checked_in_at": None,
               "status": "not_yet", "shortfall": False}  # fmt: skip
    facts = {"campaign_name": "Tết Đinh Mùi 2027", "enterprise_name": "Đài Phát thanh và Truyền hình Long An",
             "duty": [], "check_ins": [], "incidents": [], "gaps": [gap], "staffing": []}  # fmt: skip
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0035"))
            await conn.execute(
                text(
                    "INSERT INTO campaigns (id, lunar_year, name, starts_at, ends_at, start_lunar, end_lunar, peaks,"
                    " version) VALUES (:id, 2027, 'Tết Đinh Mùi 2027', '2027-01-29T17:00Z', '2027-02-15T17:00Z',"
                    " '{}', '{}', '[]', 1)"
                ),
                {"id": campaign},
            )
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                    " VALUES (:id, 'Đài Phát thanh và Truyền hình Long An', 'dai', 'dai', 'television', 1)"
                ),
                {"id": enterprise},
            )
            for report, version in ((sent, 1), (older, 2), (unsent, 3)):
                await conn.execute(
                    text(
                        "INSERT INTO daily_reports (id, campaign_id, enterprise_id, day, version, number, remarks,"
                        " submitted_at, submitted_by_name, facts) VALUES (:id, :c, :e, '2027-02-05', :v, '1/BC-ĐPTTHLA',"
                        " '', '2027-02-05T13:00Z', 'Quản lý', CAST(:facts AS jsonb))"
                    ),
                    {"id": report, "c": campaign, "e": enterprise, "v": version, "facts": json.dumps(facts)},
                )
            carried = {
                sent: {"gaps": [gap], "absences": [absence], "shortfalls": []},
                older: {"gaps": [gap]},  # published before absences and shortfalls were carried
            }
            for report, data in carried.items():
                await conn.execute(
                    text(
                        "INSERT INTO outbox (event_id, topic, key, event_type, payload)"
                        " VALUES (:id, 'roster.events', 'k', 'lichtruc.roster.daily_report.submitted.v1', :payload)"
                    ),
                    {"id": uuid.uuid4(), "payload": json.dumps({"subject": f"daily-reports/{report}", "data": data})},
                )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            found: dict[uuid.UUID, Any] = dict(
                (await conn.execute(text("SELECT id, section_iv FROM daily_reports"))).all()
            )
    finally:
        await engine.dispose()
    assert found[sent] == {"gaps": [gap], "absences": [absence], "shortfalls": []}
    assert found[older] == {"gaps": [gap], "absences": [], "shortfalls": []}
    # derived from its facts: the gap as the event's words carry it (with nobody named on it), nobody absent
    [derived] = found[unsent]["gaps"]
    assert (derived["required"], derived["planned"], derived["not_come"]) == (2, 1, [])
    assert (found[unsent]["absences"], found[unsent]["shortfalls"]) == ([], [])


async def _report_before_0038(conn, campaign: uuid.UUID, enterprise: uuid.UUID, report: uuid.UUID) -> None:
    await conn.execute(
        text(
            "INSERT INTO campaigns (id, lunar_year, name, starts_at, ends_at, start_lunar, end_lunar, peaks,"
            " version) VALUES (:id, 2027, 'Tết Đinh Mùi 2027', '2027-01-29T17:00Z', '2027-02-15T17:00Z',"
            " '{}', '{}', '[]', 1)"
        ),
        {"id": campaign},
    )
    await conn.execute(
        text(
            "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
            " VALUES (:id, 'Đài Phát thanh và Truyền hình Long An', 'dai', 'dai', 'television', 1)"
        ),
        {"id": enterprise},
    )
    await conn.execute(
        text(
            "INSERT INTO daily_reports (id, campaign_id, enterprise_id, day, version, number, remarks, submitted_at,"
            " submitted_by_name, facts, section_iv) VALUES (:id, :c, :e, '2027-02-05', 1, '1/BC-ĐPTTHLA', '',"
            " '2027-02-05T13:00Z', 'Quản lý', '{}', '{\"gaps\": [], \"absences\": [], \"shortfalls\": []}')"
        ),
        {"id": report, "c": campaign, "e": enterprise},
    )


async def test_0038_reports_sent_before_it_keep_the_departments_place_and_recipients_as_they_are_now(
    new_database,
) -> None:
    """R2's leftover: a report's PDF printed the profile as it is when printed. Reports sent before 0038 are given the
    profile as it is at the upgrade (its earlier versions are not kept); with no profile set, none."""
    import json

    for profile in (True, False):
        engine = db.create_engine(new_database("roster", migrated=False), pool_size=1)
        campaign, enterprise, report = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        try:
            async with engine.begin() as conn:
                await conn.run_sync(upgrade_to("0037"))
                await _report_before_0038(conn, campaign, enterprise, report)
                if profile:
                    await conn.execute(
                        text(
                            "INSERT INTO department_profile (id, province, department, superior, place,"
                            " report_recipients, summary_recipients, version, updated_at) VALUES (1, 'Long An',"
                            " 'Sở Thông tin và Truyền thông', 'UBND TỈNH LONG AN', 'Tân An', CAST(:r AS jsonb),"
                            " '[]', 2, '2027-01-01T00:00Z')"
                        ),
                        {"r": json.dumps(["Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"])},
                    )
            await db.migrate(engine, MIGRATIONS, service="roster")
            async with engine.connect() as conn:
                printed = (await conn.execute(text("SELECT printed FROM daily_reports"))).scalar_one()
        finally:
            await engine.dispose()
        if profile:
            assert printed == {
                "place": "Tân An",
                "recipients": ["Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"],
            }
        else:
            assert printed is None
