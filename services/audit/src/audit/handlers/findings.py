"""Inspection findings: recorded once, held against the roster as known when recorded,
kept append-only in a hash chain of their own (like the event log)."""

from __future__ import annotations

import json
import uuid
import zlib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text

from lichtruc.problems import Problem

from ..db import queries
from ..db.tables import findings
from ..domain.chain import GENESIS, StoredLink, canonical_bytes, link_hash, verify
from ..domain.findings import Found, compare, expected_on_post
from ..domain.model import to_plain, utc
from . import log as event_log
from .context import Context

FINDINGS_LOCK = zlib.crc32(b"lichtruc-audit-findings")
CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future of the server's clock a visit may be dated (inspectors' phones drift)."""


@dataclass(frozen=True)
class RecordFinding:
    """A visit to record. The inspector is the caller (from the access token), never the body:
    a finding's author cannot be claimed."""

    site_id: uuid.UUID
    observed_at: datetime
    duty_type: str
    people_found: tuple[Found, ...]
    inspector: str
    inspector_account_id: str
    notes: str | None = None
    finding_id: uuid.UUID | None = None


_REQUEST_KEYS = ("site_id", "observed_at", "duty_type", "people_found", "notes", "inspector", "inspector_account_id")


def _request_part(doc: dict[str, Any]) -> dict[str, Any]:
    # Findings recorded before accounts existed have no inspector_account_id.
    return {k: doc.get(k) for k in _REQUEST_KEYS}


def finding_not_found(finding_id: object) -> Problem:
    return Problem(
        404,
        "finding-not-found",
        "Finding not found",
        f"No finding has id {finding_id}: list them with GET /findings.",
        detail_vi="Không tìm thấy biên bản kiểm tra này.",
    )


async def record_finding(*, ctx: Context, cmd: RecordFinding) -> tuple[dict[str, Any], bool]:
    """Store a finding with its expected people and discrepancies; returns (finding, created).

    Sending the same `finding_id` with the same content again returns the stored finding
    (a retried upload); with other content it is refused.
    """
    recorded_at = utc(ctx.clock())
    observed_at = utc(cmd.observed_at)
    if observed_at > recorded_at + CLOCK_SKEW:
        raise Problem(
            422,
            "observed-in-the-future",
            "Visit dated in the future",
            f"observed_at {observed_at.isoformat()} is after the time of recording "
            f"({recorded_at.isoformat()}): give the time of the visit.",
            detail_vi="Thời điểm kiểm tra muộn hơn thời điểm ghi nhận: hãy nhập đúng thời điểm kiểm tra.",
        )
    finding_id = cmd.finding_id or uuid.uuid4()
    request = {
        "site_id": str(cmd.site_id),
        "observed_at": observed_at.isoformat(),
        "duty_type": cmd.duty_type,
        "people_found": [asdict(f) for f in cmd.people_found],
        "notes": cmd.notes,
        "inspector": cmd.inspector,
        "inspector_account_id": cmd.inspector_account_id,
    }
    async with ctx.sessions.begin() as session:
        # Held together, the two locks give the roster as known at this instant (no event
        # is being applied) and one tip to the findings' chain.
        await event_log.lock_chain(session)
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FINDINGS_LOCK})
        existing = (
            await session.execute(select(findings.c.canonical).where(findings.c.finding_id == finding_id))
        ).first()
        if existing is not None:
            stored = json.loads(existing.canonical)
            if _request_part(stored) == request:
                return stored, False
            raise Problem(
                409,
                "finding-exists",
                "Finding already recorded",
                f"A different finding with id {finding_id} is already recorded; findings cannot be "
                "changed. Record a new finding (without finding_id) to add to it.",
                detail_vi="Đã có biên bản khác với mã này; biên bản không thể sửa, hãy ghi biên bản mới.",
            )
        site = await queries.entity(session, "sites", cmd.site_id)
        if site is None:
            raise Problem(
                404,
                "site-not-found",
                "Site not known",
                f"Audit has received no SiteRegistered for site {cmd.site_id}: check the id against "
                "roster's sites (GET /log?event_type=lichtruc.roster.site.registered.v1 lists those known).",
                detail_vi="Audit chưa nhận được thông tin về vị trí trực đã chọn: hãy kiểm tra lại.",
            )
        seq, _ = await event_log.tip(session)
        on_post = await queries.shifts_on_post(session, site_id=cmd.site_id, duty_type=cmd.duty_type, at=observed_at)
        ids = [uuid.UUID(f.staff_id) for f in cmd.people_found if f.staff_id]
        names = await queries.staff_names(session, ids)
        result = compare(expected_on_post(on_post), cmd.people_found, staff_names=names)
        doc = {
            "finding_id": str(finding_id),
            **request,
            "enterprise_id": site.enterprise_id,
            "site_name": site.name,
            "recorded_at": recorded_at.isoformat(),
            "as_of_seq": seq,
            "expected": to_plain(result.expected),
            "present": to_plain(result.present),
            "discrepancies": to_plain(result.discrepancies),
        }
        prev = await session.scalar(select(findings.c.hash).order_by(findings.c.seq.desc()).limit(1)) or GENESIS
        canonical = canonical_bytes(doc)
        await session.execute(
            findings.insert().values(
                finding_id=finding_id,
                site_id=cmd.site_id,
                enterprise_id=uuid.UUID(site.enterprise_id),
                duty_type=cmd.duty_type,
                observed_at=observed_at,
                recorded_at=recorded_at,
                discrepancy_count=len(result.discrepancies),
                canonical=canonical.decode("utf-8"),
                prev_hash=prev,
                hash=link_hash(prev, canonical),
            )
        )
    return doc, True


async def get_finding(*, ctx: Context, finding_id: uuid.UUID) -> dict[str, Any] | None:
    async with ctx.sessions() as session:
        row = (
            await session.execute(
                select(findings.c.seq, findings.c.canonical).where(findings.c.finding_id == finding_id)
            )
        ).first()
    return {"seq": row.seq, **json.loads(row.canonical)} if row else None


async def list_findings(
    *, ctx: Context, f: queries.FindingFilter, after: int, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    async with ctx.sessions() as session:
        rows = await queries.findings_page(session, f, after=after, limit=limit)
    items = [{"seq": r.seq, **json.loads(r.canonical)} for r in rows[:limit]]
    return items, (items[-1]["seq"] if len(rows) > limit else None)


async def verify_findings(*, ctx: Context):
    async with ctx.sessions() as session:
        rows = (
            await session.execute(
                select(findings.c.seq, findings.c.prev_hash, findings.c.hash, findings.c.canonical).order_by(
                    findings.c.seq
                )
            )
        ).all()
    return verify(StoredLink(r.seq, r.prev_hash, r.hash, r.canonical.encode("utf-8")) for r in rows)
