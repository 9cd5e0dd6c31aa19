"""The projections in memory: what an "as known at" replay builds (entities only) and
what the rebuild builds (with coverage and gaps) before writing it out. Implements the
same `ProjectionStore` as the SQL store, so `project` runs unchanged on both.

A snapshot is this store's entities as compressed JSON; it is a cache of the log,
versioned by `SNAPSHOT_FORMAT` (a snapshot of another format is ignored, never trusted).
"""

from __future__ import annotations

import dataclasses
import json
import uuid
import zlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from lichtruc.paging import PageRequest, Slice, by_offset

from ..domain import coverage
from ..domain.explanations import Accountable, Attachment, Explanation, ItemKind
from ..domain.live import GapRecord, KeyRef, shift_touches
from ..domain.model import ENTITY_TYPES, Requirement, Shift, from_plain, to_plain
from ..domain.sequences import SequenceGap, VersionHead
from .explanations import EXPLANATION_PAGES, AccountableFilter, StoredFile
from .incidents import KeptIncident, KeptVersion, MemoryIncidentProjection

SNAPSHOT_FORMAT = 7
"""2: with the directive's records (issue 15); 3: with the incidents and their versions; 4: with each campaign's
kind (a drill read from format 3 would take the default, tet); 5: with each requirement's versions; 6: with where each version counts, and the traces of moved requirements; 7: with when each person on a shift checked in. A snapshot of an older format is never read (the
replay starts from the log instead) and is re-taken at the next due one."""

_ID_FIELD = {name: dataclasses.fields(cls)[0].name for name, cls in ENTITY_TYPES.items()}


