"""Free text never leaves the council: addresses outside its own get the case number, the
meeting's time and a link, however a handler wrote the message."""
import dataclasses
from datetime import datetime, timezone

import pytest
from icalendar import Calendar

from handlers import PACKS, Pack
from handlers.forms import Message
from service.mail import recipients
from smtp_helpers import SmtpServer, deliver, outbox, free_port
from test_knowsley_step_up import LP, ok, requested

ADMIN = "demo-admin"
MAIL_FROM = "stepwise@knowsley.demo.invalid"
CHILD = "Fictional Child K"  # the Knowsley test case's child
FIRST_NAME = "Jamie"  # a relative's first name, typed into free-text boxes
VENUE = "Jamie's nan's house, 4 Fictional Road"
EHM_REF = "EHM-42 (Jamie's sister)"
OUTSIDE = "school.nurse@demo.invalid"  # a TAF member at a school: not the council's
COUNCIL_DOMAIN = "family.hub@knowsley.demo.invalid"  # in Knowsley's [mail] internal_domains
COUNCIL_USER = "knowsley-family-first-team-manager@demo.invalid"  # a Stepwise user's own address
MASH = "knowsley-mash@demo.invalid"  # a [mailboxes] entry
PRIVATE = (FIRST_NAME, "Fictional Road", "nan's house", "EHM-42", CHILD, "K-100")


@pytest.fixture
def smtp(app):
    server = SmtpServer(free_port())
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TLS="none", MAIL_FROM=MAIL_FROM)
    yield server
    server.stop()


def book(as_user, location=VENUE, members=(OUTSIDE, COUNCIL_DOMAIN, COUNCIL_USER)):
    case_id = requested(as_user, ehm_case_id=EHM_REF)
    ok(as_user(LP).complete("book_step_up_meeting", case_id, meeting_start="2026-11-11T09:00",
                            meeting_length_minutes=60, meeting_location=location,
                            taf_member_emails="\n".join(members)))
    return case_id


def received_by(inbox, address):
    """The one e-mail ``address`` received, as (subject, plain body, invite text, raw text)."""
    [(envelope, email)] = [(e, m) for e, m in zip(inbox.envelopes, inbox.emails()) if address in e.rcpt_tos]
    [invite] = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    return (email["Subject"], email.get_body(("plain",)).get_content(), invite.get_content(),
            envelope.content.decode(), envelope)


def test_knowsley_taf_invite_to_an_outside_address_carries_no_free_text(as_user, smtp):
    inbox = smtp.start()
    case_id = book(as_user)
    assert deliver(as_user)["failed"] == []
    subject, body, invite, raw, envelope = received_by(inbox, OUTSIDE)
    assert envelope.rcpt_tos == [OUTSIDE]  # its own message: the council's copies go separately
    for text in (subject, body, invite, raw):
        for private in PRIVATE:
            assert private.lower() not in text.lower(), (private, text)
    assert f"case {case_id}" in subject and "11 November 2026 at 09:00" in subject
    assert "When: Wednesday 11 November 2026, 09:00 to 10:00 (London time)" in body
    assert "Where: to be confirmed by the organiser" in body
    assert f"Sign in to Stepwise to see more: /cases/{case_id}" in body
    [event] = Calendar.from_ical(invite).walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2026, 11, 11, 9, 0, tzinfo=timezone.utc)
    assert event["DTEND"].dt == datetime(2026, 11, 11, 10, 0, tzinfo=timezone.utc)
    assert str(event["SUMMARY"]) == f"Knowsley: meeting about case {case_id}" and "LOCATION" not in event

    # The council's own addresses get the messages as the handler wrote them, as before.
    subject, body, invite, _raw, envelope = received_by(inbox, COUNCIL_DOMAIN)
    assert sorted(envelope.rcpt_tos) == sorted([COUNCIL_DOMAIN, COUNCIL_USER])
    assert "Team Around the Family" in body and VENUE in body
    assert str(Calendar.from_ical(invite).walk("VEVENT")[0]["LOCATION"]) == VENUE
    subject, body, invite, _raw, envelope = received_by(inbox, MASH)
    assert EHM_REF in subject and VENUE in body and CHILD not in body  # the child's name: never, anywhere

    rows = [m for m in outbox(as_user) if m["reason"] == "book_step_up_meeting completed"]
    assert sorted((m["outside_council"], m["recipients"]) for m in rows) == [
        (False, sorted([COUNCIL_DOMAIN, COUNCIL_USER])),
        (False, ["knowsley-mash-business-support@demo.invalid", MASH]),
        (True, [OUTSIDE])]


