"""sequence gaps: each aggregate's highest version received, and the versions that went missing

Revision ID: 0003
Revises: 0002

The heads start from the versions the read model already holds (so that upgrading does not
take every existing aggregate's next event for a jump); gaps in the history logged before this
migration are found by `python -m audit rebuild`.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
TS = sa.DateTime(timezone=True)

_ENTITIES = {
    "campaign": "campaigns",
    "enterprise": "enterprises",
    "site": "sites",
    "staff": "staff",
    "requirement": "requirements",
    "shift": "shifts",
}


def upgrade() -> None:
    op.create_table(
        "aggregate_versions",
        sa.Column("aggregate_type", sa.String(20), primary_key=True),
        sa.Column("aggregate_id", UUID, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "sequence_gaps",
        sa.Column("gap_id", UUID, primary_key=True),
        sa.Column("aggregate_type", sa.String(20), nullable=False),
        sa.Column("aggregate_id", UUID, nullable=False),
        sa.Column("partition_key", sa.String(255), nullable=False),
        sa.Column("expected_version", sa.BigInteger, nullable=False),
        sa.Column("first_seen_version", sa.BigInteger, nullable=False),
        sa.Column("noticed_seq", sa.BigInteger, nullable=False),
        sa.Column("noticed_at", TS, nullable=False),
        sa.Column("noticed_by_event_id", UUID, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_seq", sa.BigInteger, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("closed_by_event_id", UUID, nullable=True),
    )
    op.create_index("ix_sequence_gaps_status_noticed", "sequence_gaps", ["status", "noticed_seq"])
    op.create_index("ix_sequence_gaps_aggregate", "sequence_gaps", ["aggregate_type", "aggregate_id"])
    for kind, table in _ENTITIES.items():
        op.execute(
            f"INSERT INTO aggregate_versions (aggregate_type, aggregate_id, version, updated_seq) "
            f"SELECT '{kind}', {kind}_id, version, updated_seq FROM {table}"
        )


def downgrade() -> None:
    op.drop_table("sequence_gaps")
    op.drop_table("aggregate_versions")
