"""gaps.closed_reason: why audit closed a gap (covered, or requirement_changed: only its requirement was lowered or
removed), so a closing notice says "the requirement changed", never "staffed", when nobody was added (NULL: open,
or closed before the field existed)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "gaps",
        sa.Column("closed_reason", sa.String(32), nullable=True, comment="audit's, for a closed gap (0012)"),
    )


def downgrade() -> None:
    op.drop_column("gaps", "closed_reason")
