"""an inspection plan keeps where its last move came from and why: `rescheduled_from`, `reschedule_reason`

Revision ID: 0021
Revises: 0020

The reason of a move was only in the InspectionRescheduled event: the portal showed the new day alone. Plans
moved before this revision keep NULLs (never moved, as far as roster knows).
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inspections", sa.Column("rescheduled_from", sa.Date(), nullable=True))
    op.add_column("inspections", sa.Column("reschedule_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("inspections", "reschedule_reason")
    op.drop_column("inspections", "rescheduled_from")
