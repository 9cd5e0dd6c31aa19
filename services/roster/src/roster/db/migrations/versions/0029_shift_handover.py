"""a shift that took over the rest of another keeps which one and why: `shifts.continues_shift_id`,
`shifts.handover_reason` (NULL: a shift planned on its own)

Revision ID: 0029
Revises: 0028

A leader who checked in and fell ill left the manager no way out but an extra overlapping shift, the ill leader
still on record as on duty. Now the rest of a shift that has begun is handed over: the shift ends at that moment
and a new one, published, takes over to the old end, recording which shift it continues and why. Existing rows:
NULL (none continues another).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("continues_shift_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.add_column("shifts", sa.Column("handover_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("shifts", "handover_reason")
    op.drop_column("shifts", "continues_shift_id")
