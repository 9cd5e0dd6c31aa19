"""each requirement's versions (requirements.versions): what it said from when, so that coverage judges each
instant by the version in force then (domain/model.py RequirementVersion, lichtruc.coverage.in_force)

Revision ID: 0021
Revises: 0020

Every requirement stored before is one version, for the whole campaign (applies_from null): the events it
was projected from carry no applies_from, and such a version is exactly what judged it until now. The
field names are written out, not imported: a migration stays as it was when later code changes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "requirements",
        sa.Column("versions", postgresql.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    # A removal's version says nothing but that (its terms stay on the record, for the history's words).
    op.execute(
        "UPDATE requirements SET versions = jsonb_build_array(CASE WHEN removed THEN jsonb_build_object("
        "'number', version, 'applies_from', NULL, 'window', NULL, 'minimum', 0, 'peak_minimum', NULL, 'removed', true"
        ") ELSE jsonb_build_object('number', version, 'applies_from', NULL, 'window', \"window\", 'minimum', minimum,"
        " 'peak_minimum', peak_minimum, 'removed', false) END)"
    )


def downgrade() -> None:
    op.drop_column("requirements", "versions")
