"""check_in_alerts.late_reason: why a person came late, as their late check-in said it (or the manager recording their
arrival), for the arrival notice told to the managers and the leader on duty (QZ29 #13: they had to phone to ask)

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "check_in_alerts",
        sa.Column("late_reason", sa.Text, nullable=True, comment="why the person came late, as they said; 0020"),
    )


def downgrade() -> None:
    op.drop_column("check_in_alerts", "late_reason")