class MemoryStore:
    def __init__(self, *, tracks_coverage: bool) -> None:
        self.tracks_coverage = tracks_coverage
        self.recomputes_windows = tracks_coverage
        """A shift's change recomputes the stretch of its keys' timelines it can have moved, as live
        does (handlers/projector.py `WindowedStore`). Recomputing each key's whole campaign for every
        event made the rebuild's replay slow down as the log grew: 1,640 records/s over 3,411
        records, 568/s over 30,411 (bench/bench_audit_rebuild.py's log)."""
        self.tracks_sequences = tracks_coverage  # the live state and the rebuild; "as known at" replays need neither
        self.entities: dict[str, dict[str, Any]] = {name: {} for name in ENTITY_TYPES}
        self.seq = 0
        """The last log record applied."""
        self._shifts_by_pair: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._shifts_at_site: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
        """Shift ids by (enterprise, duty type, site) for each site a shift counts at: a site key's
        recompute looks at the shifts of its site, not at every shift of the enterprise."""
        self._requirements_by_pair: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._requirements_by_campaign: defaultdict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, KeyRef] = {}
        self.segments: dict[str, list[coverage.Segment]] = {}
        self.gaps: dict[str, GapRecord] = {}
        self._open_by_key: defaultdict[str, set[str]] = defaultdict(set)
        self.heads: dict[tuple[str, str], VersionHead] = {}
        self.sequence_gaps: dict[str, SequenceGap] = {}
        self.incidents = MemoryIncidentProjection()

    # ------------------------------------------------------------------ entities

    async def get(self, collection: str, record_id: str) -> Any | None:
        return self.entities[collection].get(record_id)

    async def put(self, collection: str, record: Any) -> None:
        self.put_now(collection, record)

    def put_now(self, collection: str, record: Any) -> None:
        record_id = getattr(record, _ID_FIELD[collection])
        table = self.entities[collection]
        old = table.get(record_id)
        table[record_id] = record
        if collection == "shifts":
            if old is not None:
                self._shifts_by_pair[old.enterprise_id, old.duty_type].discard(record_id)
                for site in old.sites:
                    self._shifts_at_site[old.enterprise_id, old.duty_type, site].discard(record_id)
            self._shifts_by_pair[record.enterprise_id, record.duty_type].add(record_id)
            for site in record.sites:
                self._shifts_at_site[record.enterprise_id, record.duty_type, site].add(record_id)
        elif collection == "requirements":
            if old is not None:
                self._requirements_by_pair[old.enterprise_id, old.duty_type].discard(record_id)
                self._requirements_by_campaign[old.campaign_id].discard(record_id)
            self._requirements_by_pair[record.enterprise_id, record.duty_type].add(record_id)
            self._requirements_by_campaign[record.campaign_id].add(record_id)

    def all(self, collection: str) -> list[Any]:
        """Every record of a collection, by id."""
        table = self.entities[collection]
        return [table[k] for k in sorted(table)]

    async def requirement_keys(
        self,
        *,
        campaign_id: str | None = None,
        enterprise_id: str | None = None,
        duty_type: str | None = None,
        sites: Iterable[str] | None = None,
    ) -> list[KeyRef]:
        at = None if sites is None else set(sites)
        table = self.entities["requirements"]
        if campaign_id is not None:
            ids: Iterable[str] = self._requirements_by_campaign.get(campaign_id, ())
        elif enterprise_id is not None and duty_type is not None:
            ids = self._requirements_by_pair.get((enterprise_id, duty_type), ())
        else:
            ids = table
        keys = set()
        for rid in ids:
            r: Requirement = table[rid]
            if r.removed or (campaign_id is not None and r.campaign_id != campaign_id):
                continue
            if (enterprise_id is not None and r.enterprise_id != enterprise_id) or (
                duty_type is not None and r.duty_type != duty_type
            ):
                continue
            if at is not None and r.site_id is not None and r.site_id not in at:
                continue
            keys.add(KeyRef.of(r))
        return sorted(keys, key=KeyRef.sort_key)

    async def requirements_of_key(self, key: KeyRef) -> list[Requirement]:
        table = self.entities["requirements"]
        found = [table[rid] for rid in self._requirements_by_pair.get((key.enterprise_id, key.duty_type), ())]
        return sorted((r for r in found if not r.removed and KeyRef.of(r) == key), key=lambda r: r.requirement_id)

    async def shifts_for_key(self, key: KeyRef, start: datetime, end: datetime) -> list[Shift]:
        table = self.entities["shifts"]
        ids = (
            self._shifts_by_pair.get((key.enterprise_id, key.duty_type), ())
            if key.site_id is None
            else self._shifts_at_site.get((key.enterprise_id, key.duty_type, key.site_id), ())
        )
        found = [table[sid] for sid in ids]
        return sorted(
            (s for s in found if s.counts and shift_touches(key, s) and s.starts_at < end and s.ends_at > start),
            key=lambda s: (s.starts_at, s.shift_id),
        )

    # ------------------------------------------------------------------ coverage

    async def put_coverage(self, key: KeyRef, segments: list[coverage.Segment]) -> None:
        self.keys[key.key_id] = key
        self.segments[key.key_id] = list(segments)

    async def drop_coverage(self, key_id: str) -> None:
        self.keys.pop(key_id, None)
        self.segments.pop(key_id, None)

    async def gaps_of_key(self, key_id: str, gap_ids: Iterable[str]) -> list[GapRecord]:
        wanted = self._open_by_key.get(key_id, set()) | {g for g in gap_ids if g in self.gaps}
        return sorted((self.gaps[g] for g in wanted), key=lambda g: g.starts_at)

    async def coverage_of(self, key: KeyRef) -> list[coverage.Segment] | None:
        return self.segments.get(key.key_id)

    async def gaps_starting_within(
        self, key_id: str, gap_ids: Iterable[str], stretch: tuple[datetime, datetime]
    ) -> list[GapRecord]:
        return await self.gaps_of_key(key_id, gap_ids)  # all at hand: no read to spare

    async def put_gap(self, gap: GapRecord) -> None:
        self.gaps[gap.gap_id] = gap
        if gap.status == "open":
            self._open_by_key[gap.key_id].add(gap.gap_id)
        else:
            self._open_by_key[gap.key_id].discard(gap.gap_id)

    # ----------------------------------------------------------------- sequences

    async def version_head(self, aggregate_type: str, aggregate_id: str) -> VersionHead | None:
        return self.heads.get((aggregate_type, aggregate_id))

    async def put_version_head(self, head: VersionHead) -> None:
        self.heads[head.aggregate_type, head.aggregate_id] = head

    async def sequence_gap(self, gap_id: str) -> SequenceGap | None:
        return self.sequence_gaps.get(gap_id)

    async def put_sequence_gaps(self, gaps: list[SequenceGap]) -> None:
        for gap in gaps:
            self.sequence_gaps[gap.gap_id] = gap

    # ------------------------------------------------------------- state as data

    async def export_state(self) -> dict[str, list[Any]]:
        """Everything projected, in a canonical order (compare with SqlStore.export_state)."""
        state: dict[str, list[Any]] = {name: self.all(name) for name in ENTITY_TYPES}
        state["coverage_keys"] = [(self.keys[k], self.segments[k]) for k in sorted(self.keys)]
        state["coverage_gaps"] = [self.gaps[g] for g in sorted(self.gaps)]
        state["aggregate_versions"] = [self.heads[k] for k in sorted(self.heads)]
        state["sequence_gaps"] = [self.sequence_gaps[g] for g in sorted(self.sequence_gaps)]
        state["incidents"], state["incident_versions"] = self.incidents.export()
        return state

    def snapshot(self) -> bytes:
        """The entities and the incidents (not coverage: as-of answers run the engine themselves) as
        compressed JSON."""
        latest, versions = self.incidents.export()
        doc = {
            "format": SNAPSHOT_FORMAT,
            "seq": self.seq,
            "entities": {name: [to_plain(r) for r in self.all(name)] for name in ENTITY_TYPES},
            "incidents": to_plain(latest),
            "incident_versions": to_plain(versions),
        }
        return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_snapshot(cls, blob: bytes) -> MemoryStore:
        """A store without coverage from :meth:`snapshot`; ValueError if the format is not ours."""
        doc = json.loads(zlib.decompress(blob))
        if doc.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"snapshot format {doc.get('format')!r} is not {SNAPSHOT_FORMAT}")
        store = cls(tracks_coverage=False)
        for name, cls_ in ENTITY_TYPES.items():
            for plain in doc["entities"][name]:
                store.put_now(name, from_plain(cls_, plain))
        store.incidents.load(
            [from_plain(KeptIncident, plain) for plain in doc["incidents"]],
            [from_plain(KeptVersion, plain) for plain in doc["incident_versions"]],
        )
        store.seq = doc["seq"]
        return store

    def copy(self) -> MemoryStore:
        """An independent copy without coverage (records are immutable; the maps are copied)."""
        other = MemoryStore(tracks_coverage=False)
        other.entities = {name: dict(table) for name, table in self.entities.items()}
        other._shifts_by_pair = defaultdict(set, {k: set(v) for k, v in self._shifts_by_pair.items()})
        other._shifts_at_site = defaultdict(set, {k: set(v) for k, v in self._shifts_at_site.items()})
        other._requirements_by_pair = defaultdict(set, {k: set(v) for k, v in self._requirements_by_pair.items()})
        other._requirements_by_campaign = defaultdict(
            set, {k: set(v) for k, v in self._requirements_by_campaign.items()}
        )
        other.incidents = self.incidents.copy()
        other.seq = self.seq
        return other


