"""the log as a Merkle tree: leaves, perfect-subtree hashes, signed tree heads

Revision ID: 0006
Revises: 0005

Logs recorded before are placed in the tree here, in seq order (leaf index = the record's
rank; = seq - 1 unless an aborted append left a hole in the seq). Their first tree head is
signed by the service when it next starts (a migration holds no key).
"""

import sqlalchemy as sa
from alembic import op

from audit.domain.merkle import frontier, grow, leaf_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 2000
TABLES = ("log_leaves", "merkle_nodes", "tree_heads")


def upgrade() -> None:
    op.create_table(
        "log_leaves",
        sa.Column("leaf_index", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
    )
    op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "tree_heads",
        sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root_hash", sa.LargeBinary, nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    _place_existing_records()
    op.execute(
        """
        CREATE FUNCTION merkle_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION merkle_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION merkle_append_only()"
        )


def _place_existing_records() -> None:
    """Leaves and perfect subtrees for the records already logged, in order, a batch at a time."""
    bind = op.get_bind()
    leaves = sa.table("log_leaves", sa.column("leaf_index"), sa.column("seq"))
    nodes = sa.table("merkle_nodes", sa.column("level"), sa.column("idx"), sa.column("hash"))
    size, after = 0, 0
    edge: dict[tuple[int, int], bytes] = {}
    while True:
        rows = bind.execute(
            sa.text("SELECT seq, canonical FROM event_log WHERE seq > :after ORDER BY seq LIMIT :n"),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            return
        grown = grow(size, [edge[r] for r in frontier(size)], [leaf_hash(r.canonical.encode("utf-8")) for r in rows])
        bind.execute(leaves.insert(), [{"leaf_index": size + i, "seq": r.seq} for i, r in enumerate(rows)])
        bind.execute(nodes.insert(), [{"level": lvl, "idx": idx, "hash": h} for lvl, idx, h in grown.nodes])
        edge.update({(lvl, idx): h for lvl, idx, h in grown.nodes})
        size, after = grown.size, rows[-1].seq
        edge = {r: edge[r] for r in frontier(size)}


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    op.execute("DROP FUNCTION merkle_append_only()")
