"""a cancelled shift's reason and, for a person taken off a shift, who took it over

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "feed_entries",
        sa.Column("cancel_reason", sa.Text, nullable=True, comment="why the manager cancelled the shift"),
    )
    op.add_column(
        "feed_entries",
        sa.Column(
            "handed_to",
            postgresql.ARRAY(sa.Text),
            nullable=False,
            server_default=sa.text("'{}'"),
            comment="who took the shift over from this person (names), when they were taken off it",
        ),
    )


def downgrade() -> None:
    op.drop_column("feed_entries", "handed_to")
    op.drop_column("feed_entries", "cancel_reason")
