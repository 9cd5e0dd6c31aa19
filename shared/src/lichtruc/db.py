"""Database helpers every service uses: the engine, Alembic migrations run under an
advisory lock (so that several replicas starting at once migrate once), the inbox
that makes event consumption idempotent, and the rows of a batch as one JSON parameter."""

from __future__ import annotations

import functools
import re
import uuid
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pydantic_core
from sqlalchemy import Column, DateTime, MetaData, Select, String, Table, func, text
from sqlalchemy import event as sa_event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from alembic.config import Config


def create_engine(
    database_url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    pool_timeout: float = 3.0,
    plan_cache_mode: str = "auto",
    pool_recycle: int = 3600,
) -> AsyncEngine:
    """An asyncpg engine; `database_url` may be given as postgresql:// or postgresql+asyncpg://.

    No `pool_pre_ping`: it cost a round trip on every checkout. A pooled connection asyncpg already
    knows closed is replaced at checkout (`_not_closed`). One that broke meanwhile without asyncpg
    knowing yet (PostgreSQL restarted) fails its statement instead; SQLAlchemy then invalidates it
    (and the pool's older connections; `driver`/`driver_of` do the same for the statements sent to
    asyncpg directly, and `_closed_on_return` for a connection that comes back closed however it
    broke), and the failure is classified as the database being
    unreachable (lichtruc.failures): 503 `database-unavailable` with Retry-After for a request,
    retried by a consumer. The next checkout opens a fresh connection.

    `max_overflow` (default: as many as `pool_size`) connections more may be opened for a moment;
    a checkout that finds none free within `pool_timeout` seconds raises SQLAlchemy's pool
    timeout, which is the database being unavailable too (503 with Retry-After), not a queue of
    SQLAlchemy's default 30 s (see ServiceSettings on back-pressure).

    `plan_cache_mode` is set on every connection, and a connection older than `pool_recycle`
    seconds is replaced at its next checkout (ServiceSettings.database_plan_cache_mode and
    database_pool_recycle_seconds: a generic plan PostgreSQL made while a table was small lives
    no longer than that)."""
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+asyncpg://" + database_url.removeprefix("postgresql://")
    engine = create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_timeout=pool_timeout,
        pool_recycle=pool_recycle,
        connect_args={"server_settings": {"plan_cache_mode": plan_cache_mode}},
        # JSON and JSONB values read back are parsed by pydantic's compiled parser: the same
        # values as the standard library's `json.loads`, in a fifth to a little over half of its
        # time on audit's values (2026-12-01); audit reads up to about 150 of them for one event.
        json_deserializer=pydantic_core.from_json,
    )
    sa_event.listen(engine.sync_engine, "checkout", _not_closed)
    sa_event.listen(engine.sync_engine, "checkin", functools.partial(_closed_on_return, engine.sync_engine))
    return engine


def _closed_on_return(sync_engine: Any, dbapi_connection: Any, record: Any) -> None:
    """A connection that comes back to the pool closed — the server ended it under a statement sent
    straight to asyncpg (`driver_of`, outside any transaction SQLAlchemy began, so SQLAlchemy saw no
    failure) — says the server dropped its connections (a restart, an administrator's terminate):
    the pool's connections as old as it are replaced at their next checkout, as SQLAlchemy does when
    one of its own statements finds a connection broken. Otherwise the next requests drew the pool's
    other dead ones, which asyncpg had not yet seen end: notifier answered a calendar poll with a 500
    (asyncpg's `InternalClientError`, the server's goodbye read but not the socket's end; 2026-12-06).
    This one, closed, is dropped at its checkout (`_not_closed`)."""
    if dbapi_connection is not None and dbapi_connection.driver_connection.is_closed():
        # `Pool._invalidate` reads only the connection's record, for its age.
        sync_engine.pool._invalidate(SimpleNamespace(_connection_record=record), _checkin=False)


def _not_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection whose server end has closed (PostgreSQL restarted while it waited; asyncpg
    saw the socket end) is not handed out: SQLAlchemy drops it and checks out another, opening a fresh
    one if need be. No round trip, unlike `pool_pre_ping`: asyncpg already knows. One that broke and is
    not known closed yet still fails its first statement (see above)."""
    if dbapi_connection.driver_connection.is_closed():
        raise sa_exc.DisconnectionError("the pooled connection was closed by the server")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> None:
    """Raise if the database does not answer."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


