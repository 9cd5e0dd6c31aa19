"""An inspection finding as a record of the signed log: audit's own record, not a roster event.

A finding is kept in its own hash chain (db/findings.py); since K6 it is also appended, in the same
transaction, as a leaf of the log's Merkle tree, so that an inspector who kept a signed tree head can
prove later that the finding was in the log then, as it reads now (an inclusion proof, like any
record's). The record's envelope:

* `type` `FINDING_RECORDED`, `source` audit's own (`lichtruc.events.AUDIT_SOURCE`): the intake refuses
  both on Kafka (domain/intake.py), so no message can pose as a finding;
* `id` derived from the finding's id (`finding_event_id`): the same finding is always the same record,
  and the log's unique event id keeps it once, whatever retries;
* `partitionkey` the finding's enterprise (its history lists it), `subject` ``findings/<id>``;
* `data`: the finding's document exactly as its chain holds it, its place and hash in that chain, who
  recorded it (login and, when known, their name then).

Audit's contract (lichtruc.events) does not list the type — it never travels on Kafka — so the rebuild
reads it as a type it does not project (handlers.projector.decode_data: None): it stays in the log,
neither dropped nor doubled, and changes no projection. Findings recorded before it are in their chain
only: appending them now would prove only that they existed now, not when they were recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.events import AUDIT_SOURCE
from lichtruc.words import inspector_titled

FINDING_RECORDED = "lichtruc.audit.finding.recorded.v1"
"""The log record of an inspection finding (audit's own; never on Kafka)."""
WHAT = "finding.recorded"
"""Its `what` in an enterprise's history (domain.history.Description.what)."""

_NAMESPACE = uuid.UUID("6b3c1f2e-5d0a-4c57-9a51-4f1d2c8e7a30")


def finding_event_id(finding_id: uuid.UUID) -> uuid.UUID:
    """The log record id of a finding: a name-based UUID (RFC 9562 v5) of its id, so a client that chooses a
    finding's id cannot make it collide with a roster event's (random) id and be taken for logged already."""
    return uuid.uuid5(_NAMESPACE, f"finding:{finding_id}")


def finding_record(
    *,
    doc: Mapping[str, Any],
    chain_seq: int,
    chain_hash: str,
    inspector_name: str | None,
    recorded_at: datetime,
) -> dict[str, Any]:
    """The envelope (CloudEvents attributes and data, as JSON values) of the log record of the finding `doc`,
    recorded at `recorded_at`, at `chain_seq` in the findings' chain with link hash `chain_hash`."""
    finding_id = uuid.UUID(str(doc["finding_id"]))
    return {
        "specversion": "1.0",
        "id": str(finding_event_id(finding_id)),
        "source": AUDIT_SOURCE,
        "type": FINDING_RECORDED,
        "time": recorded_at.isoformat(),
        "subject": f"findings/{finding_id}",
        "datacontenttype": "application/json",
        "partitionkey": str(doc["enterprise_id"]),
        "data": {
            "actor": doc.get("inspector"),
            "inspector_name": inspector_name,
            "finding": dict(doc),
            "findings_chain": {"seq": chain_seq, "hash": chain_hash},
        },
    }


def describe(event_type: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A finding's record in words (English, Vietnamese): "Thanh tra Lê Thị Thanh Tra ghi nhận kiểm tra tại Cảng
    Mộc Hóa lúc 19:00 05/02/2027: 1 điểm không khớp với lịch trực"; None for any other type."""
    if event_type != FINDING_RECORDED:
        return None
    finding = data.get("finding") or {}
    who = data.get("inspector_name") or data.get("actor") or finding.get("inspector")
    site = finding.get("site_name") or "?"
    observed = finding.get("observed_at")
    at_en = at_vi = ""
    if observed:
        when = datetime.fromisoformat(str(observed))
        at_en, at_vi = f" at {vntime.clock(when, 'en')}", f" lúc {vntime.clock(when, 'vi')}"
    n = len(finding.get("discrepancies") or ())
    said_en = f"{n} discrepanc{'y' if n == 1 else 'ies'} with the roster" if n else "as on the roster"
    said_vi = f"{n} điểm không khớp với lịch trực" if n else "khớp với lịch trực"
    inspector_en = inspector_titled(who, "en") if who else "An inspector"
    inspector_vi = inspector_titled(who)
    return (
        f"{inspector_en} recorded a visit to {site}{at_en}: {said_en}",
        f"{inspector_vi} ghi nhận kiểm tra tại {site}{at_vi}: {said_vi}",
    )
