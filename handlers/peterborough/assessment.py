"""Peterborough §2: stepping down after a Child and Family Assessment, to a single agency or through the MASG."""
from ..consent import GIVEN, HOW, REFUSED, ConsentRecord
from ..forms import NOW_KEY, Field, Handler, Outcome
from ..timing import as_utc
from .consent_given import PARENTS


def _referral_not_in_the_future(clean, context):
    now = context.get(NOW_KEY)
    if now and as_utc(clean["referral_received_at"]) > as_utc(now):
        return {"referral_received_at": "The date and time the referral was received must be in the past"}
    return {}


def _prefill_referral(context):
    return {"referral_received_at": context.get("referral_received_at")}


# The C&F Assessment's 45 working days run from the referral (Working Together), not from when
# the assessment's task opens: the diagram's timer reads this recorded moment
# (``working_days_from(referral_received_at, 45)``). A referral that handed the case on has filled
# it in; an assessment started by hand records it here.
record_referral = Handler(
    task_id="record_referral",
    title="The referral the C&F Assessment follows",
    guidance=("Check when the referral was received: the assessment is due within 45 working days of it, and the "
              "Assessment Team Manager is alerted when it passes."),
    fields=(
        Field("referral_received_at", "Referral received", "datetime", required=True,
              help="Filled in when the referral handed the case on"),
    ),
    rules=(_referral_not_in_the_future,),
    prefill=_prefill_referral,
)


CONTINUING = "Continuing Children's Social Care involvement"
SINGLE_AGENCY = "Single agency support"
MULTI_AGENCY = "Multi-agency support plan (via the MASG)"
ROUTES = {CONTINUING: "csc", SINGLE_AGENCY: "single_agency", MULTI_AGENCY: "masg"}
# The assessment's outcome as selected on Liquid Logic.
NFA = "NFA"
REFERRAL_TO_EARLY_HELP = "Referral to Early Help"
ANSWERS = ("Given", "Refused")
CONSENT = "Consent (noted on Liquid Logic)"
MASG = "Multi-agency support plan"


def _outcome_rules(clean, _context):
    errors, route, outcome = {}, clean["continuing_support"], clean["assessment_outcome"]
    if route == MULTI_AGENCY:
        if outcome != REFERRAL_TO_EARLY_HELP:
            errors["assessment_outcome"] = ("Select 'Referral to Early Help' as the outcome to step the case down to "
                                            "the MASG, not NFA")
        if clean["narrative_records_masg"] is not True:
            errors["narrative_records_masg"] = ("Record in the narrative comments that the case is stepped down via "
                                                "the MASG, then select this to confirm it")
        if not clean["early_help_discussion"]:
            errors["early_help_discussion"] = "Discuss the case with the Early Help Service first, and record it"
        if clean["parent_agrees_to_support_plan"] != "Given":
            errors["parent_agrees_to_support_plan"] = ("The parent or carer must agree to a continuing support plan "
                                                       "in Early Help")
        if clean["consent_to_share_with_masg"] != "Given":
            errors["consent_to_share_with_masg"] = ("The parent or carer must consent to the C&F Assessment being "
                                                    "shared with the agencies of the MASG")
    elif route == SINGLE_AGENCY:
        if outcome != NFA:
            errors["assessment_outcome"] = ("For single agency support the outcome is NFA, after the referral to "
                                            "the agency")
        if not clean["single_agency"]:
            errors["single_agency"] = "Name the agency the family is referred on to"
        if clean["consent_to_single_agency_referral"] != "Given":
            errors["consent_to_single_agency_referral"] = ("The parent or carer must consent to the referral to "
                                                           "the agency")
    if route != CONTINUING and not errors:
        if not clean["consent_how"]:
            errors["consent_how"] = "Say how consent was given"
        if not clean["consent_date"]:
            errors["consent_date"] = "Say when consent was given"
    return errors


def _consents(clean):
    def record(answer, scope, note):
        decision = GIVEN if answer == "Given" else REFUSED
        return ConsentRecord(given_by=PARENTS, scope=scope, decision=decision, how=clean["consent_how"] or "",
                             when=clean["consent_date"], note=note)
    found = []
    if clean["continuing_support"] == MULTI_AGENCY:
        found.append(record(clean["parent_agrees_to_support_plan"], "service",
                            "A continuing support plan in Early Help"))
        found.append(record(clean["consent_to_share_with_masg"], "sharing",
                            "The C&F Assessment shared with the agencies of the MASG"))
    elif clean["continuing_support"] == SINGLE_AGENCY:
        found.append(record(clean["consent_to_single_agency_referral"], "sharing",
                            f"Referral to {clean['single_agency']}"))
    return tuple(found)


