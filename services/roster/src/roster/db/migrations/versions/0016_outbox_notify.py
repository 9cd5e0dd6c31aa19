"""the outbox notifies its relay when rows are committed: a relay in another process (roster's
relay role, another replica) wakes at once instead of at its next poll

Revision ID: 0016
Revises: 0015
"""

from alembic import op

from lichtruc.outbox import add_outbox_notify_in_migration, drop_outbox_notify_in_migration

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_notify_in_migration(op)


def downgrade() -> None:
    drop_outbox_notify_in_migration(op)
