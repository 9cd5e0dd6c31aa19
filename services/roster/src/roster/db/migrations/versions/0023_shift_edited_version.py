"""a shift keeps the version a person last made when only its rest warnings changed since:
`shifts.edited_version` (NULL: the current version is a person's)

Revision ID: 0023
Revises: 0022

A change to one of a person's shifts recomputes the rest warnings of their neighbouring shifts, and each
neighbour whose warnings changed is saved at its next version. A manager who had read such a neighbour
(another tab, the board loaded a minute before) was then refused with a 412 for a change nobody made to
what they saw. A change now names the version it read; roster lets it through when every version since was
only such a recomputation. Existing rows: NULL (their versions are all people's, as far as roster knows).
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shifts", sa.Column("edited_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("shifts", "edited_version")