def _concluded(clean, _context):
    return Outcome(data={**clean, "support_route": ROUTES[clean["continuing_support"]]}, consents=_consents(clean))


def _prefill(context):
    return {"assessment_summary": context.get("referral_details")}


conclude_assessment = Handler(
    task_id="conclude_assessment",
    title="Conclude the Child and Family Assessment",
    guidance=("Due within 45 working days of the referral. Single agency support: refer the family on to the agency and select NFA. "
              "Multi-agency support plan: discuss the case with the Early Help Service first; the case is heard at "
              "the Multi-Agency Support Group. The outcome must then be 'Referral to Early Help' and the narrative "
              "must record that the case is stepped down via the MASG: do NOT select NFA."),
    fields=(
        Field("assessment_summary", "Assessment: the needs identified", "textarea", required=True),
        Field("continuing_support", "Continuing support needed", "choice", required=True,
              choices=(CONTINUING, SINGLE_AGENCY, MULTI_AGENCY)),
        Field("assessment_outcome", "Outcome selected on Liquid Logic", "choice", choices=(NFA, REFERRAL_TO_EARLY_HELP),
              help="Not for continuing CSC involvement"),
        Field("single_agency", "Agency the family is referred on to", "text", section="Single agency support"),
        Field("consent_to_single_agency_referral", "Parent's / carer's consent to the referral to the agency",
              "choice", choices=ANSWERS, section="Single agency support"),
        Field("early_help_discussion", "Discussion with the Early Help Service: with whom, when, what was agreed",
              "textarea", section=MASG),
        Field("narrative_records_masg", "The narrative comments record that the case is stepped down via the MASG",
              "boolean", section=MASG),
        Field("parent_agrees_to_support_plan",
              "Parent's / carer's agreement to a continuing support plan in Early Help", "choice", choices=ANSWERS,
              section=MASG),
        Field("consent_to_share_with_masg", "Consent to the C&F Assessment being shared with the agencies of the MASG",
              "choice", choices=ANSWERS, section=MASG),
        Field("consent_how", "How consent was given", "choice", choices=HOW, section=CONSENT),
        Field("consent_date", "When consent was given", "date", happened=True, section=CONSENT),
    ),
    rules=(_outcome_rules,),
    prefill=_prefill,
    hand_on=_concluded,
)

assessment_overdue = Handler(
    task_id="assessment_overdue",
    title="Escalation: the C&F Assessment is past 45 working days",
    guidance="The assessment stays open with the social worker; record what you have done.",
    fields=(Field("action_taken", "Action taken", "textarea", required=True),),
)


ACCEPTED = "Accepted for discussion at the MASG"
NOT_ACCEPTED = "Not accepted"


def _masg_rules(clean, _context):
    errors = {}
    if clean["masg_decision"] == ACCEPTED:
        for name, message in (("lead_professional", "The MASG names the lead professional"),
                              ("lead_professional_agency", "Name the lead professional's agency"),
                              ("resources_agreed", "Record the resources agreed to support the family")):
            if not clean[name]:
                errors[name] = message
    elif not clean["masg_notes"]:
        errors["masg_notes"] = "Record why the MASG did not accept the case"
    return errors


def _heard(clean, _context):
    updates = {}
    if clean["masg_decision"] == ACCEPTED:
        # "The case can be closed to Children's Social Care once the case has been accepted for discussion at the MASG."
        updates = {"current_service": "EH", "lead_professional": clean["lead_professional"]}
    return Outcome(data={**clean, "masg_accepted": clean["masg_decision"] == ACCEPTED}, case_updates=updates)


masg_hearing = Handler(
    task_id="masg_hearing",
    title="Multi-Agency Support Group: hear the case",
    guidance=("The social worker is invited to present the needs of the child and family (the referrer too, where "
              "they can). The MASG identifies the lead professional and agrees the resources needed. Once the case "
              "is accepted for discussion it closes to Children's Social Care."),
    fields=(
        Field("masg_date", "Date of the MASG", "date", happened=True, required=True),
        Field("social_worker_attended", "Did the social worker attend to present the needs?", "choice", required=True,
              choices=("Yes", "No")),
        Field("masg_decision", "Decision", "choice", required=True, choices=(ACCEPTED, NOT_ACCEPTED)),
        Field("lead_professional", "Lead professional", "text"),
        Field("lead_professional_agency", "Lead professional's agency", "text"),
        Field("resources_agreed", "Resources agreed", "textarea"),
        Field("masg_notes", "Notes", "textarea"),
    ),
    rules=(_masg_rules,),
    hand_on=_heard,
)
