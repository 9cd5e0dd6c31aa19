"""a shift that took over another keeps whether that one's people never came: `shifts.handover_absent`

Revision ID: 0033
Revises: 0032

QZ13/QZ14: the mail to the person taking over a handed-over shift said "(người trực trước không đến)" also when the
manager had unticked "Người trực không đến": notifier guessed it from nobody having checked in. The handover now
records the manager's choice on the new shift, and its events carry it. Existing rows: NULL (not said; a shift
planned on its own, or one that took over before this).
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("handover_absent", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("shifts", "handover_absent")
