"""transaction points' Tết hours (issue 15, part 3): campaigns.hours_deadline (NULL: the campaign's start)
and transaction_hours, the points' publications (a projection: `python -m audit rebuild` derives it)

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
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("hours_deadline", TS, nullable=True))
    op.create_table(
        "transaction_hours",
        sa.Column("hours_id", UUID, primary_key=True),
        sa.Column("site_id", UUID, nullable=False),
        sa.Column("campaign_id", UUID, nullable=False),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("first_published_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=False),
        sa.Column("published_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_transaction_hours_campaign_id", "transaction_hours", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_transaction_hours_campaign_id", "transaction_hours")
    op.drop_table("transaction_hours")
    op.drop_column("campaigns", "hours_deadline")
