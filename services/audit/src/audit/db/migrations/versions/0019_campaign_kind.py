"""a campaign's kind (tet or drill): a drill — an exercise of a few hours before Tết — has no Tết opening
hours, so audit's status of the transaction points' hours refuses one instead of listing every point as missing

Revision ID: 0019
Revises: 0018

Each stored campaign takes the kind of the logged event it was last projected from (its ``updated_seq``):
the log is the record, and the kind is in every CampaignOpened/CampaignUpdated since roster had drills. A
campaign whose event says no kind (logged before drills existed) stays 'tet', which it was. The event
types are written out, not imported: a migration stays as it was when later code changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_CAMPAIGN_EVENT_TYPES = (
    "lichtruc.roster.campaign.opened.v1",
    "lichtruc.roster.campaign.updated.v1",
)


def upgrade() -> None:
    op.add_column(
        "campaigns",
        sa.Column("kind", sa.String(8), nullable=False, server_default="tet", comment="tet or drill (migration 0019)"),
    )
    types = ", ".join(f"'{t}'" for t in _CAMPAIGN_EVENT_TYPES)
    op.execute(
        "UPDATE campaigns AS c SET kind = logged.kind FROM ("
        "  SELECT seq, canonical::jsonb #>> '{data,kind}' AS kind"
        f"  FROM event_log WHERE event_type IN ({types})"
        ") AS logged WHERE logged.seq = c.updated_seq AND logged.kind IN ('tet', 'drill')"
    )


def downgrade() -> None:
    op.drop_column("campaigns", "kind")
