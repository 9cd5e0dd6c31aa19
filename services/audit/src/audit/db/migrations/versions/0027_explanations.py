"""explanations, explanation_files: an enterprise's explanation (giải trình) of a coverage gap or a finding, its
versions and the inspector's answers (one JSON document per item), and the files given as evidence (the bytes, their
SHA-256, the media type sniffed from them). Each version and answer is also a record of the log (domain/explanations.py).

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "explanations",
        sa.Column("explanation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("item_kind", sa.String(10), nullable=False),
        sa.Column("item_id", UUID(as_uuid=True), nullable=False),
        sa.Column("enterprise_id", UUID(as_uuid=True), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", JSONB(), nullable=False),
    )
    op.create_index("explanations_item", "explanations", ["item_kind", "item_id"], unique=True)
    op.create_index("explanations_state", "explanations", ["state", "updated_at"])
    op.create_table(
        "explanation_files",
        sa.Column("attachment_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("explanation_id", UUID(as_uuid=True), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_explanation_files_explanation_id", "explanation_files", ["explanation_id"])


def downgrade() -> None:
    op.drop_table("explanation_files")
    op.drop_table("explanations")
