"""Drafts: a worker's unfinished answers to a task, one per task and person.

Revision ID: 0012_drafts
Revises: 0011_level_of_need
Create Date: 2026-12-01 19:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_drafts"
down_revision = "0011_level_of_need"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "task_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["work_item_id"], ["work_items.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("work_item_id", "user_id"),
    )
    op.create_index(op.f("ix_task_drafts_work_item_id"), "task_drafts", ["work_item_id"])


def downgrade():
    op.drop_index(op.f("ix_task_drafts_work_item_id"), table_name="task_drafts")
    op.drop_table("task_drafts")
