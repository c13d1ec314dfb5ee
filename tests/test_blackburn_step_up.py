"""Blackburn: step-up from Universal/CAF to MASH (seed 002), through the JSON API with the fake clock."""
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from service.engine import load_definition
from answers import ok, refused

ROOT = Path(__file__).resolve().parent.parent
DIAGRAM = ROOT / "bpmn" / "blackburn" / "step_up_to_mash.bpmn"
XSD = ROOT.parent / "shared" / "schemas" / "bpmn20" / "BPMN20.xsd"
PATHWAY = "blackburn/step_up_to_mash"

EHP = "blackburn-early-help-practitioner"
TL = "blackburn-early-help-team-leader"
MSW = "blackburn-mash-social-worker"
MM = "blackburn-mash-manager"
CAF = "blackburn-caf-link-worker"
ASW = "blackburn-allocated-social-worker"
ADMIN = "demo-admin"

CIN = "Social worker allocated: Child in Need assessment (s17)"
CP = "Social worker allocated: Child Protection enquiry (s47)"
CONSENTED = "Consent given by the parents / carers"
REFUSED = "Consent refused"

SCREENING = {"safeguarding_lead_consulted": "Yes", "previous_involvement": "Fictional: one CIN episode in 2023",
             "multi_agency_information": "Fictional: police attended twice", "recommended_outcome": CIN}
OVERSIGHT = {"management_oversight": "Fictional: proportionate oversight of the information",
             "decision_rationale": "Fictional rationale"}


def new_case(actor, born="2015-05-01"):
    body = {"child_name": "Fictional Child B", "date_of_birth": born, "person_id": "B-100",
            "family_id": "BF-100", "pack": "blackburn", "lead_professional": "Demo Early Help Practitioner"}
    response = actor.post("/api/v1/cases", body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def case_of(as_user, case_id):
    return as_user(EHP).get(f"/api/v1/cases/{case_id}").json


def open_task_ids(as_user, case_id):
    return sorted(t["task_id"] for t in case_of(as_user, case_id)["open_tasks"])


def form_of(actor, task_id, case_id):
    return actor.get(f"/api/v1/tasks/{actor.task(task_id, case_id)['id']}").json["form"]


def history(as_user, case_id, action=None):
    events = as_user(EHP).history(case_id)
    return [e for e in events if action is None or e["action"] == action]


def sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return response.json["fired"]


def agreed(as_user, born="2015-05-01"):
    """A case whose team leader agreed a referral into MASH."""
    ehp = as_user(EHP)
    case_id = new_case(ehp, born)
    started = ehp.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    assert started.status_code == 201, started.json
    ok(ehp.complete("share_concern", case_id, concern="Fictional: child says there is shouting at night",
                    shared_on="2026-11-02", caf_in_place="Yes"))
    ok(as_user(TL).complete("team_leader_decision", case_id, agreed_route="Referral into MASH"))
    return case_id


def consent_given(parents="Given"):
    detail = {"parents_consent_how": "In person", "parents_consent_date": "2026-11-02"} if parents != "Not sought" \
        else {"consent_not_sought_reason": "Fictional: asking would put the child at risk"}
    return {"parents_consent": parents, "child_consent": "Not age appropriate", **detail}


def requested(as_user, born="2015-05-01", immediate="Yes", parents="Given"):
    """A request for service submitted to MASH (at the fake clock's 10:00 on Monday 2 November 2026)."""
    case_id = agreed(as_user, born)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given(parents)))
    ok(as_user(MSW).complete("discuss_with_mash", case_id, presenting_information="Fictional",
                             historical_information="Fictional", previous_early_help_offer="CAF since May",
                             immediate_response_required=immediate, submit_request_for_service="Yes"))
    ok(as_user(EHP).complete("request_for_service", case_id, request_details="Fictional request",
                             referrer_name="Demo practitioner, school", referrer_contact="Via the school office"))
    return case_id


def screened(as_user, parents="Given", recommended=CIN, **screening):
    case_id = requested(as_user, parents=parents)
    position = {"Given": CONSENTED, "Refused": REFUSED}.get(parents, "Consent not sought, or cannot be obtained")
    ok(as_user(MSW).complete("mash_screening", case_id, **{**SCREENING, "consent_position": position,
                                                           "recommended_outcome": recommended, **screening}))
    return case_id


