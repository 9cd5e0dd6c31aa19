"""event_log by (event_type, seq): the history of accounts reads the records of two types, newest or
oldest first, among a log of mostly shift changes — without it, a page walked the log backwards from
its tip until it had found enough of them (the whole log when there are fewer)

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_log_event_type_seq", "event_log", ["event_type", "seq"])


def downgrade() -> None:
    op.drop_index("ix_event_log_event_type_seq", table_name="event_log")
