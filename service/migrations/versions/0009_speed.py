"""Timer claims carry the instant they were made, so a sweep that died mid-batch is retried.

Revision ID: 0009_speed
Revises: 0008_list_indexes
Create Date: 2026-12-01 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009_speed"
down_revision = "0008_list_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("timers") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("timers") as batch:
        batch.drop_column("claimed_at")
