"""feed_entries.handover*: a handover the entry's shift took part in (QZ22 #12c), for its calendar event to say it
as the portal's cards do — the side (took over another's rest, or the whole of one nobody came to; gave its rest,
or the whole of it), the other shift's people by name, the moment and the reason. The relieved people's names are
only on the other shift's snapshot, the relieved shift's reason only on its event: stored here once, at the
handover, so that serving a feed reads them with the entry. NULL (and no names) in the entries written before:
their events say nothing new

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "feed_entries",
        sa.Column("handover", sa.String(16), nullable=True, comment="took, took_whole, gave or gave_whole; NULL: none"),
    )
    op.add_column(
        "feed_entries",
        sa.Column(
            "handover_people",
            postgresql.ARRAY(sa.Text),
            nullable=False,
            server_default=sa.text("'{}'"),
            comment="the other shift's people (names): those relieved, or those taking over",
        ),
    )
    op.add_column(
        "feed_entries",
        sa.Column("handover_at", sa.DateTime(timezone=True), nullable=True, comment="the moment of the handover"),
    )
    op.add_column(
        "feed_entries",
        sa.Column(
            "handover_reason", sa.Text, nullable=True, comment="why the shift was handed over, as the manager typed it"
        ),
    )
    op.create_check_constraint(
        "ck_feed_entries_handover", "feed_entries", "handover IN ('took', 'took_whole', 'gave', 'gave_whole')"
    )


def downgrade() -> None:
    op.drop_constraint("ck_feed_entries_handover", "feed_entries", type_="check")
    for column in ("handover_reason", "handover_at", "handover_people", "handover"):
        op.drop_column("feed_entries", column)
