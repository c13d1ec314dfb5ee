"""Knowsley §2: step-down from Child in Need to Early Help at Level 2 or Level 3."""
from datetime import date, timedelta

from ..forms import Field, Handler, Meeting, Message, Outcome, StartPathway
from ..timing import LONDON, as_utc, now_from
from .timing import NOTICE_WORKING_DAYS, london_local, morning_of, notice_given, readable

LEVEL_2 = "Level 2 (a partner agency, e.g. a school)"
LEVEL_3 = "Level 3 (Family First 0-18)"


def level_update(chosen):
    """The case's Level of Need (pack.toml [level_of_need]) for the level a step-down chose."""
    number = {LEVEL_2: 2, LEVEL_3: 3}.get(chosen)
    return {"level_of_need": number, "level_of_need_reason": f"Stepped down to {chosen}"} if number else {}
AGREED = "Agreed"
DISAGREEMENT = "Disagreement between CSC and the Early Help service"
NOT_AGREED = "Not agreed: stays open to CSC"
CONSENT = ("Given at the meeting", "Gained separately (family not at the meeting)", "Not given")
NO_CONSENT = CONSENT[2]
REVIEW_WEEKS = 6  # §2: "6 weeks unless earlier is agreed"
MEETING_MINUTES = 60
SIGNS = "What are we worried about, what is working well, what needs to happen"


def notice_rule(clean, context):
    """§2: the Early Help service hears at least 5 working days before the final CIN meeting."""
    now = now_from(context)
    if now is None:
        return {"final_cin_meeting_start": "The current time is unknown, so the notice cannot be checked"}
    start = as_utc(clean["final_cin_meeting_start"])
    if start <= now:
        return {"final_cin_meeting_start": "The date and time of the final CIN meeting must be in the future"}
    given = notice_given(now, start)
    if given < NOTICE_WORKING_DAYS:
        return {"final_cin_meeting_start": f"Give the Early Help service at least {NOTICE_WORKING_DAYS} working "
                                           f"days' notice of the final CIN meeting (this gives {given})"}
    return {}


def level_2_rule(clean, _context):
    """§2 Level 2: the e-mail names the person (and organisation) taking over as lead practitioner."""
    if clean["step_down_level"] != LEVEL_2:
        return {}
    return {name: f"Enter {what}: a Level 2 step-down names them" for name, what in (
        ("new_lead_practitioner_name", "the new lead practitioner's name"),
        ("new_lead_practitioner_organisation", "the new lead practitioner's organisation")) if not clean[name]}


def _notice_hand_on(clean, context):
    start = as_utc(clean["final_cin_meeting_start"])
    end = start + timedelta(minutes=MEETING_MINUTES)
    when = readable(clean["final_cin_meeting_start"])
    level_2 = clean["step_down_level"] == LEVEL_2
    to = ("ff_duty", "level_2_service") if level_2 else ("ff_duty",)
    if clean["new_lead_practitioner_email"]:
        to += (f"email:{clean['new_lead_practitioner_email']}",)
    attending = ("the new lead practitioner" if level_2 else "a Family First Case Manager")
    body = (f"Children's Social Care intends to step this family down to Early Help at "
            f"{clean['step_down_level']}. The final Child in Need meeting is on {when} "
            f"({clean['final_cin_meeting_venue']}); {attending} is asked to attend.\n\n"
            f"{SIGNS}, and who takes over as lead practitioner, are recorded on the case in Stepwise: follow the "
            "case link to read them. Child details are never sent by e-mail.")
    meeting = Meeting(start.isoformat(), end.isoformat(), "Final Child in Need meeting (step-down to Early Help)",
                      clean["final_cin_meeting_venue"], "Step-down from CSC to Early Help: Knowsley protocol §2.")
    message = Message(to=to, subject=f"Step-down to Early Help: final CIN meeting {when}", body=body, meeting=meeting)
    return Outcome(data={**clean, "final_cin_meeting_end": end.isoformat()}, messages=(message,))


def _prefill_notice(context):
    return {"final_cin_meeting_venue": "Microsoft Teams"}


