"""enterprises.obligations_from: the local day an enterprise owes daily reports and readiness items from, as the
Department set it (roster's EnterpriseRegistered/Updated); the deadline sweep tells it of nothing due before it
(QZ11 #6 / QZ12 #5). NULL: it owes everything, as every enterprise known before the field existed

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
    op.add_column("enterprises", sa.Column("obligations_from", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("enterprises", "obligations_from")
