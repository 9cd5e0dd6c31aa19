"""accounts.staff_id, accounts.staff_known: the staff record an account is linked to (roster's account events carry
it), so that a mail to a duty worker can tell whether they can sign in to the portal (QZ25 #5: a swap request's
mail linked a colleague with no account to a sign-in he could not pass). The accounts stored before know no link:
`staff_known` false until their next event (`python -m roster publish-accounts` records each one again), and
while any does, whether a person has an account is not known

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column(
            "staff_id",
            postgresql.UUID(as_uuid=True),
            nullable=True,
            comment="the staff record the account is linked to (a staff account's; a linked manager's)",
        ),
    )
    op.add_column(
        "accounts",
        sa.Column(
            "staff_known",
            sa.Boolean,
            nullable=False,
            server_default=sa.false(),
            comment="false: stored before 0018, its staff record not known until its next event",
        ),
    )
    op.create_index("ix_accounts_staff_id", "accounts", ["staff_id"], postgresql_where=sa.text("staff_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_accounts_staff_id", table_name="accounts")
    op.drop_column("accounts", "staff_known")
    op.drop_column("accounts", "staff_id")
