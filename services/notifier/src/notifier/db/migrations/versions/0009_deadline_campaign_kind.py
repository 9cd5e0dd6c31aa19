"""a campaign's kind among the deadlines' facts: a drill has no Tết opening hours to publish, so its
enterprises are told nothing of them (campaigns kept before are read as Tết campaigns until their next event)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "deadline_campaigns",
        sa.Column("kind", sa.String(8), nullable=False, server_default="tet", comment="tet or drill (migration 0009)"),
    )


def downgrade() -> None:
    op.drop_column("deadline_campaigns", "kind")
