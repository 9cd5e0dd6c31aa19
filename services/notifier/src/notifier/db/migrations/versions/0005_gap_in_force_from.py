"""gaps.in_force_from: from when audit counts a gap as in force (NULL: older events, in force at once)

Revision ID: 0004
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("gaps", sa.Column("in_force_from", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("gaps", "in_force_from")
