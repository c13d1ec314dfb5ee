"""Camden §3: the notes of the daily discussion meeting are e-mailed to MASH, without child details."""
import pytest

from smtp_helpers import SmtpServer, deliver, free_port, outbox
from test_camden_daily_discussion_meeting import NOT_MET, STEP_UP_OUTCOME, presented
from test_camden_step_up_decision import MASH_MANAGER, ok

MASH_ADMIN = "mash-admin@camden.demo.invalid"  # pack.toml [mailboxes] mash_admin
CHILD = "Fictional Child"  # the Camden test cases' children are "Fictional Child …"
SUBJECT = "Daily discussion meeting: notes of the actions and decisions"


@pytest.fixture
def smtp(app):
    server = SmtpServer(free_port())
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TLS="none",
                      MAIL_FROM="stepwise@camden.demo.invalid")
    yield server
    server.stop()


def notes_for(as_user, case_id):
    return [m for m in outbox(as_user) if m["case_id"] == case_id and m["subject"] == SUBJECT]


def test_no_notes_go_before_the_meeting_decides(as_user):
    case_id = presented(as_user)
    assert notes_for(as_user, case_id) == []


def test_the_notes_of_a_not_met_decision_reach_the_mash_mailbox_with_no_free_text(as_user, smtp):
    inbox = smtp.start()
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **NOT_MET, review_date="2026-11-16"))
    [queued] = notes_for(as_user, case_id)
    assert queued["recipients"] == [MASH_ADMIN] and queued["outside_council"] is False
    assert deliver(as_user)["failed"] == []
    [email] = [m for e, m in zip(inbox.envelopes, inbox.emails()) if MASH_ADMIN in e.rcpt_tos
               and m["Subject"] == SUBJECT]
    body = email.get_body(("plain",)).get_content()
    assert "Outcome: Threshold not met: stays with Early Help" in body
    assert "Early Help stays involved: Yes" in body and "Review date: 2026-11-16" in body
    assert f"/cases/{case_id}" in body  # the link to the notes
    # The minutes, actions and role are free text: they stay on the case.
    for private in (NOT_MET["early_help_actions"], NOT_MET["meeting_minutes"], NOT_MET["early_help_role"], CHILD):
        assert private.lower() not in body.lower(), private


def test_a_step_up_sends_the_notes_too_with_the_reason(as_user):
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **STEP_UP_OUTCOME))
    [queued] = notes_for(as_user, case_id)
    assert queued["recipients"] == [MASH_ADMIN]
