"""Level of Need on the case: the level, when it was set and by whom (every change is on the chronology).

Revision ID: 0011_level_of_need
Revises: 0010_families
Create Date: 2026-12-01 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_level_of_need"
down_revision = "0010_families"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("level_of_need", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("level_of_need_set_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("level_of_need_set_by", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_cases_level_of_need_set_by_users", "users", ["level_of_need_set_by"], ["id"])


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("fk_cases_level_of_need_set_by_users", type_="foreignkey")
        batch.drop_column("level_of_need_set_by")
        batch.drop_column("level_of_need_set_at")
        batch.drop_column("level_of_need")
