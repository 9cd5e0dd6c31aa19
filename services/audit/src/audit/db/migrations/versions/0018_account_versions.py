"""accounts' versions tracked: each account's head starts from the highest version its events in the
log give (so that upgrading does not take every account's next change for a jump)

Revision ID: 0018
Revises: 0017

As 0003 did for the aggregates tracked then: gaps in the account history logged before this
migration are found by `python -m audit rebuild`. The event types are written out, not imported:
a migration stays as it was when later code changes.
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_ACCOUNT_EVENT_TYPES = (
    "lichtruc.roster.account.created.v1",
    "lichtruc.roster.account.changed.v1",
    "lichtruc.roster.account.recorded.v1",
)


def upgrade() -> None:
    types = ", ".join(f"'{t}'" for t in _ACCOUNT_EVENT_TYPES)
    op.execute(
        "INSERT INTO aggregate_versions (aggregate_type, aggregate_id, version, updated_seq) "
        "SELECT DISTINCT ON (account_id) 'account', account_id, version, seq FROM ("
        "  SELECT (canonical::jsonb #>> '{data,account_id}')::uuid AS account_id,"
        "         (canonical::jsonb #>> '{data,version}')::bigint AS version, seq"
        f"  FROM event_log WHERE event_type IN ({types})"
        ") AS logged ORDER BY account_id, version DESC, seq DESC "
        "ON CONFLICT (aggregate_type, aggregate_id) DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DELETE FROM aggregate_versions WHERE aggregate_type = 'account'")
