"""Inspection findings: recorded once, held against the roster as known when recorded,
kept append-only in a hash chain of their own (like the event log), and — since 2026-12-06 —
each also audit's own record of the signed log, in the same transaction (domain/finding_record.py).

A finding is evidence: what it said when recorded is what it says for good. Findings recorded
before the whole enterprise's duty was held against a visit (no `enterprise_duty_counted` in
their document) are read as recorded, not judged again by today's rule: their chain's hashes
cover the document, the roster then is known only as of `as_of_seq`, and an inspector's record
changed after the fact would be worth less than one that says how it was judged. Likewise those
recorded before someone on the whole enterprise's duty and not found was listed (`not_seen`; no
`enterprise_duty_unseen_listed`): kept as recorded, their `expected` and `present` still say who."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from lichtruc.events import CloudEvent
from lichtruc.paging import PageRequest, Slice

from ..db.findings import FindingFilter, NewFinding, StoredFinding
from ..domain.accounts import ACCOUNT_EVENT_TYPES, name_at
from ..domain.chain import BrokenLink, verify
from ..domain.errors import (
    check_window,
    finding_exists,
    finding_not_found,
    observed_in_the_future,
    observed_outside_campaigns,
    site_not_found,
)
from ..domain.finding_record import finding_event_id, finding_record
from ..domain.findings import Found, campaign_at, compare, expected_on_post
from ..domain.model import to_plain, utc
from .context import Context
from .log import sign_head

NO_TOPIC = ""
"""The `topic` of a record audit makes itself (a finding's): it was read from no Kafka topic (and, like every
record appended in a batch, it has no Kafka partition or offset)."""

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


async def record_finding(*, ctx: Context, cmd: RecordFinding) -> tuple[StoredFinding, bool]:
    """Store a finding with its expected people and discrepancies; returns (finding, created), the
    finding with its place in the chain. In the same transaction it is appended to the signed log as
    audit's own record (domain/finding_record.py) and the tree's new head signed.

    Sending the same `finding_id` with the same content again returns the stored finding
    (a retried upload); with other content it is refused.
    """
    recorded_at = utc(ctx.clock())
    observed_at = utc(cmd.observed_at)
    if observed_at > recorded_at + CLOCK_SKEW:
        raise observed_in_the_future(observed_at, recorded_at)
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
    async with ctx.write() as unit:
        # Held together, the two locks give the roster as known at this instant (no event
        # is being applied) and one tip to the findings' chain.
        await unit.log.lock_chain()
        await unit.findings.lock()
        site = await unit.reads.site(cmd.site_id)
        existing = await unit.findings.get(finding_id)
        if existing is not None:
            if _request_part(existing.doc) == request:
                return existing, False
            raise finding_exists(site.name if site else None)
        if site is None:
            raise site_not_found()
        campaigns = await unit.reads.campaigns()
        if campaign_at(campaigns, observed_at) is None:
            nearest = sorted(campaigns, key=lambda c: min(abs(c.starts_at - observed_at), abs(c.ends_at - observed_at)))
            raise observed_outside_campaigns(observed_at, [(c.name, c.starts_at, c.ends_at) for c in nearest[:3]])
        seq, _ = await unit.log.tip()
        on_post = await unit.reads.shifts_on_post(
            site_id=cmd.site_id, enterprise_id=uuid.UUID(site.enterprise_id), duty_type=cmd.duty_type, at=observed_at
        )
        ids = [uuid.UUID(f.staff_id) for f in cmd.people_found if f.staff_id]
        names = await unit.reads.staff_names(ids)
        expected = expected_on_post(on_post, site_id=str(cmd.site_id), enterprise_id=site.enterprise_id)
        site_names = {site.site_id: site.name}  # a covering round's own site named too
        for other in {s.site_id for s in on_post if s.site_id and s.site_id != site.site_id}:
            found_site = await unit.reads.site(uuid.UUID(other))
            if found_site is not None:
                site_names[other] = found_site.name
        result = compare(
            expected,
            cmd.people_found,
            staff_names=names,
            shifts={s.shift_id: s for s in on_post},
            site_names=site_names,
        )
        doc = {
            "finding_id": str(finding_id),
            **request,
            "enterprise_id": site.enterprise_id,
            "site_name": site.name,
            "recorded_at": recorded_at.isoformat(),
            "as_of_seq": seq,
            "enterprise_duty_counted": True,
            "enterprise_duty_unseen_listed": True,
            "expected": to_plain(result.expected),
            "present": to_plain(result.present),
            "discrepancies": to_plain(result.discrepancies),
        }
        stored = await unit.findings.add(
            NewFinding(
                finding_id=finding_id,
                site_id=cmd.site_id,
                enterprise_id=uuid.UUID(site.enterprise_id),
                duty_type=cmd.duty_type,
                observed_at=observed_at,
                recorded_at=recorded_at,
                discrepancy_count=len(result.discrepancies),
                doc=doc,
            )
        )
        named = await unit.log.account_names([cmd.inspector], event_types=ACCOUNT_EVENT_TYPES)
        record = finding_record(
            doc=doc,
            chain_seq=stored.seq,
            chain_hash=stored.hash,
            inspector_name=name_at(named.get(cmd.inspector.lower(), []), seq),
            recorded_at=recorded_at,
        )
        appended = await unit.log.append(CloudEvent.model_validate(record), topic=NO_TOPIC, clock=ctx.clock)
        if appended is not None:  # None: its record is there already (it never is: the finding was not)
            await sign_head(unit, key=ctx.log_key, at=appended.received_at)
    if appended is not None:
        ctx.appended(appended.seq)
    return stored, True


async def get_finding(*, ctx: Context, finding_id: uuid.UUID) -> StoredFinding:
    """One finding, with its place in the chain; `NotFound` if none has this id."""
    async with ctx.read() as unit:
        found = await unit.findings.get(finding_id)
    if found is None:
        raise finding_not_found()
    return found


async def list_findings(*, ctx: Context, f: FindingFilter, page: PageRequest) -> Slice[StoredFinding]:
    """Findings matching `f`, oldest first, each with its place in the chain."""
    check_window(f.observed_from, f.observed_to, keys=("observed_from", "observed_to"))
    async with ctx.read() as unit:
        return await unit.findings.page(f, page)


async def inspector_names(*, ctx: Context, found: Sequence[StoredFinding]) -> dict[str, str]:
    """The display name of each finding's inspector (by finding id), as their account was called when the finding
    was held against the log (`as_of_seq`; `domain.accounts.name_at`), from the log's account events in one query.
    A finding names its inspector by login (the token's); a page shows the person: a login no account event names
    is left out (shown by its login)."""
    logins = [str(f.doc["inspector"]) for f in found if f.doc.get("inspector")]
    if not logins:
        return {}
    async with ctx.read() as unit:
        names = await unit.log.account_names(logins, event_types=ACCOUNT_EVENT_TYPES)
    out: dict[str, str] = {}
    for f in found:
        login = f.doc.get("inspector")
        name = name_at(names.get(str(login).lower(), []), int(f.doc.get("as_of_seq") or 0)) if login else None
        if name:
            out[str(f.doc["finding_id"])] = name
    return out


async def log_records(*, ctx: Context, found: Sequence[StoredFinding]) -> dict[str, int]:
    """The number of each finding's record in the signed log (by finding id), in one query; a finding recorded
    before findings were logged (in its chain only) is left out."""
    ids = {finding_event_id(uuid.UUID(str(f.doc["finding_id"]))): str(f.doc["finding_id"]) for f in found}
    if not ids:
        return {}
    async with ctx.read() as unit:
        seqs = await unit.log.seqs_of(ids)
    return {ids[event_id]: seq for event_id, seq in seqs.items()}


async def verify_findings(*, ctx: Context) -> tuple[int, BrokenLink | None]:
    async with ctx.read() as unit:
        links = await unit.findings.links()
    return verify(links)
