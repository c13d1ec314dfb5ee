"""Peterborough §3: stepping down from a Child in Need plan to a Team around the Family (no MASG needed)."""
from ..forms import Field, Handler, Outcome
from .assessment import NFA, REFERRAL_TO_EARLY_HELP
from .consent_given import consent_fields, consent_needed, consent_record

TAF = "Multi-agency support through a Team around the Family"
SINGLE_AGENCY = "A single agency referral"


def _step_down_rules(clean, _context):
    errors = {}
    if clean["step_down_to"] == TAF:
        if clean["agreement_recorded"] is not True:
            errors["agreement_recorded"] = ("Record the agreement to step down to TAF clearly in the notes of the "
                                            "Child in Need Meeting, then select this to confirm it")
        if not clean["lead_professional"]:
            errors["lead_professional"] = ("Record the nominated Lead Professional in the Child in Need Meeting notes")
        if not clean["lead_professional_agency"]:
            errors["lead_professional_agency"] = "Name the Early Help partner agency of the Lead Professional"
        if clean["cin_outcome"] != REFERRAL_TO_EARLY_HELP:
            errors["cin_outcome"] = "The outcome selected on Liquid Logic is 'Referral to Early Help' and NOT 'NFA'"
        errors.update(consent_needed(clean, "A family steps down to a Team around the Family"))
    elif not clean["single_agency"]:
        errors["single_agency"] = "Name the agency the social worker refers the family to"
    return errors


def _stepped_down(clean, _context):
    taf = clean["step_down_to"] == TAF
    updates = {"current_service": "EH", "lead_professional": clean["lead_professional"]} if taf else {}
    consents = consent_record(clean, "service", "Step-down from the CIN plan to a Team around the Family") \
        if taf else ()
    return Outcome(data={**clean, "cin_route": "taf" if taf else "single_agency"}, case_updates=updates,
                   consents=consents)


cin_meeting_step_down = Handler(
    task_id="cin_meeting_step_down",
    title="Child in Need Meeting: agree the step-down",
    guidance=("Where the multi-disciplinary team supporting the CIN plan agrees to step down to a Team around the "
              "Family, record the agreement in the notes of the Child in Need Meeting together with the name of the "
              "nominated Lead Professional from an Early Help partner agency, who picks the case up after closure "
              "to Children's Social Care. Select 'Referral to Early Help', not 'NFA'. No MASG is needed: the lead "
              "professional, the team around the child and a SMART action plan are already in place."),
    fields=(
        Field("cin_meeting_date", "Date of the Child in Need Meeting", "date", happened=True, required=True),
        Field("step_down_to", "Step down to", "choice", required=True, choices=(TAF, SINGLE_AGENCY)),
        Field("cin_meeting_notes", "Child in Need Meeting notes: the agreement to step down", "textarea",
              required=True),
        Field("agreement_recorded", "The agreement is recorded in the Child in Need Meeting notes", "boolean"),
        Field("lead_professional", "Nominated Lead Professional", "text"),
        Field("lead_professional_agency", "Their Early Help partner agency", "text"),
        Field("cin_outcome", "Outcome selected on Liquid Logic", "choice", choices=(REFERRAL_TO_EARLY_HELP, NFA)),
        Field("single_agency", "Agency referred to (single agency referral)", "text"),
        *consent_fields("The family's agreement to the step-down to a Team around the Family"),
    ),
    rules=(_step_down_rules,),
    hand_on=_stepped_down,
)