def _alembic_config(script_location: Path, connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["connection"] = connection
    return cfg


async def migrate(engine: AsyncEngine, script_location: Path, *, service: str) -> None:
    """Upgrade the schema to head. Replicas starting together serialise on an advisory lock.

    A database already at the head (`head_revision`, read from the migration files) is left alone
    without Alembic: importing it and loading its scripts took a third of a second of CPU at every start
    of every service process (2026-12-02: 0.32 s to import, 0.07 s to find nothing to do), and every
    worker and every test that starts a service starts one. Anything else goes through Alembic."""
    head = head_revision(script_location)
    if head is not None and await _at_revision(engine, head):
        return
    from alembic import command

    lock_key = zlib.crc32(f"lichtruc-migrate-{service}".encode())

    def upgrade(connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key})
        command.upgrade(_alembic_config(script_location, connection), "head")

    async with engine.begin() as conn:
        await conn.run_sync(upgrade)


_REVISION = re.compile(r"""^revision\s*(?::[^=\n]*)?=\s*["']([^"'\n]+)["']\s*$""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*(?::[^=\n]*)?=\s*(.*?)\s*$""", re.MULTILINE)
_QUOTED = re.compile(r"""^["']([^"'\n]+)["']$""")


def head_revision(script_location: Path) -> str | None:
    """The one head of the migrations in `script_location`/versions, from each file's `revision = "…"`
    and `down_revision = "…"` (or `None`) lines, without importing Alembic; None where a file does not say
    them plainly so (a merge's tuple, a computed value) or there is not exactly one head: then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision[1])
        if down[1] != "None":
            parent = _QUOTED.match(down[1])
            if parent is None:
                return None
            parents.add(parent[1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


async def _at_revision(engine: AsyncEngine, revision: str) -> bool:
    """Whether the database's Alembic version is `revision` (False if it has none yet)."""
    async with engine.connect() as conn:
        if await conn.scalar(text("SELECT to_regclass('alembic_version')")) is None:
            return False
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        return list(versions) == [revision]


def run_alembic_env(target_metadata: MetaData) -> None:
    """Body of every service's migrations/env.py: migrate on the connection handed in by `migrate`."""
    from alembic import context

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations with `python -m <service> migrate`, not with the alembic CLI")
    context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()


def inbox_table(metadata: MetaData) -> Table:
    """The ids of the events a consumer has applied, written with their effect."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", UUID(as_uuid=True), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(255), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


async def record_in_inbox(
    session: AsyncSession, inbox: Table, *, event_id: uuid.UUID, event_type: str, topic: str
) -> bool:
    """Record the event as applied in the caller's transaction; False if it was already there."""
    stmt = (
        insert(inbox)
        .values(event_id=event_id, event_type=event_type, topic=topic)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(inbox.c.event_id)
    )
    return (await session.execute(stmt)).first() is not None


async def record_many_in_inbox(
    session: AsyncSession, inbox: Table, events: Sequence[tuple[uuid.UUID, str, str]]
) -> set[uuid.UUID]:
    """Record a batch's events (id, type, topic) as applied in the caller's transaction, in one
    statement; returns the ids that were not there yet (a batch's repeats count once)."""
    if not events:
        return set()
    stmt = text(
        f"INSERT INTO {inbox.name} (event_id, event_type, topic) "  # the table object's own name
        "SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS varchar[]), CAST(:topics AS varchar[])) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
    )
    result = await session.execute(
        stmt,
        {"ids": [e[0] for e in events], "types": [e[1] for e in events], "topics": [e[2] for e in events]},
    )
    return {row[0] for row in result.all()}


def record_columns(table: Table, columns: Sequence[str]) -> str:
    """`<column> <type>, …` with the types as `table` declares them: the column definition list of
    `json_to_recordset($1::json) AS u(…)`, the FROM item of a batch write whose rows travel as one JSON
    array of objects (a consumer's flush). The rows are then encoded in one call of a compiled encoder
    and taken apart by PostgreSQL in C, where asyncpg's arrays (`unnest`) or SQLAlchemy's multi-row
    VALUES encode every value on its own. Aware times travel with their offset, JSON values as they are."""
    return ", ".join(f"{quoted(name)} {table.c[name].type.compile(dialect=_DIALECT)}" for name in columns)


