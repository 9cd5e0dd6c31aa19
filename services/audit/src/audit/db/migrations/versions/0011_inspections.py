"""the Department's inspection plans (issue 15, part 5), projected from roster's inspection events

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "inspection_plans",
        sa.Column("plan_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("enterprise_name", sa.Text, nullable=True),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("site_name", sa.Text, nullable=True),
        sa.Column("planned_on", sa.String(10), nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("inspectors", postgresql.JSONB, nullable=False),
        sa.Column("surprise", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("result", sa.String(16), nullable=True),
        sa.Column("result_text", sa.Text, nullable=True),
        sa.Column("recommendations", sa.Text, nullable=True),
        sa.Column("recorded_by", sa.Text, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_inspection_plans_campaign_id", "inspection_plans", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("inspection_plans")
