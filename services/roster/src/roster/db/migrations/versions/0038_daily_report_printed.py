"""a submitted daily report keeps the Department's place and recipients it was sent with: `daily_reports.printed`

Revision ID: 0038
Revises: 0037

A submitted report's PDF printed the place before its date ("Long An, ngày …") and its recipients ("Nơi nhận") from
the Department's profile as it is when printed: once an administrator changed them, every report already sent
printed the new ones (R2's leftover). The report now keeps them at its submission (`{"place", "recipients"}`), as it
keeps its section IV (0036), and its PDF prints those.

The reports already sent are given the profile as it is now — the best record of what they were sent with (the
profile's earlier versions are not kept); none while the Department has set none (their PDF then prints the profile
once one is set). Not undone by the downgrade beyond dropping the column.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("daily_reports", sa.Column("printed", postgresql.JSONB, nullable=True))
    op.execute(
        """
        UPDATE daily_reports d
        SET printed = jsonb_build_object('place', p.place, 'recipients', p.report_recipients)
        FROM department_profile p
        WHERE p.id = 1 AND p.version > 0
        """
    )


def downgrade() -> None:
    op.drop_column("daily_reports", "printed")
