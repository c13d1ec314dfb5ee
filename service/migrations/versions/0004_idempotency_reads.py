"""Idempotency keys, reads of a child's record, and one running copy of a pathway per case.

Revision ID: 0004_idempotency_reads
Revises: 0003_mail_recipients
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_idempotency_reads'
down_revision = "0003_mail_recipients"
branch_labels = None
depends_on = None

RUNNING_ALONE = "status = 'running' AND runs_alone"


def upgrade():
    op.create_table('idempotency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'key')
    )
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.create_index('ix_idempotency_keys_user_expires', ['user_id', 'expires_at'], unique=False)

    op.create_table('record_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('route', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('record_reads', schema=None) as batch_op:
        batch_op.create_index('ix_record_reads_case_at', ['case_id', 'at'], unique=False)
        batch_op.create_index('ix_record_reads_user_at', ['user_id', 'at'], unique=False)

    # Instances from before this revision: single-run unless they are the safeguarding
    # override (each concern its own copy). Where a case already has two running copies of a
    # pathway (possible before this rule), the oldest stays the one and the later ones are
    # let run to their end alongside it, so the index can be built without touching them.
    with op.batch_alter_table('process_instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runs_alone', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute("UPDATE process_instances SET runs_alone = false "
               "WHERE pathway LIKE '%/immediate_safeguarding_concern'")
    op.execute("UPDATE process_instances SET runs_alone = false "
               "WHERE status = 'running' AND runs_alone AND EXISTS ("
               "SELECT 1 FROM process_instances AS older WHERE older.case_id = process_instances.case_id "
               "AND older.pathway = process_instances.pathway AND older.status = 'running' "
               "AND older.runs_alone AND older.id < process_instances.id)")
    with op.batch_alter_table('process_instances', schema=None) as batch_op:
        batch_op.create_index('uq_process_instances_running_alone', ['case_id', 'pathway'], unique=True,
                              sqlite_where=sa.text(RUNNING_ALONE), postgresql_where=sa.text(RUNNING_ALONE))


def downgrade():
    with op.batch_alter_table('process_instances', schema=None) as batch_op:
        batch_op.drop_index('uq_process_instances_running_alone',
                            sqlite_where=sa.text(RUNNING_ALONE), postgresql_where=sa.text(RUNNING_ALONE))
        batch_op.drop_column('runs_alone')

    with op.batch_alter_table('record_reads', schema=None) as batch_op:
        batch_op.drop_index('ix_record_reads_user_at')
        batch_op.drop_index('ix_record_reads_case_at')
    op.drop_table('record_reads')

    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_idempotency_keys_user_expires')
    op.drop_table('idempotency_keys')
