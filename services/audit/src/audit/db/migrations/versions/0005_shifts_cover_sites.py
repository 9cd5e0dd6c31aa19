"""shifts that cover further sites: the sites a patrol round covers besides its own

Revision ID: 0004
Revises: 0004

Shifts projected before keep no further sites (none existed); `python -m audit rebuild`
re-reads them from the log anyway.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "shifts", sa.Column("covers_site_ids", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
    )


def downgrade() -> None:
    op.drop_column("shifts", "covers_site_ids")
