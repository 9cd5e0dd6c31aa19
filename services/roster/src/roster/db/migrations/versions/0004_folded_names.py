"""names in NFC, and folded beside them for search (pg_trgm indexes)

Revision ID: 0004
Revises: 0003

Names typed in decomposed Unicode (NFD: some keyboards, text copied from PDFs) were stored
as typed, so searching the usual (NFC) spelling found nobody. Existing names and free texts
are brought to NFC here — unless the NFC spelling of a unique name is already taken, which
leaves that row as it was — and every searchable name gets its folded companion, computed by
the same function the service uses (roster.domain.reference.fold: one rule for search and
import).
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

from lichtruc.text import fold

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table → free-text columns brought to NFC (names first); unique names are handled apart.
TEXTS = {
    "campaigns": ("name",),
    "sites": ("district",),
    "staff": ("full_name",),
    "accounts": ("display_name",),
    "shifts": ("notes", "cancel_reason"),
    "swaps": ("reason", "decision_note"),
}
UNIQUE_NAMES = {"enterprises": ("name", ()), "sites": ("name", ("enterprise_id",))}
FOLDED = {
    "enterprises": ("name", "name_folded"),
    "staff": ("full_name", "full_name_folded"),
    "accounts": ("display_name", "display_name_folded"),
}


def _nfc(text: str | None) -> str | None:
    return None if text is None else unicodedata.normalize("NFC", text)


def upgrade() -> None:
    # Trigram indexes make "contains" searches (LIKE '%…%') use an index. pg_trgm is a trusted
    # extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn = op.get_bind()
    for table, columns in TEXTS.items():
        for column in columns:
            rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
            for ident, value in rows:
                if _nfc(value) != value:
                    conn.execute(
                        sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), {"v": _nfc(value), "id": ident}
                    )
    for table, (column, scope) in UNIQUE_NAMES.items():
        keys = ", ".join(scope + (column,))
        named = conn.execute(sa.text(f"SELECT id, {keys} FROM {table}")).mappings().all()
        taken = {tuple(r[k] for k in scope + (column,)) for r in named}
        for r in named:
            nfc = _nfc(r[column])
            key = tuple(r[k] for k in scope) + (nfc,)
            if nfc != r[column] and key not in taken:
                conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), {"v": nfc, "id": r["id"]})
                taken.add(key)
    for table, (column, folded) in FOLDED.items():
        op.add_column(table, sa.Column(folded, sa.String(200), nullable=True))
        for ident, value in conn.execute(sa.text(f"SELECT id, {column} FROM {table}")).all():
            conn.execute(sa.text(f"UPDATE {table} SET {folded} = :v WHERE id = :id"), {"v": fold(value), "id": ident})
        op.alter_column(table, folded, nullable=False)
        op.create_index(
            f"ix_{table}_{folded}_trgm",
            table,
            [folded],
            postgresql_using="gin",
            postgresql_ops={folded: "gin_trgm_ops"},
        )


def downgrade() -> None:
    for table, (_, folded) in FOLDED.items():
        op.drop_index(f"ix_{table}_{folded}_trgm", table_name=table)
        op.drop_column(table, folded)