notify_early_help_service = Handler(
    task_id="notify_early_help_service",
    title="Tell the Early Help service about the final CIN meeting",
    guidance=(f"At least {NOTICE_WORKING_DAYS} working days before the final Child in Need meeting, contact the "
              "Level 2 service identified through CIN as willing to take the family on, and tell the Family First "
              "0-18 duty team of the intention to step down (Level 3: Family First duty, who send a case manager to "
              "the meeting). Completing this e-mails them with a calendar invite."),
    fields=(
        Field("step_down_level", "Step down to", "choice", required=True, choices=(LEVEL_2, LEVEL_3)),
        Field("final_cin_meeting_start", "Date and time of the final CIN meeting", "datetime", required=True,
              help=f"London time; at least {NOTICE_WORKING_DAYS} working days from today"),
        Field("final_cin_meeting_venue", "Venue", "text", required=True),
        Field("worries", "What are we worried about?", "textarea", required=True, section=SIGNS),
        Field("working_well", "What is working well?", "textarea", required=True, section=SIGNS),
        Field("what_needs_to_happen", "What needs to happen?", "textarea", required=True, section=SIGNS),
        Field("new_lead_practitioner_name", "New lead practitioner", "text", section="Who takes over",
              help="Required for Level 2; for Level 3 Family First allocates a case manager"),
        Field("new_lead_practitioner_organisation", "Their organisation", "text", section="Who takes over"),
        Field("new_lead_practitioner_email", "Their e-mail address (optional: they get the invite)", "email",
              section="Who takes over"),
    ),
    rules=(notice_rule, level_2_rule),
    prefill=_prefill_notice,
    hand_on=_notice_hand_on,
)


def _meeting_day(clean):
    return as_utc(clean["meeting_held_at"]).astimezone(LONDON).date()


def agreement_rule(clean, _context):
    """§2: an agreed step-down records the bottom lines, the family's consent and the first TAF review."""
    decision = clean["step_down_decision"]
    if decision == DISAGREEMENT and not clean["disagreement"]:
        return {"disagreement": "Say what CSC and the Early Help service disagree about"}
    if decision != AGREED:
        return {}
    errors = {}
    if not clean["bottom_lines"]:
        errors["bottom_lines"] = "Record the indicators of risk or 'bottom lines' that would step the case back up"
    if clean["family_consent"] in (None, NO_CONSENT):
        errors["family_consent"] = ("Select how the family gave their consent: a step-down needs it (gained "
                                    "separately if they were absent)")
    review = clean["first_taf_review_on"]
    if not review:
        errors["first_taf_review_on"] = "Agree the date of the first TAF review"
    else:
        held, on = _meeting_day(clean), date.fromisoformat(review)
        latest = held + timedelta(weeks=REVIEW_WEEKS)
        if on <= held:
            errors["first_taf_review_on"] = "The first TAF review comes after the final CIN meeting"
        elif on > latest:
            errors["first_taf_review_on"] = (f"The first TAF review is at {REVIEW_WEEKS} weeks unless earlier is "
                                             f"agreed: {latest:%d %B %Y} at the latest")
    return errors


def _prefill_meeting(context):
    start = context.get("final_cin_meeting_start")
    if not start:
        return {}
    held = as_utc(start)
    return {"meeting_held_at": london_local(held),
            "first_taf_review_on": (held.astimezone(LONDON).date() + timedelta(weeks=REVIEW_WEEKS)).isoformat()}


def _meeting_hand_on(clean, context):
    if clean["step_down_decision"] != AGREED:
        return Outcome(data=dict(clean))
    review_at = morning_of(clean["first_taf_review_on"])
    record = {**context, **clean}
    handed = {"step_down_route": "Final CIN meeting", "step_down_level": record.get("step_down_level"),
              "bottom_lines": clean["bottom_lines"], "first_taf_review_at": review_at,
              "new_lead_practitioner_name": record.get("new_lead_practitioner_name"),
              "new_lead_practitioner_organisation": record.get("new_lead_practitioner_organisation")}
    return Outcome(data={**clean, "first_taf_review_at": review_at},
                   case_updates={"current_service": "EH", **level_update(record.get("step_down_level"))},
                   starts=(StartPathway("early_help_after_step_down", handed),))


