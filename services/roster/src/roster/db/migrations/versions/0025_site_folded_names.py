"""sites get their name folded beside it: the sites list searches by name (`q`)

Revision ID: 0025
Revises: 0024

A province has hundreds of sites (base stations above all), and the administrator's list of them could not be
searched by name. As 0004 did for enterprises, staff and accounts, each site's name gets its folded companion,
computed by the function the service uses (lichtruc.text.fold: case, diacritics, đ → d and spacing aside) and
written by roster with the name (db/search.py), with a pg_trgm index for "contains" searches.
"""

import sqlalchemy as sa
from alembic import op

from lichtruc.text import fold

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("sites", sa.Column("name_folded", sa.String(200), nullable=True))
    rows = conn.execute(sa.text("SELECT id, name FROM sites")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE sites SET name_folded = :folded WHERE id = :id"),
            [{"folded": fold(name), "id": ident} for ident, name in rows],
        )
    op.alter_column("sites", "name_folded", nullable=False)
    op.create_index(
        "ix_sites_name_folded_trgm",
        "sites",
        ["name_folded"],
        postgresql_using="gin",
        postgresql_ops={"name_folded": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_sites_name_folded_trgm", table_name="sites")
    op.drop_column("sites", "name_folded")
