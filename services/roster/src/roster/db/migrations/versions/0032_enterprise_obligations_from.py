"""an enterprise owes reports and readiness items from a day the Department chooses: `enterprises.obligations_from`

Revision ID: 0032
Revises: 0031

QZ11 #6 / QZ12 #5: an enterprise registered mid-campaign was told at once that the daily reports and readiness items
due before it existed were overdue. The administrator sets the local day it owes them from; those due before that day
are not owed. Existing rows: null (it owes everything, as before).
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprises", sa.Column("obligations_from", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("enterprises", "obligations_from")
