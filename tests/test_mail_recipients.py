"""Delivery per recipient, against a real SMTP server that refuses some RCPTs: who accepted
gets one copy, who did not is retried alone; and no address ever reaches a log."""
import dataclasses
import logging
from datetime import datetime

import pytest

from handlers import PACKS
from handlers.forms import Message
from service.extensions import db
from service.store.models import User
from smtp_helpers import SmtpServer, deliver, free_port

EH = "camden-early-help-manager"
ADMIN = "demo-admin"
MAIL_FROM = "stepwise@camden.demo.invalid"
MAILBOX = "mash-admin@camden.demo.invalid"
WORKER = "camden-mash-social-worker@demo.invalid"
MANAGER = "camden-mash-manager@demo.invalid"
SUBJECT = "Step-up sent to MASH"
STEP_UP = dict(reason="CP", information_for_cssw="Fictional concerns", risk_of_significant_harm="Yes",
               why_eh_cannot_meet_needs="Fictional reasons", discussed_with_family="Yes")
BUSY = "451 4.2.1 Mailbox busy, try again later"


@pytest.fixture
def smtp(app):
    server = SmtpServer(free_port())
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TLS="none", MAIL_FROM=MAIL_FROM)
    yield server
    server.stop()


@pytest.fixture
def tells_mash(monkeypatch):
    """Camden's step-up also e-mails the MASH mailbox and the MASH social worker, as a pack handler would."""
    original = PACKS["camden"].handlers["send_step_up_to_mash"]

    def hand_on(clean, context):
        message = Message(to=("mash_admin", "user:camden-mash-social-worker"), subject=SUBJECT,
                          body="A step-up has been sent to MASH.")
        return dataclasses.replace(original.outcome(clean, context), messages=(message,))
    monkeypatch.setitem(PACKS["camden"].handlers, "send_step_up_to_mash", dataclasses.replace(original, hand_on=hand_on))


def step_up(as_user):
    eh = as_user(EH)
    case = eh.post("/api/v1/cases", {"child_name": "Fictional Child Yara", "date_of_birth": "2018-05-04",
                                     "person_id": "P-778", "family_id": "F-778", "pack": "camden"})
    assert case.status_code == 201, case.json
    assert eh.post(f"/api/v1/cases/{case.json['id']}/pathways",
                   {"pathway": "camden/step_up_to_mash"}).status_code == 201
    done = eh.complete("send_step_up_to_mash", case.json["id"], **STEP_UP)
    assert done.status_code == 200, done.json
    return case.json["id"]


def message(as_user, subject=SUBJECT):
    response = as_user(ADMIN).get("/api/v1/admin/outbox")
    assert response.status_code == 200, response.json
    [found] = [m for m in response.json["messages"] if m["subject"] == subject]
    return found


def delivery(row, address):
    [found] = [d for d in row["deliveries"] if d["address"] == address]
    return found


