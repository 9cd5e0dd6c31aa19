"""an e-mail links a person's records: unique per enterprise, shared by the records of one person
at several enterprises (issue 12 review, part 1a)

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE staff DROP CONSTRAINT IF EXISTS staff_email_key")
    op.create_index("uq_staff_enterprise_email", "staff", ["enterprise_id", "email"], unique=True)
    op.create_index("ix_staff_email", "staff", ["email"])


def downgrade() -> None:
    op.drop_index("ix_staff_email", "staff")
    op.drop_index("uq_staff_enterprise_email", "staff")
    op.create_unique_constraint("staff_email_key", "staff", ["email"])
