"""reference data, calendar feeds, reminders, deliveries, gaps

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("enterprise_id", UUID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("manager_phone", sa.String(64), nullable=True),
        sa.Column("manager_emails", postgresql.ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "sites",
        sa.Column("site_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("district", sa.Text, nullable=True),
        sa.Column("border_area", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_sites_enterprise_id", "sites", ["enterprise_id"])
    op.create_table(
        "staff",
        sa.Column("staff_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("phone", sa.String(64), nullable=True),
        sa.Column("language", sa.String(2), nullable=False, server_default="vi"),
        sa.Column("active", sa.Boolean, nullable=False, server_default="true"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_staff_enterprise_id", "staff", ["enterprise_id"])
    op.create_table(
        "preferences",
        sa.Column("staff_id", UUID, primary_key=True),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("channels", postgresql.ARRAY(sa.String(16)), nullable=False, server_default="{email}"),
        sa.Column("reminder_offsets_minutes", postgresql.ARRAY(sa.Integer), nullable=True),
        sa.Column("quiet_start", sa.Time, nullable=True),
        sa.Column("quiet_end", sa.Time, nullable=True),
        sa.Column("webhook_url", sa.Text, nullable=True),
        sa.Column("webhook_secret", sa.Text, nullable=True),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "gaps",
        sa.Column("gap_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(64), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("required", sa.Integer, nullable=True),
        sa.Column("actual", sa.Integer, nullable=True),
        sa.Column("peak", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("missing_qualification", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changed_at", TS, nullable=False),
    )
    op.create_index("ix_gaps_enterprise_id", "gaps", ["enterprise_id"])

    op.create_table(
        "feed_entries",
        sa.Column("entry_key", sa.String(80), primary_key=True, comment="<shift>.<person> or <shift>.all: the UID"),
        sa.Column("shift_id", UUID, nullable=False),
        sa.Column("staff_id", UUID, nullable=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(64), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("people", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.Column("retain_until", TS, nullable=True),
        sa.CheckConstraint("status IN ('confirmed', 'cancelled')", name="ck_feed_entries_status"),
    )
    op.create_index("ix_feed_entries_shift_id", "feed_entries", ["shift_id"])
    op.create_index(
        "ix_feed_entries_person", "feed_entries", ["staff_id"], postgresql_where=sa.text("staff_id IS NOT NULL")
    )
    op.create_index(
        "ix_feed_entries_enterprise",
        "feed_entries",
        ["enterprise_id", "duty_type"],
        postgresql_where=sa.text("staff_id IS NULL"),
    )
    op.create_table(
        "feed_scopes",
        sa.Column("scope", sa.String(64), primary_key=True, comment="person:<id>, enterprise:<id> or reference"),
        sa.Column("revision", sa.BigInteger, nullable=False),
        comment="bumped in the transaction of every change a feed shows: the cheap validator of cached feeds",
    )
    op.create_table(
        "feed_subscriptions",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("staff_id", UUID, nullable=True),
        sa.Column("enterprise_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(64), nullable=True),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("label", sa.Text, nullable=True),
        sa.Column("token_sha256", sa.LargeBinary(32), nullable=False, unique=True),
        sa.Column("token_prefix", sa.String(8), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("rotated_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
        sa.CheckConstraint("kind IN ('person', 'enterprise', 'duty')", name="ck_feed_subscriptions_kind"),
    )
    op.create_index("ix_feed_subscriptions_staff_id", "feed_subscriptions", ["staff_id"])
    op.create_index("ix_feed_subscriptions_enterprise_id", "feed_subscriptions", ["enterprise_id"])

    op.create_table(
        "reminders",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("shift_id", UUID, nullable=False),
        sa.Column("staff_id", UUID, nullable=False),
        sa.Column("offset_minutes", sa.Integer, nullable=False),
        sa.Column("shift_starts_at", TS, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("dispatched_at", TS, nullable=True),
        sa.UniqueConstraint("shift_id", "staff_id", "offset_minutes", "shift_starts_at", name="uq_reminders_slot"),
        sa.CheckConstraint(
            "status IN ('scheduled', 'withdrawn', 'dispatched', 'skipped', 'expired')", name="ck_reminders_status"
        ),
    )
    op.create_index("ix_reminders_staff_id", "reminders", ["staff_id"])
    op.create_index("ix_reminders_due", "reminders", ["due_at"], postgresql_where=sa.text("status = 'scheduled'"))

    op.create_table(
        "deliveries",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column(
            "dedupe_key",
            sa.String(200),
            nullable=False,
            unique=True,
            comment="one delivery per reminder x channel, per gap x recipient",
        ),
        sa.Column("reminder_id", UUID, sa.ForeignKey("reminders.id"), nullable=True),
        sa.Column("gap_id", UUID, nullable=True),
        sa.Column("shift_id", UUID, nullable=True),
        sa.Column("staff_id", UUID, nullable=True),
        sa.Column("enterprise_id", UUID, nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.Text, nullable=True),
        sa.Column("recipient_name", sa.Text, nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False, comment="e-mail text, or the exact webhook JSON"),
        sa.Column("attachment", sa.Text, nullable=True, comment="the .ics sent with an e-mail"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_expires_at", TS, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="ck_deliveries_status"
        ),
        sa.CheckConstraint("channel IN ('email', 'webhook')", name="ck_deliveries_channel"),
    )
    for column in ("reminder_id", "gap_id", "shift_id", "staff_id"):
        op.create_index(f"ix_deliveries_{column}", "deliveries", [column])
    op.create_index(
        "ix_deliveries_due", "deliveries", ["next_attempt_at"], postgresql_where=sa.text("status = 'pending'")
    )
    op.create_index(
        "ix_deliveries_leased", "deliveries", ["lease_expires_at"], postgresql_where=sa.text("status = 'sending'")
    )
    op.create_index("ix_deliveries_created", "deliveries", ["created_at", "id"])

    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("delivery_id", UUID, sa.ForeignKey("deliveries.id"), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
        sa.UniqueConstraint("delivery_id", "attempt", name="uq_delivery_attempts_attempt"),
        sa.CheckConstraint(
            "outcome IN ('in_flight', 'sent', 'retry', 'failed', 'interrupted')", name="ck_delivery_attempts_outcome"
        ),
    )
    op.create_index("ix_delivery_attempts_delivery_id", "delivery_attempts", ["delivery_id"])


def downgrade() -> None:
    for table in (
        "delivery_attempts",
        "deliveries",
        "reminders",
        "feed_subscriptions",
        "feed_scopes",
        "feed_entries",
        "gaps",
        "preferences",
        "staff",
        "sites",
        "enterprises",
    ):
        op.drop_table(table)