def test_a_refused_recipient_is_retried_alone_and_the_accepted_one_gets_one_copy(as_user, smtp, clock,
                                                                                 tells_mash):
    inbox = smtp.start()
    inbox.refuse[WORKER] = BUSY
    step_up(as_user)
    round_one = deliver(as_user)
    row = message(as_user)
    assert round_one["partly_sent"] == [row["id"]]
    assert delivery(row, MAILBOX)["status"] == "sent" and delivery(row, MAILBOX)["attempts"] == 1
    refused = delivery(row, WORKER)
    assert refused["status"] == "pending" and refused["attempts"] == 1 and refused["sent"] is None
    assert refused["last_error"].startswith("refused: 451") and WORKER not in refused["last_error"]
    assert row["status"] == "queued" and row["next_attempt"] == refused["next_attempt"]

    waits = [datetime.fromisoformat(refused["next_attempt"]) - clock()]
    for attempt in (2, 3, 4):  # three more rounds, each at the refused recipient's next attempt
        clock.set(datetime.fromisoformat(delivery(message(as_user), WORKER)["next_attempt"]))
        already = len(inbox.rcpts)
        assert deliver(as_user)["failed"] == [row["id"]]
        assert inbox.rcpts[already:] == [WORKER]  # retried alone: the mailbox is never asked again
        refused = delivery(message(as_user), WORKER)
        assert refused["attempts"] == attempt and refused["status"] == "pending"
        waits.append(datetime.fromisoformat(refused["next_attempt"]) - clock())
    assert [w.total_seconds() / 60 for w in waits] == [1, 5, 15, 60]  # the outbox's back-off, per recipient
    assert inbox.copies_for(MAILBOX) == 1 and inbox.copies_for(WORKER) == 0

    del inbox.refuse[WORKER]  # the server takes it now
    clock.set(datetime.fromisoformat(refused["next_attempt"]))
    assert deliver(as_user)["sent"] == [row["id"]]
    clock.advance(hours=3)
    assert deliver(as_user)["sent"] == []
    assert inbox.copies_for(MAILBOX) == 1 and inbox.copies_for(WORKER) == 1
    first, late = [e for e in inbox.emails() if e["Subject"].strip() == SUBJECT]
    # The late copy is the same message (same Message-ID), addressed as the first was.
    assert late["Message-ID"] == first["Message-ID"] and MAILBOX in late["To"] and WORKER in late["To"]
    row = message(as_user)
    assert row["status"] == "sent" and row["attempts"] == 5
    assert sorted((d["address"], d["status"], d["attempts"]) for d in row["deliveries"]) == [
        (WORKER, "sent", 5), (MAILBOX, "sent", 1)]


def test_when_every_recipient_is_refused_nobody_gets_it_and_all_are_retried(as_user, smtp, clock, tells_mash):
    inbox = smtp.start()
    inbox.refuse.update({MAILBOX: BUSY, WORKER: BUSY})
    step_up(as_user)
    result = deliver(as_user)
    row = message(as_user)
    assert row["id"] in result["failed"] and inbox.copies_for(MAILBOX) == inbox.copies_for(WORKER) == 0
    assert {d["status"] for d in row["deliveries"]} == {"pending"}
    inbox.refuse.clear()
    clock.advance(minutes=1)
    assert deliver(as_user)["sent"] == [row["id"]]
    assert inbox.copies_for(MAILBOX) == inbox.copies_for(WORKER) == 1


def test_a_permanent_refusal_stops_retrying_until_an_administrator_asks(app, as_user, smtp, clock, tells_mash):
    inbox = smtp.start()
    inbox.refuse[WORKER] = "550 5.1.1 No such mailbox here"
    step_up(as_user)
    deliver(as_user)
    row = message(as_user)
    refused = delivery(row, WORKER)
    assert refused["status"] == "failed" and refused["refused_for_good"] and refused["next_attempt"] is None
    assert "550" in refused["last_error"] and WORKER not in refused["last_error"]
    assert row["status"] == "failed" and row["next_attempt"] is None  # an administrator should look
    clock.advance(hours=6)
    asked = len(inbox.rcpts)
    assert deliver(as_user)["failed"] == [] and inbox.rcpts[asked:] == []

    browser = app.test_client()
    browser.post("/sign-in", data={"username": ADMIN, "password": "stepwise-demo"})
    page = browser.get("/admin/outbox/").get_data(as_text=True)
    assert WORKER in page and MAILBOX in page and ">refused<" in page and "not retried" in page
    del inbox.refuse[WORKER]  # the address has been put right
    done = browser.post(f"/admin/outbox/{row['id']}/retry", follow_redirects=True).get_data(as_text=True)
    assert f"Message {row['id']} was sent" in done
    assert inbox.copies_for(WORKER) == 1 and inbox.copies_for(MAILBOX) == 1
    assert delivery(message(as_user), WORKER)["status"] == "sent"


