"""daily situation reports (issue 15, part 2): each submitted version, projected from DailyReportSubmitted

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


def upgrade() -> None:
    op.create_table(
        "daily_reports",
        sa.Column("report_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_name", sa.Text, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_daily_reports_campaign_day", "daily_reports", ["campaign_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_daily_reports_campaign_day", "daily_reports")
    op.drop_table("daily_reports")
