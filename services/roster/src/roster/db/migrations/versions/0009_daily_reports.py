"""daily situation reports (issue 15, part 2): each submitted version of an enterprise's report for a day

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "daily_reports",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("supersedes", UUID, nullable=True),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("remarks", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=True),
        sa.Column("submitted_by_name", sa.String(200), nullable=False),
        sa.Column("facts", postgresql.JSONB, nullable=False),
        sa.UniqueConstraint("enterprise_id", "day", "version", name="uq_daily_reports_version"),
    )
    op.create_index("ix_daily_reports_campaign_day", "daily_reports", ["campaign_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_daily_reports_campaign_day", "daily_reports")
    op.drop_table("daily_reports")
