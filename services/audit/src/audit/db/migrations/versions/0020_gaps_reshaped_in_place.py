"""the changes that reshaped a gap in place: coverage_gaps.widened_by_event_ids (widened or deepened it
— among its causes) and coverage_gaps.narrowed_by_event_ids (only narrowed it), domain/live.py "Causes"

Revision ID: 0020
Revises: 0019

Gaps stored before keep both empty: the rule that fills them is the replay's, not something a statement
can read off the stored rows. `python -m audit rebuild` derives them (and the causes the widening changes
add) from the log; until then such a gap's page names no change as having widened or narrowed it.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_COLUMNS = ("widened_by_event_ids", "narrowed_by_event_ids")


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column(
            "coverage_gaps", sa.Column(name, postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
        )


def downgrade() -> None:
    for name in reversed(_COLUMNS):
        op.drop_column("coverage_gaps", name)
