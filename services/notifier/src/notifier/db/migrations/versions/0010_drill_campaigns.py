"""the campaign of each feed entry and gap, so that a drill's reminders, alerts and calendar events say they
are a drill's: the entries already kept take their shift's campaign from the stored snapshot, and those of a
drill known here and still shown are changed once (one more SEQUENCE: calendar clients take the marked title); gaps kept
before are read as no drill's (audit's events carried their campaign, notifier did not keep it)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "feed_entries",
        sa.Column("campaign_id", UUID(as_uuid=True), nullable=True, comment="the shift's; a drill's is marked (0010)"),
    )
    op.add_column(
        "gaps",
        sa.Column("campaign_id", UUID(as_uuid=True), nullable=True, comment="audit's; a drill's is marked (0010)"),
    )
    op.execute(
        """
        UPDATE feed_entries e SET campaign_id = (s.data ->> 'campaign_id')::uuid
        FROM shifts s
        WHERE s.shift_id = e.shift_id AND s.data ->> 'campaign_id' IS NOT NULL
        """
    )
    op.execute(
        """
        UPDATE feed_entries SET sequence = sequence + 1, changed_at = greatest(changed_at, now())
        WHERE campaign_id IN (SELECT campaign_id FROM deadline_campaigns WHERE kind = 'drill')
          AND (status = 'confirmed' OR retain_until > now())
        """
    )


def downgrade() -> None:
    op.drop_column("gaps", "campaign_id")
    op.drop_column("feed_entries", "campaign_id")
