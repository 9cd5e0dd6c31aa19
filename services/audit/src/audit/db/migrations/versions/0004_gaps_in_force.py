"""planning gaps vs gaps in force: campaigns.readiness_deadline, coverage_gaps.in_force_from

Revision ID: 0004
Revises: 0003

Existing gaps get in_force_from from their campaign's default deadline (24 h before it
starts, the events logged so far carry no deadline); `python -m audit rebuild` derives the
same values from the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("readiness_deadline", TS, nullable=True))
    op.add_column("coverage_gaps", sa.Column("in_force_from", TS, nullable=True))
    op.execute(
        "UPDATE coverage_gaps g SET in_force_from = greatest(g.opened_at, least(g.starts_at, "
        "coalesce(c.readiness_deadline, c.starts_at - interval '24 hours'))) "
        "FROM campaigns c WHERE c.campaign_id = g.campaign_id"
    )
    op.execute("UPDATE coverage_gaps SET in_force_from = greatest(opened_at, starts_at) WHERE in_force_from IS NULL")
    op.alter_column("coverage_gaps", "in_force_from", nullable=False)


def downgrade() -> None:
    op.drop_column("coverage_gaps", "in_force_from")
    op.drop_column("campaigns", "readiness_deadline")
