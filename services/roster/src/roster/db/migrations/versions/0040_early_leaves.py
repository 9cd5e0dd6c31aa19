"""a person on a shift under way tells the managers they must leave early: `early_leaves`

Revision ID: 0040
Revises: 0039

QZ29 #8: a duty worker who fell ill after checking in could only phone the manager, and nothing recorded that they
asked, when, or why. A notice (domain.early_leave) keeps the shift, the person, from when, why, the colleague who
agreed to take over (if any), and how it was closed (withdrawn, handed over, cancelled, reassigned); one open notice
per person and shift. No rows before it. The downgrade drops the table.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    uuid = postgresql.UUID(as_uuid=True)
    op.create_table(
        "early_leaves",
        sa.Column("id", uuid, primary_key=True),
        sa.Column("shift_id", uuid, sa.ForeignKey("shifts.id"), nullable=False),
        sa.Column("enterprise_id", uuid, nullable=False),
        sa.Column("staff_id", uuid, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("colleague_id", uuid, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("leave_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(200), nullable=True),
        sa.Column("handed_over_to", uuid, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_early_leaves_shift_id", "early_leaves", ["shift_id"])
    op.create_index("ix_early_leaves_enterprise_id", "early_leaves", ["enterprise_id"])
    op.create_index("ix_early_leaves_staff_id", "early_leaves", ["staff_id"])
    op.create_index(
        "uq_early_leaves_open",
        "early_leaves",
        ["shift_id", "staff_id"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_table("early_leaves")
