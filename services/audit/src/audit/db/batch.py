"""The projections of one batch of events: a `ProjectionStore` that reads each record from
PostgreSQL at most once per batch (many at once where the batch says which), keeps every
write in memory, and writes it all back in a few multi-row statements at the end (`flush`).

`project` runs on it exactly as on `SqlStore`, event by event in the log's order, so the
state it leaves is the state the events applied one at a time would leave. What it holds:

* every record read or written, by id (a record written in the batch always wins over the
  database's older copy, which is never read over it);
* which slices of the database it has read completely — the requirements of an
  (enterprise, duty type) pair (all of them, or the enterprise-wide ones and those at some sites) or of
  a campaign, the counting shifts of a coverage key over a
  window, the gaps of a key — so that a question about a slice it holds is answered from
  memory: the records of the slice in the database, replaced by the batch's newer copies, plus
  the records the batch wrote into it.

Like `SqlStore`, it works in the caller's transaction and never commits."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, any_, bindparam, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import HeldWrites, Read, driver, one_query, one_statement, quoted

from ..domain import coverage
from ..domain.live import GapRecord, KeyRef, Window, merged, shift_touches, stretch
from ..domain.model import COUNTING_STATUSES, ENTITY_TYPES, Campaign, Requirement, Shift
from ..domain.sequences import SequenceGap, VersionHead
from .incidents import PgIncidents
from .store import (
    _SHIFTS_OF_KEY,
    _SHIFTS_OF_SITE_KEY,
    ENTITY_TABLES,
    _key_row,
    from_row,
    segments_from_json,
    to_record,
    upsert_records,
)
from .tables import aggregate_versions, campaigns, coverage_gaps, coverage_keys, requirements, sequence_gaps, shifts

_ID_FIELD = {name: t.primary_key.columns[0].name for name, t in ENTITY_TABLES.items()}


def _any(column: Any, name: str) -> ColumnElement[bool]:
    """`column = ANY(:name)`, the values bound as one array: the same statement for any number of
    them, prepared once per connection (an expanding IN is another statement, compiled and
    prepared again, for every count of values, and a batch's counts are all different)."""
    return column == any_(bindparam(name, type_=ARRAY(column.type)))


_BY_IDS = {name: select(t).where(_any(t.primary_key.columns[0], "ids")) for name, t in ENTITY_TABLES.items()}
_r, _a = requirements.c, aggregate_versions.c
# Pairs and heads by their parts (a superset of what is asked for, kept to it as rows are read).
_REQUIREMENTS_OF_PAIRS = select(requirements).where(and_(_any(_r.enterprise_id, "es"), _any(_r.duty_type, "ds")))
_REQUIREMENTS_OF_PAIRS_AT = select(requirements).where(
    and_(_any(_r.enterprise_id, "es"), _any(_r.duty_type, "ds"), or_(_r.site_id.is_(None), _any(_r.site_id, "sites")))
)
_REQUIREMENTS_OF_CAMPAIGN = select(requirements).where(_r.campaign_id == bindparam("c"))
# By both parts of the primary key (an index scan; by the id alone it was a scan of every head).
_HEADS = select(aggregate_versions).where(_any(_a.aggregate_type, "types"), _any(_a.aggregate_id, "ids"))
_OPEN_GAPS_OF_KEYS = select(coverage_gaps).where(_any(coverage_gaps.c.key_id, "keys"), coverage_gaps.c.status == "open")
_GAPS_BY_ID = select(coverage_gaps).where(_any(coverage_gaps.c.gap_id, "ids"))
_SEQUENCE_GAPS = select(sequence_gaps).where(_any(sequence_gaps.c.gap_id, "ids"))
_COVERAGE_OF_KEYS = select(coverage_keys.c.key_id, coverage_keys.c.segments).where(_any(coverage_keys.c.key_id, "keys"))
_TICK = timedelta(microseconds=1)
_DROP_KEYS_SQL = f"DELETE FROM {coverage_keys.name} WHERE key_id = ANY($1::uuid[])"


def _near(n: int) -> str:
    """The near sites of `read_ahead` as text, parameters from $n: the sites given, the own and
    covered sites of the stored shifts with the given ids, the sites of the stored requirements."""
    return (
        f"SELECT unnest(${n}::text[]) AS site"
        f" UNION SELECT s.site_id::text FROM shifts AS s WHERE s.shift_id = ANY(${n + 1}::uuid[])"
        f" UNION SELECT jsonb_array_elements_text(s.covers_site_ids) FROM shifts AS s"
        f" WHERE s.shift_id = ANY(${n + 1}::uuid[])"
        f" UNION SELECT r.site_id::text FROM requirements AS r WHERE r.requirement_id = ANY(${n + 2}::uuid[])"
    )


def _columns_of(table: Any, alias: str) -> str:
    return ", ".join(f"{alias}.{quoted(n)}" for n in table.c.keys())  # noqa: SIM118 (names, in order)


# The pairs, as parallel arrays of enterprises ($1) and duty types ($2).
_PAIRS = "SELECT * FROM unnest($1::uuid[], $2::text[])"
# The stored keys (alias c) of the pairs that are whole-enterprise or at a near site, by the pair's index.
# They were found through their campaigns, those of the pairs' requirements, once, which grew with an
# enterprise's sites: with 1,500 sites of one pair, the log's state read (prepared once, planned
# generically) took 4.6–4.9 ms in the consumer's transaction, 2.9–3.0 ms by the pair (2026-12-02); a
# generic plan made on a fresh connection at that size hashed every requirement of the campaign again
# for each open gap it weighed (20–30 ms, against 1.6–2.2 ms by the pair).
_NEAR_KEY = f"(c.enterprise_id, c.duty_type) IN ({_PAIRS}) AND (c.site_id IS NULL OR c.site_id::text IN ({_near(3)}))"
_NEAR_SITES = f"SELECT n.site FROM ({_near(1)}) AS n WHERE n.site IS NOT NULL"
_COVERAGE_NEAR = f"SELECT c.key_id, c.segments FROM {coverage_keys.name} AS c WHERE {_NEAR_KEY}"
# The open gaps of those keys, by key (an index).
_OPEN_GAPS_NEAR = (
    f"SELECT {_columns_of(coverage_gaps, 'g')} FROM {coverage_gaps.name} AS g WHERE g.status = 'open'"
    f" AND g.key_id IN (SELECT c.key_id FROM {coverage_keys.name} AS c WHERE {_NEAR_KEY})"
)
# The pairs' requirements that are enterprise-wide or at a near site (their rows; an index on the pair).
_REQUIREMENTS_NEAR = (
    f"SELECT {_columns_of(requirements, 'r')} FROM {requirements.name} AS r"
    f" WHERE (r.enterprise_id, r.duty_type) IN ({_PAIRS}) AND (r.site_id IS NULL OR r.site_id::text IN ({_near(3)}))"
)
_CAMPAIGNS_OF_PAIRS = (
    f"SELECT {_columns_of(campaigns, 'c')} FROM {campaigns.name} AS c WHERE c.campaign_id IN ("
    f"SELECT r.campaign_id FROM requirements AS r WHERE (r.enterprise_id, r.duty_type) IN ({_PAIRS}) AND NOT r.removed)"
)

# Within windows: the windows as parallel arrays (of starts and ends, and of the site or key each
# belongs to), a row kept if it meets one of them (shifts: overlap it; closed gaps: start in it). One
# read for a batch's many stretches, however far apart: their hull would be most of the campaign (a
# batch's shifts are spread over it), and reading all of it made a batch's cost grow with everything
# planned before it.
_SHIFTS_IN_WINDOWS = (
    f"SELECT {_columns_of(shifts, 's')} FROM {shifts.name} AS s"
    " WHERE s.enterprise_id = $1 AND s.duty_type = $2 AND s.status = ANY($3::text[]) AND s.starts_at < $4"
    " AND EXISTS (SELECT 1 FROM unnest($5::timestamptz[], $6::timestamptz[]) AS w(lo, hi)"
    " WHERE s.starts_at < w.hi AND s.ends_at > w.lo)"
)
"""The counting shifts of a pair ($1, $2; $3 the counting statuses) that meet a window (from $5, to $6);
$4, the last window's end, bounds the index's range."""
_SHIFTS_AT_SITES_IN_WINDOWS = (
    f"SELECT {_columns_of(shifts, 's')} FROM {shifts.name} AS s"
    " WHERE s.enterprise_id = $1 AND s.duty_type = $2 AND s.status = ANY($3::text[]) AND s.starts_at < $4"
    " AND (s.site_id = ANY($5::uuid[]) OR s.covers_site_ids ?| $6::text[])"
    " AND EXISTS (SELECT 1 FROM unnest($7::text[], $8::timestamptz[], $9::timestamptz[]) AS w(site, lo, hi)"
    " WHERE (s.site_id::text = w.site OR s.covers_site_ids ? w.site) AND s.starts_at < w.hi AND s.ends_at > w.lo)"
)
"""The counting shifts of a pair at sites ($5; as text, $6: their own or covered) that meet a window of
their site's (site, from, to: $7, $8, $9); $4, the last window's end, bounds the index's range."""
_CLOSED_GAPS_IN_WINDOWS = (
    f"SELECT {_columns_of(coverage_gaps, 'g')} FROM {coverage_gaps.name} AS g"
    " WHERE g.key_id = ANY($1::uuid[]) AND g.status = 'closed'"
    " AND EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS w(key_id, lo, hi)"
    " WHERE g.key_id = w.key_id AND g.starts_at >= w.lo AND g.starts_at < w.hi)"
)
"""The closed gaps of keys ($1) that start in a window of their key's (key, from, to: $2, $3, $4)."""
_COUNTING = sorted(COUNTING_STATUSES)
_SHIFT_COLUMNS = tuple(shifts.c.keys())
_GAP_COLUMNS = tuple(coverage_gaps.c.keys())

Pair = tuple[str, str]
ShiftSpan = tuple[str, str, str, datetime, datetime, tuple[str, ...]]
"""A shift as an event carries it: id, enterprise, duty type, start, end, the sites it counts at."""


def _widened(spans: Iterable[Window], timelines: list[list[coverage.Segment]]) -> list[Window]:
    """The stretches the projector can recompute for changes within `spans` in keys with these timelines
    (domain/live.py `stretch`, for each timeline, the widest taken), those that overlap or touch made one:
    each stretch the projector asks for of one of those keys lies within one of them."""
    widened: list[Window] = []
    for span in spans:
        found = [stretch(t, span) for t in timelines] or [span]
        widened.append((min(lo for lo, _ in found), max(hi for _, hi in found)))
    return merged(widened)


def _timeline(stored: dict[str, list[coverage.Segment] | None], key: KeyRef) -> list[list[coverage.Segment]]:
    timeline = stored.get(key.key_id)
    return [timeline] if timeline else []


class BatchStore:
    tracks_coverage = True
    tracks_sequences = True
    recomputes_windows = True
    """A shift's change recomputes the stretch of its keys' timelines it can have moved (projector)."""

    def __init__(self, session: AsyncSession, *, held: HeldWrites | None = None) -> None:
        self.session = session
        self.held = held
        """Where `flush` leaves its statement instead of sending it (the unit's held writes)."""
        self.incidents = PgIncidents(session)  # incident versions go to their own tables at once
        self.records: dict[str, dict[str, Any]] = {name: {} for name in ENTITY_TABLES}
        """Records by id (None: not in the database), the batch's writes included."""
        self._written: dict[str, dict[str, Any]] = {name: {} for name in ENTITY_TABLES}
        self._shifts_of_pair: defaultdict[Pair, set[str]] = defaultdict(set)
        self._shifts_at_site: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
        self._requirements_of: defaultdict[Pair, set[str]] = defaultdict(set)
        """Requirement ids by (enterprise, duty type), as the records held say (any state)."""
        self._stored_coverage: dict[str, list[coverage.Segment] | None] = {}
        self._pairs_read: set[Pair] = set()
        self._sites_read: defaultdict[Pair, set[str | None]] = defaultdict(set)
        """The sites of a pair not read whole whose requirements are all held (None: the enterprise-wide ones)."""
        self._campaigns_read: set[str] = set()
        self._key_windows_read: defaultdict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        self._pair_windows_read: defaultdict[Pair, list[tuple[datetime, datetime]]] = defaultdict(list)
        self._open_gaps_of_key: defaultdict[str, set[str]] = defaultdict(set)
        self._coverage: dict[str, tuple[KeyRef, list[coverage.Segment]] | None] = {}
        self._gaps: dict[str, GapRecord] = {}
        self._gap_keys_read: set[str] = set()
        self._gaps_absent: set[str] = set()
        self._closed_gaps_read: defaultdict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        self._gaps_written: set[str] = set()
        self._heads: dict[tuple[str, str], VersionHead | None] = {}
        self._heads_written: set[tuple[str, str]] = set()
        self._sequence_gaps: dict[str, SequenceGap | None] = {}
        self._sequence_gaps_written: set[str] = set()

    # ------------------------------------------------------------------ reading ahead

    async def read_ahead(
        self,
        ids: dict[str, set[str]],
        heads: Iterable[tuple[str, str]],
        pairs: Iterable[Pair],
        shift_spans: Iterable[ShiftSpan] = (),
        sites: Iterable[str] | None = None,
    ) -> None:
        """Read at once what the batch's events name: records by collection and id, version
        heads by (aggregate type, id), the requirements of (enterprise, duty type) pairs (with
        `sites`, those near them) and their keys' timelines, gaps and campaigns; and, for the batch's
        shift changes (`shift_spans`, as the events carry them), the counting shifts of their pairs
        that meet the stretches of the timelines their changes can move (the projector recomputes
        those; see `recompute_key`).

        Four round trips at most, whatever the batch holds (`_run`): what the events name
        (`named_reads`, none if made already); with `sites`, the pairs' requirements near them (known
        once the stored records are); the keys' timelines, open gaps and campaigns (the keys are known
        once the requirements are; neither if `named_reads` read them with `sites`, as the consumer
        does); the shifts and closed gaps of the stretches (known once the timelines are). It was one
        statement per read, seven or more for a batch of one shift change.

        `sites`: the sites the batch's events name (the shifts' own and covered sites, the
        requirements' sites). Given, the requirements, timelines and gaps read ahead are those of the
        pairs' keys the batch can touch: enterprise-wide keys, and site keys of those sites or of the
        sites the stored shifts and requirements the batch changes had. An enterprise with
        hundreds of sites then costs one key's rows, not hundreds, for a change at one site.
        Anything else the projector asks for is read when asked (one statement per key)."""
        shift_spans = list(shift_spans)
        pairs = set(pairs)
        await self._run(self.named_reads(ids, heads, pairs if sites is None else ()))
        near: set[str] | None = None
        if sites is not None:
            near = set(sites)
            for shift_id, *_ in shift_spans:
                before = self.records["shifts"].get(shift_id)
                if before is not None:
                    near.update(before.sites)
            for requirement_id in ids.get("requirements", ()):
                stored_requirement = self.records["requirements"].get(requirement_id)
                if stored_requirement is not None and stored_requirement.site_id is not None:
                    near.add(stored_requirement.site_id)
            await self._run([self._read_pairs(pairs, near)])  # none if `named_reads` read them with `sites`
        held = [r for r in self.records["requirements"].values() if r is not None and not r.removed]
        keys = {KeyRef.of(r) for r in held if (r.enterprise_id, r.duty_type) in pairs}
        if near is not None:
            keys = {k for k in keys if k.site_id is None or k.site_id in near}
        # The campaigns of the pairs' keys: the projector reads them for every key a change can touch.
        campaigns = {r.campaign_id for r in held if (r.enterprise_id, r.duty_type) in pairs}
        await self._run(
            [
                self._read_coverage(k.key_id for k in keys),
                self._read_gaps(k.key_id for k in keys),
                self._read("campaigns", campaigns),
            ]
        )
        spans: defaultdict[Pair, list[tuple[Window, frozenset[str]]]] = defaultdict(list)
        stored = self.records["shifts"]
        for shift_id, enterprise_id, duty_type, starts_at, ends_at, at in shift_spans:
            # The projector's window for a change: the shift's span before and after it, as one; it
            # touches the keys of the sites the shift counts at, before and after.
            before = stored.get(shift_id)
            if before is None:
                span, where = (starts_at, ends_at), frozenset(at)
            else:
                span = (min(starts_at, before.starts_at), max(ends_at, before.ends_at))
                where = frozenset((*at, *before.sites))
            spans[enterprise_id, duty_type].append((span, where))
            if before is not None and (before.enterprise_id, before.duty_type) != (enterprise_id, duty_type):
                spans[before.enterprise_id, before.duty_type].append((span, where))
        stretches: list[Read | None] = []
        for pair, found in spans.items():
            pair_keys = [k for k in keys if (k.enterprise_id, k.duty_type) == pair]
            if sites is not None and pair_keys and all(k.site_id is not None for k in pair_keys):
                # Only site keys of the pair are touched: for each, the shifts at its site (its own or
                # covered) within its own stretches, each key's as far as its own timeline widens them.
                by_key = {
                    k: _widened((w for w, where in found if k.site_id in where), _timeline(self._stored_coverage, k))
                    for k in pair_keys
                }
                stretches.append(self._read_site_shifts(pair, by_key))
                stretches.append(self._read_closed_gaps(by_key))
            else:
                timelines = [t for k in pair_keys if (t := self._stored_coverage.get(k.key_id))]
                windows = _widened((w for w, _ in found), timelines)
                stretches.append(self._read_shifts(pair, windows))
                stretches.append(self._read_closed_gaps(dict.fromkeys(pair_keys, windows)))
        await self._run(stretches)

    def named_reads(
        self,
        ids: dict[str, set[str]],
        heads: Iterable[tuple[str, str]],
        pairs: Iterable[Pair],
        sites: Iterable[str] | None = None,
    ) -> list[Read]:
        """The first round trip of `read_ahead`, to make now or with another statement (the
        log's state: `EventLog.append_many`): records by collection and id, version heads, the
        requirements of the pairs — those not held yet. `read_ahead` then reads none of them again.

        With `sites` (as `read_ahead` takes them), also what its second round trip would read,
        the near sites worked out in SQL as `read_ahead` works them out from the rows read before
        (`_read_near_keys`); what that leaves unread, `read_ahead` reads as before."""
        pairs = set(pairs)
        reads = [
            *(self._read(collection, wanted) for collection, wanted in ids.items()),
            self._read_heads(heads),
        ]
        if sites is None:
            reads.append(self._read_pairs(pairs))
        elif pairs:
            reads += self._read_near_keys(pairs, sites, ids.get("shifts", ()), ids.get("requirements", ()))
        return [r for r in reads if r is not None]

    def _read_near_keys(
        self, pairs: set[Pair], sites: Iterable[str], shift_ids: Iterable[str], requirement_ids: Iterable[str]
    ) -> list[Read]:
        """The requirements, timelines and open gaps of the pairs' keys that are whole-enterprise or
        at a near site (the sites given, and those of the stored shifts and requirements with the
        given ids), the near sites themselves, and the campaigns of the pairs' requirements: to
        follow the reads of the records in the same statement (the near sites' rows are taken
        first, then the requirements', then the rest). A key is marked as read (no timeline when
        it has none; its open gaps, if it has a timeline) only if its site is among the near sites
        the database answered, so a key they miss is read when asked: never answered from a read
        that did not cover it."""
        es = [uuid.UUID(e) for e, _ in sorted(pairs)]
        ds = [d for _, d in sorted(pairs)]
        near_args = (
            sorted(set(sites)),
            sorted({uuid.UUID(i) for i in shift_ids}),
            sorted({uuid.UUID(i) for i in requirement_ids}),
        )
        near: set[str] = set()
        keys: list[KeyRef] = []  # the pairs' keys at the near sites, once their requirements are taken

        def take_near(rows: list[dict[str, Any]]) -> None:
            near.update(row["site"] for row in rows)

        def take_requirements(rows: list[dict[str, Any]]) -> None:
            self._take_requirements(rows, pairs, near)
            held = (r for r in self.records["requirements"].values() if r is not None and not r.removed)
            found = {KeyRef.of(r) for r in held if (r.enterprise_id, r.duty_type) in pairs}
            keys.extend(k for k in found if k.site_id is None or k.site_id in near)

        stored: set[str] = set()

        def take_coverage(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                stored.add(str(row["key_id"]))
                self._stored_coverage.setdefault(str(row["key_id"]), segments_from_json(row["segments"]))
            for key in keys:
                self._stored_coverage.setdefault(key.key_id, None)

        def take_gaps(rows: list[dict[str, Any]]) -> None:
            self._keep_read_gaps(rows)
            # The gaps were read by the stored keys: a key without a timeline has its gaps read when asked.
            self._gap_keys_read.update(k.key_id for k in keys if k.key_id in stored)

        def take_campaigns(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                self._remember("campaigns", from_row(Campaign, campaigns, row))
            held = (r for r in self.records["requirements"].values() if r is not None and not r.removed)
            for campaign_id in {r.campaign_id for r in held if (r.enterprise_id, r.duty_type) in pairs}:
                self.records["campaigns"].setdefault(campaign_id, None)

        return [
            Read((_NEAR_SITES, near_args), ("site",), take_near),
            Read((_REQUIREMENTS_NEAR, (es, ds, *near_args)), tuple(requirements.c.keys()), take_requirements),
            Read((_COVERAGE_NEAR, (es, ds, *near_args)), ("key_id", "segments"), take_coverage),
            Read((_OPEN_GAPS_NEAR, (es, ds, *near_args)), tuple(coverage_gaps.c.keys()), take_gaps),
            Read((_CAMPAIGNS_OF_PAIRS, (es, ds)), tuple(campaigns.c.keys()), take_campaigns),
        ]

    async def _run(self, reads: Iterable[Read | None]) -> None:
        """The reads in one round trip (lichtruc.db.one_query), then each read's rows taken in
        order; none if there is nothing to read."""
        wanted = [r for r in reads if r is not None]
        if not wanted:
            return
        sql, args = one_query([r.statement for r in wanted])
        found = await (await driver(self.session)).fetchrow(sql, *args)
        for read, records in zip(wanted, found, strict=True):
            read.took(records)

    def _read_closed_gaps(self, windows: dict[KeyRef, list[Window]]) -> Read | None:
        """Each key's closed gaps that start in one of its windows: a gap a stretch there reopens is at hand."""
        rows = [(k.key_id, lo, hi) for k, found in windows.items() for lo, hi in found]
        if not rows:
            return None

        def take(found: list[dict[str, Any]]) -> None:
            self._keep_read_gaps(found)
            for k, read in windows.items():
                self._closed_gaps_read[k.key_id].extend(read)

        key_ids = [uuid.UUID(k) for k in sorted({k for k, _, _ in rows})]
        args = (key_ids, [uuid.UUID(k) for k, _, _ in rows], [lo for _, lo, _ in rows], [hi for _, _, hi in rows])
        return Read((_CLOSED_GAPS_IN_WINDOWS, args), _GAP_COLUMNS, take)

    def _read_shifts(self, pair: Pair, windows: list[Window]) -> Read | None:
        """The pair's counting shifts that meet the windows, reached one tick further each way (a shift
        ending where a stretch starts names a gap's causes), in one read."""
        if not windows:
            return None
        reach = [(lo - _TICK, hi + _TICK) for lo, hi in windows]

        def take(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                self._remember("shifts", from_row(Shift, ENTITY_TABLES["shifts"], row))
            self._pair_windows_read[pair].extend(reach)

        los, his = [lo for lo, _ in reach], [hi for _, hi in reach]
        args = (uuid.UUID(pair[0]), pair[1], _COUNTING, max(his), los, his)
        return Read((_SHIFTS_IN_WINDOWS, args), _SHIFT_COLUMNS, take)

    def _read_site_shifts(self, pair: Pair, windows: dict[KeyRef, list[Window]]) -> Read | None:
        """The counting shifts of the pair at the keys' sites (their own or covered) that meet a window
        of their key's, reached a tick further each way, in one read: what `shifts_for_key` needs for
        those keys over those windows."""
        reach = {k: [(lo - _TICK, hi + _TICK) for lo, hi in found] for k, found in windows.items() if found}
        rows = [(str(k.site_id), lo, hi) for k, found in reach.items() for lo, hi in found]
        if not rows:
            return None

        def take(found: list[dict[str, Any]]) -> None:
            for row in found:
                self._remember("shifts", from_row(Shift, ENTITY_TABLES["shifts"], row))
            for key, read in reach.items():
                self._key_windows_read[key.key_id].extend(read)

        site_ids = sorted({site for site, _, _ in rows})
        args = (
            uuid.UUID(pair[0]),
            pair[1],
            _COUNTING,
            max(hi for _, _, hi in rows),
            [uuid.UUID(site) for site in site_ids],
            site_ids,
            [site for site, _, _ in rows],
            [lo for _, lo, _ in rows],
            [hi for _, _, hi in rows],
        )
        return Read((_SHIFTS_AT_SITES_IN_WINDOWS, args), _SHIFT_COLUMNS, take)

    def _read(self, collection: str, ids: Iterable[str]) -> Read | None:
        known = self.records[collection]
        missing = sorted({i for i in ids if i not in known})
        if not missing:
            return None
        table, cls = ENTITY_TABLES[collection], ENTITY_TYPES[collection]

        def take(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                self._remember(collection, from_row(cls, table, row))
            for i in missing:
                known.setdefault(i, None)

        return Read.of(_BY_IDS[collection], {"ids": [uuid.UUID(i) for i in missing]}, take)

    def _remember(self, collection: str, record: Any) -> None:
        """A record read from the database, unless the batch holds it already (its copy is newer)."""
        record_id = getattr(record, _ID_FIELD[collection])
        if self.records[collection].get(record_id) is None:
            self.records[collection][record_id] = record
            if collection == "shifts":
                self._index_shift(record)
            elif collection == "requirements":
                self._requirements_of[record.enterprise_id, record.duty_type].add(record_id)

    def _read_heads(self, refs: Iterable[tuple[str, str]]) -> Read | None:
        missing = sorted({r for r in refs if r not in self._heads})
        if not missing:
            return None
        asked = set(missing)

        def take(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                head = from_row(VersionHead, aggregate_versions, row)
                if (head.aggregate_type, head.aggregate_id) in asked:
                    self._heads[head.aggregate_type, head.aggregate_id] = head
            for ref in missing:
                self._heads.setdefault(ref, None)

        params = {"types": sorted({t for t, _ in missing}), "ids": sorted({uuid.UUID(i) for _, i in missing})}
        return Read.of(_HEADS, params, take)

    def _read_pairs(self, pairs: Iterable[Pair], sites: Iterable[str] | None = None) -> Read | None:
        """The requirements of the pairs not held yet: all of them, or with `sites` those that are
        enterprise-wide or at one of those sites (an enterprise with hundreds of sites, a change at one)."""
        at = None if sites is None else set(sites)
        missing = sorted({p for p in pairs if not self._holds(p, at)})
        if not missing:
            return None
        params: dict[str, Any] = {
            "es": sorted({uuid.UUID(e) for e, _ in missing}),
            "ds": sorted({d for _, d in missing}),
        }
        if at is None:
            return Read.of(_REQUIREMENTS_OF_PAIRS, params, lambda rows: self._take_requirements(rows, missing, None))
        params["sites"] = sorted(uuid.UUID(site) for site in at)
        return Read.of(_REQUIREMENTS_OF_PAIRS_AT, params, lambda rows: self._take_requirements(rows, missing, at))

    def _holds(self, pair: Pair, sites: set[str] | None) -> bool:
        """Whether every requirement of the pair (at `sites` and enterprise-wide, if given) is held."""
        if pair in self._pairs_read:
            return True
        return sites is not None and self._sites_read[pair].issuperset({None, *sites})

    def _take_requirements(self, rows: list[dict[str, Any]], pairs: Iterable[Pair], sites: set[str] | None) -> None:
        """The rows of a read of the pairs' requirements (at `sites` and enterprise-wide, if given)."""
        asked = set(pairs)
        for row in rows:
            requirement = from_row(Requirement, requirements, row)
            if (requirement.enterprise_id, requirement.duty_type) in asked:
                self._remember("requirements", requirement)
        for pair in asked:
            if sites is None:
                self._pairs_read.add(pair)
            else:
                self._sites_read[pair].update({None, *sites})

    # ------------------------------------------------------------------ entities

    async def get(self, collection: str, record_id: str) -> Any | None:
        if record_id not in self.records[collection]:
            await self._run([self._read(collection, (record_id,))])
        return self.records[collection][record_id]

    async def put(self, collection: str, record: Any) -> None:
        record_id = getattr(record, _ID_FIELD[collection])
        if collection == "shifts":
            old = self.records["shifts"].get(record_id)
            if old is not None:
                self._shifts_of_pair[old.enterprise_id, old.duty_type].discard(record_id)
                for site in old.sites:
                    self._shifts_at_site[old.enterprise_id, old.duty_type, site].discard(record_id)
            self._index_shift(record)
        elif collection == "requirements":
            old_requirement = self.records["requirements"].get(record_id)
            if old_requirement is not None:
                self._requirements_of[old_requirement.enterprise_id, old_requirement.duty_type].discard(record_id)
            self._requirements_of[record.enterprise_id, record.duty_type].add(record_id)
        self.records[collection][record_id] = record
        self._written[collection][record_id] = record

    def _index_shift(self, shift: Shift) -> None:
        self._shifts_of_pair[shift.enterprise_id, shift.duty_type].add(shift.shift_id)
        for site in shift.sites:
            self._shifts_at_site[shift.enterprise_id, shift.duty_type, site].add(shift.shift_id)

    async def requirement_keys(
        self,
        *,
        campaign_id: str | None = None,
        enterprise_id: str | None = None,
        duty_type: str | None = None,
        sites: Iterable[str] | None = None,
    ) -> list[KeyRef]:
        if campaign_id is not None and enterprise_id is None and duty_type is None:
            if campaign_id not in self._campaigns_read:
                rows = await self.session.execute(_REQUIREMENTS_OF_CAMPAIGN, {"c": uuid.UUID(campaign_id)})
                for row in rows.mappings():
                    self._remember("requirements", from_row(Requirement, requirements, row))
                self._campaigns_read.add(campaign_id)
            found = {
                KeyRef.of(r)
                for r in self.records["requirements"].values()
                if r is not None and not r.removed and r.campaign_id == campaign_id
            }
        elif campaign_id is None and enterprise_id is not None and duty_type is not None:
            found = {KeyRef.of(r) for r in await self._requirements_of_pair((enterprise_id, duty_type), sites)}
        else:
            raise TypeError("requirement_keys takes campaign_id, or enterprise_id and duty_type")
        return sorted(found, key=KeyRef.sort_key)

    async def _requirements_of_pair(self, pair: Pair, sites: Iterable[str] | None = None) -> list[Requirement]:
        """The pair's requirements in force; with `sites`, those enterprise-wide or at one of them."""
        at = None if sites is None else set(sites)
        await self._run([self._read_pairs((pair,), at)])
        held = self.records["requirements"]
        found = (held[i] for i in self._requirements_of.get(pair, ()))
        return [r for r in found if not r.removed and (at is None or r.site_id is None or r.site_id in at)]

    async def requirements_of_key(self, key: KeyRef) -> list[Requirement]:
        found = await self._requirements_of_pair(
            (key.enterprise_id, key.duty_type), () if key.site_id is None else (key.site_id,)
        )
        return sorted((r for r in found if KeyRef.of(r) == key), key=lambda q: q.requirement_id)

    async def shifts_for_key(self, key: KeyRef, start: datetime, end: datetime) -> list[Shift]:
        windows = self._key_windows_read[key.key_id]
        read = (*windows, *self._pair_windows_read.get((key.enterprise_id, key.duty_type), ()))
        if not any(lo <= start and end <= hi for lo, hi in read):
            params: dict[str, Any] = {"e": uuid.UUID(key.enterprise_id), "d": key.duty_type, "start": start, "end": end}
            if key.site_id is None:
                result = await self.session.execute(_SHIFTS_OF_KEY, params)
            else:
                params.update(s=uuid.UUID(key.site_id), st=key.site_id)
                result = await self.session.execute(_SHIFTS_OF_SITE_KEY, params)
            for row in result.mappings():
                self._remember("shifts", from_row(Shift, ENTITY_TABLES["shifts"], row))
            windows.append((start, end))
        table = self.records["shifts"]
        ids = (
            self._shifts_of_pair.get((key.enterprise_id, key.duty_type), ())
            if key.site_id is None
            else self._shifts_at_site.get((key.enterprise_id, key.duty_type, key.site_id), ())
        )
        found = (table[i] for i in ids)
        return sorted(
            (s for s in found if s.starts_at < end and s.ends_at > start and s.counts and shift_touches(key, s)),
            key=lambda x: (x.starts_at, x.shift_id),
        )

    # ------------------------------------------------------------------ coverage

    async def coverage_of(self, key: KeyRef) -> list[coverage.Segment] | None:
        if key.key_id in self._coverage:
            written = self._coverage[key.key_id]
            return None if written is None else written[1]
        if key.key_id not in self._stored_coverage:
            await self._run([self._read_coverage([key.key_id])])
        return self._stored_coverage[key.key_id]

    def _read_coverage(self, key_ids: Iterable[str]) -> Read | None:
        missing = sorted({k for k in key_ids if k not in self._stored_coverage})
        if not missing:
            return None

        def take(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                self._stored_coverage[str(row["key_id"])] = segments_from_json(row["segments"])
            for k in missing:
                self._stored_coverage.setdefault(k, None)

        return Read.of(_COVERAGE_OF_KEYS, {"keys": [uuid.UUID(k) for k in missing]}, take)

    async def put_coverage(self, key: KeyRef, segments: list[coverage.Segment]) -> None:
        self._coverage[key.key_id] = (key, list(segments))

    async def drop_coverage(self, key_id: str) -> None:
        self._coverage[key_id] = None

    def _read_gaps(self, key_ids: Iterable[str]) -> Read | None:
        """The keys' open gaps (their closed ones are read by id, when a gap comes back)."""
        missing = sorted({k for k in key_ids if k not in self._gap_keys_read})
        if not missing:
            return None

        def take(rows: list[dict[str, Any]]) -> None:
            self._keep_read_gaps(rows)
            self._gap_keys_read.update(missing)

        return Read.of(_OPEN_GAPS_OF_KEYS, {"keys": [uuid.UUID(k) for k in missing]}, take)

    def _read_gaps_by_id(self, gap_ids: Iterable[str]) -> Read | None:
        missing = sorted({g for g in gap_ids if g not in self._gaps and g not in self._gaps_absent})
        if not missing:
            return None

        def take(rows: list[dict[str, Any]]) -> None:
            self._keep_read_gaps(rows)
            self._gaps_absent.update(g for g in missing if g not in self._gaps)

        return Read.of(_GAPS_BY_ID, {"ids": [uuid.UUID(g) for g in missing]}, take)

    def _keep_read_gaps(self, rows: list[dict[str, Any]]) -> None:
        """Gaps as read, except those the batch holds already (its own may be newer)."""
        for row in rows:
            gap = from_row(GapRecord, coverage_gaps, row)
            if gap.gap_id not in self._gaps:
                self._keep_gap(gap)

    def _keep_gap(self, gap: GapRecord) -> None:
        self._gaps[gap.gap_id] = gap
        if gap.status == "open":
            self._open_gaps_of_key[gap.key_id].add(gap.gap_id)
        else:
            self._open_gaps_of_key[gap.key_id].discard(gap.gap_id)

    async def gaps_of_key(self, key_id: str, gap_ids: Iterable[str]) -> list[GapRecord]:
        gap_ids = list(gap_ids)
        # One round trip: an id among the key's open gaps, read twice, is kept once.
        await self._run([self._read_gaps((key_id,)), self._read_gaps_by_id(gap_ids)])
        wanted = self._open_gaps_of_key[key_id].union(g for g in gap_ids if g in self._gaps)
        return sorted((self._gaps[g] for g in wanted), key=lambda g: g.starts_at)

    async def gaps_starting_within(
        self, key_id: str, gap_ids: Iterable[str], stretch: tuple[datetime, datetime]
    ) -> list[GapRecord]:
        """`gaps_of_key` for gap ids that start within `stretch`: no read for ids whose absence
        the batch knows (it read the key's closed gaps starting there)."""
        lo, hi = stretch
        if any(a <= lo and hi <= b for a, b in self._closed_gaps_read.get(key_id, ())):
            await self._run([self._read_gaps((key_id,))])
            known = [g for g in gap_ids if g in self._gaps]
            wanted = self._open_gaps_of_key[key_id].union(known)
            return sorted((self._gaps[g] for g in wanted), key=lambda g: g.starts_at)
        return await self.gaps_of_key(key_id, gap_ids)

    async def put_gap(self, gap: GapRecord) -> None:
        self._keep_gap(gap)
        self._gaps_written.add(gap.gap_id)

    # ----------------------------------------------------------------- sequences

    async def version_head(self, aggregate_type: str, aggregate_id: str) -> VersionHead | None:
        ref = (aggregate_type, aggregate_id)
        if ref not in self._heads:
            await self._run([self._read_heads((ref,))])
        return self._heads[ref]

    async def put_version_head(self, head: VersionHead) -> None:
        ref = (head.aggregate_type, head.aggregate_id)
        self._heads[ref] = head
        self._heads_written.add(ref)

    async def sequence_gap(self, gap_id: str) -> SequenceGap | None:
        if gap_id not in self._sequence_gaps:
            rows = await self.session.execute(_SEQUENCE_GAPS, {"ids": [uuid.UUID(gap_id)]})
            row = rows.mappings().first()
            self._sequence_gaps[gap_id] = None if row is None else from_row(SequenceGap, sequence_gaps, row)
        return self._sequence_gaps[gap_id]

    async def put_sequence_gaps(self, gaps: list[SequenceGap]) -> None:
        for gap in gaps:
            self._sequence_gaps[gap.gap_id] = gap
            self._sequence_gaps_written.add(gap.gap_id)

    # ------------------------------------------------------------------ writing back

    async def flush(self) -> None:
        """Write what the batch changed in one statement (lichtruc.db.one_statement): one part per table, its
        rows as one JSON array (`upsert_records`); one round trip, where it was one per table. With
        `held`, the parts are left there instead, to go with the unit's other writes."""
        writes: list[tuple[str, tuple[Any, ...]]] = []
        for collection, written in self._written.items():
            if written:
                table = ENTITY_TABLES[collection]
                writes.append(upsert_records(table, [to_record(table, r) for r in written.values()]))
        if self._heads_written:
            heads = [self._heads[r] for r in sorted(self._heads_written)]
            writes.append(upsert_records(aggregate_versions, [to_record(aggregate_versions, h) for h in heads]))
        if self._sequence_gaps_written:
            holes = [self._sequence_gaps[g] for g in sorted(self._sequence_gaps_written)]
            writes.append(upsert_records(sequence_gaps, [to_record(sequence_gaps, g) for g in holes]))
        kept = [v for v in self._coverage.values() if v is not None]
        dropped = [uuid.UUID(k) for k, v in self._coverage.items() if v is None]
        if dropped:  # other keys than the kept ones: the two statements touch different rows
            writes.append((_DROP_KEYS_SQL, (dropped,)))
        if kept:
            writes.append(upsert_records(coverage_keys, [_key_row(key, segments) for key, segments in kept]))
        if self._gaps_written:
            gaps = [self._gaps[g] for g in sorted(self._gaps_written)]
            writes.append(upsert_records(coverage_gaps, [to_record(coverage_gaps, g) for g in gaps]))
        if self.held is not None:
            self.held.extend(writes)
        elif writes:
            sql, args = one_statement(writes)
            await (await driver(self.session)).execute(sql, *args)
        for written in self._written.values():
            written.clear()
        self._heads_written.clear()
        self._sequence_gaps_written.clear()
        self._coverage.clear()
        self._gaps_written.clear()
