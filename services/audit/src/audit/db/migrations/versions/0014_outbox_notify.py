"""the outbox notifies its relay when rows are committed: a relay in another process (roster's
relay role, another replica) wakes at once instead of at its next poll

Revision ID: 0014
Revises: 0013
"""

from alembic import op

from lichtruc.outbox import add_outbox_notify_in_migration, drop_outbox_notify_in_migration

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_notify_in_migration(op)


def downgrade() -> None:
    drop_outbox_notify_in_migration(op)
