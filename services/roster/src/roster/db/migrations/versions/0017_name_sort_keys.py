"""names get their sort key beside them: lists by name in Vietnamese order, not by code point

Revision ID: 0017
Revises: 0016

The staff list, the enterprise list (every enterprise chooser) and the accounts sorted by display
name were ordered by the names' code points: "Đặng" after "Võ", "Nguyễn" before "Ngô", "VNPT"
before "Viettel". The database has no Vietnamese collation, so each name gets a sort key beside it,
computed by the function every list uses (lichtruc.text.sort_key) and written by roster with the
name, as the folded search column is (db/search.py). Collated "C": PostgreSQL then compares keys
as Python does, whatever the database's locale.
"""

import sqlalchemy as sa
from alembic import op

from lichtruc.text import sort_key

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SORTED = {
    "enterprises": ("name", "name_sort"),
    "staff": ("full_name", "full_name_sort"),
    "accounts": ("display_name", "display_name_sort"),
}


def upgrade() -> None:
    conn = op.get_bind()
    for table, (column, key) in SORTED.items():
        op.add_column(table, sa.Column(key, sa.Text(collation="C"), nullable=True))
        rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
        if rows:
            conn.execute(
                sa.text(f"UPDATE {table} SET {key} = :v WHERE id = :id"),
                [{"v": sort_key(value), "id": ident} for ident, value in rows],
            )
        op.alter_column(table, key, nullable=False)


def downgrade() -> None:
    for table, (_, key) in SORTED.items():
        op.drop_column(table, key)
