"""the outbox parks a row Kafka refuses for its size (issue 11): `parked_at`, so the relay goes on

Revision ID: 0013
Revises: 0012
"""

from alembic import op

from lichtruc.outbox import add_outbox_parked_in_migration, drop_outbox_parked_in_migration

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_parked_in_migration(op)


def downgrade() -> None:
    drop_outbox_parked_in_migration(op)
