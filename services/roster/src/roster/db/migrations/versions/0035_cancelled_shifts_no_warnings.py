"""a cancelled shift holds no rest warnings: those stored before QZ20 #3 are cleared

Revision ID: 0035
Revises: 0034

Since QZ20 #3 a shift cancelled (directly, or handed over as nobody came) keeps no rest warnings: it is no longer
worked, so neither it nor its people can be short of rest because of it (`domain/shifts.py`). Shifts cancelled
before then still hold the warnings of when they were planned, and the board showed them on the cancelled card
("Đã hủy" beside "Cảnh báo — … chỉ được nghỉ 4 giờ 30 phút …"). Warnings are derived, not a record: clearing them
changes no version and tells nobody. Not undone by the downgrade (nothing to put back).
"""

from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE shifts SET warnings = '[]'::jsonb WHERE status = 'cancelled' AND warnings <> '[]'::jsonb")


def downgrade() -> None:
    pass