final_cin_meeting = Handler(
    task_id="final_cin_meeting",
    title="Record the final CIN meeting",
    guidance=("If step-down is agreed, the family, social worker and new lead practitioner discuss next steps and "
              "identify the indicators of risk or 'bottom lines' that would lead to the case stepping back up. If "
              "the family was not there, make sure they consent. Agree the first TAF review: 6 weeks unless earlier "
              "is agreed. The minutes can become the interim Early Help Assessment. Agreement hands the case on to "
              "the new lead practitioner."),
    fields=(
        Field("meeting_held_at", "Date and time of the final CIN meeting", "datetime", happened=True, required=True),
        Field("step_down_decision", "Step-down to Early Help", "choice", required=True,
              choices=(AGREED, NOT_AGREED, DISAGREEMENT)),
        Field("bottom_lines", "Indicators of risk / 'bottom lines' that would step the case back up to CSC",
              "textarea", help="Required when the step-down is agreed"),
        Field("family_present", "The family was at the meeting", "boolean"),
        Field("family_consent", "The family's consent to the step-down", "choice", choices=CONSENT),
        Field("first_taf_review_on", "Date of the first TAF review", "date",
              help=f"{REVIEW_WEEKS} weeks after the meeting unless an earlier date is agreed"),
        Field("disagreement", "What CSC and the Early Help service disagree about", "textarea"),
    ),
    rules=(agreement_rule,),
    prefill=_prefill_meeting,
    hand_on=_meeting_hand_on,
)


DOCUMENTS = ("Final CIN meeting minutes", "Child and Family assessment(s)", "Closing summary", "CIN plan",
             "Other relevant documents")


def documents_rule(clean, _context):
    """§2: the final CIN meeting's minutes always go (they are the interim Early Help Assessment)."""
    if DOCUMENTS[0] not in clean["documents_sent"]:
        return {"documents_sent": "Send the final CIN meeting minutes: they are the interim Early Help Assessment"}
    return {}


send_documents = Handler(
    task_id="send_documents",
    title="Send the documents to the new lead practitioner",
    guidance=("The final CIN meeting's minutes and other relevant documents (C&F assessments, closing summary) must "
              "reach the new lead practitioner within 10 working days of the step-down."),
    fields=(
        Field("documents_sent", "Documents sent", "multichoice", required=True, choices=DOCUMENTS),
        Field("documents_sent_to", "Sent to (name and organisation)", "text", required=True),
    ),
    rules=(documents_rule,),
)


documents_overdue_reminder = Handler(
    task_id="documents_overdue_reminder",
    title="Documents not sent within 10 working days: remind the social worker",
    guidance="The step-down documents have not reached the new lead practitioner within 10 working days. Remind the "
             "social worker (the task stays with them) and complete this when they have gone; if it is still open "
             "5 working days from now it goes to the Head of Service.",
    fields=(Field("reminder_given", "What you did", "textarea", required=True),),
)


documents_overdue_escalation = Handler(
    task_id="documents_overdue_escalation",
    title="Escalation: step-down documents still not sent",
    guidance="The reminder about the step-down documents is still unresolved 5 working days later (15 after the "
             "step-down). Persistent departures from the standard come to the Head of Service (§7).",
    fields=(Field("escalation_action", "What you did", "textarea", required=True),),
)


RESOLVED_STEP_DOWN = "Resolved: step down"
RESOLVED_CSC = "Resolved: stays with CSC"
HEADS = "Not resolved: escalate to the Heads of Service"

managers_discuss_step_down = Handler(
    task_id="managers_discuss_step_down",
    title="Resolve the step-down disagreement between managers",
    guidance="CSC and the Early Help service disagree about the plan to step down. Discuss it with the Early Help "
             "service's manager. If you resolve it for a step-down, the final CIN meeting is reconvened and "
             "recorded again; if you cannot, it goes to the respective Heads of Service.",
    fields=(
        Field("managers_discussion", "Discussion", "textarea", required=True),
        Field("managers_outcome", "Outcome", "choice", required=True,
              choices=(RESOLVED_STEP_DOWN, RESOLVED_CSC, HEADS)),
    ),
)


heads_of_service_decision = Handler(
    task_id="heads_of_service_decision",
    title="Heads of Service: the step-down disagreement",
    guidance="Managers could not resolve a disagreement between CSC and the Early Help service about a step-down. "
             "The Heads of Service for Child in Need and Child Protection and for Early Help and Prevention decide.",
    fields=(
        Field("heads_of_service_rationale", "Decision and rationale", "textarea", required=True),
        Field("heads_of_service_outcome", "Decision", "choice", required=True,
              choices=("Step down", "Stays open to CSC")),
    ),
)
