"""deliveries: an index for the alert digest (a recipient's gap alerts and notices not sent yet)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_deliveries_digest",
        "deliveries",
        ["recipient", "next_attempt_at"],
        postgresql_where=sa.text("status IN ('pending', 'sending') AND kind IN ('gap_opened', 'gap_closed')"),
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_digest", table_name="deliveries")