def quoted(name: str) -> str:
    """A column's name as SQL text, quoted if it is a keyword (`window`, `offset`…)."""
    return _DIALECT.identifier_preparer.quote(name)


_DIALECT = postgresql.dialect()


def one_statement(statements: Sequence[tuple[str, tuple[Any, ...]]]) -> tuple[str, tuple[Any, ...]]:
    """Data-modifying statements (INSERT, UPDATE, DELETE with positional parameters $1…) as one
    statement of data-modifying CTEs, the parameters renumbered and joined: one round trip instead of
    one each. They then run on one snapshot and none sees the others' changes, so they must not touch
    the same rows; PostgreSQL runs them all, or, on an error, none. One alone is returned as it is.

    INSERTs of the same text with one row of VALUES each become one INSERT of all their rows, in the
    order given: PostgreSQL promises no order among the CTEs of a statement (it ran the last first),
    and an outbox's ids, which its relay publishes by, must follow the order its events were queued
    in (a staff import's StaffJoined came out last row first). Fewer parts are also less to plan."""
    if len(statements) == 1:
        return statements[0]
    texts = tuple(sql for sql, _ in statements)
    sql = _combined(texts) if len(texts) <= _CACHED_PARTS else _combine(texts)
    return sql, tuple(a for _, args in statements for a in args)


_PARAM = re.compile(r"\$(\d+)")

_CACHED_PARTS = 16
"""`one_statement`'s texts of up to this many statements are kept (a request's few writes, the same few
shapes again and again); a bulk import's long ones are built each time rather than kept."""


@functools.lru_cache(maxsize=256)
def _combined(statements: tuple[str, ...]) -> str:
    """`_combine`, kept."""
    return _combine(statements)


def _combine(statements: tuple[str, ...]) -> str:
    """The text of `one_statement`: its parts, each single-row INSERT's row joined to the first of
    its text (the parameters keep their numbers: only the text moves, the values stay in order)."""
    parts: list[str | list[str]] = []  # a statement, or an INSERT's head followed by its rows
    rows_of: dict[str, list[str]] = {}
    offset = 0
    for sql in statements:
        renumbered = _renumbered(sql, offset)
        offset += _parameters(sql)
        head = _one_row_insert(sql)
        if head is not None:
            row = renumbered[len(head) :]
            if sql in rows_of:
                rows_of[sql].append(row)
                continue
            rows_of[sql] = [head, row]
            parts.append(rows_of[sql])
        else:
            parts.append(renumbered)
    texts = [p if isinstance(p, str) else p[0] + ", ".join(p[1:]) for p in parts]
    if len(texts) == 1:
        return texts[0]
    return "WITH " + ", ".join(f"w{i} AS ({text})" for i, text in enumerate(texts)) + " SELECT 1"


_INSERT_HEAD = re.compile(r'INSERT INTO [\w."]+ \([^()]*\) VALUES ')


@functools.lru_cache(maxsize=256)
def _one_row_insert(sql: str) -> str | None:
    """The head (`INSERT INTO t (a, b) VALUES `) of an INSERT of one row of VALUES and nothing after it
    (no ON CONFLICT, no RETURNING); None for any other statement. Kept per text, as `_split`."""
    head = _INSERT_HEAD.match(sql)
    if head is None:
        return None
    row, depth = sql[head.end() :], 0
    for i, char in enumerate(row):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return head.group() if i == len(row) - 1 and i > 0 else None
    return None


async def driver(session: AsyncSession) -> Any:
    """asyncpg's own connection under `session`, in the session's transaction (begun now if not yet):
    for the few statements of a hot path, already text with $n parameters, that gain nothing from
    SQLAlchemy's statement and result handling (in audit's live change it took 0.4–1.5 ms of its
    6–7 ms of CPU, 2026-12-01). Their rows are asyncpg records (by index or by name, not as
    attributes); JSON and JSONB columns are decoded as through SQLAlchemy (its codecs are set on this
    connection). A failure is asyncpg's own exception (lichtruc.failures classifies both); the
    transaction still ends through the session. A pooled connection the server closed meanwhile is
    dropped here, before any statement (`driver_of`): SQLAlchemy, which does not see these statements,
    would have given it back to the pool."""
    connection = await session.connection()
    asyncpg_connection = await driver_of(connection)
    adapted: Any = (await connection.get_raw_connection()).dbapi_connection
    # SQLAlchemy's adapter sends BEGIN with its own first statement, so a transaction whose first
    # statements are these would have none: each would commit on its own. Begin it as the adapter does.
    if adapted._transaction is None:
        await adapted._start_transaction()
    return asyncpg_connection


