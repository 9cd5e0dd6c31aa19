"""check_in_alerts: a missed check-in told to the person, the leader on duty and the managers, one per shift and
person, due 15 minutes after the start and cancelled by the check-in; a late check-in after it told to those told
(QZ26: nobody was told of four people missing from 18:00 on giao thừa night)

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_in_alerts",
        sa.Column("shift_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("staff_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("enterprise_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False, comment="the shift's start the alert is of"),
        sa.Column(
            "known_at", sa.DateTime(timezone=True), nullable=False, comment="when the person was known on the shift"
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('scheduled', 'withdrawn', 'dispatched', 'late', 'arrived', 'skipped')",
            name="ck_check_in_alerts_status",
        ),
        comment="a missed check-in told, one per shift and person (domain/check_ins.py); 0019",
    )
    op.create_index(
        "ix_check_in_alerts_due",
        "check_in_alerts",
        ["due_at"],
        postgresql_where=sa.text("status IN ('scheduled', 'late')"),
    )


def downgrade() -> None:
    op.drop_index("ix_check_in_alerts_due", table_name="check_in_alerts")
    op.drop_table("check_in_alerts")
