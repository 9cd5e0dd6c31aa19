"""shifts.continues_shift_id, shifts.handover_absent: a handover's new shift keeps which shift it took over and whether
the manager said that one's people never came (roster's ShiftSnapshot, since 2026-12-07), so that presence
(domain/presence.py) takes a manager's word that they were there — "Người trực không đến" unticked — and does not
count them absent until the handover (QZ18 #5). NULL: not said (any other shift, and those projected before)

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("continues_shift_id", UUID(as_uuid=True), nullable=True))
    op.add_column("shifts", sa.Column("handover_absent", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("shifts", "handover_absent")
    op.drop_column("shifts", "continues_shift_id")
