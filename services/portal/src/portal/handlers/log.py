"""Whether audit's event log and its findings' chain are intact: both re-computed by audit
(`/log/verify`, `/findings/verify`) when the page is asked for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..clients.services import Caller


@dataclass(frozen=True)
class Verification:
    ok: bool
    records: int
    broken_seq: int | None
    reason: str


def _verification(body: Mapping[str, Any]) -> Verification:
    return Verification(
        bool(body["ok"]), int(body["records_checked"]), body.get("first_broken_seq"), body.get("reason") or ""
    )


@dataclass(frozen=True)
class LogPage:
    checked_at: datetime
    log: Verification
    findings: Verification


async def log_page(*, caller: Caller, now: datetime) -> LogPage:
    log = _verification(await caller.get("audit", "/log/verify"))
    findings = _verification(await caller.get("audit", "/findings/verify"))
    return LogPage(now, log, findings)
