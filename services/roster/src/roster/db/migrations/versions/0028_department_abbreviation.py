"""the Department's abbreviation (`department_profile.abbreviation`): the issuing body's in its documents' numbers

Revision ID: 0028
Revises: 0027

The summary printed "Số: …/BC-STTTT" whatever the Department's name (QA: a province whose Department is now the
Sở Khoa học và Công nghệ needs "BC-SKHCN"). "" is none set: the numbers print the initials of the Department's name,
as they do for a profile saved before this column.
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("department_profile", sa.Column("abbreviation", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("department_profile", "abbreviation")
