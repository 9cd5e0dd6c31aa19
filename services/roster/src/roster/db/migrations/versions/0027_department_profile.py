"""the Department's profile: `department_profile`, one row

Revision ID: 0027
Revises: 0026

The province's and the Department's names were written into the documents (Long An's); they are now one record an
administrator sets, empty until then (no row), so that every other province's documents print their own names.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department_profile",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province", sa.String(100), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("superior", sa.String(200), nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("report_recipients", postgresql.JSONB, nullable=False),
        sa.Column("summary_recipients", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_department_profile_one_row"),
    )


def downgrade() -> None:
    op.drop_table("department_profile")