# --- the diagram -----------------------------------------------------------------------------

def test_diagram_parses_and_validates_against_the_bpmn_schema():
    data = DIAGRAM.read_bytes()
    definition = load_definition(PATHWAY, {DIAGRAM.name: data}, "blackburn_step_up_to_mash")
    assert definition.lanes == sorted(["Early Help Practitioner", "Early Help Team Leader", "MASH Social Worker",
                                       "MASH Manager", "CAF Link Worker", "Allocated Social Worker"])
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.fromstring(data)), schema.error_log


def test_every_user_task_has_a_handler():
    from handlers import PACKS
    task_ids = []
    for path in sorted(DIAGRAM.parent.glob("*.bpmn")):  # the step-up and the safeguarding override
        task_ids += load_definition(f"blackburn/{path.stem}", {path.name: path.read_bytes()}).user_task_ids()
    assert sorted(task_ids) == sorted(PACKS["blackburn"].handlers)


# --- concern, team leader, consent, discussion ---------------------------------------------------

def test_concern_goes_to_the_team_leader_who_may_keep_it_under_the_caf_with_a_reason(as_user):
    ehp, tl = as_user(EHP), as_user(TL)
    case_id = new_case(ehp)
    ehp.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    ok(ehp.complete("share_concern", case_id, concern="Fictional", shared_on="2026-11-02", caf_in_place="Yes"))
    assert tl.task("team_leader_decision", case_id)["role"] == "Early Help Team Leader"
    refused(tl.complete("team_leader_decision", case_id, agreed_route="Not needed: carry on under the CAF"),
            "rationale")
    ok(tl.complete("team_leader_decision", case_id, agreed_route="Not needed: carry on under the CAF",
                   rationale="Fictional: the CAF plan covers it"))
    case = case_of(as_user, case_id)
    assert case["open_tasks"] == [] and case["pathways"][0]["status"] == "complete"


def test_agreed_referral_asks_the_practitioner_to_seek_consent(as_user):
    case_id = agreed(as_user)
    assert open_task_ids(as_user, case_id) == ["seek_consent"]
    assert as_user(EHP).task("seek_consent", case_id)["role"] == "Early Help Practitioner"


def test_consent_given_needs_how_and_when_and_not_sought_needs_why(as_user):
    case_id = agreed(as_user)
    ehp = as_user(EHP)
    response = ehp.complete("seek_consent", case_id, parents_consent="Given", child_consent="Not age appropriate")
    refused(response, "parents_consent_how")
    refused(response, "parents_consent_date")
    refused(ehp.complete("seek_consent", case_id, parents_consent="Not sought", child_consent="Not sought"),
            "consent_not_sought_reason")
    assert case_of(as_user, case_id)["consent"] == []  # nothing written by a refusal
    ok(ehp.complete("seek_consent", case_id, **consent_given("Given")))
    assert open_task_ids(as_user, case_id) == ["discuss_with_mash"]


def test_discussion_may_end_with_advice_only_and_then_the_advice_is_recorded(as_user):
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given()))
    msw = as_user(MSW)
    base = {"presenting_information": "Fictional", "historical_information": "None known",
            "previous_early_help_offer": "CAF", "immediate_response_required": "No",
            "submit_request_for_service": "No: the advice given was enough"}
    refused(msw.complete("discuss_with_mash", case_id, **base), "advice_given")
    ok(msw.complete("discuss_with_mash", case_id, **base, advice_given="Fictional: review the CAF plan"))
    assert case_of(as_user, case_id)["pathways"][0]["status"] == "complete"


def test_request_for_service_is_prefilled_and_goes_to_mash_screening(as_user):
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given()))
    ok(as_user(MSW).complete("discuss_with_mash", case_id, presenting_information="Fictional",
                             historical_information="Fictional", previous_early_help_offer="Fictional",
                             immediate_response_required="No", submit_request_for_service="Yes"))
    prefilled = form_of(as_user(EHP), "request_for_service", case_id)["prefilled"]
    assert prefilled == {"request_details": "Fictional: child says there is shouting at night"}
    ok(as_user(EHP).complete("request_for_service", case_id, request_details="Fictional",
                             referrer_name="Demo", referrer_contact="Demo"))
    assert as_user(MSW).task("mash_screening", case_id)["role"] == "MASH Social Worker"