class MemoryExplanations:
    """The explanations as an `ExplanationStore` (handlers/explanations.py) in memory, for the handlers' unit tests:
    the items it knows are those given to `add_item` (the SQL store reads them from the gaps and the findings), with
    their state from the explanations kept."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Accountable] = {}
        self.kept: dict[tuple[str, str], Explanation] = {}
        self.files: dict[str, tuple[Attachment, bytes, str]] = {}
        self.locked: list[tuple[str, str]] = []

    def add_item(self, item: Accountable) -> None:
        self.items[(item.item_kind, item.item_id)] = item

    async def lock(self, item_kind: ItemKind, item_id: uuid.UUID) -> None:
        self.locked.append((item_kind, str(item_id)))

    async def get(self, item_kind: ItemKind, item_id: uuid.UUID) -> Explanation | None:
        return self.kept.get((item_kind, str(item_id)))

    async def put(self, e: Explanation) -> None:
        self.kept[(e.item_kind, e.item_id)] = e

    async def add_files(self, explanation_id: str, files: list[tuple[Attachment, bytes]], at: datetime) -> None:
        owner = next(e.enterprise_id for e in self.kept.values() if e.explanation_id == explanation_id)
        for a, content in files:
            self.files[a.attachment_id] = (a, content, owner)

    async def file(self, attachment_id: uuid.UUID) -> StoredFile | None:
        found = self.files.get(str(attachment_id))
        return None if found is None else StoredFile(*found)

    async def file_owner(self, attachment_id: uuid.UUID) -> uuid.UUID | None:
        found = self.files.get(str(attachment_id))
        return None if found is None else uuid.UUID(found[2])

    def _stated(self, item: Accountable) -> Accountable:
        e = self.kept.get((item.item_kind, item.item_id))
        if e is None:
            return item
        return dataclasses.replace(item, state=e.state, versions=e.latest.version, updated_at=e.updated_at)

    async def item(self, item_kind: ItemKind, item_id: uuid.UUID, *, now: datetime) -> Accountable | None:
        found = self.items.get((item_kind, str(item_id)))
        return None if found is None else self._stated(found)

    async def page(self, f: AccountableFilter, page: PageRequest, *, now: datetime) -> Slice[Accountable]:
        rows = [
            x
            for x in map(self._stated, self.items.values())
            if f.kind in (None, x.item_kind)
            and (f.enterprise_id is None or x.enterprise_id == str(f.enterprise_id))
            and (f.state is None or x.state == f.state)
            and f.visible.sees_enterprise(uuid.UUID(x.enterprise_id))
        ]
        rows.sort(key=lambda x: (f.waiting_first and x.state != "submitted", -x.starts_at.timestamp(), x.item_id))
        start = page.offset(EXPLANATION_PAGES)
        return by_offset(rows[start : start + page.limit + 1], page, EXPLANATION_PAGES, total=len(rows))

    async def waiting(self, f: AccountableFilter) -> int:
        return sum(
            1
            for e in self.kept.values()
            if e.state == "submitted" and f.visible.sees_enterprise(uuid.UUID(e.enterprise_id))
        )
