"""the Department's border defaults are protected: a requirement made by the Tết border rule is
marked, with the minimums a manager may not go below (issue 12 review, part 2)

Existing requirements are marked when they look exactly as the rule made them: at a border site
of an enterprise in one of the campaign's border sectors, for one of its border duty types, every
day 00:00–00:00, minimum 1, no peak minimum. A requirement someone had already changed is left
unmarked (it can no longer be told apart from one set by hand).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "requirements", sa.Column("department_default", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column("requirements", sa.Column("floor_minimum", sa.Integer, nullable=True))
    op.add_column("requirements", sa.Column("floor_peak_minimum", sa.Integer, nullable=True))
    op.execute(
        """
        UPDATE requirements AS r
           SET department_default = true, floor_minimum = r.minimum, floor_peak_minimum = r.peak_minimum
          FROM sites AS s, enterprises AS e, campaigns AS c
         WHERE s.id = r.site_id AND e.id = s.enterprise_id AND c.id = r.campaign_id
           AND s.border_area
           AND c.border_sectors ? e.sector
           AND c.border_duty_types ? r.duty_type
           AND r.time_window = '{"kind": "daily", "start_local": "00:00", "end_local": "00:00"}'::jsonb
           AND r.minimum = 1 AND r.peak_minimum IS NULL
        """
    )


def downgrade() -> None:
    op.drop_column("requirements", "floor_peak_minimum")
    op.drop_column("requirements", "floor_minimum")
    op.drop_column("requirements", "department_default")
