"""people across enterprises (a person id shared by linked staff records, national ID number,
no double booking per person) and drill campaigns (a campaign kind; one Tết campaign per lunar
year, drills free)

Revision ID: 0005
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    # Each existing record is its own person: records are linked when they are registered, so that
    # a link never makes existing bookings collide.
    op.add_column("staff", sa.Column("national_id", sa.String(20), nullable=True))
    op.add_column("staff", sa.Column("person_id", UUID, nullable=True))
    op.execute("UPDATE staff SET person_id = id")
    op.alter_column("staff", "person_id", nullable=False)
    op.create_index("ix_staff_person_id", "staff", ["person_id"])
    op.create_index("ix_staff_national_id", "staff", ["national_id"])
    op.create_index("ix_staff_phone", "staff", ["phone"])

    op.add_column("shift_assignments", sa.Column("person_id", UUID, nullable=True))
    op.execute("UPDATE shift_assignments sa SET person_id = s.person_id FROM staff s WHERE s.id = sa.staff_id")
    op.alter_column("shift_assignments", "person_id", nullable=False)
    op.execute("ALTER TABLE shift_assignments DROP CONSTRAINT no_double_booking")
    op.execute(
        "ALTER TABLE shift_assignments ADD CONSTRAINT no_double_booking "
        "EXCLUDE USING gist (person_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (active)"
    )

    op.add_column("campaigns", sa.Column("kind", sa.String(8), nullable=False, server_default="tet"))
    op.create_check_constraint("ck_campaigns_kind", "campaigns", "kind IN ('tet', 'drill')")
    op.drop_constraint("campaigns_lunar_year_key", "campaigns", type_="unique")
    op.create_index(
        "uq_campaigns_tet_lunar_year",
        "campaigns",
        ["lunar_year"],
        unique=True,
        postgresql_where=sa.text("kind = 'tet'"),
    )


def downgrade() -> None:
    op.execute("DELETE FROM campaigns WHERE kind <> 'tet'")
    op.drop_index("uq_campaigns_tet_lunar_year", "campaigns")
    op.create_unique_constraint("campaigns_lunar_year_key", "campaigns", ["lunar_year"])
    op.drop_constraint("ck_campaigns_kind", "campaigns", type_="check")
    op.drop_column("campaigns", "kind")
    op.execute("ALTER TABLE shift_assignments DROP CONSTRAINT no_double_booking")
    op.execute(
        "ALTER TABLE shift_assignments ADD CONSTRAINT no_double_booking "
        "EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (active)"
    )
    op.drop_column("shift_assignments", "person_id")
    op.drop_index("ix_staff_phone", "staff")
    op.drop_index("ix_staff_national_id", "staff")
    op.drop_index("ix_staff_person_id", "staff")
    op.drop_column("staff", "person_id")
    op.drop_column("staff", "national_id")
