"""What audit's verification of a hash chain (`/log/verify`, `/findings/verify`) says, as kinds
the log page words in both languages. Pure: the answers in, a verdict out.

audit answers `ok`, `records_checked`, `first_broken_seq` and an English `reason`; the event
log's answer adds the roster events known to be missing (`open_sequence_gaps`, the first of
them in `sequence_gaps`) and the latest signed tree head (`tree_size`, `tree_ok`). The kind of
a failure is read from those fields, and from the start of audit's reason for the two ways a
link breaks (audit's `domain/chain.py`); a reason worded otherwise still reads as a broken link
at that record, never as intact."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["ok", "incomplete", "removed", "altered", "broken", "tree", "failed"]
"""ok: intact and complete; incomplete: the chain is intact but events are known missing;
removed: a record was removed, inserted or re-ordered; altered: a record's event was changed;
broken: a link breaks at a record for a reason not known here; tree: the chain holds but the
records do not match the latest signed tree head (or its signature); failed: not intact, with
nothing more said."""

_REMOVED = "prev_hash does not match"
_ALTERED = "hash does not match the stored event"
AGGREGATES = ("campaign", "enterprise", "site", "staff", "requirement", "shift", "swap")


@dataclass(frozen=True)
class MissingEvent:
    """A version of a roster aggregate that never reached audit (an open sequence gap)."""

    aggregate_type: str  # one of AGGREGATES (anything else reads as "other")
    partition_key: str  # the enterprise's id (a campaign's own id for a campaign)
    expected_version: int
    first_seen_version: int
    noticed_at: str


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    kind: Kind
    records: int
    broken_seq: int | None
    reason: str  # audit's own words (English), shown only as a technical detail
    missing: int
    missing_shown: tuple[MissingEvent, ...]
    tree_size: int | None  # records the latest signed head covers; None: no head (or not a log)
    tree_ok: bool | None

    @property
    def missing_more(self) -> int:
        """Missing events counted but not listed by audit."""
        return max(0, self.missing - len(self.missing_shown))


def _missing(doc: Mapping[str, Any]) -> MissingEvent:
    kind = str(doc.get("aggregate_type") or "")
    return MissingEvent(
        aggregate_type=kind if kind in AGGREGATES else "other",
        partition_key=str(doc.get("partition_key") or ""),
        expected_version=int(doc.get("expected_version") or 0),
        first_seen_version=int(doc.get("first_seen_version") or 0),
        noticed_at=str(doc.get("noticed_at") or ""),
    )


def failure_kind(*, ok: bool, broken_seq: int | None, reason: str, tree_ok: bool | None, missing: int) -> Kind:
    if ok:
        return "incomplete" if missing > 0 else "ok"
    if broken_seq is not None:
        if reason.startswith(_REMOVED):
            return "removed"
        if reason.startswith(_ALTERED):
            return "altered"
        return "broken"
    return "tree" if tree_ok is False else "failed"


def read_check(body: Mapping[str, Any]) -> ChainCheck:
    """audit's verification answer as the page reads it."""
    ok = bool(body.get("ok"))
    seq = body.get("first_broken_seq")
    broken_seq = int(seq) if seq is not None else None
    reason = str(body.get("reason") or "")
    missing = int(body.get("open_sequence_gaps") or 0)
    tree_size = body.get("tree_size")
    tree_ok = body.get("tree_ok")
    return ChainCheck(
        ok=ok and not missing,
        kind=failure_kind(
            ok=ok,
            broken_seq=broken_seq,
            reason=reason,
            tree_ok=None if tree_ok is None else bool(tree_ok),
            missing=missing,
        ),
        records=int(body.get("records_checked") or 0),
        broken_seq=broken_seq,
        reason=reason,
        missing=missing,
        missing_shown=tuple(_missing(g) for g in body.get("sequence_gaps") or ()),
        tree_size=int(tree_size) if tree_size is not None else None,
        tree_ok=None if tree_ok is None else bool(tree_ok),
    )
