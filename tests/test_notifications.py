"""E-mail: queued with the step that owes it, delivered to a real SMTP server on loopback."""
import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.smtp import AuthResult
from icalendar import Calendar

from handlers import PACKS, Pack
from handlers.forms import Meeting, Message, Outcome
from service import create_app
from service.mail import notifications, recipients
from service.extensions import db
from service.mail.mailer import MailerConfigError
from smtp_helpers import SmtpServer, deliver, outbox, free_port

EH = "camden-early-help-manager"
MASH_MANAGER_EMAIL = "camden-mash-manager@demo.invalid"
ADMIN = "demo-admin"
MAIL_FROM = "stepwise@camden.demo.invalid"
CHILD = "Fictional Child Zed"
STEP_UP = dict(reason="CP", information_for_cssw="Fictional concerns", risk_of_significant_harm="Yes",
               why_eh_cannot_meet_needs="Fictional reasons", discussed_with_family="Yes")


@pytest.fixture
def smtp(app):
    """The app configured for an SMTP server on a free loopback port, not yet running."""
    server = SmtpServer(free_port())
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TLS="none", MAIL_FROM=MAIL_FROM)
    yield server
    server.stop()


def step_up(as_user, expect=200, **overrides):
    eh = as_user(EH)
    case = eh.post("/api/v1/cases", {"child_name": CHILD, "date_of_birth": "2018-05-04", "person_id": "P-777",
                                     "family_id": "F-777", "pack": "camden"})
    assert case.status_code == 201, case.json
    case_id = case.json["id"]
    started = eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"})
    assert started.status_code == 201, started.json
    response = eh.complete("send_step_up_to_mash", case_id, **{**STEP_UP, **overrides})
    assert response.status_code == expect, response.json
    return case_id, response


@pytest.fixture
def books_a_meeting(monkeypatch):
    """Camden's step-up handler, extended to send a meeting request as a pack handler would."""
    original = PACKS["camden"].handlers["send_step_up_to_mash"]

    def hand_on(clean, context):
        invite = Message(to=("mash_admin", "user:camden-mash-social-worker"),
                         subject="Step-up discussion booked", body=f"A step-up discussion is booked for {CHILD}.",
                         meeting=Meeting("2027-06-09T10:00", "2027-06-09T11:00", "Step-up discussion",
                                         "Fictional Room 1", f"Daily discussion meeting about {CHILD.upper()}"))
        return dataclasses.replace(original.outcome(clean, context), messages=(invite,))
    monkeypatch.setitem(PACKS["camden"].handlers, "send_step_up_to_mash",
                        dataclasses.replace(original, hand_on=hand_on))


def test_step_up_emails_the_mash_manager_an_alert_without_the_childs_name(as_user, smtp, clock):
    inbox = smtp.start()
    case_id, _ = step_up(as_user)
    [queued] = outbox(as_user)
    assert queued["status"] == "queued" and queued["attempts"] == 0
    assert queued["to"] == ["role:MASH Manager"] and queued["recipients"] == [MASH_MANAGER_EMAIL]
    assert queued["case_id"] == case_id

    assert deliver(as_user)["sent"] == [queued["id"]]
    [envelope] = inbox.envelopes
    assert envelope.mail_from == MAIL_FROM and envelope.rcpt_tos == [MASH_MANAGER_EMAIL]
    [email] = inbox.emails()
    # Python's parser keeps the space of a folded header; mail clients unfold it away.
    assert email["Subject"].strip() == "Stepwise: MASH contact and referral (CSSW) is waiting for MASH Manager"
    body = email.get_content()
    assert "A case needs your attention" in body
    assert f"Case {case_id}, person id P-777" in body and f"/cases/{case_id}" in body
    assert CHILD not in envelope.content.decode() and "Zed" not in envelope.content.decode()
    [sent] = outbox(as_user)
    assert sent["status"] == "sent" and sent["sent"] == clock().isoformat() and sent["attempts"] == 1


