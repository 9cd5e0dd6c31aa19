"""an account knows whether its password was set by an administrator: `accounts.secret_from_admin`

Revision ID: 0030
Revises: 0029

QZ11 #7: a new manager signed in with the password the administrator had typed and nothing asked them to change it.
Set when an administrator makes the account or sets its password, cleared when its owner changes it; the portal
asks the owner to change it meanwhile (no lock-out). Existing rows: false (nobody is asked about a password already
in use).
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "accounts", sa.Column("secret_from_admin", sa.Boolean(), nullable=False, server_default=sa.text("false"))
    )


def downgrade() -> None:
    op.drop_column("accounts", "secret_from_admin")
