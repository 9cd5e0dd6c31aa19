"""shifts whose rest warnings are to be computed again once free: `rewarn_queue`

Revision ID: 0024
Revises: 0023

A change to a person's shift recomputes the warnings of their shifts next to it, taking those shifts with
SKIP LOCKED: one another transaction held was left as it was until the next change near it. Such a shift is
now queued in the same transaction, and roster computes its warnings again once it is free.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rewarn_queue",
        # No foreign key to shifts: checking one takes a KEY SHARE lock on the shift, which would wait for the
        # very FOR UPDATE that made it queued. Shifts are never deleted.
        sa.Column("shift_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("rewarn_queue")
