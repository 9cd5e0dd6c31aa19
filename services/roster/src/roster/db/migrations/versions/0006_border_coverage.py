"""border coverage: a campaign's Tết defaults for border sites, and the further sites a shift covers

Revision ID: 0005
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Campaigns opened before the defaults existed keep none: setting them is the administrator's choice.
    op.add_column(
        "campaigns",
        sa.Column("border_duty_types", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.add_column(
        "campaigns",
        sa.Column("border_sectors", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.add_column(
        "shifts", sa.Column("covers_site_ids", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
    )


def downgrade() -> None:
    op.drop_column("shifts", "covers_site_ids")
    op.drop_column("campaigns", "border_sectors")
    op.drop_column("campaigns", "border_duty_types")