async def driver_of(connection: Any) -> Any:
    """asyncpg's own connection under SQLAlchemy's `connection` (an AsyncConnection), as it stands (no
    transaction begun: see `driver`); a pooled one the server closed meanwhile is dropped (`_discard_broken`)."""
    raw = await connection.get_raw_connection()
    if raw.driver_connection.is_closed():
        await _discard_broken(connection, raw)
    return raw.driver_connection


async def _discard_broken(connection: Any, raw: Any) -> None:
    """A pooled connection the server closed meanwhile (PostgreSQL restarted; no pre-ping): drop it and
    the pool's connections as old as it, as SQLAlchemy does when one of its own statements finds a
    connection broken, and raise its disconnection error — transient for a consumer, 503 for a request
    (lichtruc.failures). Without this the driver's `InterfaceError: connection is closed` came out
    unclassified, the session gave the dead connection back to the pool, and a consumer's retries drew
    the pool's other dead ones until it dead-lettered events (the chaos run of 2026-12-03)."""
    dbapi = connection.dialect.loaded_dbapi
    closed = dbapi.InterfaceError("connection is closed")  # the words asyncpg and SQLAlchemy use
    connection.sync_engine.pool._invalidate(raw, closed)  # this one, and the older ones at their checkout
    await connection.invalidate(closed)
    # As SQLAlchemy raises it for a statement of its own: an InterfaceError with no statement, marked
    # invalidated (the services' handlers and lichtruc.failures know it).
    raise sa_exc.DBAPIError.instance(
        None, None, closed, dbapi.Error, connection_invalidated=True, dialect=connection.dialect
    )


MAX_ARGUMENTS = 32_767
"""The most parameters asyncpg sends with one statement (its protocol's count is a signed 16-bit
integer): a statement with more is refused before it leaves."""

MAX_PARTS = 500
"""The most statements `HeldWrites.take` joins into one: a bulk import's thousands of rows go as a few
statements of this many CTEs, whose text PostgreSQL parses and plans quickly, rather than one huge one."""


