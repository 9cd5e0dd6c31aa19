"""accounts and department: roster's manager accounts (their sign-in addresses are told of the Department's
inspections beside an enterprise's own addresses) and the Department's name as its profile was last saved (the
inspections' mails name it, not a name written in the code)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("account_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("login", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column(
            "enterprise_ids", postgresql.ARRAY(postgresql.UUID(as_uuid=True)), nullable=False, server_default="{}"
        ),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        comment="roster's accounts (its account events): a manager's sign-in address is told of inspections (0014)",
    )
    op.create_table(
        "department",
        sa.Column("key", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("department", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        comment="the Department's name as its profile was last saved (one row): inspections' mails name it (0014)",
    )


def downgrade() -> None:
    op.drop_table("department")
    op.drop_table("accounts")
