"""Knowsley §5: a contact or referral to MASH for a child already supported by Early Help."""

from ..forms import Field, Handler, Outcome
from ..referrer import referrer_email_field, told
from ..timing import as_utc, now_from

NO_CSC = "No CSC involvement: record and link to the Early Help episode"
SCREENING = "Safeguarding screening in MASH"
EARLY_HELP_CONTINUES = "No further CSC action: Early Help continues"
DECISIONS = (EARLY_HELP_CONTINUES, "Child and Family assessment (s17)", "Strategy discussion (s47)")
# What the referrer is told of each decision that closes or routes the contact (handlers/referrer.py).
TOLD = {NO_CSC: "recorded_with_early_help", EARLY_HELP_CONTINUES: "early_help_continues",
        DECISIONS[1]: "child_in_need", DECISIONS[2]: "strategy_discussion"}
YES_NO = ("Yes", "No")


def _received_in_the_past(clean, context):
    now = now_from(context)
    if now and as_utc(clean["contact_received_at"]) > now:
        return {"contact_received_at": "The date and time the contact was received must be in the past"}
    return {}


def _review_only_without_csc(clean, _context):
    if clean["contact_response"] == NO_CSC and not clean["review_meeting_suggested"]:
        return {"review_meeting_suggested": "Say whether the lead practitioner should call a review meeting"}
    return {}


def _contact_hand_on(clean, _context):
    # No CSC involvement closes the contact here: the referrer hears so. Screening decides later.
    if clean["contact_response"] == NO_CSC:
        return Outcome(data=dict(clean), messages=told(clean, TOLD[NO_CSC]))
    return Outcome(data=dict(clean))


record_unplanned_contact = Handler(
    task_id="record_unplanned_contact",
    title="Record a contact for a child with Early Help support",
    guidance=("MASH has received a contact or referral for a child or family already supported by Early Help. Record "
              "it, link it to the existing Early Help episode and decide the response within 1 working day: no CSC "
              "involvement (the lead practitioner may call a review meeting), or safeguarding screening in MASH "
              "(e.g. a child alleges they have been physically harmed by their parent)."),
    fields=(
        Field("contact_received_at", "Contact received", "datetime", happened=True, required=True),
        Field("contact_route", "How it came in", "choice", required=True,
              choices=("MARF (multi-agency referral form)", "Telephone contact to MASH", "Other")),
        Field("contact_from", "Who made the contact (agency and role)", "text", required=True),
        referrer_email_field(),
        Field("contact_details", "What happened: the incident or event", "textarea", required=True),
        Field("ehm_episode_id", "Early Help episode it is linked to (EHM)", "text", required=True),
        Field("contact_response", "Response", "choice", required=True, choices=(NO_CSC, SCREENING)),
        Field("review_meeting_suggested", "Should the lead practitioner call a review meeting?", "choice",
              choices=YES_NO, help="When there is no CSC involvement"),
        Field("response_rationale", "Rationale", "textarea", required=True),
    ),
    rules=(_received_in_the_past, _review_only_without_csc),
    hand_on=_contact_hand_on,
)


def _screening_hand_on(clean, context):
    referrer = told(context, TOLD[clean["screening_decision"]])
    if clean["screening_decision"] == EARLY_HELP_CONTINUES:
        return Outcome(data=dict(clean), messages=referrer)
    return Outcome(data=dict(clean), case_updates={"current_service": "CSC"}, messages=referrer)


def _review_when_early_help_continues(clean, _context):
    if clean["screening_decision"] == EARLY_HELP_CONTINUES and not clean["review_meeting_suggested"]:
        return {"review_meeting_suggested": "Say whether the lead practitioner should call a review meeting"}
    return {}


mash_safeguarding_screening = Handler(
    task_id="mash_safeguarding_screening",
    title="Safeguarding screening: the multi-agency decision",
    guidance=("Complete the safeguarding screening (from the MARF or the telephone contact). A multi-agency decision "
              "is made following the full MASH assessment."),
    fields=(
        Field("agencies_consulted", "Agencies consulted in the MASH assessment", "textarea", required=True),
        Field("screening_decision", "Multi-agency decision", "choice", required=True, choices=DECISIONS),
        Field("screening_rationale", "Rationale", "textarea", required=True),
        Field("review_meeting_suggested", "Should the lead practitioner call a review meeting?", "choice",
              choices=YES_NO, help="When Early Help continues"),
    ),
    rules=(_review_when_early_help_continues,),
    hand_on=_screening_hand_on,
)


def _meeting_in_the_future(clean, context):
    now = now_from(context)
    if now and as_utc(clean["review_meeting_at"]) <= now:
        return {"review_meeting_at": "The date and time of the review meeting must be in the future"}
    return {}


call_review_meeting = Handler(
    task_id="call_review_meeting",
    title="Call a review meeting after a contact to MASH",
    guidance=("A contact to MASH about this family was linked to your Early Help episode. Call a review meeting to "
              "ascertain whether the child or family needs more support."),
    fields=(
        Field("review_meeting_at", "Review meeting date and time", "datetime", required=True),
        Field("review_meeting_purpose", "What the review should consider", "textarea", required=True),
    ),
    rules=(_meeting_in_the_future,),
)


contact_decision_overdue = Handler(
    task_id="contact_decision_overdue",
    title="Escalation: no decision on a contact within 1 working day",
    guidance=("A decision about the response to a contact or referral is due within 1 working day of its receipt "
              "(Working Together to Safeguard Children 2023). Make sure it is made today."),
    fields=(Field("escalation_action", "What you did", "textarea", required=True),),
)

