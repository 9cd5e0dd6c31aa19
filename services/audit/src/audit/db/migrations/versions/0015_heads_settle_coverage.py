"""tree_heads.coverage_per_batch: whether the append transaction a head closes settled coverage once
for all its events (true from this migration on) or after each of its events (the heads before it),
so that a rebuild settles coverage where the consumer did (domain/live.py, "Settled per append")

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A constant default: no row is rewritten (and the table's no-update trigger does not fire).
    op.add_column("tree_heads", sa.Column("coverage_per_batch", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("tree_heads", "coverage_per_batch")
