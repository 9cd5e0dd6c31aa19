"""campaigns.readiness_deadline (NULL: the default, 24 h before the campaign starts)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
# 0004 is another branch's; whoever merges second chains this one after it.
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("readiness_deadline", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("campaigns", "readiness_deadline")
