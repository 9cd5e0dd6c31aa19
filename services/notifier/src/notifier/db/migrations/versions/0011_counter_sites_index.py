"""post offices publish their Tết opening hours as transaction points do (lichtruc.counters): the deadline sweep's
partial index on the sites that publish them covers both kinds. The sites themselves need nothing: every site
roster registers is kept here with its kind, post offices too

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The kinds as they stand in this revision: a later change of lichtruc.counters is a migration of its own.
COUNTER_KINDS = "kind IN ('post_office', 'transaction_point')"


def upgrade() -> None:
    op.drop_index("ix_sites_transaction_points", table_name="sites")
    op.create_index("ix_sites_counters", "sites", ["enterprise_id"], postgresql_where=sa.text(COUNTER_KINDS))


def downgrade() -> None:
    op.drop_index("ix_sites_counters", table_name="sites")
    op.create_index(
        "ix_sites_transaction_points",
        "sites",
        ["enterprise_id"],
        postgresql_where=sa.text("kind = 'transaction_point'"),
    )
