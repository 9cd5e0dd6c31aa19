"""The projections in PostgreSQL, as a `ProjectionStore` working inside the caller's
transaction (it never commits): the consumer appends to the log and projects the event
in one transaction, so the log and its read models never disagree."""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_json
from sqlalchemy import DateTime, String, Table, bindparam, delete, or_, select
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import quoted, record_columns

from ..domain import coverage
from ..domain.live import GapRecord, KeyRef
from ..domain.model import COUNTING_STATUSES, ENTITY_TYPES, Requirement, Shift, decode_value, field_types, to_plain, utc
from ..domain.sequences import SequenceGap, VersionHead
from .differences import Corrected, Staging
from .incidents import PgIncidents, incident_rows
from .tables import (
    PROJECTIONS,
    aggregate_versions,
    campaigns,
    coverage_gaps,
    coverage_keys,
    daily_reports,
    enterprises,
    incident_versions,
    incidents,
    inspection_plans,
    readiness_items,
    readiness_marks,
    requirements,
    sequence_gaps,
    shifts,
    sites,
    staff,
    transaction_hours,
)

ENTITY_TABLES: dict[str, Table] = {
    "campaigns": campaigns,
    "enterprises": enterprises,
    "sites": sites,
    "staff": staff,
    "requirements": requirements,
    "shifts": shifts,
    "readiness_items": readiness_items,
    "readiness_marks": readiness_marks,
    "transaction_hours": transaction_hours,
    "inspection_plans": inspection_plans,
    "daily_reports": daily_reports,
}


@functools.cache
def _columns(cls: type, table: Table) -> tuple[tuple[str, Any, str], ...]:
    """(field, type, how to convert) for each field of `cls` stored in `table`."""
    kinds = []
    for name, hint in field_types(cls):
        column_type = table.c[name].type
        kind = (
            "uuid"
            if isinstance(column_type, UUID)
            else "json"
            if isinstance(column_type, JSONB)
            else "time"
            if isinstance(column_type, DateTime)
            else "plain"
        )
        kinds.append((name, hint, kind))
    return tuple(kinds)


def to_row(table: Table, record: Any) -> dict[str, Any]:
    """A record as the values of its table's row (UUID columns as UUIDs, JSONB as plain data)."""
    row = to_record(table, record)
    record_type: type = type(record)
    for name, _, kind in _columns(record_type, table):
        if kind == "uuid" and row[name] is not None:
            row[name] = uuid.UUID(row[name])
    return row


def to_record(table: Table, record: Any) -> dict[str, Any]:
    """A record as one object of the JSON array `upsert_records` writes: the fields by name, ids as their
    text, JSONB values as plain data."""
    row = {}
    record_type: type = type(record)
    for name, _, kind in _columns(record_type, table):
        value = getattr(record, name)
        row[name] = to_plain(value) if kind == "json" and value is not None else value
    return row


@functools.cache
def _upsert_records_sql(table: Table, names: tuple[str, ...]) -> str:
    keys = sorted(c.name for c in table.primary_key.columns)
    columns = ", ".join(quoted(n) for n in names)
    return (
        f"INSERT INTO {table.name} ({columns}) "
        f"SELECT {columns} FROM json_to_recordset($1::json) AS u({record_columns(table, names)}) "
        f"ON CONFLICT ({', '.join(quoted(k) for k in keys)}) DO UPDATE SET "
        + ", ".join(f"{quoted(n)} = EXCLUDED.{quoted(n)}" for n in names if n not in keys)
    )


def upsert_records(table: Table, rows: list[dict[str, Any]]) -> tuple[str, tuple[str]]:
    """The statement that inserts or replaces `rows` (objects of `table`'s columns, the same keys in each:
    `to_record`) by primary key, and its one parameter: the rows as one JSON array (lichtruc.db.record_columns),
    encoded by pydantic's compiled encoder, where SQLAlchemy's multi-row VALUES processed and encoded every
    value on its own. No two rows may share a key (as with any INSERT … ON CONFLICT DO UPDATE)."""
    return _upsert_records_sql(table, tuple(rows[0])), (to_json(rows).decode(),)


