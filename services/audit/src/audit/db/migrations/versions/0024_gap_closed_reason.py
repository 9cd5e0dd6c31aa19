"""why a closed gap closed: coverage_gaps.closed_reason — "covered" (people added) or "requirement_changed" (only
its requirement was lowered or removed; QZ11: such a gap was listed as "Đã được bổ sung")

Revision ID: 0024
Revises: 0023

A gap closed before is given the reason the projector would have (domain/live.py `reconcile_gaps`): the events that
closed it (closed_by_event_ids) all requirement events of the log — requirement_changed; else covered. The event
types are written out, not imported: a migration stays as it was when later code changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_REQUIREMENT_TYPES = ("lichtruc.roster.requirement.set.v1", "lichtruc.roster.requirement.removed.v1")


def upgrade() -> None:
    op.add_column("coverage_gaps", sa.Column("closed_reason", sa.String(20), nullable=True))
    types = ", ".join(f"'{t}'" for t in _REQUIREMENT_TYPES)
    op.execute(
        "UPDATE coverage_gaps AS g SET closed_reason = CASE WHEN jsonb_array_length(g.closed_by_event_ids) > 0 "
        "AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(g.closed_by_event_ids) AS c(id) WHERE NOT EXISTS "
        f"(SELECT 1 FROM event_log AS e WHERE e.event_id::text = c.id AND e.event_type IN ({types}))) "
        "THEN 'requirement_changed' ELSE 'covered' END WHERE g.status = 'closed'"
    )


def downgrade() -> None:
    op.drop_column("coverage_gaps", "closed_reason")
