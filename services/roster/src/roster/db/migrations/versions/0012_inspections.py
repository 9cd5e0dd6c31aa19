"""inspection plans of the Department (issue 15, part 5): before, during and after Tết, surprise ones, and
their findings

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("site_id", UUID, sa.ForeignKey("sites.id"), nullable=True),
        sa.Column("planned_on", sa.Date, nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("inspectors", postgresql.JSONB, nullable=False),
        sa.Column("surprise", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("planned_by", sa.String(200), nullable=True),
        sa.Column("result", sa.String(16), nullable=True),
        sa.Column("finding_text", sa.Text, nullable=True),
        sa.Column("recommendations", sa.Text, nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("phase IN ('before', 'during', 'after')", name="ck_inspections_phase"),
        sa.CheckConstraint("status IN ('planned', 'done', 'cancelled')", name="ck_inspections_status"),
        sa.CheckConstraint("result IS NULL OR result IN ('compliant', 'issues_found')", name="ck_inspections_result"),
    )
    op.create_index("ix_inspections_campaign_id", "inspections", ["campaign_id"])
    op.create_index("ix_inspections_enterprise_id", "inspections", ["enterprise_id"])
    op.create_index("ix_inspections_planned_on_id", "inspections", ["planned_on", "id"])


def downgrade() -> None:
    op.drop_table("inspections")