def test_a_meeting_request_arrives_with_an_ics_invite(as_user, smtp, clock, books_a_meeting):
    inbox = smtp.start()
    step_up(as_user)
    clock.advance(minutes=3)
    result = deliver(as_user)
    assert len(result["sent"]) == 2 and result["failed"] == []
    [email] = [e for e in inbox.emails() if e["Subject"].strip() == "Step-up discussion booked"]
    [envelope] = [e for e in inbox.envelopes if b"Step-up discussion booked" in e.content]
    assert sorted(envelope.rcpt_tos) == ["camden-mash-social-worker@demo.invalid", "mash-admin@camden.demo.invalid"]
    [part] = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST" and part.get_filename() == "invite.ics"
    calendar = Calendar.from_ical(part.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    # 10:00 London on 9 June 2027 is British Summer Time: 09:00 UTC.
    assert event["DTSTART"].dt == datetime(2027, 6, 9, 9, 0, tzinfo=timezone.utc)
    assert event["DTEND"].dt == datetime(2027, 6, 9, 10, 0, tzinfo=timezone.utc)
    assert event["DTSTAMP"].dt == clock()
    assert str(event["SUMMARY"]) == "Step-up discussion" and str(event["LOCATION"]) == "Fictional Room 1"
    assert str(event["ORGANIZER"]) == f"mailto:{MAIL_FROM}"
    assert sorted(str(a) for a in event["ATTENDEE"]) == ["mailto:camden-mash-social-worker@demo.invalid",
                                                        "mailto:mash-admin@camden.demo.invalid"]
    assert f"<{event['UID']}>" == email["Message-ID"]
    # A handler that slips the child's name into a message has it removed before it is stored.
    assert CHILD.lower() not in envelope.content.decode().lower()
    assert "booked for [name removed]." in email.get_body(("plain",)).get_content()
    assert str(event["DESCRIPTION"]) == "Daily discussion meeting about [name removed]"


def test_smtp_down_keeps_the_message_queued_and_it_goes_out_on_retry(as_user, smtp, clock):
    step_up(as_user)
    failed = deliver(as_user)
    assert failed["sent"] == [] and len(failed["failed"]) == 1
    [row] = outbox(as_user)
    assert row["status"] == "queued" and row["attempts"] == 1 and row["last_error"]
    assert row["next_attempt"] == (clock() + timedelta(minutes=1)).isoformat()

    inbox = smtp.start()
    assert deliver(as_user) == {"smtp_configured": True, "sent": [], "partly_sent": [], "failed": []}  # not due yet
    clock.advance(seconds=59)
    assert deliver(as_user)["sent"] == [] and inbox.envelopes == []
    clock.advance(seconds=1)
    assert deliver(as_user)["sent"] == [row["id"]]
    clock.advance(hours=2)
    assert deliver(as_user)["sent"] == []
    assert len(inbox.envelopes) == 1
    [row] = outbox(as_user)
    assert row["status"] == "sent" and row["attempts"] == 2 and row["last_error"]


def test_an_unreachable_server_is_tried_once_per_run_not_once_per_message(as_user, smtp, books_a_meeting):
    step_up(as_user)  # two messages due
    assert len(deliver(as_user)["failed"]) == 1
    assert sorted(m["attempts"] for m in outbox(as_user)) == [0, 1]
    smtp.start()
    assert len(deliver(as_user)["sent"]) == 1  # the untried one; the other waits for its backoff


def test_failures_back_off_then_retry_hourly_for_ever(as_user, smtp, clock):
    step_up(as_user)
    waits = []
    for attempt in range(1, 8):
        before = clock()
        assert len(deliver(as_user)["failed"]) == 1
        [row] = outbox(as_user)
        assert row["attempts"] == attempt
        assert row["status"] == ("failed" if attempt >= notifications.SHOW_FAILED_AFTER else "queued")
        waits.append(datetime.fromisoformat(row["next_attempt"]) - before)
        clock.set(datetime.fromisoformat(row["next_attempt"]))
    assert [w.total_seconds() / 60 for w in waits] == [1, 5, 15, 60, 60, 60, 60]
    smtp.start()
    assert len(deliver(as_user)["sent"]) == 1


def test_a_refused_step_writes_no_outbox_row(as_user, smtp):
    step_up(as_user, expect=422, reason="")
    assert outbox(as_user) == []


def test_an_unknown_recipient_fails_the_step_loudly_and_writes_nothing(as_user, smtp, monkeypatch):
    original = PACKS["camden"].handlers["send_step_up_to_mash"]
    monkeypatch.setitem(PACKS["camden"].handlers, "send_step_up_to_mash", dataclasses.replace(
        original, hand_on=lambda clean, _c: Outcome(data=clean, messages=(Message(("mash_inbox",), "s", "b"),))))
    case_id, response = step_up(as_user, expect=500)
    assert response.json["error"] == "configuration_error"
    assert "'mash_inbox' is not a mailbox of the camden pack" in response.json["message"]
    assert outbox(as_user) == []
    assert [t["task_id"] for t in as_user(EH).tray(case=case_id)] == ["send_step_up_to_mash"]


def test_without_smtp_messages_wait_in_the_admin_outbox_page(app, as_user):
    step_up(as_user)
    assert deliver(as_user) == {"smtp_configured": False, "sent": [], "partly_sent": [], "failed": []}
    [row] = outbox(as_user)
    assert row["status"] == "queued" and row["attempts"] == 0

    browser = app.test_client()
    browser.post("/sign-in", data={"username": EH, "password": "stepwise-demo"})
    assert browser.get("/admin/outbox/").status_code == 403
    browser.post("/sign-out")
    browser.post("/sign-in", data={"username": ADMIN, "password": "stepwise-demo"})
    page = browser.get("/admin/outbox/").get_data(as_text=True)
    assert "SMTP is not configured" in page and "is waiting for MASH Manager" in page
    assert "role:MASH Manager" in page and MASH_MANAGER_EMAIL in page and ">queued<" in page
    # A queued message has not failed: it waits for SMTP, and there is nothing to retry.
    assert f"/admin/outbox/{row['id']}/retry" not in page
    retried = browser.post(f"/admin/outbox/{row['id']}/retry")
    assert retried.status_code == 409
    assert "only a failed message can be retried" in retried.get_data(as_text=True)
    assert outbox(as_user)[0]["status"] == "queued"


def test_retry_now_from_the_outbox_page_sends_a_failed_message(app, as_user, smtp, clock):
    step_up(as_user)
    for _attempt in range(notifications.SHOW_FAILED_AFTER):  # server down: each attempt fails, then it shows as failed
        deliver(as_user)
        clock.advance(minutes=61)
    [row] = outbox(as_user)
    assert row["status"] == "failed"
    inbox = smtp.start()
    browser = app.test_client()
    browser.post("/sign-in", data={"username": ADMIN, "password": "stepwise-demo"})
    page = browser.get("/admin/outbox/").get_data(as_text=True)
    assert f"/admin/outbox/{row['id']}/retry" in page and "Connection" in page  # the refused connection is shown
    done = browser.post(f"/admin/outbox/{row['id']}/retry", follow_redirects=True).get_data(as_text=True)
    assert f"Message {row['id']} was sent" in done
    assert len(inbox.envelopes) == 1 and outbox(as_user)[0]["status"] == "sent"


def test_two_deliverers_never_send_one_message_twice(app, as_user, smtp, books_a_meeting):
    inbox = smtp.start()
    step_up(as_user)  # two messages: the alert and the invite
    rt = app.extensions["stepwise"]
    inner = []

    class RacingMailer:
        """Sends through the real server; while it sends its first message, a second
        deliverer runs and takes the other one, which the first has already listed as due."""

        def __init__(self, real):
            self.real, self.from_address = real, real.from_address

        def open(self):
            return self.real.open()

        def send(self, smtp_session, email, addresses):
            if not inner:
                inner.append(notifications.deliver_due(rt, self.real))
            self.real.send(smtp_session, email, addresses)

    with app.app_context():
        from service.mail import mailer
        outer = notifications.deliver_due(rt, RacingMailer(mailer.from_settings(app.config)))
    [inner_result] = inner
    assert len(outer["sent"]) == 1 and len(inner_result["sent"]) == 1
    assert outer["sent"] != inner_result["sent"]  # each message went out once, by one deliverer
    assert len(inbox.envelopes) == 2
    assert sorted(m["status"] for m in outbox(as_user)) == ["sent", "sent"]


def test_a_deliverer_that_dies_mid_send_leaves_the_message_to_be_sent_later(app, as_user, smtp, clock):
    inbox = smtp.start()
    step_up(as_user)
    rt = app.extensions["stepwise"]

    class Crash(BaseException):
        pass

    class DyingMailer:
        from_address = MAIL_FROM

        def open(self):
            return None

        def send(self, *_args):
            raise Crash()

    with app.app_context():
        with pytest.raises(Crash):
            notifications.deliver_due(rt, DyingMailer())
        db.session.rollback()
    assert outbox(as_user)[0]["status"] == "sending"
    assert deliver(as_user)["sent"] == []  # the claim still holds
    clock.advance(minutes=5, seconds=1)
    assert len(deliver(as_user)["sent"]) == 1 and len(inbox.envelopes) == 1


def test_smtp_credentials_are_used(app, as_user, clock):
    seen = []

    def authenticator(_server, _session, _envelope, mechanism, data):
        seen.append((mechanism, data.login, data.password))
        good = data.password == b"fictional-secret"
        return AuthResult(success=good, handled=False)  # not handled: the server answers 535

    server = SmtpServer(free_port(), authenticator=authenticator, auth_require_tls=False)
    inbox = server.start()
    try:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TLS="none", MAIL_FROM=MAIL_FROM,
                          SMTP_USERNAME="stepwise", SMTP_PASSWORD="wrong-secret")
        step_up(as_user)
        assert len(deliver(as_user)["failed"]) == 1
        assert "SMTPAuthenticationError" in outbox(as_user)[0]["last_error"]
        app.config["SMTP_PASSWORD"] = "fictional-secret"
        clock.advance(minutes=1)
        assert len(deliver(as_user)["sent"]) == 1
    finally:
        server.stop()
    assert seen[-1][1:] == (b"stepwise", b"fictional-secret") and len(inbox.envelopes) == 1


