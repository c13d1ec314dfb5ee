"""Case notes and attached documents (the case as a place to work).

Revision ID: 0013_case_notes
Revises: 0012_drafts
Create Date: 2026-12-01 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_case_notes"
down_revision = "0012_drafts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_case_notes_case_at_id", "case_notes", ["case_id", "at", "id"])
    op.create_table(
        "case_attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("description", sa.String(400), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_case_attachments_case_at_id", "case_attachments", ["case_id", "at", "id"])


def downgrade():
    op.drop_index("ix_case_attachments_case_at_id", table_name="case_attachments")
    op.drop_table("case_attachments")
    op.drop_index("ix_case_notes_case_at_id", table_name="case_notes")
    op.drop_table("case_notes")
