"""sites get sort keys for their name and district: the sites list and the Tết hours in Vietnamese order

Revision ID: 0018
Revises: 0017

The sites list (every site chooser) was grouped by the enterprise's id, its names by code point
("Trạm Đức Hòa" after "Trạm Vĩnh Hưng"), and the published Tết hours listed districts by code point
("Đức Hòa" after "Vĩnh Hưng"). As 0017 did for the other names, each site's name gets a sort key
beside it, and its district one too (NULL without a district, so that those are listed last as
before), computed by lichtruc.text.sort_key and written by roster with the site (db/search.py).
"""

import sqlalchemy as sa
from alembic import op

from lichtruc.text import sort_key

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("sites", sa.Column("name_sort", sa.Text(collation="C"), nullable=True))
    op.add_column("sites", sa.Column("district_sort", sa.Text(collation="C"), nullable=True))
    rows = conn.execute(sa.text("SELECT id, name, district FROM sites")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE sites SET name_sort = :name, district_sort = :district WHERE id = :id"),
            [
                {"name": sort_key(name), "district": None if district is None else sort_key(district), "id": ident}
                for ident, name, district in rows
            ],
        )
    op.alter_column("sites", "name_sort", nullable=False)


def downgrade() -> None:
    op.drop_column("sites", "district_sort")
    op.drop_column("sites", "name_sort")
