"""coverage_gaps.alerted is renamed announced: what audit knows is that it published the gap on
Kafka, not whether notifier alerted anyone (it alerts only gaps in force or imminent)

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("coverage_gaps", "alerted", new_column_name="announced")


def downgrade() -> None:
    op.alter_column("coverage_gaps", "announced", new_column_name="alerted")