def from_row(cls: type, table: Table, row: Any) -> Any:
    """The record of type `cls` stored in `row` (the inverse of :func:`to_row`)."""
    values = {}
    for name, hint, kind in _columns(cls, table):
        value = row[name]
        if value is not None:
            if kind == "uuid":
                value = str(value)
            elif kind == "json":
                value = decode_value(hint, value)
            elif kind == "time":
                value = utc(value)
        values[name] = value
    return cls(**values)


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def _key_of(row: Any) -> KeyRef:
    return KeyRef(
        str(row.campaign_id), str(row.enterprise_id), str(row.site_id) if row.site_id else None, row.duty_type
    )


def segments_to_json(segments: list[coverage.Segment]) -> list[list[Any]]:
    """A timeline as stored in ``coverage_keys.segments``."""
    return [[_text_of(s.start), _text_of(s.end), s.required, s.actual] for s in segments]


def segments_from_json(value: list[list[Any]]) -> list[coverage.Segment]:
    return [coverage.Segment(_instant_of(a), _instant_of(b), r, n) for a, b, r, n in value]


# A touched key's whole timeline is read and written again at every change, though a change moves only
# a stretch of it: its instants are the same few thousand hours over and over, and `isoformat` (about
# 0.9 µs) and `fromisoformat` with the UTC conversion were the largest cost of a live change's write
# (py-spy, 2026-12-04: 12 % of a change's CPU). Remembered both ways; the text is the one
# `isoformat` gives, so the stored timelines are the same bytes as before.
@functools.lru_cache(maxsize=1 << 16)
def _utc_text(instant: datetime) -> str:
    return instant.isoformat()


def _text_of(instant: datetime) -> str:
    # Only UTC instants go through the cache: datetimes of one instant in two offsets are equal, and
    # the cache would give one's text for the other.
    return _utc_text(instant) if instant.tzinfo is UTC else instant.isoformat()


@functools.lru_cache(maxsize=1 << 16)
def _instant_of(text: str) -> datetime:
    return utc(datetime.fromisoformat(text))


def projection_rows(state: dict[str, list[Any]]) -> list[tuple[Table, list[dict[str, Any]]]]:
    """`state` (an export) as the rows of every projection table, in the order of PROJECTIONS."""
    rows = {table: [to_record(table, r) for r in state[name]] for name, table in ENTITY_TABLES.items()}
    rows[coverage_keys] = [_key_row(key, segments) for key, segments in state["coverage_keys"]]
    for table in (coverage_gaps, aggregate_versions, sequence_gaps):
        rows[table] = [to_record(table, r) for r in state[table.name]]
    rows[incidents], rows[incident_versions] = incident_rows(state["incidents"], state["incident_versions"])
    return [(table, rows[table]) for table in PROJECTIONS]


def _key_row(key: KeyRef, segments: list[coverage.Segment]) -> dict[str, Any]:
    return {
        "key_id": _uuid(key.key_id),
        "campaign_id": _uuid(key.campaign_id),
        "enterprise_id": _uuid(key.enterprise_id),
        "site_id": _uuid(key.site_id) if key.site_id else None,
        "duty_type": key.duty_type,
        "segments": segments_to_json(segments),
    }


def _upsert_statement(table: Table):
    keys = {c.name for c in table.primary_key.columns}
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=sorted(keys), set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys}
    )


