"""Roster's tables (SQLAlchemy Core). Migrations in db/migrations are the source of truth
for the schema; these definitions must match them (a test checks)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, ExcludeConstraint

from lichtruc.outbox import outbox_table

metadata = MetaData()


def _timestamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


campaigns = Table(
    "campaigns",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("lunar_year", Integer, nullable=False),
    Column("kind", String(8), nullable=False, server_default="tet"),
    Column("name", String(200), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("start_lunar", JSONB, nullable=False),
    Column("end_lunar", JSONB, nullable=False),
    Column("peaks", JSONB, nullable=False),
    # NULL: the default, 24 h before starts_at (it follows the start when the dates move)
    Column("readiness_deadline", DateTime(timezone=True), nullable=True),
    Column("hours_deadline", DateTime(timezone=True), nullable=True),
    Column("border_duty_types", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("border_sectors", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("kind IN ('tet', 'drill')", name="ck_campaigns_kind"),
    # One Tết campaign per lunar year; drills (exercises before Tết) as many as enterprises hold.
    Index("uq_campaigns_tet_lunar_year", "lunar_year", unique=True, postgresql_where=text("kind = 'tet'")),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("name_folded", String(200), nullable=False),
    Column("name_sort", Text(collation="C"), nullable=False),  # what lists are ordered by (db/search.py)
    Column("sector", String(16), nullable=False),
    Column("manager_phone", String(20), nullable=True),
    Column("manager_emails", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("obligations_from", Date, nullable=True),  # the local day it owes reports and readiness items from
    Column("version", Integer, nullable=False),
    *_timestamps(),
    Index(
        "ix_enterprises_name_folded_trgm",
        "name_folded",
        postgresql_using="gin",
        postgresql_ops={"name_folded": "gin_trgm_ops"},
    ),
)

sites = Table(
    "sites",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("name_folded", String(200), nullable=False),  # what `q` searches (db/search.py)
    Column("name_sort", Text(collation="C"), nullable=False),  # what lists are ordered by (db/search.py)
    Column("kind", String(64), nullable=False),
    Column("district", String(100), nullable=True),
    Column("district_sort", Text(collation="C"), nullable=True),  # NULL with the district: listed last
    Column("border_area", Boolean, nullable=False, server_default=text("false")),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    UniqueConstraint("enterprise_id", "name", name="uq_sites_enterprise_name"),
    Index(
        "ix_sites_name_folded_trgm",
        "name_folded",
        postgresql_using="gin",
        postgresql_ops={"name_folded": "gin_trgm_ops"},
    ),
)

staff = Table(
    "staff",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("full_name", String(200), nullable=False),
    Column("full_name_folded", String(200), nullable=False),
    Column("full_name_sort", Text(collation="C"), nullable=False),
    # One e-mail per enterprise; a person's records at several enterprises share theirs.
    Column("email", String(254), nullable=True),
    Column("phone", String(20), nullable=True),
    Column("qualifications", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("language", String(2), nullable=False, server_default="vi"),
    Column("national_id", String(20), nullable=True, index=True),
    # The person behind the record: records of one person at several enterprises share it.
    Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    Index(
        "ix_staff_full_name_folded_trgm",
        "full_name_folded",
        postgresql_using="gin",
        postgresql_ops={"full_name_folded": "gin_trgm_ops"},
    ),
    Index("ix_staff_phone", "phone"),
    Index("uq_staff_enterprise_email", "enterprise_id", "email", unique=True),
    Index("ix_staff_email", "email"),
)

requirements = Table(
    "requirements",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False),
    Column("site_id", UUID(as_uuid=True), ForeignKey("sites.id"), nullable=True),
    Column("duty_type", String(64), nullable=False),
    Column("time_window", JSONB, nullable=False),
    Column("minimum", Integer, nullable=False),
    Column("peak_minimum", Integer, nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    # The Department's border default (domain/border.py): managers may not go below these.
    Column("department_default", Boolean, nullable=False, server_default=text("false")),
    Column("floor_minimum", Integer, nullable=True),
    Column("floor_peak_minimum", Integer, nullable=True),
    Index("ix_requirements_campaign_enterprise", "campaign_id", "enterprise_id"),
)

# Every version of a requirement, removals included (no row of `requirements` is left of a removed one): from when
# it applies (NULL: the whole campaign) and what it said (duty_type NULL: removed). The board judges each instant by
# the version in force then (domain/coverage.py rules_in_force).
requirement_versions = Table(
    "requirement_versions",
    metadata,
    Column("requirement_id", UUID(as_uuid=True), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("applies_from", DateTime(timezone=True), nullable=True),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(64), nullable=True),
    Column("time_window", JSONB, nullable=True),
    Column("minimum", Integer, nullable=True),
    Column("peak_minimum", Integer, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_requirement_versions_campaign_enterprise", "campaign_id", "enterprise_id"),
)

# Shifts carry no foreign keys: rows planned before campaigns and reference data existed
# (the first, minimal API) must survive the migration. The service checks every reference.
shifts = Table(
    "shifts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("covers_site_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),  # further sites, as strings
    Column("duty_type", String(64), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("assignees", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    Column("notes", Text, nullable=True),
    Column("warnings", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("cancel_reason", Text, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True),  # first published; NULL: never (migration 0022)
    # The version a person last made, when only rest warnings were recomputed since; NULL: this one (0023).
    Column("edited_version", Integer, nullable=True),
    # The shift this one took over the rest of (POST /shifts/{id}/handover), and why; NULL: none (0029).
    Column("continues_shift_id", UUID(as_uuid=True), nullable=True),
    Column("handover_reason", Text, nullable=True),
    # With continues_shift_id: whether that shift's people never came ("Người trực không đến"); NULL: not said (0033).
    Column("handover_absent", Boolean, nullable=True),
    Index("ix_shifts_campaign_enterprise_status", "campaign_id", "enterprise_id", "status"),
    Index("ix_shifts_starts_at_id", "starts_at", "id"),
    # The shifts that took over these ones (`taken_over`, asked for every page of shifts that have begun): 0034.
    Index(
        "ix_shifts_continues_shift_id", "continues_shift_id", postgresql_where=text("continues_shift_id IS NOT NULL")
    ),
)

# Shifts whose rest warnings a change next to them could not recompute (another transaction held them, see
# handlers/shifts.py `refresh_neighbours`): computed again once free (`rewarn_queued`). Migration 0024. No
# foreign key: checking it would take a KEY SHARE lock on the shift, waiting for the FOR UPDATE that queued it.
rewarn_queue = Table(
    "rewarn_queue",
    metadata,
    Column("shift_id", UUID(as_uuid=True), primary_key=True),
    Column("queued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# One row per staff record per shift: the database itself refuses a double booking (two active
# rows of one person — all their linked staff records — whose intervals overlap), so two
# concurrent requests cannot both win, even at two enterprises.
shift_assignments = Table(
    "shift_assignments",
    metadata,
    Column("shift_id", UUID(as_uuid=True), ForeignKey("shifts.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", UUID(as_uuid=True), ForeignKey("staff.id"), primary_key=True),
    Column("person_id", UUID(as_uuid=True), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("checked_in_at", DateTime(timezone=True), nullable=True),
    Index("ix_shift_assignments_staff_starts", "staff_id", "starts_at"),
    ExcludeConstraint(
        ("person_id", "="),
        (func.tstzrange(text("starts_at"), text("ends_at")), "&&"),
        name="no_double_booking",
        using="gist",
        where=text("active"),
    ),
)

swaps = Table(
    "swaps",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("shift_id", UUID(as_uuid=True), ForeignKey("shifts.id"), nullable=False, index=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("from_staff_id", UUID(as_uuid=True), ForeignKey("staff.id"), nullable=False),
    Column("to_staff_id", UUID(as_uuid=True), ForeignKey("staff.id"), nullable=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("decision_note", Text, nullable=True),
    Column("requested_by", String(200), nullable=True),
    Column("decided_by", String(200), nullable=True),
    # the named colleague's answer before the manager decides (QZ26 #12; domain.swaps), and, approved without one,
    # how the manager says they agreed
    Column("answer", String(16), nullable=True),
    Column("answer_note", Text, nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("agreement", Text, nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    # One open request per person and shift.
    Index(
        "uq_swaps_open_request", "shift_id", "from_staff_id", unique=True, postgresql_where=text("status = 'requested'")
    ),
)

# Early-leave notices (QZ29 #8; domain.early_leave): a person on a shift under way tells the managers they must leave
# before it ends. One open notice per person and shift.
early_leaves = Table(
    "early_leaves",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("shift_id", UUID(as_uuid=True), ForeignKey("shifts.id"), nullable=False, index=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("staff_id", UUID(as_uuid=True), ForeignKey("staff.id"), nullable=False, index=True),
    Column("colleague_id", UUID(as_uuid=True), ForeignKey("staff.id"), nullable=True),
    Column("leave_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("asked_by", String(200), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("closed_by", String(200), nullable=True),
    Column("handed_over_to", UUID(as_uuid=True), nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    Index("uq_early_leaves_open", "shift_id", "staff_id", unique=True, postgresql_where=text("status = 'open'")),
)

# Idempotency-Key: the response of a POST, stored in the transaction of its change.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("method", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("headers", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now(), index=True),
)

# Who may sign in. The login is stored lower-cased, so that the unique constraint makes it
# unique whatever its case. Only the argon2id hash of the password is kept.
accounts = Table(
    "accounts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("login", String(200), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("display_name_folded", String(200), nullable=False),
    Column("display_name_sort", Text(collation="C"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("enterprise_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("staff_id", UUID(as_uuid=True), ForeignKey("staff.id"), nullable=True, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("failed_logins", Integer, nullable=False, server_default=text("0")),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("last_login_at", DateTime(timezone=True), nullable=True),
    Column("secret_from_admin", Boolean, nullable=False, server_default=text("false")),
    Column("reset_requested_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("login = lower(login)", name="ck_accounts_login_lower"),
    CheckConstraint("role IN ('admin', 'manager', 'staff', 'inspector')", name="ck_accounts_role"),
    Index(
        "ix_accounts_display_name_folded_trgm",
        "display_name_folded",
        postgresql_using="gin",
        postgresql_ops={"display_name_folded": "gin_trgm_ops"},
    ),
)

# Refresh tokens, as their SHA-256 only. One sign-in is one family: every renewal marks the
# token used and adds the next; a used token presented again revokes the whole family.
refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("account_id", UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("family_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

# The readiness checklist before Tết (issue 15, part 4): the Department's items per campaign and
# sector, and each enterprise's mark on each item of its sector.
readiness_items = Table(
    "readiness_items",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), nullable=False),
    Column("sector", String(16), nullable=False),
    Column("title_vi", String(200), nullable=False),
    Column("title_en", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("due_date", Date, nullable=True),
    Column("position", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    Index("ix_readiness_items_campaign_sector", "campaign_id", "sector", "position"),
)

readiness_marks = Table(
    "readiness_marks",
    metadata,
    Column("item_id", UUID(as_uuid=True), ForeignKey("readiness_items.id"), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), primary_key=True),
    Column("done", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("reference", String(500), nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=True),
    Column("done_by", String(200), nullable=True),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_readiness_marks_enterprise", "enterprise_id"),
)

# Inspection plans of the Department (issue 15, part 5); the finding is recorded on the plan.
inspections = Table(
    "inspections",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), nullable=False, index=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("site_id", UUID(as_uuid=True), ForeignKey("sites.id"), nullable=True),
    Column("planned_on", Date, nullable=False),
    Column("phase", String(8), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("inspectors", JSONB, nullable=False),
    Column("surprise", Boolean, nullable=False),
    Column("status", String(12), nullable=False),
    Column("planned_by", String(200), nullable=True),
    Column("result", String(16), nullable=True),
    Column("finding_text", Text, nullable=True),
    Column("recommendations", Text, nullable=True),
    Column("recorded_by", String(200), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    Column("cancel_reason", Text, nullable=True),
    Column("rescheduled_from", Date, nullable=True),
    Column("reschedule_reason", Text, nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("phase IN ('before', 'during', 'after')", name="ck_inspections_phase"),
    CheckConstraint("status IN ('planned', 'done', 'cancelled')", name="ck_inspections_status"),
    CheckConstraint("result IS NULL OR result IN ('compliant', 'issues_found')", name="ck_inspections_result"),
    Index("ix_inspections_planned_on_id", "planned_on", "id"),
)

outbox = outbox_table(metadata)

# Transaction points' Tết hours (issue 15, part 3): per site and campaign, the draft schedule and
# what was last published (only that is ever public).
transaction_hours = Table(
    "transaction_hours",
    metadata,
    Column("site_id", UUID(as_uuid=True), ForeignKey("sites.id"), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), primary_key=True, index=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("days", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_days", JSONB(none_as_null=True), nullable=True),
    Column("published_version", Integer, nullable=False, server_default=text("0")),
    Column("published_at", DateTime(timezone=True), nullable=True),
    *_timestamps(),
)

# Daily situation reports (issue 15, part 2): each submitted version, immutable; the facts and the
# remarks as one JSON document (`facts`), the columns for the lists.
daily_reports = Table(
    "daily_reports",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), nullable=False),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("version", Integer, nullable=False),
    Column("supersedes", UUID(as_uuid=True), nullable=True),
    Column("number", String(60), nullable=False),
    Column("remarks", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(200), nullable=True),
    Column("submitted_by_name", String(200), nullable=False),
    Column("facts", JSONB, nullable=False),
    # section IV as submitted (the event's gaps, absences, shortfalls): never derived again (migration 0036)
    Column("section_iv", JSONB, nullable=False),
    Column("printed", JSONB, nullable=True),  # the Department's place and recipients at submission (0038)
    UniqueConstraint("enterprise_id", "day", "version", name="uq_daily_reports_version"),
    Index("ix_daily_reports_campaign_day", "campaign_id", "day"),
)

# Communication incidents (the directive's "ứng cứu thông tin"): the aggregate's state; its
# responders, updates and the responders taken off ride along as JSONB (bounded: at most 50, 200 and 50).
incidents = Table(
    "incidents",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), ForeignKey("enterprises.id"), nullable=False),
    Column("campaign_id", UUID(as_uuid=True), ForeignKey("campaigns.id"), nullable=True),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), ForeignKey("sites.id"), nullable=True),
    Column("site_name", String(200), nullable=True),
    Column("district", String(100), nullable=True),
    Column("services", JSONB, nullable=False),
    Column("agency_links", Boolean, nullable=False),
    Column("border", Boolean, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("responders", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("updates", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("removed_responders", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("restored_at", DateTime(timezone=True), nullable=True),
    Column("cause", Text, nullable=True),
    Column("closing_note", Text, nullable=True),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("opened_by", String(200), nullable=True),
    Column("version", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("severity IN ('minor', 'serious', 'critical')", name="ck_incidents_severity"),
    CheckConstraint("status IN ('open', 'resolved')", name="ck_incidents_status"),
    Index("ix_incidents_enterprise_detected", "enterprise_id", "detected_at"),
    Index("ix_incidents_detected_id", "detected_at", "id"),
)

# The Department's profile (the names its documents print): one row, id 1, once an administrator sets it.
department_profile = Table(
    "department_profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province", String(100), nullable=False),
    Column("department", String(200), nullable=False),
    Column("abbreviation", String(20), nullable=False, server_default=""),  # "": the name's initials
    Column("superior", String(200), nullable=False),
    Column("place", String(100), nullable=False),
    Column("report_recipients", JSONB, nullable=False),
    Column("summary_recipients", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("id = 1", name="ck_department_profile_one_row"),
)
