"""Referrers are told the outcome of their referral (Camden Appendix 1, Knowsley §5), in fixed words only."""
import pytest

from answers import ok
from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from test_camden_step_up_to_mash import ADVICE, BACK, EH_TEXT, MASH_MANAGER, MASH_SW, step_up

REFERRER = "referrer@school.demo.invalid"  # outside the council
COUNCIL_REFERRER = "referrer@camden.demo.invalid"  # in Camden's [mail] internal_domains
ADMIN = "demo-admin"


def outbox(as_user, case_id, reason):
    return [m for m in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
            if m["case_id"] == case_id and m["reason"] == reason]


def body_of(app, message):
    with app.app_context():
        return db.session.get(OutboxMessage, message["id"]).body


def camden_decided(as_user, decision, referrer_email=REFERRER):
    case_id = step_up(as_user, "CIN")
    manager = as_user(MASH_MANAGER)
    ok(manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                        already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT,
                        **({"referrer_email": referrer_email} if referrer_email else {})))
    ok(as_user(MASH_SW).complete("write_summary", case_id, household_details="Fictional", screening_findings="Fictional",
                                 recommended_decision="Fictional"))
    parts = {"CP": {"receiving_team": "Demo team"}, "CIN": {"receiving_team": "Demo team"},
             ADVICE: {"advice_to_referrer": "Fictional advice"}, BACK: {"early_help_next_steps": "Fictional"}}
    ok(manager.complete("mash_manager_decision", case_id, authorised=True, next_actions=decision,
                        decision_rationale="Fictional rationale", **parts[decision]))
    return case_id


@pytest.mark.parametrize("decision, words", [
    ("CP", "child protection enquiries (section 47)"), ("CIN", "(child in need, section 17)"),
    (ADVICE, "advice has been given"), (BACK, "met by Early Help"),
])
def test_camden_mash_decision_tells_an_outside_referrer_the_outcome_and_nothing_typed(as_user, app, decision, words):
    case_id = camden_decided(as_user, decision)
    [told] = [m for m in outbox(as_user, case_id, "mash_manager_decision completed") if m["recipients"] == [REFERRER]]
    assert told["outside_council"] is True and "outcome of your referral" in told["subject"]
    body = body_of(app, told)
    assert words in body and f"case {case_id}" in body and f"/cases/{case_id}" in body
    for private in ("Fictional", "P-100", "Demo team", "bruising"):
        assert private not in body, private


def test_a_referrer_inside_the_council_gets_the_same_fixed_words(as_user, app):
    case_id = camden_decided(as_user, "CIN", referrer_email=COUNCIL_REFERRER)
    [told] = [m for m in outbox(as_user, case_id, "mash_manager_decision completed")
              if m["recipients"] == [COUNCIL_REFERRER]]
    assert told["outside_council"] is False
    assert "The outcome of the referral you made: a social worker will carry out a child and family assessment" \
        in body_of(app, told)


def test_without_a_referrers_email_only_the_council_is_told(as_user):
    case_id = camden_decided(as_user, ADVICE, referrer_email=None)
    assert [m["recipients"] for m in outbox(as_user, case_id, "mash_manager_decision completed")] == [
        ["camden-early-help-manager@demo.invalid"]]


# --- Knowsley §5: an unplanned contact on an open Early Help case --------------------------------

from test_knowsley_unplanned_contact import CONTACT, MASH_SW as K_MASH_SW, NO_CSC, SCREENING, contact  # noqa: E402


def test_knowsley_contact_with_no_csc_role_tells_the_referrer_it_is_recorded_with_early_help(as_user, app):
    case_id = contact(as_user)
    ok(as_user(K_MASH_SW).complete("record_unplanned_contact", case_id, **CONTACT, contact_response=NO_CSC,
                                   review_meeting_suggested="No", referrer_email=REFERRER))
    [told] = outbox(as_user, case_id, "record_unplanned_contact completed")
    assert told["recipients"] == [REFERRER] and told["outside_council"] is True
    body = body_of(app, told)
    assert "recorded with the family's Early Help support" in body
    assert "noise complaint" not in body and "K-400" not in body and "EHM-DEMO" not in body


@pytest.mark.parametrize("decision, words", [
    ("No further CSC action: Early Help continues", "Early Help support continues"),
    ("Child and Family assessment (s17)", "child in need, section 17"),
    ("Strategy discussion (s47)", "a strategy discussion will consider child protection enquiries"),
])
def test_knowsley_screening_decision_tells_the_referrer(as_user, app, decision, words):
    case_id = contact(as_user)
    sw = as_user(K_MASH_SW)
    ok(sw.complete("record_unplanned_contact", case_id, **CONTACT, contact_response=SCREENING,
                   referrer_email=REFERRER))
    assert outbox(as_user, case_id, "record_unplanned_contact completed") == []  # routed, not yet decided
    ok(sw.complete("mash_safeguarding_screening", case_id, agencies_consulted="Fictional", screening_decision=decision,
                   screening_rationale="Fictional", review_meeting_suggested="No"))
    [told] = outbox(as_user, case_id, "mash_safeguarding_screening completed")
    assert told["recipients"] == [REFERRER] and words in body_of(app, told)


# --- Camden: the allocated social worker is a Stepwise user, e-mailed on allocation ---------------

def test_camden_allocation_names_a_stepwise_user_who_is_emailed(as_user):
    from answers import refused
    from test_camden_step_up_to_mash import DUTY
    case_id = camden_decided(as_user, "CIN", referrer_email=None)
    duty = as_user(DUTY)
    allocation = {"allocated_team": "Demo team", "assessment_start_date": "2026-11-03"}
    assert "username" in refused(duty.complete("child_and_family_assessment", case_id, **allocation,
                                               allocated_social_worker="Demo SW"), "allocated_social_worker")
    ok(duty.complete("child_and_family_assessment", case_id, **allocation, allocated_social_worker=MASH_SW))
    [told] = outbox(as_user, case_id, "child_and_family_assessment completed")
    assert told["recipients"] == [f"{MASH_SW}@demo.invalid"]
    assert told["subject"] == "You have been allocated a child and family assessment"