def test_552_is_read_as_a_temporary_refusal(as_user, smtp, clock, tells_mash):
    inbox = smtp.start()
    inbox.refuse[WORKER] = "552 5.2.2 Mailbox full"
    step_up(as_user)
    deliver(as_user)
    refused = delivery(message(as_user), WORKER)
    assert refused["status"] == "pending" and refused["next_attempt"] is not None


def test_a_disabled_user_is_withdrawn_and_not_sent_a_queued_message(app, as_user, smtp, clock, tells_mash):
    inbox = smtp.start()
    step_up(as_user)
    with app.app_context():  # set-up: an administrator disables the account before the mail goes
        db.session.scalars(db.select(User).where(User.email == WORKER)).one().active = False
        db.session.commit()
    deliver(as_user)
    row = message(as_user)
    assert delivery(row, WORKER)["status"] == "withdrawn" and WORKER not in row["recipients"]
    assert row["status"] == "sent" and inbox.copies_for(WORKER) == 0 and inbox.copies_for(MAILBOX) == 1


def test_no_address_reaches_the_logs_while_recipients_are_refused(as_user, smtp, clock, tells_mash, caplog):
    caplog.set_level(logging.DEBUG)
    step_up(as_user)
    deliver(as_user)  # server down: every recipient fails
    inbox = smtp.start()
    # Servers quote the refused address back; neither the log nor the stored error may keep it.
    inbox.refuse.update({WORKER: f"550 5.1.1 <{WORKER}>: Recipient address rejected",
                         MANAGER: f"451 4.3.0 <{MANAGER}> temporarily unavailable"})
    clock.advance(minutes=1)
    deliver(as_user)
    clock.advance(hours=2)
    deliver(as_user)
    text = "\n".join(logging.Formatter("%(name)s %(message)s").format(r) for r in caplog.records)
    assert "stepwise.outbox" in text and "refused for good" in text  # delivery does log, by id and count
    for address in (WORKER, MANAGER, MAILBOX, MAIL_FROM):
        assert address not in text
    assert "@" not in "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("stepwise"))
    for row in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]:
        for d in row["deliveries"]:
            assert "@" not in (d["last_error"] or "")
        assert "@" not in (row["last_error"] or "")


def test_a_deliverer_whose_lease_ran_out_does_not_overwrite_the_one_that_took_over(app, as_user, smtp, clock,
                                                                                   tells_mash):
    """The first deliverer stalls past its lease; a second re-claims and finishes the message.
    Only the second's results stand: one attempt per recipient, not two."""
    from service.mail import mailer, notifications
    inbox = smtp.start()
    step_up(as_user)
    rt = app.extensions["stepwise"]
    taken_over = []

    class StallingMailer:
        def __init__(self, real):
            self.real, self.from_address = real, real.from_address

        def open(self):
            return self.real.open()

        def send(self, session, email, addresses):
            if not taken_over and SUBJECT in email["Subject"]:
                clock.advance(minutes=6)  # longer than the lease: the message counts as abandoned
                taken_over.append(notifications.deliver_due(rt, self.real))
            return self.real.send(session, email, addresses)

    with app.app_context():
        outer = notifications.deliver_due(rt, StallingMailer(mailer.from_settings(app.config)))
    row = message(as_user)
    assert row["id"] in taken_over[0]["sent"] and row["id"] not in outer["sent"]
    assert [d["attempts"] for d in row["deliveries"]] == [1, 1] and row["attempts"] == 1
    assert row["status"] == "sent"
    # The stalled deliverer's copy went too (a send cannot be taken back), and the Message-ID is
    # the same on both so a mail client can drop it; nothing further is sent after that.
    assert inbox.copies_for(MAILBOX) == 2
    clock.advance(hours=1)
    assert deliver(as_user)["sent"] == [] and inbox.copies_for(MAILBOX) == 2
