"""report_remarks: the inspectors' own remarks and recommendations ("Kiến nghị") on a campaign's report, province-wide
(enterprise_id NULL) or for one enterprise; audit's own data, not derived from the log (a rebuild keeps it). Append-
only: each save a new row (its version, who wrote it, when), the newest is what the report prints, so that a report
downloaded again says what it said, and an earlier wording can still be read.

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_remarks",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("campaign_id", UUID(as_uuid=True), nullable=False),
        sa.Column("enterprise_id", UUID(as_uuid=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.Text(), nullable=False),
        sa.Column("written_by_name", sa.Text(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_report_remarks_of", "report_remarks", ["campaign_id", "enterprise_id", "version"], unique=True,
        postgresql_nulls_not_distinct=True,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_report_remarks_of", table_name="report_remarks")
    op.drop_table("report_remarks")
