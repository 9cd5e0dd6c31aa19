"""where each version of a requirement counts (requirements.versions[].enterprise_id, site_id, duty_type), and
the traces of a requirement moved elsewhere (requirements.trace_of): the site, duty type or enterprise it left
keeps its versions before the move, as roster's board does (domain/model.py `requirement_traces`)

Revision ID: 0022
Revises: 0021

A version stored before said nothing of where it counts: it counted at its record's place, which it is given
(a removal's says nothing: it requires nothing anywhere) — what a replay of its events derives for a
requirement that never moved. One moved before this revision kept no versions from before the move (its
record's were started anew at the new place), so its trace cannot be read off the stored rows: `python -m
audit rebuild` derives it from the log (`--check` lists such requirements, with their keys' gaps), as it did
for 0020. The field names are written out, not imported: a migration stays as it was when later code changes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("requirements", sa.Column("trace_of", postgresql.UUID(as_uuid=True), nullable=True))
    op.execute(
        "UPDATE requirements AS r SET versions = coalesce(("
        "SELECT jsonb_agg(CASE WHEN (v ->> 'removed')::boolean OR r.duty_type = '' "
        "THEN v || jsonb_build_object('enterprise_id', NULL, 'site_id', NULL, 'duty_type', NULL) "
        "ELSE v || jsonb_build_object('enterprise_id', r.enterprise_id::text, 'site_id', r.site_id::text, "
        "'duty_type', r.duty_type) END ORDER BY ord) "
        "FROM jsonb_array_elements(r.versions) WITH ORDINALITY AS e(v, ord)), '[]'::jsonb)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM requirements WHERE trace_of IS NOT NULL")
    op.execute(
        "UPDATE requirements SET versions = coalesce(("
        "SELECT jsonb_agg(v - 'enterprise_id' - 'site_id' - 'duty_type' ORDER BY ord) "
        "FROM jsonb_array_elements(versions) WITH ORDINALITY AS e(v, ord)), '[]'::jsonb)"
    )
    op.drop_column("requirements", "trace_of")
