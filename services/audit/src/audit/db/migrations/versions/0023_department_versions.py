"""the Department profile's versions tracked: its head starts from the highest version its events in the log
give (so that upgrading does not take the profile's next save for a jump over every earlier one)

Revision ID: 0023
Revises: 0022

As 0018 did for the accounts: gaps in the profile's history logged before this migration are found by
`python -m audit rebuild`. The event type, the aggregate's name and its id (`DEPARTMENT_KEY`, the events' key)
are written out, not imported: a migration stays as it was when later code changes.
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_EVENT_TYPE = "lichtruc.roster.department.changed.v1"
_DEPARTMENT_KEY = "12d9fa2c-18c4-5d20-b9f8-d245e6d407dd"


def upgrade() -> None:
    op.execute(
        "INSERT INTO aggregate_versions (aggregate_type, aggregate_id, version, updated_seq) "
        f"SELECT 'department', '{_DEPARTMENT_KEY}', (canonical::jsonb #>> '{{data,version}}')::bigint AS version, seq "
        f"FROM event_log WHERE event_type = '{_EVENT_TYPE}' ORDER BY version DESC, seq DESC LIMIT 1 "
        "ON CONFLICT (aggregate_type, aggregate_id) DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DELETE FROM aggregate_versions WHERE aggregate_type = 'department'")
