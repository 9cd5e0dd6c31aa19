"""who issued and who revoked each feed link

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "feed_subscriptions",
        sa.Column("created_by", sa.Text, nullable=True, comment="account id of whoever issued the link"),
    )
    op.add_column(
        "feed_subscriptions",
        sa.Column("revoked_by", sa.Text, nullable=True, comment="account id of whoever revoked it"),
    )


def downgrade() -> None:
    op.drop_column("feed_subscriptions", "revoked_by")
    op.drop_column("feed_subscriptions", "created_by")
