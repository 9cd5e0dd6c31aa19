"""The event log as the inspectors read it: pages of records, one record, and the chain
verified (with the roster events known to be missing from it)."""

from __future__ import annotations

from dataclasses import dataclass

from lichtruc.paging import PageRequest, Slice

from ..db.log import LogEntry, LogFilter
from ..db.queries import SequenceGapFilter
from ..domain.chain import BrokenLink, verify
from ..domain.errors import log_record_not_found
from ..domain.sequences import SequenceGap
from .context import Context


async def list_log(*, ctx: Context, f: LogFilter, page: PageRequest) -> Slice[LogEntry]:
    """Log records matching `f`, oldest first (keyset on seq; no total)."""
    async with ctx.read() as unit:
        return await unit.log.page(f, page)


async def record(*, ctx: Context, seq: int) -> LogEntry:
    """One log record; `NotFound` if the log has no record `seq`."""
    async with ctx.read() as unit:
        found = await unit.log.record(seq)
    if found is None:
        raise log_record_not_found(seq)
    return found


@dataclass(frozen=True, slots=True)
class LogVerdict:
    """The chain re-computed, and the roster events known to be missing from the log."""

    records_checked: int
    broken: BrokenLink | None
    open_sequence_gaps: int
    sequence_gaps: list[SequenceGap]


async def verify_log(*, ctx: Context, gaps_shown: int) -> LogVerdict:
    """Re-compute the hash chain; report the first broken link, and the first `gaps_shown`
    open sequence gaps with how many are open."""
    async with ctx.read() as unit:
        links = await unit.log.links()
        holes = await unit.reads.sequence_gap_page(SequenceGapFilter(status="open"), PageRequest(limit=gaps_shown))
    checked, broken = verify(links)
    return LogVerdict(checked, broken, holes.total or 0, holes.items)