class HeldWrites:
    """Data-modifying statements of one transaction held back, in order, to be sent together:
    `take` gives them as few statements as it can (`one_statement`, with its rule: they must not touch
    the same rows) and holds none any more."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def add(self, sql: str, args: tuple[Any, ...]) -> None:
        self.statements.append((sql, args))

    def extend(self, statements: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        self.statements.extend(statements)

    def take(self) -> list[tuple[str, tuple[Any, ...]]]:
        """The held statements joined, in order, into statements of at most `MAX_PARTS` of them and
        `MAX_ARGUMENTS` parameters: one for a request's few writes, a few for a bulk import's
        (empty if none is held). Run them in order."""
        held, self.statements = self.statements, []
        joined: list[tuple[str, tuple[Any, ...]]] = []
        group: list[tuple[str, tuple[Any, ...]]] = []
        count = 0
        for statement in held:
            if group and (len(group) == MAX_PARTS or count + len(statement[1]) > MAX_ARGUMENTS):
                joined.append(one_statement(group))
                group, count = [], 0
            group.append(statement)
            count += len(statement[1])
        if group:
            joined.append(one_statement(group))
        return joined


def one_query(reads: Sequence[tuple[str, tuple[Any, ...]]]) -> tuple[str, tuple[Any, ...]]:
    """Reads (SELECTs with positional parameters $1…) as one statement of one row, the parameters
    renumbered and joined: column i holds read i's rows as an array of records, in the order of its
    columns (`ARRAY(SELECT q FROM (read) AS q)`; asyncpg gives each as a tuple of typed values, an
    empty read as []). One round trip instead of one each, all on one snapshot. Each read's
    parameters must name their types where PostgreSQL cannot tell them (SQLAlchemy's casts do)."""
    columns, args = read_columns(reads)
    return "SELECT " + columns, args


def read_columns(reads: Sequence[tuple[str, tuple[Any, ...]]], *, after: int = 0) -> tuple[str, tuple[Any, ...]]:
    """The columns of `one_query` (`ARRAY(…) AS r0, …`) and their parameters, numbered from
    $`after + 1`: to add them to a statement of `after` parameters of its own."""
    return _read_columns(tuple(sql for sql, _ in reads), after), tuple(a for _, args in reads for a in args)


@functools.lru_cache(maxsize=256)
def _read_columns(reads: tuple[str, ...], offset: int) -> str:
    parts: list[str] = []
    for i, sql in enumerate(reads):
        parts.append(f"ARRAY(SELECT q FROM ({_renumbered(sql, offset)}) AS q) AS r{i}")
        offset += _parameters(sql)
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Read:
    """One read of a round trip of several (`one_query`, `read_columns`): its statement, the
    names of its columns, and what to do with its rows (`took`)."""

    statement: tuple[str, tuple[Any, ...]]
    names: tuple[str, ...]
    take: Callable[[list[dict[str, Any]]], None]

    @classmethod
    def of(cls, query: Select[Any], params: Mapping[str, Any], take: Callable[[list[dict[str, Any]]], None]) -> Read:
        """The read of a SQLAlchemy SELECT (`positional`), its columns named by their keys."""
        return cls(positional(query, params), tuple(str(c.key) for c in query.selected_columns), take)

    def took(self, records: Sequence[Sequence[Any]]) -> None:
        """Its column of the answer (records in the order of `names`), handed to `take` as dicts."""
        self.take([dict(zip(self.names, record, strict=True)) for record in records])


def positional(statement: Select[Any], params: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """A SQLAlchemy SELECT and its named parameters as PostgreSQL text with positional parameters
    ($1…, as asyncpg takes them) and their values in order: a part of `one_query`. The statement is
    compiled once; literal lists (`IN (…)`) become parameters of their own. The values go as they
    are (no bind processing: plain values asyncpg encodes itself)."""
    recipe = _recipes.get(statement)
    if recipe is not None and recipe.names == params.keys():
        return recipe.sql, tuple(params[name] if given else value for name, given, value in recipe.slots)
    compiled = _compiled(statement)
    expanded = compiled.construct_expanded_state(dict(params))
    if not any(b.expanding and name in params for name, b in compiled.binds.items()):
        # No list of the caller's is expanded here: the text is the same at every call, and so is
        # each slot, a named value or a constant of the statement (a literal list's). Working this
        # out again was about a tenth of a live change's CPU in audit (2026-12-01).
        if len(_recipes) >= 256:
            _recipes.clear()
        _recipes[statement] = _Recipe(
            expanded.statement,
            frozenset(params),
            tuple((n, n in params, expanded.parameters[n]) for n in expanded.positiontup or ()),
        )
    return expanded.statement, tuple(expanded.positional_parameters or ())


@dataclass(frozen=True, slots=True)
class _Recipe:
    """How `positional` writes a statement without expanding it again: its text, the names of the
    values it was first given, and for each $n the name of its value and whether it is one of those
    (else the constant it stands for)."""

    sql: str
    names: frozenset[str]
    slots: tuple[tuple[str, bool, Any], ...]


_recipes: dict[Select[Any], _Recipe] = {}


@functools.lru_cache(maxsize=256)
def _compiled(statement: Select[Any]) -> SQLCompiler:
    return statement.compile(dialect=_ASYNCPG)


_ASYNCPG = asyncpg_dialect.dialect()


def _renumbered(sql: str, offset: int) -> str:
    """`sql` with each $n as $(n + offset)."""
    pieces, numbers = _split(sql)
    out = [pieces[0]]
    for number, piece in zip(numbers, pieces[1:], strict=True):
        out.append(f"${number + offset}{piece}")
    return "".join(out)


def _parameters(sql: str) -> int:
    """The highest $n of `sql` (0 without parameters)."""
    return max(_split(sql)[1], default=0)


@functools.lru_cache(maxsize=256)
def _split(sql: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """`sql`'s text around its $n, and the n: kept per text, as a bulk import renumbers thousands of
    statements of a few texts (the regular expression on each was a tenth of its commit)."""
    parts = _PARAM.split(sql)
    return tuple(parts[0::2]), tuple(int(n) for n in parts[1::2])
