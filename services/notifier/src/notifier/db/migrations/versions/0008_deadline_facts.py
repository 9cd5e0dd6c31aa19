"""the directive's deadlines (issue 15, parts 2-4): campaigns' dates, readiness items and marks, transaction
points' first publication, daily reports submitted, and the obligations already told

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "deadline_campaigns",
        sa.Column("campaign_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("hours_deadline", TS, nullable=True, comment="NULL: the campaign's start"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_deadline_campaigns_ends_at", "deadline_campaigns", ["ends_at"])
    op.create_table(
        "readiness_items",
        sa.Column("item_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("campaign_id", UUID(as_uuid=True), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("title_vi", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("removed", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_readiness_items_campaign_due", "readiness_items", ["campaign_id", "due_at"])
    op.create_table(
        "readiness_marks",
        sa.Column("item_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "published_hours",
        sa.Column("campaign_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("site_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("enterprise_id", UUID(as_uuid=True), nullable=False),
        sa.Column("first_published_at", TS, nullable=False),
    )
    op.create_table(
        "submitted_reports",
        sa.Column("campaign_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("enterprise_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("first_submitted_at", TS, nullable=False),
    )
    op.create_table(
        "deadline_notices",
        sa.Column("obligation", sa.String(160), primary_key=True, comment="e.g. readiness:<item>:<enterprise>:late"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index(
        "ix_sites_transaction_points",
        "sites",
        ["enterprise_id"],
        postgresql_where=sa.text("kind = 'transaction_point'"),
    )


def downgrade() -> None:
    op.drop_index("ix_sites_transaction_points", table_name="sites")
    op.drop_table("deadline_notices")
    op.drop_table("submitted_reports")
    op.drop_table("published_hours")
    op.drop_table("readiness_marks")
    op.drop_index("ix_readiness_items_campaign_due", table_name="readiness_items")
    op.drop_table("readiness_items")
    op.drop_index("ix_deadline_campaigns_ends_at", table_name="deadline_campaigns")
    op.drop_table("deadline_campaigns")
