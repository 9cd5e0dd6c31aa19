"""incidents: the latest state of each (with time to respond and to restore) and every version

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
JSONB = postgresql.JSONB


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("incident_id", UUID, primary_key=True),
        sa.Column("enterprise_id", UUID, nullable=False),
        sa.Column("sector", sa.String(20), nullable=True),
        sa.Column("campaign_id", UUID, nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("site_id", UUID, nullable=True),
        sa.Column("district", sa.Text, nullable=True),
        sa.Column("border", sa.Boolean, nullable=False),
        sa.Column("agency_links", sa.Boolean, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("restored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_seconds", sa.Integer, nullable=True),
        sa.Column("restore_seconds", sa.Integer, nullable=True),
        sa.Column("snapshot", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_incidents_enterprise_id", "incidents", ["enterprise_id"])
    op.create_index("ix_incidents_detected", "incidents", ["detected_at", "incident_id"])
    op.create_table(
        "incident_versions",
        sa.Column("incident_id", UUID, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("event_id", UUID, nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", JSONB, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("incident_versions")
    op.drop_index("ix_incidents_detected", "incidents")
    op.drop_index("ix_incidents_enterprise_id", "incidents")
    op.drop_table("incidents")