# The consumer runs these for every event: built once, executed with parameters.
_s, _r, _g = shifts.c, requirements.c, coverage_gaps.c
_UPSERT = {
    t.name: _upsert_statement(t)
    for t in (*ENTITY_TABLES.values(), coverage_keys, coverage_gaps, aggregate_versions, sequence_gaps)
}
_HEAD = select(aggregate_versions).where(
    aggregate_versions.c.aggregate_type == bindparam("t"), aggregate_versions.c.aggregate_id == bindparam("id")
)
_SEQUENCE_GAP = select(sequence_gaps).where(sequence_gaps.c.gap_id == bindparam("id"))
_GET = {name: select(t).where(t.primary_key.columns[0] == bindparam("id")) for name, t in ENTITY_TABLES.items()}
_KEYS_OF_PAIR = (
    select(_r.campaign_id, _r.enterprise_id, _r.site_id, _r.duty_type)
    .distinct()
    .where(~_r.removed, _r.enterprise_id == bindparam("e"), _r.duty_type == bindparam("d"))
)
_KEYS_OF_CAMPAIGN = (
    select(_r.campaign_id, _r.enterprise_id, _r.site_id, _r.duty_type)
    .distinct()
    .where(~_r.removed, _r.campaign_id == bindparam("c"))
)
_REQUIREMENTS_OF_KEY = select(requirements).where(
    ~_r.removed, _r.campaign_id == bindparam("c"), _r.enterprise_id == bindparam("e"), _r.duty_type == bindparam("d")
)
_REQUIREMENTS_OF_WHOLE_KEY = _REQUIREMENTS_OF_KEY.where(_r.site_id.is_(None))
_REQUIREMENTS_OF_SITE_KEY = _REQUIREMENTS_OF_KEY.where(_r.site_id == bindparam("s"))
_SHIFTS_OF_KEY = select(shifts).where(
    _s.enterprise_id == bindparam("e"),
    _s.duty_type == bindparam("d"),
    _s.status.in_(sorted(COUNTING_STATUSES)),
    _s.starts_at < bindparam("end"),
    _s.ends_at > bindparam("start"),
)
_SHIFTS_OF_SITE_KEY = _SHIFTS_OF_KEY.where(
    or_(_s.site_id == bindparam("s"), _s.covers_site_ids.has_key(bindparam("st", type_=String)))
)
_DELETE_KEY = delete(coverage_keys).where(coverage_keys.c.key_id == bindparam("k"))
_GAPS_OF_KEY = select(coverage_gaps).where(
    _g.key_id == bindparam("k"), or_(_g.status == "open", _g.gap_id.in_(bindparam("ids", expanding=True)))
)


