"""the readiness checklist before Tết: the Department's items per campaign and sector, and each
enterprise's mark on them (issue 15, part 4)

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
        "readiness_items",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("title_vi", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_readiness_items_campaign_sector", "readiness_items", ["campaign_id", "sector", "position"])
    op.create_table(
        "readiness_marks",
        sa.Column("item_id", UUID, sa.ForeignKey("readiness_items.id"), primary_key=True),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), primary_key=True),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("reference", sa.String(500), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_readiness_marks_enterprise", "readiness_marks", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_readiness_marks_enterprise", "readiness_marks")
    op.drop_table("readiness_marks")
    op.drop_index("ix_readiness_items_campaign_sector", "readiness_items")
    op.drop_table("readiness_items")
