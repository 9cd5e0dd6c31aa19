"""a shift keeps when it was first published: `shifts.published_at` (NULL: never published)

Revision ID: 0022
Revises: 0021

A draft cancelled before it was published was shown to its people as a cancelled shift ("Ca đã hủy"),
though nobody had been told of it. Whether a shift was ever published is now kept on it. Existing rows:
the time of the shift's first ShiftPublished in the outbox (roster keeps the rows it sent); failing that
(an outbox emptied by hand), a shift published, checked in or completed now, or cancelled after someone
checked in, was published — at its creation at the earliest, which is what it gets; any other shift, a
cancelled one included, stays NULL (never published, as far as roster knows).
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        """
        UPDATE shifts s SET published_at = first.at
        FROM (
            SELECT substring(payload::jsonb->>'subject' FROM 8)::uuid AS shift_id,
                   min((payload::jsonb->>'time')::timestamptz) AS at
            FROM outbox
            WHERE event_type = 'lichtruc.roster.shift.published.v1'
              AND payload::jsonb->>'subject' LIKE 'shifts/%'
            GROUP BY 1
        ) first
        WHERE s.id = first.shift_id
        """
    )
    op.execute(
        """
        UPDATE shifts SET published_at = created_at
        WHERE published_at IS NULL
          AND (
            status IN ('published', 'checked_in', 'completed')
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(assignees) a WHERE a->>'checked_in_at' IS NOT NULL)
          )
        """
    )


def downgrade() -> None:
    op.drop_column("shifts", "published_at")
