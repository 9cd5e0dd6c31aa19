"""communication incidents and their response (issue 15, part 1)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
JSONB = postgresql.JSONB


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("site_id", UUID, sa.ForeignKey("sites.id"), nullable=True),
        sa.Column("site_name", sa.String(200), nullable=True),
        sa.Column("district", sa.String(100), nullable=True),
        sa.Column("services", JSONB, nullable=False),
        sa.Column("agency_links", sa.Boolean, nullable=False),
        sa.Column("border", sa.Boolean, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("responders", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("updates", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("restored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cause", sa.Text, nullable=True),
        sa.Column("closing_note", sa.Text, nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("severity IN ('minor', 'serious', 'critical')", name="ck_incidents_severity"),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="ck_incidents_status"),
    )
    op.create_index("ix_incidents_enterprise_detected", "incidents", ["enterprise_id", "detected_at"])
    op.create_index("ix_incidents_detected_id", "incidents", ["detected_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_incidents_detected_id", "incidents")
    op.drop_index("ix_incidents_enterprise_detected", "incidents")
    op.drop_table("incidents")
