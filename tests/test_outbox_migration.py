"""Upgrading an existing database moves each queued or sent message's addresses into recipient rows."""
import os
from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from service.extensions import db

REVISION = "0003_mail_recipients"
SENT, QUEUED = 101, 102
WHEN = datetime(2026, 11, 2, 10, 0)
WAS = sa.table("outbox_messages", *(sa.column(n) for n in (
    "id", "created_at", "pack", "reason", "subject", "body", "uid", "status", "attempts", "next_attempt_at",
    "last_error", "sent_at")), sa.column("recipient_keys", sa.JSON), sa.column("recipients", sa.JSON))


def _clean(app):
    if os.environ.get("DATABASE_URL"):
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS outbox_recipients")
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_upgrade_gives_each_address_its_own_row_and_drops_addresses_from_errors(make_app):
    app = make_app()
    with app.app_context():
        _clean(app)
        upgrade(revision="0001")
        common = dict(created_at=WHEN, pack="camden", reason="r", recipient_keys=["mash_admin"], subject="s",
                      body="b", next_attempt_at=WHEN, last_error=None, sent_at=None)
        with db.engine.begin() as conn:
            conn.execute(sa.insert(WAS), [
                {**common, "id": SENT, "uid": "a@stepwise", "status": "sent", "attempts": 1, "sent_at": WHEN,
                 "recipients": ["mash-admin@camden.demo.invalid", "duty@camden.demo.invalid"]},
                {**common, "id": QUEUED, "uid": "b@stepwise", "status": "failed", "attempts": 6,
                 "recipients": ["school.nurse@demo.invalid"],
                 "last_error": "SMTPRecipientsRefused: {'school.nurse@demo.invalid': (550, b'no such user')}"}])
        upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT message_id, address, status, attempts, last_error, sent_at "
                                        "FROM outbox_recipients ORDER BY message_id, address")).all()
            error = conn.execute(sa.text(f"SELECT last_error FROM outbox_messages WHERE id = {QUEUED}")).scalar()
        assert [(r.message_id, r.address, r.status, r.attempts) for r in rows] == [
            (SENT, "duty@camden.demo.invalid", "sent", 1), (SENT, "mash-admin@camden.demo.invalid", "sent", 1),
            (QUEUED, "school.nurse@demo.invalid", "failed", 6)]
        assert rows[0].sent_at is not None and "@" not in rows[2].last_error and "@" not in error

        downgrade(revision="-1")
        with db.engine.connect() as conn:
            back = dict(conn.execute(sa.select(WAS.c.id, WAS.c.recipients)).all())
        assert back == {SENT: ["duty@camden.demo.invalid", "mash-admin@camden.demo.invalid"],
                        QUEUED: ["school.nurse@demo.invalid"]}
        _clean(app)
