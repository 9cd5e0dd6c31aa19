"""feed_entries: indexes for a feed's version read (the latest retention end already passed
among its cancelled entries, per person and per enterprise)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_feed_entries_person_retained",
        "feed_entries",
        ["staff_id", "retain_until"],
        postgresql_where=sa.text("status = 'cancelled' AND staff_id IS NOT NULL"),
    )
    op.create_index(
        "ix_feed_entries_enterprise_retained",
        "feed_entries",
        ["enterprise_id", "retain_until"],
        postgresql_where=sa.text("status = 'cancelled' AND staff_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_feed_entries_enterprise_retained", table_name="feed_entries")
    op.drop_index("ix_feed_entries_person_retained", table_name="feed_entries")
