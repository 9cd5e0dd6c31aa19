"""the shifts that took over others are found by an index: `ix_shifts_continues_shift_id`

Revision ID: 0034
Revises: 0033

Since QZ18 #4 every page of shifts that have begun asks which shifts took over the rest of them (the staff member's
past card says to whom and from when: `ShiftRepository.taken_over`, `continues_shift_id IN (…)`). Without an index
that read was a scan of every shift of the season for each page. Partial: only the few shifts that took one over.
"""

from alembic import op
from sqlalchemy import text

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_shifts_continues_shift_id",
        "shifts",
        ["continues_shift_id"],
        postgresql_where=text("continues_shift_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_shifts_continues_shift_id", table_name="shifts")
