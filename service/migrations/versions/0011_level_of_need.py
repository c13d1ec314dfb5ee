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


FK = "fk_cases_level_of_need_set_by_users"


def upgrade():
    # Plain ADD COLUMNs, never a batch copy of `cases`: other tables point at it, and SQLite
    # (foreign keys on) refuses to drop a table in use. SQLite takes the reference inline only, in
    # its own ALTER TABLE ... ADD COLUMN ... REFERENCES (Alembic would add it as a constraint).
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("cases", sa.Column("level_of_need", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("level_of_need_set_at", sa.DateTime(), nullable=True))
    if sqlite:
        op.execute("ALTER TABLE cases ADD COLUMN level_of_need_set_by INTEGER REFERENCES users (id)")
    else:
        op.add_column("cases", sa.Column("level_of_need_set_by", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "cases", "users", ["level_of_need_set_by"], ["id"])


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(FK, "cases", type_="foreignkey")
    op.drop_column("cases", "level_of_need_set_by")
    op.drop_column("cases", "level_of_need_set_at")
    op.drop_column("cases", "level_of_need")
