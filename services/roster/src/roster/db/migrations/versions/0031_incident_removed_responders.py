"""an incident keeps the responders taken off it: `incidents.removed_responders`

Revision ID: 0031
Revises: 0030

QZ12 #12d: after "Gỡ" the incident's page said nothing of the removal, though the confirmation said the history
keeps it. Each responder taken off (who, as they had been added; when, by whom, why) is kept with the incident, as
its responders and updates are (JSONB). Existing rows: none taken off is known (audit's history has the ones before).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "incidents",
        sa.Column("removed_responders", JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
    )


def downgrade() -> None:
    op.drop_column("incidents", "removed_responders")
