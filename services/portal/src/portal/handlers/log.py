"""Whether audit's event log and its findings' chain are intact and complete: both re-computed by
audit (`/log/verify`, `/findings/verify`) when the page is asked for, with the latest signed
tree head (`/log/tree-head`: when it was signed) and the roster events known to be missing,
named by their enterprise (roster's `/enterprises`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from ..clients.services import Caller, ServiceError
from ..domain.dates import parse_instant
from ..domain.log_check import ChainCheck, MissingEvent, read_check


@dataclass(frozen=True)
class Missing:
    """A missing event as the page shows it."""

    event: MissingEvent
    enterprise: str  # the enterprise's name; "" when the key is no enterprise (a campaign's own id)
    noticed_at: datetime | None


@dataclass(frozen=True)
class TreeHead:
    size: int
    signed_at: datetime | None
    ok: bool


@dataclass(frozen=True)
class LogPage:
    checked_at: datetime
    log: ChainCheck
    findings: ChainCheck
    missing: list[Missing]
    tree: TreeHead | None


async def _signed_at(caller: Caller) -> datetime | None:
    """When the latest tree head was signed; None when audit has none (404)."""
    try:
        head = await caller.get("audit", "/log/tree-head")
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise
    return parse_instant(str(head["signed_at"])) if head.get("signed_at") else None


def _instant(text: str) -> datetime | None:
    try:
        return parse_instant(text) if text else None
    except ValueError:
        return None


async def log_page(*, caller: Caller, now: datetime) -> LogPage:
    log_body, findings_body = await asyncio.gather(
        caller.get("audit", "/log/verify"), caller.get("audit", "/findings/verify")
    )
    log, findings = read_check(log_body), read_check(findings_body)
    signed_at = await _signed_at(caller) if log.tree_size is not None else None
    tree = TreeHead(log.tree_size, signed_at, bool(log.tree_ok)) if log.tree_size is not None else None
    names: dict[str, str] = {}
    if log.missing_shown:
        names = {str(e["id"]): str(e["name"]) for e in await caller.every("roster", "/enterprises")}
    missing = [Missing(m, names.get(m.partition_key, ""), _instant(m.noticed_at)) for m in log.missing_shown]
    return LogPage(now, log, findings, missing, tree)
