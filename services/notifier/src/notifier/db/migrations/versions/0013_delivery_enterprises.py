"""deliveries.enterprise_ids: the enterprises of a message that concerns several (a manager of two enterprises'
readiness mail names both), so that it lists for whoever manages them all and for the filter on any one of them
(NULL: a message of one enterprise or none, and every delivery made before the field existed)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "deliveries",
        sa.Column(
            "enterprise_ids",
            postgresql.ARRAY(postgresql.UUID(as_uuid=True)),
            nullable=True,
            comment="of a message that concerns several enterprises (enterprise_id NULL), e.g. a readiness mail (0013)",
        ),
    )


def downgrade() -> None:
    op.drop_column("deliveries", "enterprise_ids")