# --- the 4-hour decision ---------------------------------------------------------------------------

def test_immediate_response_makes_the_screening_due_in_4_hours(as_user):
    case_id = requested(as_user, immediate="Yes")
    assert as_user(MSW).task("mash_screening", case_id)["due"] == "2026-11-02T14:00:00+00:00"


def test_the_4_hour_deadline_fires_at_4_hours_not_a_minute_early_and_escalates_to_the_mash_manager(as_user, clock):
    case_id = requested(as_user, immediate="Yes")
    clock.set(datetime(2026, 11, 2, 13, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    assert "screening_decision_overdue" not in open_task_ids(as_user, case_id)
    clock.set(datetime(2026, 11, 2, 14, 0, 1, tzinfo=timezone.utc))
    fired = sweep(as_user)
    assert [f["timer_id"] for f in fired] == ["screening_decision_due"]
    assert open_task_ids(as_user, case_id) == ["mash_screening", "screening_decision_overdue"]
    assert as_user(MM).task("screening_decision_overdue", case_id)["role"] == "MASH Manager"
    assert as_user(MSW).task("mash_screening", case_id)["overdue"] is True  # still with the social worker
    assert [e["data"]["timer"] for e in history(as_user, case_id, "timer.fired")] == ["screening_decision_due"]
    assert sweep(as_user) == []


def test_without_an_immediate_response_the_referral_decision_is_due_in_1_working_day(as_user, clock):
    case_id = requested(as_user, immediate="No")
    assert as_user(MSW).task("mash_screening", case_id)["due"] == "2026-11-03T10:00:00+00:00"
    clock.set(datetime(2026, 11, 2, 14, 1, tzinfo=timezone.utc))
    assert sweep(as_user) == []


def test_screening_on_time_cancels_the_escalation(as_user, clock):
    case_id = screened(as_user)
    clock.set(datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    assert open_task_ids(as_user, case_id) == ["mash_management_oversight"]


# --- screening: consent asked, previous involvement, 16 and 17 year olds --------------------------

def test_screening_asks_about_consent_prefilled_from_the_case(as_user):
    case_id = requested(as_user, parents="Refused")
    prefilled = form_of(as_user(MSW), "mash_screening", case_id)["prefilled"]
    assert prefilled["consent_position"] == REFUSED


@pytest.mark.parametrize("field", ["consent_position", "previous_involvement", "multi_agency_information"])
def test_screening_requires_consent_asked_and_previous_involvement(as_user, field):
    case_id = requested(as_user)
    data = {**SCREENING, "consent_position": CONSENTED}
    del data[field]
    refused(as_user(MSW).complete("mash_screening", case_id, **data), field)


@pytest.mark.parametrize("born, age", [("2010-11-02", 16), ("2008-11-03", 17)])  # 16 today; 18 tomorrow
def test_a_young_person_of_16_or_17_has_their_views_recorded(as_user, born, age):
    case_id = requested(as_user, born=born)
    data = {**SCREENING, "consent_position": CONSENTED}
    message = refused(as_user(MSW).complete("mash_screening", case_id, **data), "young_persons_views")
    assert str(age) in message
    ok(as_user(MSW).complete("mash_screening", case_id, **data,
                             young_persons_views="Fictional: wants to stay with her aunt"))


def test_a_young_persons_views_may_be_left_out_with_a_reason_it_is_not_in_their_best_interests(as_user):
    case_id = requested(as_user, born="2010-06-01")
    ok(as_user(MSW).complete("mash_screening", case_id, **SCREENING, consent_position=CONSENTED,
                             views_not_sought_reason="Fictional: contact would alert the person harming them"))


@pytest.mark.parametrize("born", ["2010-11-03", "2008-11-02"])  # 15 until tomorrow; 18 today
def test_under_16s_and_adults_need_no_young_persons_views(as_user, born):
    case_id = requested(as_user, born=born)
    ok(as_user(MSW).complete("mash_screening", case_id, **SCREENING, consent_position=CONSENTED))


# --- management oversight: consent override --------------------------------------------------------

def test_without_consent_an_assessment_needs_an_override_with_a_reason_and_the_manager(as_user):
    case_id = screened(as_user, parents="Refused")
    mm = as_user(MM)
    decision = {**OVERSIGHT, "referral_outcome": CIN, "allocated_social_worker": ASW}
    refused(mm.complete("mash_management_oversight", case_id, **decision), "consent_override")
    refused(mm.complete("mash_management_oversight", case_id, **decision, consent_override=True,
                        overriding_manager="Demo MASH Manager"), "override_reason")
    refused(mm.complete("mash_management_oversight", case_id, **decision, consent_override=True,
                        override_reason="Fictional: the child is at risk if the family is told"), "overriding_manager")
    assert [c for c in case_of(as_user, case_id)["consent"] if c["decision"] == "overridden"] == []
    ok(mm.complete("mash_management_oversight", case_id, **decision, consent_override=True,
                   override_reason="Fictional: the child is at risk if the family is told",
                   overriding_manager="Demo MASH Manager"))
    case = case_of(as_user, case_id)
    override = [c for c in case["consent"] if c["decision"] == "overridden"]
    assert len(override) == 1
    assert override[0]["override_reason"] == "Fictional: the child is at risk if the family is told"
    assert override[0]["overridden_by"] == "Demo MASH Manager"
    assert override[0]["recorded_by"] == MM
    events = history(as_user, case_id, "consent.overridden")
    assert len(events) == 1 and "overridden for the child's safety by Demo MASH Manager" in events[0]["summary"]
    assert case["current_service"] == "CSC"


def test_consent_cannot_be_overridden_when_it_was_given(as_user):
    case_id = screened(as_user, parents="Given")
    refused(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CIN,
                                 allocated_social_worker="Demo", consent_override=True, override_reason="x",
                                 overriding_manager="Demo"), "consent_override")


def test_without_consent_the_referrer_can_be_advised_to_seek_it(as_user):
    case_id = screened(as_user, parents="Refused", recommended="Advice to the referrer")
    mm = as_user(MM)
    assert form_of(mm, "mash_management_oversight", case_id)["prefilled"]["referral_outcome"] == \
        "Advice to the referrer"
    ok(mm.complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome="Advice to the referrer"))
    ok(as_user(MSW).complete("advise_referrer", case_id, advice_given="Fictional: ask the parents for consent",
                             further_action=["Ask for consent before any further discussion"],
                             referrer_contacted_on="2026-11-02"))
    case = case_of(as_user, case_id)
    assert case["pathways"][0]["status"] == "complete" and case["current_service"] == "EH"


# --- outcomes --------------------------------------------------------------------------------------

def test_caf_link_worker_outcome_goes_to_the_caf_link_worker(as_user):
    case_id = screened(as_user)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT,
                            referral_outcome="CAF link worker advice and guidance"))
    assert as_user(CAF).task("caf_link_worker_guidance", case_id)["role"] == "CAF Link Worker"
    ok(as_user(CAF).complete("caf_link_worker_guidance", case_id, guidance_given="Fictional: what good looks like",
                             given_on="2026-11-02"))
    assert case_of(as_user, case_id)["pathways"][0]["status"] == "complete"


