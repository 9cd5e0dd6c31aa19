"""a swap request keeps the named colleague's answer, and how a manager approving without one says they agreed

Revision ID: 0037
Revises: 0036

QZ26 #12: a swap was approved before the colleague it named had said yes. The colleague now accepts or declines
first (`answer`, with an optional `answer_note`, at `answered_at`); a manager approving a request nobody accepted
records how the colleague agreed (`agreement`). Requests stored before have no answer: they wait for one, as new ones
do (a manager may approve them with an agreement). The downgrade drops the columns.
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("swaps", sa.Column("answer", sa.String(16), nullable=True))
    op.add_column("swaps", sa.Column("answer_note", sa.Text(), nullable=True))
    op.add_column("swaps", sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("swaps", sa.Column("agreement", sa.Text(), nullable=True))


def downgrade() -> None:
    for column in ("agreement", "answered_at", "answer_note", "answer"):
        op.drop_column("swaps", column)
