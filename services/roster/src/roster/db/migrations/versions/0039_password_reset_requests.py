"""an account remembers a request for a new password still open: `accounts.reset_requested_at`

Revision ID: 0039
Revises: 0038

QZ29 #15: someone who forgot their password asks at the portal's sign-in page ("Quên mật khẩu?"); roster records
the request on an active account (and publishes `PasswordResetRequested`) and the Department's administrators, told
by mail, see it on their accounts page until one of them sets a new password, or the person signs in again. The
column holds when the request still open was first made; null when none is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("reset_requested_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "reset_requested_at")