def test_early_help_outcome_contacts_the_referrer_and_records_the_familys_consent_to_the_service(as_user):
    case_id = screened(as_user)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT,
                            referral_outcome="Support from the Early Help service"))
    ok(as_user(TL).complete("offer_early_help", case_id, level_of_need="Level 3", referrer_contacted_on="2026-11-02",
                            early_help_offer="Fictional: family support worker", family_consent="Given",
                            family_consent_how="By phone", family_consent_date="2026-11-02"))
    service = [c for c in case_of(as_user, case_id)["consent"] if c["scope"] == "service"]
    assert [(c["given_by"], c["decision"], c["how"]) for c in service] == [("Parents / carers", "given", "By phone")]


def test_assessment_outcome_needs_the_allocated_social_worker(as_user):
    case_id = screened(as_user)
    refused(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CP),
            "allocated_social_worker")


@pytest.mark.parametrize("outcome, kind", [(CIN, "Child in Need (s17)"), (CP, "Child Protection (s47)")])
def test_s17_or_s47_allocates_a_social_worker_and_moves_the_case_to_social_care(as_user, outcome, kind):
    case_id = screened(as_user, recommended=outcome)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=outcome,
                            allocated_social_worker=ASW, allocated_team="Assessment team"))
    asw = as_user(ASW)
    assert form_of(asw, "social_work_assessment", case_id)["prefilled"] == {
        "assessment_type": kind, "social_worker": ASW}
    assert case_of(as_user, case_id)["current_service"] == "CSC"


