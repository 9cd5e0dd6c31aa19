"""Snapshots of the roster state at some log positions (a cache of the log: "as known at"
replays start from the nearest one; the table can be emptied at any time)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset

from ..domain.model import utc
from .tables import projection_snapshots

SNAPSHOT_PAGES = "snapshots"


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    seq: int
    received_at: datetime
    created_at: datetime | None
    bytes: int


class Snapshots:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def nearest(self, seq: int, *, after: int, fmt: int) -> bytes | None:
        """The blob of the latest snapshot of format `fmt` with `after` < its seq <= `seq`."""
        s = projection_snapshots.c
        row = (
            await self.session.execute(
                select(s.state).where(s.seq <= seq, s.seq > after, s.format == fmt).order_by(s.seq.desc()).limit(1)
            )
        ).first()
        return None if row is None else bytes(row.state)

    async def put(self, *, seq: int, received_at: datetime, fmt: int, blob: bytes) -> None:
        """Store a snapshot (one per seq: a second one of the same format for the same seq is ignored; one of
        another format, which is never read, is replaced)."""
        stmt = insert(projection_snapshots).values(seq=seq, received_at=received_at, format=fmt, state=blob)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["seq"],
                set_={
                    "received_at": stmt.excluded.received_at,
                    "format": stmt.excluded.format,
                    "state": stmt.excluded.state,
                    "created_at": func.now(),
                },
                where=projection_snapshots.c.format != stmt.excluded.format,
            )
        )

    async def last_seq(self, *, fmt: int) -> int:
        """The seq of the latest snapshot of format `fmt` (0 if none): one of another format does not count."""
        s = projection_snapshots.c
        return int(await self.session.scalar(select(func.max(s.seq)).where(s.format == fmt)) or 0)

    async def replace_changed(self, taken: Sequence[tuple[int, datetime, bytes]], *, fmt: int) -> int:
        """Make the table hold exactly `taken` (a rebuild's snapshots: seq, received_at, blob), all of
        format `fmt`, writing only those not stored as they are: the stored ones are compared by their
        SHA-256, worked out in the database, so a blob travels only to be written. How many were written."""
        s = projection_snapshots.c
        wanted = {seq: (received_at, blob) for seq, received_at, blob in taken}
        stored = await self.session.execute(select(s.seq, s.format, func.sha256(s.state).label("digest")))
        kept = {
            row.seq
            for row in stored
            if row.seq in wanted
            and row.format == fmt
            and bytes(row.digest) == hashlib.sha256(wanted[row.seq][1]).digest()
        }
        await self.session.execute(delete(projection_snapshots).where(s.seq.not_in(kept)))
        fresh = [
            {"seq": seq, "received_at": received_at, "format": fmt, "state": blob}
            for seq, (received_at, blob) in sorted(wanted.items())
            if seq not in kept
        ]
        if fresh:
            # The snapshotter does not wait for the chain: one may have stored a seq since the read above.
            stmt = insert(projection_snapshots)
            replaced = {c: stmt.excluded[c] for c in ("received_at", "format", "state")}
            await self.session.execute(
                stmt.on_conflict_do_update(index_elements=["seq"], set_={**replaced, "created_at": func.now()}), fresh
            )
        return len(fresh)

    async def page(self, page: PageRequest) -> Slice[SnapshotInfo]:
        """Snapshots, newest first (keyset on seq), with how many there are."""
        s = projection_snapshots.c
        total = await self.session.scalar(select(func.count()).select_from(projection_snapshots))
        stmt = select(s.seq, s.received_at, s.created_at, func.length(s.state).label("size"))
        before = page.after(SNAPSHOT_PAGES, int)
        if before is not None:
            stmt = stmt.where(s.seq < before[0])
        rows = (await self.session.execute(stmt.order_by(s.seq.desc()).limit(page.limit + 1))).all()
        found = [
            SnapshotInfo(r.seq, utc(r.received_at), utc(r.created_at) if r.created_at else None, r.size) for r in rows
        ]
        return keyset(found, page.limit, SNAPSHOT_PAGES, lambda x: [x.seq], total=int(total or 0))
