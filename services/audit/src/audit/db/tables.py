"""Audit's tables.

* ``event_log`` (the record) is append-only: the database itself refuses UPDATE,
  DELETE and TRUNCATE on it (trigger in migration 0001). So is ``findings`` (0002).
* The projections (campaigns … coverage_gaps) are read models derived from the log,
  updated in the same transaction as each append; ``python -m audit rebuild`` derives
  them again from the log alone.
* ``aggregate_versions`` and ``sequence_gaps`` (also derived from the log) hold each
  roster aggregate's highest version received and the versions that went missing.
* The directive's records (readiness, Tết hours, inspection plans, daily reports, incidents
  and their versions) are projections too: `PROJECTIONS` lists every table the rebuild
  empties and derives again. Not projections: the log's Merkle tree (``log_leaves``,
  ``merkle_nodes``, ``tree_heads``: part of the record's evidence, appended with it).
* ``projection_snapshots`` caches the roster state at some log positions so that
  "as known at" replays start near their target; it can be dropped at any time.
* ``outbox`` holds the gap events until the relay has published them.
* ``explanations`` and ``explanation_files``: the enterprises' explanations of gaps and findings and their
  evidence (domain/explanations.py). Not projections: each version and answer is also a record of the log, with
  the files' SHA-256; the files themselves are kept only here.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from lichtruc.outbox import outbox_table

metadata = MetaData()

event_log = Table(
    "event_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("source", String(200), nullable=False),
    Column("subject", String(300), nullable=True),
    Column("partition_key", String(255), nullable=False, index=True),
    Column("event_time", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("topic", String(255), nullable=False),
    Column("kafka_partition", Integer, nullable=True),
    Column("kafka_offset", BigInteger, nullable=True),
    Column("canonical", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_event_log_received_at", event_log.c.received_at)
# The records of some types, in log order: the history of accounts (two types among the log's
# millions of records) and an enterprise's history filtered on a type (migration 0017).
Index("ix_event_log_event_type_seq", event_log.c.event_type, event_log.c.seq)

# The log as a Merkle tree (RFC 9162; see domain/merkle.py), append-only like the log itself:
# ``log_leaves`` places each record in the tree (leaf index = seq - 1 for every record appended
# since migration 0006; older logs are placed in seq order), ``merkle_nodes`` holds every perfect
# subtree's hash (level 0: the leaves), ``tree_heads`` the signed head of each append transaction.
log_leaves = Table(
    "log_leaves",
    metadata,
    Column("leaf_index", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False, unique=True),
)

merkle_nodes = Table(
    "merkle_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary, nullable=False),
)

tree_heads = Table(
    "tree_heads",
    metadata,
    Column("tree_size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary, nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("signature", LargeBinary, nullable=False),
    # Whether the transaction this head closes settled coverage once for its events (0015; the consumer
    # does since then) or after each of them (the heads before): where a rebuild settles (handlers/replay.py).
    Column("coverage_per_batch", Boolean, nullable=False, server_default=false()),
)

outbox = outbox_table(metadata)


def _versioned() -> list[Column]:
    return [Column("version", Integer, nullable=False), Column("updated_seq", BigInteger, nullable=False)]


campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", UUID(as_uuid=True), primary_key=True),
    Column("lunar_year", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("peaks", JSONB, nullable=False),
    Column("readiness_deadline", DateTime(timezone=True), nullable=True),
    Column("hours_deadline", DateTime(timezone=True), nullable=True),
    Column("kind", String(8), nullable=False, server_default="tet", comment="tet or drill (migration 0019)"),
    *_versioned(),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("sector", String(20), nullable=False),
    *_versioned(),
    # the local day (ISO 8601) it owes daily reports and readiness items from (migration 0025)
    Column("obligations_from", String(10), nullable=True),
)

sites = Table(
    "sites",
    metadata,
    Column("site_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(100), nullable=False),
    Column("district", Text, nullable=True),
    Column("border_area", Boolean, nullable=False),
    *_versioned(),
)
Index("ix_sites_enterprise_id", sites.c.enterprise_id)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("full_name", Text, nullable=False),
    Column("qualifications", JSONB, nullable=False),
    Column("active", Boolean, nullable=False),
    *_versioned(),
)
Index("ix_staff_enterprise_id", staff.c.enterprise_id)

requirements = Table(
    "requirements",
    metadata,
    Column("requirement_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(100), nullable=False),
    Column("window", JSONB, nullable=True),
    Column("minimum", Integer, nullable=False),
    Column("peak_minimum", Integer, nullable=True),
    Column("removed", Boolean, nullable=False),
    *_versioned(),
    # what it said from when, oldest first (domain/model.py RequirementVersion; migration 0021)
    Column("versions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # a trace: where the requirement with this id counted before a version moved it (domain/model.py; 0022)
    Column("trace_of", UUID(as_uuid=True), nullable=True),
)
Index("ix_requirements_enterprise_duty", requirements.c.enterprise_id, requirements.c.duty_type)
Index("ix_requirements_campaign_id", requirements.c.campaign_id)

shifts = Table(
    "shifts",
    metadata,
    Column("shift_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(100), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("assignees", JSONB, nullable=False),
    *_versioned(),
    Column("last_event_id", UUID(as_uuid=True), nullable=False),
    Column("interval_event_id", UUID(as_uuid=True), nullable=False),
    Column("status_event_id", UUID(as_uuid=True), nullable=False),
    Column("covers_site_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # a handover's new shift: the shift it continues, and whether its people never came; NULL: not said (0026)
    Column("continues_shift_id", UUID(as_uuid=True), nullable=True),
    Column("handover_absent", Boolean, nullable=True),
)
Index("ix_shifts_enterprise_duty_start", shifts.c.enterprise_id, shifts.c.duty_type, shifts.c.starts_at)
Index("ix_shifts_site_start", shifts.c.site_id, shifts.c.starts_at)

coverage_keys = Table(
    "coverage_keys",
    metadata,
    Column("key_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(100), nullable=False),
    # The key's timeline over the campaign window, [[start, end, required, actual], …]: written
    # whole on every recompute (one statement), read whole by the board.
    Column("segments", JSONB, nullable=False),
)
Index("ix_coverage_keys_campaign_id", coverage_keys.c.campaign_id)
# The keys of an (enterprise, duty type) pair: what a change's transaction reads (db/batch.py, `_NEAR_KEY`).
Index("ix_coverage_keys_pair", coverage_keys.c.enterprise_id, coverage_keys.c.duty_type)

coverage_gaps = Table(
    "coverage_gaps",
    metadata,
    Column("gap_id", UUID(as_uuid=True), primary_key=True),
    Column("key_id", UUID(as_uuid=True), nullable=False),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(100), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("required", Integer, nullable=False),
    Column("actual", Integer, nullable=False),
    Column("missing_qualification", Boolean, nullable=False),
    Column("peak", Boolean, nullable=False),
    Column("requirement_ids", JSONB, nullable=False),
    Column("cause_event_ids", JSONB, nullable=False),
    Column("status", String(10), nullable=False),
    Column("announced", Boolean, nullable=False),  # published on Kafka (domain/live.py), not "alerted"
    Column("version", Integer, nullable=False),
    Column("opened_seq", BigInteger, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("opened_by_event_id", UUID(as_uuid=True), nullable=False),
    Column("updated_seq", BigInteger, nullable=False),
    Column("closed_seq", BigInteger, nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("closed_by_event_ids", JSONB, nullable=False),
    # max(opened_at, min(starts_at, readiness deadline)): see domain/inforce.py
    Column("in_force_from", DateTime(timezone=True), nullable=False),
    # The changes that widened or deepened (among its causes) or narrowed the gap in place: domain/live.py.
    Column("widened_by_event_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("narrowed_by_event_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # Why a closed gap closed (domain/live.py CloseReason): covered, or requirement_changed. Null while open.
    Column("closed_reason", String(20), nullable=True),
)
Index("ix_coverage_gaps_key_status", coverage_gaps.c.key_id, coverage_gaps.c.status)
Index("ix_coverage_gaps_campaign_start", coverage_gaps.c.campaign_id, coverage_gaps.c.starts_at)
Index("ix_coverage_gaps_enterprise_start", coverage_gaps.c.enterprise_id, coverage_gaps.c.starts_at)

aggregate_versions = Table(
    "aggregate_versions",
    metadata,
    Column("aggregate_type", String(20), primary_key=True),
    Column("aggregate_id", UUID(as_uuid=True), primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("updated_seq", BigInteger, nullable=False),
)

sequence_gaps = Table(
    "sequence_gaps",
    metadata,
    Column("gap_id", UUID(as_uuid=True), primary_key=True),
    Column("aggregate_type", String(20), nullable=False),
    Column("aggregate_id", UUID(as_uuid=True), nullable=False),
    Column("partition_key", String(255), nullable=False),
    Column("expected_version", BigInteger, nullable=False),
    Column("first_seen_version", BigInteger, nullable=False),
    Column("noticed_seq", BigInteger, nullable=False),
    Column("noticed_at", DateTime(timezone=True), nullable=False),
    Column("noticed_by_event_id", UUID(as_uuid=True), nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_seq", BigInteger, nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("closed_by_event_id", UUID(as_uuid=True), nullable=True),
)
Index("ix_sequence_gaps_status_noticed", sequence_gaps.c.status, sequence_gaps.c.noticed_seq)
Index("ix_sequence_gaps_aggregate", sequence_gaps.c.aggregate_type, sequence_gaps.c.aggregate_id)

# The readiness checklist before Tết (issue 15, part 4): the Department's items and enterprises' marks.
readiness_items = Table(
    "readiness_items",
    metadata,
    Column("item_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("sector", String(20), nullable=False),
    Column("title_vi", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("due_date", Text, nullable=True),
    Column("position", Integer, nullable=False),
    Column("removed", Boolean, nullable=False),
    *_versioned(),
)
Index("ix_readiness_items_campaign_id", readiness_items.c.campaign_id)

readiness_marks = Table(
    "readiness_marks",
    metadata,
    Column("mark_id", UUID(as_uuid=True), primary_key=True),
    Column("item_id", UUID(as_uuid=True), nullable=False),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("done", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("reference", Text, nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=True),
    Column("done_by", Text, nullable=True),
    *_versioned(),
)
Index("ix_readiness_marks_campaign_id", readiness_marks.c.campaign_id)
# Transaction points' published Tết hours (issue 15, part 3): one row per (point, campaign).
transaction_hours = Table(
    "transaction_hours",
    metadata,
    Column("hours_id", UUID(as_uuid=True), primary_key=True),
    Column("site_id", UUID(as_uuid=True), nullable=False),
    Column("campaign_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("first_published_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_version", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_seq", BigInteger, nullable=False),
)
# The Department's inspection plans (issue 15, part 5), with their result once recorded — not the coverage
# findings of `findings` (site visits held against the roster).
inspection_plans = Table(
    "inspection_plans",
    metadata,
    Column("plan_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_name", Text, nullable=True),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("site_name", Text, nullable=True),
    Column("planned_on", String(10), nullable=False),
    Column("phase", String(8), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("inspectors", JSONB, nullable=False),
    Column("surprise", Boolean, nullable=False),
    Column("status", String(12), nullable=False),
    Column("result", String(16), nullable=True),
    Column("result_text", Text, nullable=True),
    Column("recommendations", Text, nullable=True),
    Column("recorded_by", Text, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    *_versioned(),
)
Index("ix_inspection_plans_campaign_id", inspection_plans.c.campaign_id)
# Daily situation reports (issue 15, part 2): each submitted version, from DailyReportSubmitted.
daily_reports = Table(
    "daily_reports",
    metadata,
    Column("report_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("day", String(10), nullable=False),
    Column("version", Integer, nullable=False),
    Column("number", String(60), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by_name", Text, nullable=False),
    Column("updated_seq", BigInteger, nullable=False),
)
Index("ix_daily_reports_campaign_day", daily_reports.c.campaign_id, daily_reports.c.day)


projection_snapshots = Table(
    "projection_snapshots",
    metadata,
    Column("seq", BigInteger, primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("format", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("state", LargeBinary, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("finding_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("site_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("duty_type", String(100), nullable=False),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("discrepancy_count", Integer, nullable=False),
    Column("canonical", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_findings_enterprise_observed", findings.c.enterprise_id, findings.c.observed_at)
Index("ix_findings_site_observed", findings.c.site_id, findings.c.observed_at)

# Incidents (issue 15, part 1), derived from the log like the projections above: the latest state
# of each (with the derived times) and every version as received, for its history. In
explanations = Table(  # one row per explained item: its document (every version and answer), updated in place
    "explanations",
    metadata,
    Column("explanation_id", UUID(as_uuid=True), primary_key=True),
    Column("item_kind", String(10), nullable=False),
    Column("item_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("state", String(12), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("doc", JSONB, nullable=False),
    Index("explanations_item", "item_kind", "item_id", unique=True),
    Index("explanations_state", "state", "updated_at"),
)

explanation_files = Table(  # the evidence: the bytes as uploaded, their SHA-256 and the media type sniffed from them
    "explanation_files",
    metadata,
    Column("attachment_id", UUID(as_uuid=True), primary_key=True),
    Column("explanation_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("filename", Text, nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

# PROJECTIONS: `python -m audit rebuild` derives them again from the log.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("sector", String(20), nullable=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=True),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("district", Text, nullable=True),
    Column("border", Boolean, nullable=False),
    Column("agency_links", Boolean, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("first_response_at", DateTime(timezone=True), nullable=True),
    Column("restored_at", DateTime(timezone=True), nullable=True),
    Column("response_seconds", Integer, nullable=True),
    Column("restore_seconds", Integer, nullable=True),
    Column("snapshot", JSONB, nullable=False),
    *_versioned(),
    Index("ix_incidents_detected", "detected_at", "incident_id"),
)

incident_versions = Table(
    "incident_versions",
    metadata,
    Column("incident_id", UUID(as_uuid=True), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("snapshot", JSONB, nullable=False),
)

# The inspectors' remarks on a campaign's report (migration 0028): audit's own, not derived from the log, so not in
# PROJECTIONS; append-only, one row per save, the newest printed.
report_remarks = Table(
    "report_remarks",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=True),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("written_by", Text, nullable=False),
    Column("written_by_name", Text, nullable=True),
    Column("written_at", DateTime(timezone=True), nullable=False),
    Index(
        "ix_report_remarks_of",
        "campaign_id",
        "enterprise_id",
        "version",
        unique=True,
        postgresql_nulls_not_distinct=True,
    ),
)

PROJECTIONS = (
    inspection_plans,
    campaigns,
    enterprises,
    sites,
    staff,
    requirements,
    shifts,
    coverage_keys,
    coverage_gaps,
    aggregate_versions,
    sequence_gaps,
    readiness_items,
    readiness_marks,
    transaction_hours,
    daily_reports,
    incidents,
    incident_versions,
)
"""Every table derived from the log (what a rebuild derives again and corrects, db/differences.py)."""