def assessed(as_user):
    case_id = screened(as_user)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CIN,
                            allocated_social_worker=ASW))
    return case_id


def test_the_caf_closes_at_the_10_day_assessment_checkpoint_not_a_minute_early(as_user, clock):
    case_id = assessed(as_user)  # allocated on Monday 2 November 2026 at 10:00
    clock.set(datetime(2026, 11, 16, 9, 59, tzinfo=timezone.utc))  # 10 working days on: Monday 16th, 10:00
    assert sweep(as_user) == []
    assert not history(as_user, case_id, "timer.fired")
    clock.set(datetime(2026, 11, 16, 10, 0, 1, tzinfo=timezone.utc))
    assert [f["timer_id"] for f in sweep(as_user)] == ["caf_checkpoint"]
    fired = history(as_user, case_id, "timer.fired")
    assert "CAF closes" in fired[0]["summary"]
    # The assessment carries on; its own deadline is now the 45-working-day one.
    assessment = as_user(ASW).task("social_work_assessment", case_id)
    assert assessment["due"] == "2027-01-07T10:00:00+00:00"
    assert assessment["overdue"] is False


def test_the_assessment_is_due_within_45_working_days_and_escalates_to_the_mash_manager(as_user, clock):
    case_id = assessed(as_user)
    clock.set(datetime(2027, 1, 7, 9, 59, tzinfo=timezone.utc))
    assert [f["timer_id"] for f in sweep(as_user)] == ["caf_checkpoint"]
    clock.set(datetime(2027, 1, 7, 10, 0, 1, tzinfo=timezone.utc))
    assert [f["timer_id"] for f in sweep(as_user)] == ["assessment_due"]
    assert as_user(MM).task("assessment_overdue", case_id)["role"] == "MASH Manager"
    ok(as_user(ASW).complete("social_work_assessment", case_id, assessment_type="Child in Need (s17)",
                             social_worker=ASW, assessment_outcome="Fictional: CIN plan",
                             concluded_on="2027-01-07"))
    assert open_task_ids(as_user, case_id) == ["assessment_overdue"]


def test_the_45_working_days_run_from_the_request_for_service_not_from_the_decision(as_user, clock):
    case_id = screened(as_user)  # the request for service on Monday 2 November 2026 at 10:00
    clock.set(datetime(2026, 11, 3, 16, 0, tzinfo=timezone.utc))  # the decision a day later
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CIN,
                            allocated_social_worker=ASW))
    clock.set(datetime(2026, 11, 17, 16, 1, tzinfo=timezone.utc))  # past the 10-day CAF checkpoint
    assert [f["timer_id"] for f in sweep(as_user)] == ["caf_checkpoint"]
    # Still 45 working days from the referral (25 and 28 Dec and 1 Jan skipped), not from the decision.
    assert as_user(ASW).task("social_work_assessment", case_id)["due"] == "2027-01-07T10:00:00+00:00"


# --- the safeguarding override ---------------------------------------------------------------------

def test_an_immediate_safeguarding_concern_goes_straight_to_the_mash_manager(as_user):
    case_id = agreed(as_user)
    response = as_user(EHP).post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": {
        "immediate_risk": "Fictional: child has a visible injury", "child_safe_now": "Not known",
        "mash_or_police_phoned": "Yes, MASH"}})
    assert response.status_code == 201, response.json
    assert as_user(MM).task("immediate_concern_mash_decision", case_id)["role"] == "MASH Manager"
    assert "seek_consent" in open_task_ids(as_user, case_id)  # the planned pathway carries on


