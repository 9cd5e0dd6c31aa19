"""coverage_keys by (enterprise, duty type): the index a change's transaction finds the keys of its
pairs by (db/batch.py, `_NEAR_KEY`), instead of through the campaigns of the pairs' requirements

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_coverage_keys_pair", "coverage_keys", ["enterprise_id", "duty_type"])


def downgrade() -> None:
    op.drop_index("ix_coverage_keys_pair", table_name="coverage_keys")
