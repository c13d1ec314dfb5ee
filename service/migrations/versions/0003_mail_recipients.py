"""E-mail delivery per recipient, and the outside-the-council version of a message.

Adds outbox_recipients (one row per address of a message, with its own status, attempts,
back-off and error), outbox_messages.outside_council, lets next_attempt_at be empty (no
recipient owed another attempt), and moves each message's address list into recipient rows.
Errors copied over lose any address they held.

Revision ID: 0003_mail_recipients
Revises: 0001
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0003_mail_recipients"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None

ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
SHOW_FAILED_AFTER = 5

messages_then = sa.table(
    "outbox_messages", sa.column("id", sa.Integer), sa.column("recipients", sa.JSON),
    sa.column("status", sa.String), sa.column("attempts", sa.Integer), sa.column("next_attempt_at", sa.DateTime),
    sa.column("last_attempt_at", sa.DateTime), sa.column("last_error", sa.Text), sa.column("sent_at", sa.DateTime),
    sa.column("created_at", sa.DateTime))
recipients_table = sa.table(
    "outbox_recipients", sa.column("message_id", sa.Integer), sa.column("address", sa.String),
    sa.column("status", sa.String), sa.column("attempts", sa.Integer), sa.column("next_attempt_at", sa.DateTime),
    sa.column("last_attempt_at", sa.DateTime), sa.column("last_error", sa.Text), sa.column("sent_at", sa.DateTime))


def _scrub(text):
    return ADDRESS.sub("[address]", text)[:1000] if text else text


def upgrade():
    bind = op.get_bind()
    old = bind.execute(sa.select(messages_then)).mappings().all()
    # The message table first: rebuilding it on SQLite must not find rows pointing at it.
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outside_council", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column("next_attempt_at", existing_type=sa.DateTime(), nullable=True)
        batch_op.drop_column("recipients")
    op.create_table(
        "outbox_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["outbox_messages.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", "address"),
    )
    rows = []
    for m in old:
        sent = m["status"] == "sent"
        for address in dict.fromkeys(m["recipients"] or []):
            rows.append({"message_id": m["id"], "address": address[:320], "attempts": m["attempts"],
                         "status": "sent" if sent else ("failed" if m["attempts"] >= SHOW_FAILED_AFTER else "pending"),
                         "next_attempt_at": None if sent else m["next_attempt_at"],
                         "last_attempt_at": m["last_attempt_at"], "last_error": _scrub(m["last_error"]),
                         "sent_at": m["sent_at"] if sent else None})
        if m["last_error"] and _scrub(m["last_error"]) != m["last_error"]:
            bind.execute(sa.update(messages_then).where(messages_then.c.id == m["id"])
                         .values(last_error=_scrub(m["last_error"])))
    if rows:
        op.bulk_insert(recipients_table, rows)


def downgrade():
    bind = op.get_bind()
    by_message = {}
    for message_id, address in bind.execute(sa.select(recipients_table.c.message_id, recipients_table.c.address)
                                            .where(recipients_table.c.status != "withdrawn")):
        by_message.setdefault(message_id, []).append(address)
    op.drop_table("outbox_recipients")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipients", sa.JSON(), nullable=True))
        batch_op.drop_column("outside_council")
    for m in bind.execute(sa.select(messages_then.c.id, messages_then.c.next_attempt_at,
                                    messages_then.c.created_at)).mappings().all():
        bind.execute(sa.update(messages_then).where(messages_then.c.id == m["id"]).values(
            recipients=sorted(by_message.get(m["id"], [])),
            next_attempt_at=m["next_attempt_at"] or m["created_at"]))
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("recipients", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("next_attempt_at", existing_type=sa.DateTime(), nullable=False)