class SqlStore:
    tracks_coverage = True
    tracks_sequences = True

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # Campaigns are read for every key an event touches; they change rarely.
        self._campaigns: dict[str, Any] = {}
        self.incidents = PgIncidents(session)

    async def get(self, collection: str, record_id: str) -> Any | None:
        if collection == "campaigns" and record_id in self._campaigns:
            return self._campaigns[record_id]
        table = ENTITY_TABLES[collection]
        row = (await self.session.execute(_GET[collection], {"id": _uuid(record_id)})).mappings().first()
        record = from_row(ENTITY_TYPES[collection], table, row) if row is not None else None
        if collection == "campaigns":
            self._campaigns[record_id] = record
        return record

    async def put(self, collection: str, record: Any) -> None:
        table = ENTITY_TABLES[collection]
        await self.session.execute(_UPSERT[table.name], to_row(table, record))
        if collection == "campaigns":
            self._campaigns[record.campaign_id] = record

    async def requirement_keys(
        self,
        *,
        campaign_id: str | None = None,
        enterprise_id: str | None = None,
        duty_type: str | None = None,
        sites: Iterable[str] | None = None,
    ) -> list[KeyRef]:
        if campaign_id is not None and enterprise_id is None and duty_type is None:
            rows = await self.session.execute(_KEYS_OF_CAMPAIGN, {"c": _uuid(campaign_id)})
        elif campaign_id is None and enterprise_id is not None and duty_type is not None:
            rows = await self.session.execute(_KEYS_OF_PAIR, {"e": _uuid(enterprise_id), "d": duty_type})
        else:
            raise TypeError("requirement_keys takes campaign_id, or enterprise_id and duty_type")
        keys = (_key_of(row) for row in rows)
        if sites is not None:
            at = set(sites)
            keys = (k for k in keys if k.site_id is None or k.site_id in at)
        return sorted(keys, key=KeyRef.sort_key)

    async def requirements_of_key(self, key: KeyRef) -> list[Requirement]:
        params = {"c": _uuid(key.campaign_id), "e": _uuid(key.enterprise_id), "d": key.duty_type}
        if key.site_id is None:
            result = await self.session.execute(_REQUIREMENTS_OF_WHOLE_KEY, params)
        else:
            result = await self.session.execute(_REQUIREMENTS_OF_SITE_KEY, {**params, "s": _uuid(key.site_id)})
        return sorted(
            (from_row(Requirement, requirements, row) for row in result.mappings()), key=lambda q: q.requirement_id
        )

    async def shifts_for_key(self, key: KeyRef, start: datetime, end: datetime) -> list[Shift]:
        params = {"e": _uuid(key.enterprise_id), "d": key.duty_type, "start": start, "end": end}
        if key.site_id is None:
            result = await self.session.execute(_SHIFTS_OF_KEY, params)
        else:
            result = await self.session.execute(
                _SHIFTS_OF_SITE_KEY, {**params, "s": _uuid(key.site_id), "st": key.site_id}
            )
        return sorted(
            (from_row(Shift, shifts, row) for row in result.mappings()), key=lambda x: (x.starts_at, x.shift_id)
        )

    async def put_coverage(self, key: KeyRef, segments: list[coverage.Segment]) -> None:
        await self.session.execute(_UPSERT["coverage_keys"], _key_row(key, segments))

    async def drop_coverage(self, key_id: str) -> None:
        await self.session.execute(_DELETE_KEY, {"k": _uuid(key_id)})

    async def gaps_of_key(self, key_id: str, gap_ids: Iterable[str]) -> list[GapRecord]:
        result = await self.session.execute(_GAPS_OF_KEY, {"k": _uuid(key_id), "ids": [_uuid(g) for g in gap_ids]})
        return sorted((from_row(GapRecord, coverage_gaps, row) for row in result.mappings()), key=lambda g: g.starts_at)

    async def put_gap(self, gap: GapRecord) -> None:
        await self.session.execute(_UPSERT["coverage_gaps"], to_row(coverage_gaps, gap))

    async def version_head(self, aggregate_type: str, aggregate_id: str) -> VersionHead | None:
        row = (await self.session.execute(_HEAD, {"t": aggregate_type, "id": _uuid(aggregate_id)})).mappings().first()
        return from_row(VersionHead, aggregate_versions, row) if row is not None else None

    async def put_version_head(self, head: VersionHead) -> None:
        await self.session.execute(_UPSERT["aggregate_versions"], to_row(aggregate_versions, head))

    async def sequence_gap(self, gap_id: str) -> SequenceGap | None:
        row = (await self.session.execute(_SEQUENCE_GAP, {"id": _uuid(gap_id)})).mappings().first()
        return from_row(SequenceGap, sequence_gaps, row) if row is not None else None

    async def put_sequence_gaps(self, gaps: list[SequenceGap]) -> None:
        if gaps:
            await self.session.execute(_UPSERT["sequence_gaps"], [to_row(sequence_gaps, g) for g in gaps])

    # ------------------------------------------------------------- state as data

    async def export_state(self) -> dict[str, list[Any]]:
        """Everything projected, in the same canonical order as MemoryStore.export_state."""
        state: dict[str, list[Any]] = {}
        for name, table in ENTITY_TABLES.items():
            rows = (await self.session.execute(select(table))).mappings().all()
            records = [from_row(ENTITY_TYPES[name], table, row) for row in rows]
            state[name] = sorted(records, key=lambda rec: getattr(rec, dataclasses.fields(rec)[0].name))
        keys = {
            str(row.key_id): (_key_of(row), segments_from_json(row.segments))
            for row in await self.session.execute(select(coverage_keys))
        }
        state["coverage_keys"] = [keys[k] for k in sorted(keys)]
        gaps = [
            from_row(GapRecord, coverage_gaps, row)
            for row in (await self.session.execute(select(coverage_gaps))).mappings()
        ]
        state["coverage_gaps"] = sorted(gaps, key=lambda g: g.gap_id)
        heads = [
            from_row(VersionHead, aggregate_versions, row)
            for row in (await self.session.execute(select(aggregate_versions))).mappings()
        ]
        state["aggregate_versions"] = sorted(heads, key=lambda h: (h.aggregate_type, h.aggregate_id))
        holes = [
            from_row(SequenceGap, sequence_gaps, row)
            for row in (await self.session.execute(select(sequence_gaps))).mappings()
        ]
        state["sequence_gaps"] = sorted(holes, key=lambda g: g.gap_id)
        state["incidents"], state["incident_versions"] = await self.incidents.export()
        return state

    async def stage(self, state: dict[str, list[Any]]) -> Staging:
        """Put `state` (an export) in temporary tables beside the projection tables, for `replace_changed`
        to correct them from later in this transaction (db/differences.py `Staging`)."""
        staging = Staging(await self.session.connection())
        for table, rows in projection_rows(state):
            await staging.stage(table, rows)
        return staging

    async def replace_changed(self, state: dict[str, list[Any]], staged: Staging) -> dict[str, Corrected]:
        """Make every projection table hold `state` (an export), writing only the rows that differ from it,
        compared with what was `staged` (db/differences.py): what each table needed, for those that needed
        anything. Readers keep seeing the old rows until the caller commits."""
        corrected = {}
        for table, rows in projection_rows(state):
            done = await staged.correct(table, rows)
            if done:
                corrected[table.name] = done
        return corrected
