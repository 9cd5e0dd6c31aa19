"""projections (roster read model, live coverage, gaps), snapshots, findings, outbox

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from lichtruc.outbox import create_outbox_in_migration

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
JSONB = postgresql.JSONB
TS = sa.DateTime(timezone=True)


def _versioned() -> list[sa.Column]:
    return [sa.Column("version", sa.Integer, nullable=False), sa.Column("updated_seq", sa.BigInteger, nullable=False)]


def upgrade() -> None:
    # "As known at R" looks up the last record received by R.
    op.create_index("ix_event_log_received_at", "event_log", ["received_at"])
    create_outbox_in_migration(op)

    op.create_table(
        "campaigns",
        sa.Column("campaign_id", UUID, primary_key=True),
        sa.Column("lunar_year", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("peaks", JSONB, nullable=False),
        *_versioned(),
    )
    op.create_table(
        "enterprises",
        sa.Column("enterprise_id", UUID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sector", sa.String(20), nullable=False),
        *_versioned(),
    )
    op.create_table(
        "sites",
        sa.Column("site_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("district", sa.Text, nullable=True),
        sa.Column("border_area", sa.Boolean, nullable=False),
        *_versioned(),
    )
    op.create_index("ix_sites_enterprise_id", "sites", ["enterprise_id"])
    op.create_table(
        "staff",
        sa.Column("staff_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("qualifications", JSONB, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        *_versioned(),
    )
    op.create_index("ix_staff_enterprise_id", "staff", ["enterprise_id"])
    op.create_table(
        "requirements",
        sa.Column("requirement_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(100), nullable=False),
        sa.Column("window", JSONB, nullable=True),
        sa.Column("minimum", sa.Integer, nullable=False),
        sa.Column("peak_minimum", sa.Integer, nullable=True),
        sa.Column("removed", sa.Boolean, nullable=False),
        *_versioned(),
    )
    op.create_index("ix_requirements_enterprise_duty", "requirements", ["enterprise_id", "duty_type"])
    op.create_index("ix_requirements_campaign_id", "requirements", ["campaign_id"])
    op.create_table(
        "shifts",
        sa.Column("shift_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(100), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("assignees", JSONB, nullable=False),
        *_versioned(),
        sa.Column("last_event_id", UUID, nullable=False),
        sa.Column("interval_event_id", UUID, nullable=False),
        sa.Column("status_event_id", UUID, nullable=False),
    )
    op.create_index("ix_shifts_enterprise_duty_start", "shifts", ["enterprise_id", "duty_type", "starts_at"])
    op.create_index("ix_shifts_site_start", "shifts", ["site_id", "starts_at"])
    op.create_table(
        "coverage_keys",
        sa.Column("key_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(100), nullable=False),
        sa.Column("segments", JSONB, nullable=False),
    )
    op.create_index("ix_coverage_keys_campaign_id", "coverage_keys", ["campaign_id"])
    op.create_table(
        "coverage_gaps",
        sa.Column("gap_id", UUID, primary_key=True),
        sa.Column("key_id", UUID, nullable=False),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("duty_type", sa.String(100), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("required", sa.Integer, nullable=False),
        sa.Column("actual", sa.Integer, nullable=False),
        sa.Column("missing_qualification", sa.Boolean, nullable=False),
        sa.Column("peak", sa.Boolean, nullable=False),
        sa.Column("requirement_ids", JSONB, nullable=False),
        sa.Column("cause_event_ids", JSONB, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("alerted", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("opened_seq", sa.BigInteger, nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("opened_by_event_id", UUID, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
        sa.Column("closed_seq", sa.BigInteger, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("closed_by_event_ids", JSONB, nullable=False),
    )
    op.create_index("ix_coverage_gaps_key_status", "coverage_gaps", ["key_id", "status"])
    op.create_index("ix_coverage_gaps_campaign_start", "coverage_gaps", ["campaign_id", "starts_at"])
    op.create_index("ix_coverage_gaps_enterprise_start", "coverage_gaps", ["enterprise_id", "starts_at"])

    op.create_table(
        "projection_snapshots",
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("state", sa.LargeBinary, nullable=False),
    )

    op.create_table(
        "findings",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("finding_id", UUID, nullable=False, unique=True),
        sa.Column("site_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("duty_type", sa.String(100), nullable=False),
        sa.Column("observed_at", TS, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("discrepancy_count", sa.Integer, nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_findings_enterprise_observed", "findings", ["enterprise_id", "observed_at"])
    op.create_index("ix_findings_site_observed", "findings", ["site_id", "observed_at"])
    # Findings are evidence: like the event log, the database refuses to change them.
    op.execute(
        """
        CREATE FUNCTION findings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'findings is append-only: % is not allowed', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER findings_no_update_delete BEFORE UPDATE OR DELETE ON findings "
        "FOR EACH ROW EXECUTE FUNCTION findings_append_only()"
    )
    op.execute(
        "CREATE TRIGGER findings_no_truncate BEFORE TRUNCATE ON findings "
        "FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only()"
    )


def downgrade() -> None:
    op.drop_table("findings")
    op.execute("DROP FUNCTION findings_append_only()")
    for table in (
        "projection_snapshots",
        "coverage_gaps",
        "coverage_keys",
        "shifts",
        "requirements",
        "staff",
        "sites",
        "enterprises",
        "campaigns",
        "outbox",
    ):
        op.drop_table(table)
    op.drop_index("ix_event_log_received_at", table_name="event_log")
