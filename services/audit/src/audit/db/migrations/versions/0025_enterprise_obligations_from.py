"""enterprises.obligations_from: the local day (ISO 8601) an enterprise owes daily reports and readiness items from,
as the Department set it (roster's EnterpriseRegistered/Updated; QZ11 #6 / QZ12 #5): a report or item due before it
is not listed missing or overdue. NULL: it owes everything, as every enterprise projected before the field existed
(their events carry none)

Revision ID: 0025
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprises", sa.Column("obligations_from", sa.String(10), nullable=True))


def downgrade() -> None:
    op.drop_column("enterprises", "obligations_from")
