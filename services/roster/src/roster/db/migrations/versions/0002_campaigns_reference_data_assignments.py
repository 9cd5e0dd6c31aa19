"""campaigns, enterprises, sites, staff, requirements; shift assignments that refuse double
booking; swaps; idempotency keys

Revision ID: 0002
Revises: 0001

Shifts planned with the first, minimal API (no campaign, no staff records) stay as they are:
they get no assignment rows (their people are not staff records) and no foreign keys are
added to `shifts`, so this migration runs on a database that holds them.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    ]


def upgrade() -> None:
    # btree_gist lets one exclusion constraint combine equality on a uuid with overlap of ranges.
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")

    op.create_table(
        "campaigns",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("lunar_year", sa.Integer, nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("start_lunar", postgresql.JSONB, nullable=False),
        sa.Column("end_lunar", postgresql.JSONB, nullable=False),
        sa.Column("peaks", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_table(
        "enterprises",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("manager_phone", sa.String(20), nullable=True),
        sa.Column("manager_emails", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_table(
        "sites",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("district", sa.String(100), nullable=True),
        sa.Column("border_area", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("enterprise_id", "name", name="uq_sites_enterprise_name"),
    )
    op.create_table(
        "staff",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=True, unique=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("qualifications", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.text("true")),
        sa.Column("language", sa.String(2), nullable=False, server_default="vi"),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_index("ix_staff_enterprise_id", "staff", ["enterprise_id"])
    op.create_table(
        "requirements",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("site_id", UUID, sa.ForeignKey("sites.id"), nullable=True),
        sa.Column("duty_type", sa.String(64), nullable=False),
        sa.Column("time_window", postgresql.JSONB, nullable=False),
        sa.Column("minimum", sa.Integer, nullable=False),
        sa.Column("peak_minimum", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_index("ix_requirements_campaign_enterprise", "requirements", ["campaign_id", "enterprise_id"])

    op.add_column(
        "shifts", sa.Column("warnings", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
    )
    op.add_column("shifts", sa.Column("cancel_reason", sa.Text, nullable=True))
    op.create_index("ix_shifts_campaign_enterprise_status", "shifts", ["campaign_id", "enterprise_id", "status"])
    op.create_index("ix_shifts_starts_at_id", "shifts", ["starts_at", "id"])

    op.create_table(
        "shift_assignments",
        sa.Column("shift_id", UUID, sa.ForeignKey("shifts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("staff_id", UUID, sa.ForeignKey("staff.id"), primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_shift_assignments_staff_starts", "shift_assignments", ["staff_id", "starts_at"])
    op.execute(
        "ALTER TABLE shift_assignments ADD CONSTRAINT no_double_booking "
        "EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (active)"
    )

    op.create_table(
        "swaps",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("shift_id", UUID, sa.ForeignKey("shifts.id"), nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("from_staff_id", UUID, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("to_staff_id", UUID, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("decision_note", sa.Text, nullable=True),
        sa.Column("requested_by", sa.String(200), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_index("ix_swaps_shift_id", "swaps", ["shift_id"])
    op.create_index(
        "uq_swaps_open_request",
        "swaps",
        ["shift_id", "from_staff_id"],
        unique=True,
        postgresql_where=sa.text("status = 'requested'"),
    )

    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("headers", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.drop_table("swaps")
    op.drop_table("shift_assignments")
    op.drop_index("ix_shifts_starts_at_id", table_name="shifts")
    op.drop_index("ix_shifts_campaign_enterprise_status", table_name="shifts")
    op.drop_column("shifts", "cancel_reason")
    op.drop_column("shifts", "warnings")
    op.drop_table("requirements")
    op.drop_table("staff")
    op.drop_table("sites")
    op.drop_table("enterprises")
    op.drop_table("campaigns")
