"""Knowsley §3: step-down to Level 2 or 3 before a Child and Family assessment closes."""
from datetime import date, timedelta

from ..forms import Field, Handler, Meeting, Message, Outcome, StartPathway
from ..timing import LONDON, as_utc, now_from
from .step_down import LEVEL_2, LEVEL_3, SIGNS, level_update
from .timing import readable

YES_NO = ("Yes", "No")
VISIT_NOTICE_DAYS = 5  # §3 Level 3: "with a minimum of 5 days' notice"
VISIT_MINUTES = 60


def _team_manager_agrees(clean, _context):
    if clean["team_manager_agrees"] is not True:
        return {"team_manager_agrees": ("Select that your team manager agrees: the social worker and their team "
                                        "manager must both feel the family no longer needs CSC intervention")}
    return {}


def _consent_recorded(clean, _context):
    if clean["parent_consent"] == "Yes" and not clean["consent_details"]:
        return {"consent_details": "Say who consented, when and how"}
    return {}


def _referral_not_in_the_future(clean, context):
    now = now_from(context)
    if now and date.fromisoformat(clean["referral_received_on"]) > now.astimezone(LONDON).date():
        return {"referral_received_on": "The date the referral was received must be today or in the past"}
    return {}


propose_step_down = Handler(
    task_id="propose_step_down",
    title="Step-down to Early Help before the C&F assessment closes",
    guidance=("You and your team manager feel the family do not need ongoing Children's Social Care intervention but "
              "would benefit from Level 2 or Level 3 support. Follow this before the C&F assessment is closed: gain "
              "the parent's consent for the case to transfer to Early Help (Level 3: to be referred to Family First)."),
    fields=(
        Field("referral_received_on", "Date of the referral the C&F assessment follows", "date",
              happened=True, required=True,
              help="The assessment concludes within 45 working days of it (Working Together 2023); the steps "
                   "below are chased from that date"),
        Field("step_down_level", "Support needed at", "choice", required=True, choices=(LEVEL_2, LEVEL_3)),
        Field("team_manager_name", "Your team manager", "text", required=True),
        Field("team_manager_agrees", "Your team manager agrees the family no longer needs CSC intervention",
              "boolean", required=True),
        Field("parent_consent", "Has the parent consented to the transfer to Early Help?", "choice", required=True,
              choices=YES_NO),
        Field("consent_details", "Consent: who gave it, when and how", "textarea"),
    ),
    rules=(_team_manager_agrees, _consent_recorded, _referral_not_in_the_future),
)


SIGN_FIELDS = (
    Field("worries", "What are we worried about?", "textarea", required=True, section=SIGNS),
    Field("working_well", "What is working well?", "textarea", required=True, section=SIGNS),
    Field("what_needs_to_happen", "What needs to happen?", "textarea", required=True, section=SIGNS),
)
LINK = ("The details are recorded on the case in Stepwise: follow the case link to read them. Child details are never "
        "sent by e-mail.")


def _partner_agrees(clean, _context):
    if clean["partner_agrees"] is not True:
        return {"partner_agrees": ("Select that the Level 2 practitioner agrees to take responsibility: they "
                                   "must agree before the step-down")}
    return {}


def _partner_hand_on(clean, _context):
    message = Message(
        to=("ff_duty",), subject="Step-down to a Level 2 Early Help service after a C&F assessment",
        body=("Children's Social Care intends to step this family down to a Level 2 Early Help service when the C&F "
              f"assessment is finalised. A Level 2 practitioner at {clean['partner_organisation']} has agreed to take "
              f"over as lead practitioner. {LINK}"))
    return Outcome(data=dict(clean), messages=(message,))


level_2_partner_agreement = Handler(
    task_id="level_2_partner_agreement",
    title="Level 2 partner agrees to take on the family",
    guidance=("Speak to the most appropriate Level 2 practitioner to carry on the work the C&F assessment identified. "
              "They must agree to take responsibility through an Early Help Assessment. Completing this e-mails the "
              "Family First duty team of the intention to step down."),
    fields=(
        Field("partner_practitioner", "Level 2 practitioner taking over as lead practitioner", "text", required=True),
        Field("partner_organisation", "Their organisation", "text", required=True),
        Field("partner_agrees", "They agree to take responsibility for continued support via an Early Help Assessment",
              "boolean", required=True),
        *SIGN_FIELDS,
    ),
    rules=(_partner_agrees,),
    hand_on=_partner_hand_on,
)


