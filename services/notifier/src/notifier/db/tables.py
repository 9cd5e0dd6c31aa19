"""Notifier's tables: its inbox, its own read model of roster facts (never roster's tables),
calendar feeds, reminders and deliveries. Migrations in db/migrations create exactly these
(tests/deploy/test_migrations.py compares them)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from lichtruc.counters import COUNTER_KINDS
from lichtruc.db import inbox_table

metadata = MetaData()

inbox = inbox_table(metadata)

# --- read model of roster facts ------------------------------------------------------------

shifts = Table(
    "shifts",
    metadata,
    Column("shift_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("last_event_id", UUID(as_uuid=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("sector", String(32), nullable=False),
    Column("manager_phone", String(64), nullable=True),
    Column("manager_emails", ARRAY(Text), nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("obligations_from", Date, nullable=True),  # the local day it owes reports and readiness items from
)

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", UUID(as_uuid=True), primary_key=True),
    Column("login", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("enterprise_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column(
        "staff_id",
        UUID(as_uuid=True),
        nullable=True,
        comment="the staff record the account is linked to (a staff account's; a linked manager's)",
    ),
    Column(
        "staff_known",
        Boolean,
        nullable=False,
        server_default=false(),
        comment="false: stored before 0018, its staff record not known until its next event",
    ),
    Index("ix_accounts_staff_id", "staff_id", postgresql_where=text("staff_id IS NOT NULL")),
    comment="roster's accounts (its account events): a manager's sign-in address is told of inspections (0014)",
)

department = Table(
    "department",
    metadata,
    Column("key", UUID(as_uuid=True), primary_key=True),
    Column("department", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    comment="the Department's name as its profile was last saved (one row): inspections' mails name it (0014)",
)

sites = Table(
    "sites",
    metadata,
    Column("site_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("district", Text, nullable=True),
    Column("border_area", Boolean, nullable=False, server_default="false"),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("full_name", Text, nullable=False),
    Column("email", Text, nullable=True),
    Column("phone", String(64), nullable=True),
    Column("language", String(2), nullable=False, server_default="vi"),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

preferences = Table(
    "preferences",
    metadata,
    Column("staff_id", UUID(as_uuid=True), primary_key=True),
    Column("language", String(2), nullable=True),
    Column("channels", ARRAY(String(16)), nullable=False, server_default="{email}"),
    Column("reminder_offsets_minutes", ARRAY(Integer), nullable=True),
    Column("quiet_start", Time, nullable=True),
    Column("quiet_end", Time, nullable=True),
    Column("webhook_url", Text, nullable=True),
    Column("webhook_secret", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

gaps = Table(
    "gaps",
    metadata,
    Column("gap_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(64), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("required", Integer, nullable=True),
    Column("actual", Integer, nullable=True),
    Column("peak", Boolean, nullable=False, server_default="false"),
    Column("missing_qualification", Boolean, nullable=False, server_default="false"),
    Column("status", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # audit's in_force_from: before it the gap is a planning gap (NULL: an older event, in force at once)
    Column("in_force_from", DateTime(timezone=True), nullable=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=True, comment="audit's; a drill's is marked (0010)"),
    Column("closed_reason", String(32), nullable=True, comment="audit's, for a closed gap (0012)"),
)

# --- calendar feeds ------------------------------------------------------------------------

feed_entries = Table(
    "feed_entries",
    metadata,
    Column("entry_key", String(80), primary_key=True, comment="<shift>.<person> or <shift>.all: the UID"),
    Column("shift_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("staff_id", UUID(as_uuid=True), nullable=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(64), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("people", ARRAY(Text), nullable=False),
    Column("notes", Text, nullable=True),
    Column("sequence", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("retain_until", DateTime(timezone=True), nullable=True),
    Column("cancel_reason", Text, nullable=True, comment="why the manager cancelled the shift"),
    Column(
        "handed_to",
        ARRAY(Text),
        nullable=False,
        server_default=text("'{}'"),
        comment="who took the shift over from this person (names), when they were taken off it",
    ),
    Column("campaign_id", UUID(as_uuid=True), nullable=True, comment="the shift's; a drill's is marked (0010)"),
    # a handover the shift took part in (0016): its side, the other shift's people, the moment, the reason
    Column("handover", String(16), nullable=True, comment="took, took_whole, gave or gave_whole; NULL: none"),
    Column(
        "handover_people",
        ARRAY(Text),
        nullable=False,
        server_default=text("'{}'"),
        comment="the other shift's people (names): those relieved, or those taking over",
    ),
    Column("handover_at", DateTime(timezone=True), nullable=True, comment="the moment of the handover"),
    Column("handover_reason", Text, nullable=True, comment="why the shift was handed over, as the manager typed it"),
    CheckConstraint("status IN ('confirmed', 'cancelled')", name="ck_feed_entries_status"),
    CheckConstraint("handover IN ('took', 'took_whole', 'gave', 'gave_whole')", name="ck_feed_entries_handover"),
)
Index("ix_feed_entries_person", feed_entries.c.staff_id, postgresql_where=feed_entries.c.staff_id.isnot(None))
Index(
    "ix_feed_entries_enterprise",
    feed_entries.c.enterprise_id,
    feed_entries.c.duty_type,
    postgresql_where=feed_entries.c.staff_id.is_(None),
)
# A feed's version read: the latest retention end already passed among its cancelled entries.
Index(
    "ix_feed_entries_person_retained",
    feed_entries.c.staff_id,
    feed_entries.c.retain_until,
    postgresql_where=text("status = 'cancelled' AND staff_id IS NOT NULL"),
)
Index(
    "ix_feed_entries_enterprise_retained",
    feed_entries.c.enterprise_id,
    feed_entries.c.retain_until,
    postgresql_where=text("status = 'cancelled' AND staff_id IS NULL"),
)

feed_scopes = Table(
    "feed_scopes",
    metadata,
    Column("scope", String(64), primary_key=True, comment="person:<id>, enterprise:<id> or reference"),
    Column("revision", BigInteger, nullable=False),
    comment="bumped in the transaction of every change a feed shows: the cheap validator of cached feeds",
)

feed_subscriptions = Table(
    "feed_subscriptions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("staff_id", UUID(as_uuid=True), nullable=True, index=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=True, index=True),
    Column("duty_type", String(64), nullable=True),
    Column("language", String(2), nullable=True),
    Column("label", Text, nullable=True),
    Column("token_sha256", LargeBinary(32), nullable=False, unique=True),
    Column("token_prefix", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("rotated_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("created_by", Text, nullable=True, comment="account id of whoever issued the link"),
    Column("revoked_by", Text, nullable=True, comment="account id of whoever revoked it"),
    CheckConstraint("kind IN ('person', 'enterprise', 'duty')", name="ck_feed_subscriptions_kind"),
)

# --- reminders and deliveries ----------------------------------------------------------------

reminders = Table(
    "reminders",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("shift_id", UUID(as_uuid=True), nullable=False),
    Column("staff_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("offset_minutes", Integer, nullable=False),
    Column("shift_starts_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("dispatched_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("shift_id", "staff_id", "offset_minutes", "shift_starts_at", name="uq_reminders_slot"),
    CheckConstraint(
        "status IN ('scheduled', 'withdrawn', 'dispatched', 'skipped', 'expired')", name="ck_reminders_status"
    ),
)
Index("ix_reminders_due", reminders.c.due_at, postgresql_where=reminders.c.status == "scheduled")

check_in_alerts = Table(
    "check_in_alerts",
    metadata,
    Column("shift_id", UUID(as_uuid=True), primary_key=True),
    Column("staff_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False, comment="the shift's start the alert is of"),
    Column("known_at", DateTime(timezone=True), nullable=False, comment="when the person was known on the shift"),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("checked_in_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("dispatched_at", DateTime(timezone=True), nullable=True),
    Column("late_reason", Text, nullable=True, comment="why the person came late, as they said; 0020"),
    CheckConstraint(
        "status IN ('scheduled', 'withdrawn', 'dispatched', 'late', 'arrived', 'skipped')",
        name="ck_check_in_alerts_status",
    ),
    comment="a missed check-in told, one per shift and person (domain/check_ins.py); 0019",
)
Index(
    "ix_check_in_alerts_due",
    check_in_alerts.c.due_at,
    postgresql_where=check_in_alerts.c.status.in_(["scheduled", "late"]),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column(
        "dedupe_key",
        String(200),
        nullable=False,
        unique=True,
        comment="one delivery per reminder x channel, per gap x recipient",
    ),
    Column("reminder_id", UUID(as_uuid=True), ForeignKey("reminders.id"), nullable=True, index=True),
    Column("gap_id", UUID(as_uuid=True), nullable=True, index=True),
    Column("shift_id", UUID(as_uuid=True), nullable=True, index=True),
    Column("staff_id", UUID(as_uuid=True), nullable=True, index=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=True),
    Column(
        "enterprise_ids",
        ARRAY(UUID(as_uuid=True)),
        nullable=True,
        comment="of a message that concerns several enterprises (enterprise_id NULL), e.g. a readiness mail (0013)",
    ),
    Column("channel", String(16), nullable=False),
    Column("recipient", Text, nullable=True),
    Column("recipient_name", Text, nullable=True),
    Column("language", String(2), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False, comment="e-mail text, or the exact webhook JSON"),
    Column("attachment", Text, nullable=True, comment="the .ics sent with an e-mail"),
    Column(
        "actor_name",
        Text,
        nullable=True,
        comment="who the notice says made the change ('' a manager not named; NULL none)",
    ),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("lease_owner", String(100), nullable=True),
    Column("lease_expires_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="ck_deliveries_status"),
    CheckConstraint("channel IN ('email', 'webhook')", name="ck_deliveries_channel"),
)
Index("ix_deliveries_due", deliveries.c.next_attempt_at, postgresql_where=deliveries.c.status == "pending")
Index("ix_deliveries_leased", deliveries.c.lease_expires_at, postgresql_where=deliveries.c.status == "sending")
Index("ix_deliveries_created", deliveries.c.created_at, deliveries.c.id)
Index(
    "ix_deliveries_digest",
    deliveries.c.recipient,
    deliveries.c.next_attempt_at,
    postgresql_where=(deliveries.c.status.in_(["pending", "sending"]))
    & (deliveries.c.kind.in_(["gap_opened", "gap_closed"])),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("delivery_id", UUID(as_uuid=True), ForeignKey("deliveries.id"), nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("owner", String(100), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("detail", Text, nullable=True),
    UniqueConstraint("delivery_id", "attempt", name="uq_delivery_attempts_attempt"),
    CheckConstraint(
        "outcome IN ('in_flight', 'sent', 'retry', 'failed', 'interrupted')", name="ck_delivery_attempts_outcome"
    ),
)


# --- the directive's deadlines (issue 15, parts 2-4): the facts the sweep reads -------------

deadline_campaigns = Table(
    "deadline_campaigns",
    metadata,
    Column("campaign_id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False, index=True),
    Column("hours_deadline", DateTime(timezone=True), nullable=True, comment="NULL: the campaign's start"),
    Column("kind", String(8), nullable=False, server_default="tet", comment="tet or drill (migration 0009)"),
    Column("version", Integer, nullable=False),
)

readiness_items = Table(
    "readiness_items",
    metadata,
    Column("item_id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("sector", String(32), nullable=False),
    Column("title_vi", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("due_date", Date, nullable=True),
    Column("removed", Boolean, nullable=False, server_default="false"),
    Column("version", Integer, nullable=False),
)
Index("ix_readiness_items_campaign_due", readiness_items.c.campaign_id, readiness_items.c.due_at)

readiness_marks = Table(
    "readiness_marks",
    metadata,
    Column("item_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
    Column("done", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

published_hours = Table(
    "published_hours",
    metadata,
    Column("campaign_id", UUID(as_uuid=True), primary_key=True),
    Column("site_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False),
    Column("first_published_at", DateTime(timezone=True), nullable=False),
)

submitted_reports = Table(
    "submitted_reports",
    metadata,
    Column("campaign_id", UUID(as_uuid=True), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
    Column("first_submitted_at", DateTime(timezone=True), nullable=False),
)

deadline_notices = Table(
    "deadline_notices",
    metadata,
    Column("obligation", String(160), primary_key=True, comment="e.g. readiness:<item>:<enterprise>:late"),
    Column("kind", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The sites that publish Tết opening hours (lichtruc.counters), read by the deadline sweep (migration 0011).
Index("ix_sites_counters", sites.c.enterprise_id, postgresql_where=sites.c.kind.in_(COUNTER_KINDS))
