"""the readiness checklist before Tết: the Department's items and enterprises' marks, projected from
the log (issue 15, part 4)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def _versioned() -> list[sa.Column]:
    return [sa.Column("version", sa.Integer, nullable=False), sa.Column("updated_seq", sa.BigInteger, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "readiness_items",
        sa.Column("item_id", UUID, primary_key=True),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("sector", sa.String(20), nullable=False),
        sa.Column("title_vi", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Text, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        *_versioned(),
    )
    op.create_index("ix_readiness_items_campaign_id", "readiness_items", ["campaign_id"])
    op.create_table(
        "readiness_marks",
        sa.Column("mark_id", UUID, primary_key=True),
        sa.Column("item_id", UUID, nullable=False),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Text, nullable=True),
        *_versioned(),
    )
    op.create_index("ix_readiness_marks_campaign_id", "readiness_marks", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_readiness_marks_campaign_id", "readiness_marks")
    op.drop_table("readiness_marks")
    op.drop_index("ix_readiness_items_campaign_id", "readiness_items")
    op.drop_table("readiness_items")