def visit_notice_rule(clean, context):
    """§3 Level 3: the Family First duty team hears of the joint home visit at least 5 days ahead."""
    now = now_from(context)
    if now is None:
        return {"joint_home_visit_start": "The current time is unknown, so the notice cannot be checked"}
    start = as_utc(clean["joint_home_visit_start"])
    if start <= now:
        return {"joint_home_visit_start": "The date and time of the joint home visit must be in the future"}
    days = (start.astimezone(LONDON).date() - now.astimezone(LONDON).date()).days
    if days < VISIT_NOTICE_DAYS:
        return {"joint_home_visit_start": f"Give Family First at least {VISIT_NOTICE_DAYS} days' notice of the joint "
                                          f"home visit (this gives {days})"}
    return {}


def _visit_hand_on(clean, _context):
    start = as_utc(clean["joint_home_visit_start"])
    end = start + timedelta(minutes=VISIT_MINUTES)
    when = readable(clean["joint_home_visit_start"])
    # The family's address never goes by e-mail: the invite says "joint home visit" only.
    meeting = Meeting(start.isoformat(), end.isoformat(), "Joint home visit (step-down to Family First)",
                      "The family's home (address on the case)", "Knowsley protocol §3, Level 3.")
    message = Message(
        to=("ff_duty",), subject=f"Step-down to Family First: joint home visit {when}",
        body=("Children's Social Care intends to step this family down to Family First 0-18 at Level 3 when the C&F "
              f"assessment is finalised. Please send a Family First case manager on the joint home visit on {when} to "
              f"discuss future support with the family. {LINK}"),
        meeting=meeting)
    return Outcome(data={**clean, "joint_home_visit_end": end.isoformat()}, messages=(message,))


joint_home_visit = Handler(
    task_id="joint_home_visit",
    title="Arrange a joint home visit with Family First",
    guidance=(f"With at least {VISIT_NOTICE_DAYS} days' notice, e-mail the Family First 0-18 duty team the date and "
              "time of a joint home visit; a Family First case manager comes with you to discuss future support. "
              "Completing this sends the e-mail and a calendar invite."),
    fields=(
        Field("joint_home_visit_start", "Date and time of the joint home visit", "datetime", required=True,
              help=f"London time; at least {VISIT_NOTICE_DAYS} days from today"),
        *SIGN_FIELDS,
    ),
    rules=(visit_notice_rule,),
    hand_on=_visit_hand_on,
)


def _transferred(clean, _context):
    if clean["transferred_to_ehm"] is not True:
        return {"transferred_to_ehm": "Select Transfer to EHM as the C&F assessment's outcome to complete this step"}
    return {}


def _prefill_transfer(context):
    return {"new_lead_practitioner_name": context.get("partner_practitioner"),
            "new_lead_practitioner_organisation": context.get("partner_organisation")
            or ("Family First 0-18" if context.get("step_down_level") == LEVEL_3 else None)}


def _transfer_hand_on(clean, context):
    handed = {"step_down_route": "After a C&F assessment", "step_down_level": context.get("step_down_level"),
              "bottom_lines": None, "first_taf_review_at": None,
              "new_lead_practitioner_name": clean["new_lead_practitioner_name"],
              "new_lead_practitioner_organisation": clean["new_lead_practitioner_organisation"]}
    return Outcome(data=dict(clean),
                   case_updates={"current_service": "EH", **level_update(context.get("step_down_level"))},
                   starts=(StartPathway("early_help_after_step_down", handed),))


transfer_to_ehm = Handler(
    task_id="transfer_to_ehm",
    title="Finalise the C&F assessment: Transfer to EHM",
    guidance=("Finalise the C&F assessment with Transfer to EHM as the outcome: the case moves from ICS to EHM and is "
              "allocated to the Level 2 partner or the Family First case manager who agreed to continue the support."),
    fields=(
        Field("assessment_finalised_on", "C&F assessment finalised on", "date", happened=True, required=True),
        Field("transferred_to_ehm", "I selected Transfer to EHM (ICS to EHM)", "boolean", required=True),
        Field("new_lead_practitioner_name", "Allocated to (lead practitioner)", "text", required=True),
        Field("new_lead_practitioner_organisation", "Their organisation", "text", required=True),
    ),
    rules=(_transferred,),
    prefill=_prefill_transfer,
    hand_on=_transfer_hand_on,
)


assessment_overdue_before_step_down = Handler(
    task_id="assessment_overdue_before_step_down",
    title="Escalation: C&F assessment not concluded within 45 working days of the referral",
    guidance=("A child and family assessment concludes within 45 working days of the referral (Working Together to "
              "Safeguard Children 2023). This one has not been finalised, and the step-down to Early Help waits for "
              "it. The social worker's task stays open with them: find out why, agree when it will conclude and "
              "record it."),
    fields=(
        Field("reason_overdue", "Why the assessment has not concluded", "textarea", required=True),
        Field("assessment_expected_by", "Now expected to conclude by", "date", required=True),
    ),
)
