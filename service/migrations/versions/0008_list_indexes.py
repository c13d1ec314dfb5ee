"""Indexes in the order each list is read: tray, cases and their search, history, outbox, timers, versions.

Revision ID: 0008_list_indexes
Revises: 0005_consent
Create Date: 2026-12-01 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_list_indexes"
down_revision = "0005_consent"
branch_labels = None
depends_on = None

OPEN_DATED = "status = 'open' AND due_at IS NOT NULL"
OPEN_UNDATED = "status = 'open' AND due_at IS NULL"
WAITING = "status = 'waiting'"
RUNNING = "status = 'running'"


def upgrade():
    # The tray, per role and open items only: by deadline (soonest first), then by arrival.
    op.create_index("ix_work_items_tray_dated", "work_items", ["pack", "role", "due_at", "created_at", "id"],
                    sqlite_where=sa.text(OPEN_DATED), postgresql_where=sa.text(OPEN_DATED))
    op.create_index("ix_work_items_tray_undated", "work_items", ["pack", "role", "created_at", "id"],
                    sqlite_where=sa.text(OPEN_UNDATED), postgresql_where=sa.text(OPEN_UNDATED))
    op.create_index("ix_cases_pack_id", "cases", ["pack", "id"])
    # Case search by the start of a name, person ID or family ID: text_pattern_ops lets
    # PostgreSQL serve a LIKE prefix whatever the database's collation.
    ops = " text_pattern_ops" if op.get_bind().dialect.name == "postgresql" else ""
    op.execute(f"CREATE INDEX ix_cases_child_name_lower ON cases (lower(child_name){ops})")
    op.create_index("ix_cases_person_id_prefix", "cases", ["person_id"],
                    postgresql_ops={"person_id": "text_pattern_ops"})
    op.create_index("ix_cases_family_id_prefix", "cases", ["family_id"],
                    postgresql_ops={"family_id": "text_pattern_ops"})
    op.create_index("ix_audit_events_case_at_id", "audit_events", ["case_id", "at", "id"])
    op.create_index("ix_outbox_status_id", "outbox_messages", ["status", "id"])
    op.create_index("ix_timers_waiting_due", "timers", ["due_at", "id"],
                    sqlite_where=sa.text(WAITING), postgresql_where=sa.text(WAITING))
    op.create_index("ix_process_instances_running_version", "process_instances", ["version_id"],
                    sqlite_where=sa.text(RUNNING), postgresql_where=sa.text(RUNNING))


def downgrade():
    op.drop_index("ix_process_instances_running_version", table_name="process_instances")
    op.drop_index("ix_timers_waiting_due", table_name="timers")
    op.drop_index("ix_outbox_status_id", table_name="outbox_messages")
    op.drop_index("ix_audit_events_case_at_id", table_name="audit_events")
    op.drop_index("ix_cases_family_id_prefix", table_name="cases")
    op.drop_index("ix_cases_person_id_prefix", table_name="cases")
    op.drop_index("ix_cases_child_name_lower", table_name="cases")
    op.drop_index("ix_cases_pack_id", table_name="cases")
    op.drop_index("ix_work_items_tray_undated", table_name="work_items")
    op.drop_index("ix_work_items_tray_dated", table_name="work_items")
