"""the stored sort keys are computed again: numbers in names ordered by their value

Revision ID: 0020
Revises: 0019

lichtruc.text.sort_key compared digits one by one, as characters: "Trạm BTS 10" before "Trạm BTS 2",
"Bưu điện huyện 12" before "Bưu điện huyện 3". It now reads a run of digits as one number, ordered by
its value. The keys stored beside the names (0017, 0018, computed again by 0019) are the old function's:
every one is computed again by the function roster writes them with, so old and new rows order alike
(only keys of names with digits change). Nothing to undo: a downgrade leaves the keys as they are.
"""

import sqlalchemy as sa
from alembic import op

from lichtruc.text import sort_key

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# table → (name column, its sort key) pairs; a NULL name keeps a NULL key
KEYED = {
    "enterprises": (("name", "name_sort"),),
    "staff": (("full_name", "full_name_sort"),),
    "accounts": (("display_name", "display_name_sort"),),
    "sites": (("name", "name_sort"), ("district", "district_sort")),
}


def upgrade() -> None:
    conn = op.get_bind()
    for table, pairs in KEYED.items():
        for column, key in pairs:
            rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
            if rows:
                conn.execute(
                    sa.text(f"UPDATE {table} SET {key} = :v WHERE id = :id"),
                    [{"v": sort_key(value), "id": ident} for ident, value in rows],
                )


def downgrade() -> None:
    pass
