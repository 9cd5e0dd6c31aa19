"""the stored sort keys are computed again: names ordered letter by letter in the Vietnamese alphabet

Revision ID: 0019
Revises: 0018

lichtruc.text.sort_key set diacritics aside ("Đỗ" before "Đoàn", since "do" < "doan"); it now orders
letter by letter in the Vietnamese alphabet (a < ă < â, d < đ, o < ô < ơ, u < ư) and then by tone.
The keys stored beside the names (0017, 0018) are the old function's: every one is computed again by
the function roster writes them with, so old and new rows order alike. Nothing to undo: a downgrade
leaves the keys as they are (0017's and 0018's downgrades drop them).
"""

import sqlalchemy as sa
from alembic import op

from lichtruc.text import sort_key

revision = "0019"
down_revision = "0018"
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
