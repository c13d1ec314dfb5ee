"""Family runs: which children's cases one pathway run (one meeting) covers.

Revision ID: 0010_families
Revises: 0009_speed
Create Date: 2026-12-01 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_families"
down_revision = "0009_speed"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "family_run_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(length=40), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("left_because", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instances.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id", "case_id"),
    )
    op.create_index("ix_family_run_members_case", "family_run_members", ["case_id", "instance_id"])
    op.create_index(op.f("ix_family_run_members_instance_id"), "family_run_members", ["instance_id"])


def downgrade():
    op.drop_index(op.f("ix_family_run_members_instance_id"), table_name="family_run_members")
    op.drop_index("ix_family_run_members_case", table_name="family_run_members")
    op.drop_table("family_run_members")
