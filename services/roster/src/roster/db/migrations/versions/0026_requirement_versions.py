"""every version of a requirement, with from when it applies: `requirement_versions`

Revision ID: 0026
Revises: 0025

A requirement changed during a campaign may be a new rule from then on or the correction of a number typed wrong;
the manager now says which, and the board judges each instant by the version in force then. Each requirement stored
before gets its present state as its one version, for the whole campaign (as every change was judged before).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requirement_versions",
        sa.Column("requirement_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("campaign_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("enterprise_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("applies_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("site_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("duty_type", sa.String(64), nullable=True),
        sa.Column("time_window", postgresql.JSONB, nullable=True),
        sa.Column("minimum", sa.Integer, nullable=True),
        sa.Column("peak_minimum", sa.Integer, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_requirement_versions_campaign_enterprise", "requirement_versions", ["campaign_id", "enterprise_id"]
    )
    op.execute(
        """
        INSERT INTO requirement_versions (requirement_id, version, campaign_id, enterprise_id, applies_from, site_id,
                                          duty_type, time_window, minimum, peak_minimum, recorded_at)
        SELECT id, version, campaign_id, enterprise_id, NULL, site_id, duty_type, time_window, minimum, peak_minimum,
               updated_at
          FROM requirements
        """
    )


def downgrade() -> None:
    op.drop_table("requirement_versions")