def test_outbox_api_is_for_administrators_only(as_user):
    assert as_user(EH).get("/api/v1/admin/outbox").status_code == 403
    assert as_user(EH).post("/api/v1/admin/outbox/deliver").status_code == 403


def test_smtp_settings_come_from_the_environment(monkeypatch, tmp_path, clock):
    monkeypatch.setenv("STEPWISE_SMTP_HOST", "smtp.example.invalid")
    monkeypatch.setenv("STEPWISE_SMTP_PORT", "2525")
    monkeypatch.setenv("STEPWISE_MAIL_FROM", MAIL_FROM)
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'env.sqlite'}", "NOW": clock}
    app = create_app(config)
    assert (app.config["SMTP_HOST"], app.config["SMTP_PORT"], app.config["MAIL_FROM"]) == (
        "smtp.example.invalid", "2525", MAIL_FROM)
    monkeypatch.setenv("STEPWISE_SMTP_TLS", "sometimes")
    with pytest.raises(MailerConfigError, match="SMTP_TLS must be one of starttls, ssl, none"):
        create_app(config)


def test_a_misconfigured_pack_is_refused_at_start_up():
    camden = PACKS["camden"]
    broken = Pack("broken", "Broken", camden.roles, {}, {
        "mailboxes": {"mash": "not-an-address"},
        "notify": {"mash_contact_and_referral": ["mash", "role:Head Teacher", "duty_inbox"]}})
    with pytest.raises(recipients.NotificationConfigError) as refused:
        recipients.check_packs({"broken": broken})
    message = refused.value.message
    assert "mailbox 'mash' must be an e-mail address" in message
    assert "no role 'Head Teacher'" in message and "'duty_inbox' is not a mailbox" in message
    recipients.check_packs(PACKS)  # the shipped packs are well formed