def test_the_oversight_task_page_shows_the_consent_override_fields(app, as_user):
    import lxml.html
    from tests.bpmn_variants import signed_in
    case_id = screened(as_user, parents="Refused")
    item = as_user(MM).task("mash_management_oversight", case_id)
    response = signed_in(app, MM).get(f"/tasks/{item['id']}")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.data)
    names = {el.get("name") for el in page.iter("input", "textarea", "select")}
    assert {"consent_override", "override_reason", "overriding_manager", "referral_outcome"} <= names


def test_an_override_without_a_reason_is_refused_on_the_page_too(app, as_user):
    import lxml.html
    from tests.bpmn_variants import signed_in
    case_id = screened(as_user, parents="Refused")
    item = as_user(MM).task("mash_management_oversight", case_id)
    form = {**OVERSIGHT, "referral_outcome": CIN, "allocated_social_worker": "Demo", "consent_override": "on",
            "overriding_manager": "Demo MASH Manager"}
    response = signed_in(app, MM).post(f"/tasks/{item['id']}", data=form)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    assert page.get_element_by_id("f-override_reason-error") is not None
    assert [c for c in case_of(as_user, case_id)["consent"] if c["decision"] == "overridden"] == []


# --- the referrer and the allocated social worker are told ---------------------------------------

REFERRER = "referrer@school.demo.invalid"  # a school: outside the council


def referred_with_an_email(as_user):
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given()))
    ok(as_user(MSW).complete("discuss_with_mash", case_id, presenting_information="Fictional",
                             historical_information="Fictional", previous_early_help_offer="CAF since May",
                             immediate_response_required="No", submit_request_for_service="Yes"))
    ok(as_user(EHP).complete("request_for_service", case_id, request_details="Fictional request",
                             referrer_name="Demo practitioner, school", referrer_contact="Via the school office",
                             referrer_email=REFERRER))
    ok(as_user(MSW).complete("mash_screening", case_id, **{**SCREENING, "consent_position": CONSENTED,
                                                           "recommended_outcome": CIN}))
    return case_id


def messages_about(as_user, case_id):
    return [m for m in as_user("demo-admin").get("/api/v1/admin/outbox").json["messages"]
            if m["case_id"] == case_id and m["reason"] == "mash_management_oversight completed"]


def test_the_allocated_social_worker_is_a_stepwise_user_with_the_role_and_is_emailed(as_user):
    case_id = referred_with_an_email(as_user)
    decision = {**OVERSIGHT, "referral_outcome": CIN}
    assert "username" in refused(as_user(MM).complete("mash_management_oversight", case_id, **decision,
                                                      allocated_social_worker="Demo Allocated SW"),
                                 "allocated_social_worker")
    # A real user without the role is refused too: the work must reach an allocated social worker.
    assert "Allocated Social Worker role" in refused(as_user(MM).complete(
        "mash_management_oversight", case_id, **decision, allocated_social_worker=MM), "allocated_social_worker")
    ok(as_user(MM).complete("mash_management_oversight", case_id, **decision, allocated_social_worker=ASW))
    by_recipient = {tuple(m["recipients"]): m for m in messages_about(as_user, case_id)}
    allocation = by_recipient[(f"{ASW}@demo.invalid",)]
    assert allocation["subject"] == "You have been allocated a child and family assessment"
    assert as_user(ASW).task("social_work_assessment", case_id)


def test_the_referrer_outside_the_council_is_told_the_outcome_in_fixed_words_only(as_user, app):
    from service.extensions import db
    from service.mail.outbox_model import OutboxMessage
    case_id = referred_with_an_email(as_user)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CIN,
                            allocated_social_worker=ASW))
    [told] = [m for m in messages_about(as_user, case_id) if m["recipients"] == [REFERRER]]
    assert told["outside_council"] is True
    with app.app_context():
        body = db.session.get(OutboxMessage, told["id"]).body
    assert "child and family assessment (child in need, section 17)" in body and f"case {case_id}" in body
    for private in ("Fictional", "Demo practitioner", ASW, "Child B", "B-"):
        assert private not in body, private


def test_without_a_referrers_email_nobody_outside_is_told(as_user):
    case_id = screened(as_user)
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome="Advice to the referrer"))
    assert [m for m in messages_about(as_user, case_id) if m["outside_council"]] == []
