"""transaction points' Tết hours (issue 15, part 3): campaigns.hours_deadline (NULL: the default, the
campaign's first day 00:00 local) and transaction_hours (draft and published schedule per site and campaign)

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


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("hours_deadline", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "transaction_hours",
        sa.Column("site_id", UUID, sa.ForeignKey("sites.id"), primary_key=True),
        sa.Column("campaign_id", UUID, sa.ForeignKey("campaigns.id"), primary_key=True),
        sa.Column("enterprise_id", UUID, sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("days", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("published_days", postgresql.JSONB, nullable=True),
        sa.Column("published_version", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_transaction_hours_campaign_id", "transaction_hours", ["campaign_id"])
    op.create_index("ix_transaction_hours_enterprise_id", "transaction_hours", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_transaction_hours_enterprise_id", "transaction_hours")
    op.drop_index("ix_transaction_hours_campaign_id", "transaction_hours")
    op.drop_table("transaction_hours")
    op.drop_column("campaigns", "hours_deadline")