def test_a_venue_the_pack_lists_goes_outside_in_the_packs_own_words(as_user, smtp):
    inbox = smtp.start()
    book(as_user, location="microsoft   TEAMS", members=(OUTSIDE,))
    deliver(as_user)
    _subject, body, invite, _raw, _envelope = received_by(inbox, OUTSIDE)
    assert "Where: Microsoft Teams" in body
    assert str(Calendar.from_ical(invite).walk("VEVENT")[0]["LOCATION"]) == "Microsoft Teams"


def test_a_future_handler_cannot_send_free_text_outside(as_user, smtp, monkeypatch):
    """Whatever a handler writes, an outside address gets the fixed outside version."""
    original = PACKS["camden"].handlers["send_step_up_to_mash"]

    def hand_on(clean, context):
        leak = Message(to=("mash_admin", "email:helper@elsewhere.invalid"),
                       subject=f"About {FIRST_NAME}", body=f"{clean['information_for_cssw']} ({FIRST_NAME})")
        return dataclasses.replace(original.outcome(clean, context), messages=(leak,))
    monkeypatch.setitem(PACKS["camden"].handlers, "send_step_up_to_mash", dataclasses.replace(original, hand_on=hand_on))
    inbox = smtp.start()
    eh = as_user("camden-early-help-manager")
    case_id = eh.post("/api/v1/cases", {"child_name": "Fictional Child Zed", "date_of_birth": "2018-05-04",
                                        "person_id": "P-1", "family_id": "F-1", "pack": "camden"}).json["id"]
    assert eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"}).status_code == 201
    ok(eh.complete("send_step_up_to_mash", case_id, reason="CIN", information_for_cssw="Worried about Zed's bruises",
                   risk_of_significant_harm="No", why_eh_cannot_meet_needs="Fictional", discussed_with_family="Yes"))
    deliver(as_user)
    [(outside, email)] = [(e, m) for e, m in zip(inbox.envelopes, inbox.emails())
                          if e.rcpt_tos == ["helper@elsewhere.invalid"]]
    text = outside.content.decode()
    for private in (FIRST_NAME, "bruises", "Zed", "P-1"):
        assert private not in text
    assert email["Subject"] == f"London Borough of Camden: a message about case {case_id}"
    [inside] = [e for e in inbox.envelopes if e.rcpt_tos == ["mash-admin@camden.demo.invalid"]]
    assert f"({FIRST_NAME})" in inside.content.decode()  # inside the council, as written


def test_an_address_that_stops_being_the_councils_is_withdrawn_at_sending(as_user, smtp, monkeypatch):
    """The boundary is checked again when a message goes, not only when it is queued."""
    inbox = smtp.start()
    book(as_user, members=(COUNCIL_DOMAIN, COUNCIL_USER))
    monkeypatch.setitem(PACKS["knowsley"].settings, "mail", {"internal_domains": []})
    deliver(as_user)
    assert inbox.copies_for(COUNCIL_DOMAIN) == 0 and inbox.copies_for(COUNCIL_USER) == 1
    [row] = [m for m in outbox(as_user) if COUNCIL_USER in m["recipients"]]
    [gone] = [d for d in row["deliveries"] if d["address"] == COUNCIL_DOMAIN]
    assert gone["status"] == "withdrawn" and "not the council's own" in gone["last_error"]
    assert row["status"] == "sent"


def test_a_malformed_mail_table_is_refused_at_start_up():
    camden = PACKS["camden"]
    broken = Pack("broken", "Broken", camden.roles, {}, {
        "mail": {"internal_domains": ["@camden.gov.uk", "camden"], "shared_venues": "Teams", "domains": []}})
    with pytest.raises(recipients.NotificationConfigError) as refused:
        recipients.check_packs({"broken": broken})
    message = refused.value.message
    assert "internal_domains must list e-mail domains" in message
    assert "shared_venues must list venue names" in message and "no setting 'domains'" in message
    shared = Pack("shared", "Shared", camden.roles, {}, {"mail": {"internal_domains": ["camden.gov.uk", "NHS.net"]}})
    with pytest.raises(recipients.NotificationConfigError, match="'NHS.net', which many organisations share"):
        recipients.check_packs({"shared": shared})
