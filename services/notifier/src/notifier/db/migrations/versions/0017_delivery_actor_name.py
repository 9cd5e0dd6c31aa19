"""deliveries.actor_name: who a notice says made the change, for the sender to write it again when it goes out —
a published shift's notice (QZ24 #1) is written again from the person's entries when sent, alone or with their
other shifts published within the window, in one mail (`handlers.deliveries`), and says who published each: the
manager's display name, '' for a manager not named, NULL for none (roster or an import). NULL in the deliveries
written before: they go as written

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "deliveries",
        sa.Column(
            "actor_name",
            sa.Text,
            nullable=True,
            comment="who the notice says made the change ('' a manager not named; NULL none)",
        ),
    )


def downgrade() -> None:
    op.drop_column("deliveries", "actor_name")
