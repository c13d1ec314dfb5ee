"""Manchester §3.8-3.9: step-down from a C&F assessment or a CIN plan to the Early Help Hub.

The request carries the Early Help Allocations Pro Forma (Appendix 2, every field); under-5s
may go to the Early Years Outreach Delivery Model instead (§3.8.6). The EH social worker
screens it; a Level 4 case is presented to the next allocations meeting -- every Thursday,
within 5 days -- while at Level 3 advice and guidance may be given without allocation (§3.8.1-2).
"""
from datetime import date, datetime, time, timedelta

from ..forms import CHILD_AGE_KEY, Field, Handler, Outcome
from ..timing import LONDON, now_from
from ..timing import england as _calendar
from .teams import AREA_TEAMS

PRO_FORMA = "Early Help Allocations Pro Forma (Appendix 2)"
SIGNS = "Signs of Safety"
HOUSING = ("Private rented", "Home Owner", "Housing Association", "Other")
FROM_ASSESSMENT, FROM_CIN = "Child and Family Assessment", "Child in Need Plan"
STEP_DOWN, JOINT = "Step Down", "Joint Social Work"
HUB, EARLY_YEARS = "Early Help Hub", "Early Years Outreach Delivery Model (child under 5)"
UNDER = 5  # §3.8.6 "For families where a child is under 5"
ALLOCATIONS_DAY = 3  # §3.8.2 "Allocation Meetings take place every Thursday in each hub"
WITHIN_DAYS = 5  # §3.8.1 "this should be within 5 days" (working days: a Thursday is never further)
PRESENT, ADVICE = "Present to the next allocations meeting", "Advice and guidance without allocation (Level 3)"


def _pro_forma_rules(clean, context):
    errors = {}
    if clean["status_of_intervention"] != STEP_DOWN:
        errors["status_of_intervention"] = ("This pathway steps a case down; a case to be joint worked with Social "
                                            "Work is requested through joint working (§5)")
    if clean["family_part_of_plan"] is not True:
        errors["family_part_of_plan"] = "The family should understand and be part of the plan (§3.8)"
    age = context.get(CHILD_AGE_KEY)
    if clean["step_down_to"] == EARLY_YEARS and age is not None and age >= UNDER:
        errors["step_down_to"] = (f"The Early Years Outreach Delivery Model is for a child under {UNDER} (this child "
                                  f"is {age}): step down to the Early Help Hub")
    return errors


def _pro_forma_hand_on(clean, _context):
    return Outcome(data=dict(clean), case_updates={
        "level_of_need": int(clean["level_of_need"]),
        "level_of_need_reason": f"Step-down from a {clean['step_down_from']} ({PRO_FORMA})"})


allocations_pro_forma = Handler(
    task_id="allocations_pro_forma",
    title="Step down to the Early Help Hub: the Allocations Pro Forma",
    guidance=("An outcome of a Child and Family Assessment or Child in Need planning can be to step down to the "
              "Early Help Hub for targeted support; the family should understand and be part of the plan. Complete "
              "the pro forma (in place of section 5 of the CAFR, at most 2 pages) with the Signs of Safety mapping "
              "and the dates of forthcoming meetings or visits for the joint handover (§3.8). For a child under 5 who "
              "does not need the hubs, refer to the Early Years Outreach Delivery Model instead (§3.8.6)."),
    fields=(
        Field("subject_child", "Subject Child Name & Micare ID", "text", required=True, section=PRO_FORMA,
              help="Subject child only, age and Micare number"),
        Field("family_composition", "Family Composition (DOB and ages)", "textarea", required=True, section=PRO_FORMA,
              help="Siblings, full name and age. Parents, full name and age. Note absent fathers and contact "
                   "arrangements"),
        Field("address_contact_details", "Address / Contact Details", "textarea", required=True, section=PRO_FORMA),
        Field("housing_provider", "Housing provider", "choice", required=True, choices=HOUSING, section=PRO_FORMA),
        Field("family_referred_on", "Family referred to Early Help (date of CAFR)", "date",
              happened=True, required=True,
              section=PRO_FORMA),
        Field("reason_referred_to_allocations", "Reason being referred to Allocations", "textarea", required=True,
              section=PRO_FORMA),
        Field("referrer_contact_details", "Referrer contact details (your name and contact details)", "text",
              required=True, section=PRO_FORMA),
        Field("worries", "What are we worried about?", "textarea", required=True, section=SIGNS),
        Field("cafa_or_planning_meeting_on", "Date CAFA Completed &/or Planning Meeting", "date", required=True,
              section=PRO_FORMA),
        Field("level_of_need", "Level of Need", "choice", required=True, choices=("3", "4"), section=PRO_FORMA),
        Field("status_of_intervention", "Is this step-down or to be joint worked? (Status of Intervention)", "choice",
              required=True, choices=(STEP_DOWN, JOINT), section=PRO_FORMA),
        Field("working_well", "What's working well / strengths?", "textarea", required=True, section=SIGNS),
        Field("what_needs_to_happen", "What needs to happen? (Areas of identified need)", "textarea", required=True,
              section=SIGNS),
        Field("forthcoming_meetings_visits", "Dates of forthcoming meetings / visits to family planned", "textarea",
              required=True, section=PRO_FORMA, help="For the joint handover"),
        Field("step_down_from", "Stepping down from", "choice", required=True, choices=(FROM_ASSESSMENT, FROM_CIN)),
        Field("stepping_down_team", "Area social work team stepping the case down", "choice", required=True,
              choices=AREA_TEAMS, help="A step-up within 3 months goes back to this team (§4.4)"),
        Field("significant_social_care_involvement", "The family have had significant Social Care involvement",
              "boolean", help="An Early Help team leader, social worker or team manager then attends the CIN meeting"),
        Field("family_part_of_plan", "The family understand and are part of the plan", "boolean", required=True),
        Field("step_down_to", "Step down to", "choice", required=True, choices=(HUB, EARLY_YEARS)),
    ),
    rules=(_pro_forma_rules,),
    hand_on=_pro_forma_hand_on,
)




def next_allocations_meeting(now):
    """The next Thursday allocations meeting after ``now`` (a bank holiday Thursday moves a week)."""
    return _calendar().next_weekday_on_or_after(now + timedelta(days=1), ALLOCATIONS_DAY).astimezone(LONDON).date()


def _screening_rules(clean, context):
    level = context.get("level_of_need")
    if clean["screening_outcome"] == ADVICE:
        if level != "3":
            return {"screening_outcome": "A Level 4 case is presented to the allocations meeting (§3.8.1); only at "
                                         "Level 3 may advice and guidance be given without allocation"}
        if not clean["advice_and_guidance"]:
            return {"advice_and_guidance": "Record the advice and guidance for Early Help services"}
        return {}
    meeting = clean["allocations_meeting_on"]
    if not meeting:
        return {"allocations_meeting_on": "Give the date of the allocations meeting it goes to"}
    day, now = date.fromisoformat(meeting), now_from(context)
    if day.weekday() != ALLOCATIONS_DAY:
        return {"allocations_meeting_on": "Allocation meetings take place every Thursday (§3.8.2)"}
    if now is not None:
        today = now.astimezone(LONDON).date()
        if day <= today:
            return {"allocations_meeting_on": "The date of the allocations meeting must be in the future"}
        given = _calendar().working_days_between(today, day)
        if given > WITHIN_DAYS:
            return {"allocations_meeting_on": f"Present it to the next allocations meeting, within {WITHIN_DAYS} days "
                                              f"({next_allocations_meeting(now):%A %d %B %Y}); this is {given}"}
    return {}


def _prefill_screening(context):
    now = now_from(context)
    return {"allocations_meeting_on": next_allocations_meeting(now).isoformat() if now else None}


def _screened(clean, _context):
    data = dict(clean)
    if clean["screening_outcome"] == PRESENT:
        meeting_end = datetime.combine(date.fromisoformat(clean["allocations_meeting_on"]), time(17, 0), tzinfo=LONDON)
        data["allocation_due_at"] = meeting_end.isoformat()
    return Outcome(data=data)


screen_referral = Handler(
    task_id="screen_referral",
    title="Screen the step-down referral",
    guidance=("Screen the referral and, for a Level 4 case, present it to the next multi-agency allocations meeting "
              "(every Thursday; within 5 days). At Level 3 you may instead give advice and guidance for appropriate "
              "Early Help services without the case being presented or allocated (§3.8.1). The area social worker is "
              "encouraged to attend the allocations meeting (§3.8.2)."),
    fields=(
        Field("screening_notes", "Screening", "textarea", required=True),
        Field("screening_outcome", "Outcome", "choice", required=True, choices=(PRESENT, ADVICE)),
        Field("allocations_meeting_on", "Allocations meeting", "date", help="A Thursday, within 5 days"),
        Field("advice_and_guidance", "Advice and guidance given (Level 3)", "textarea"),
    ),
    rules=(_screening_rules,),
    prefill=_prefill_screening,
    hand_on=_screened,
)


allocations_meeting = Handler(
    task_id="allocations_meeting",
    title="Allocations meeting: allocate the step-down",
    guidance=("Record the allocations meeting's outcome: the Early Help practitioner or service the case is "
              "allocated to. Due by the end of the meeting's day; if it is not recorded by then the Hub Locality "
              "Manager is told."),
    fields=(
        Field("allocated_to", "Allocated to (Early Help practitioner / service)", "text", required=True),
        Field("area_social_worker_attended", "The area social worker attended to present the family's needs",
              "boolean"),
        Field("allocation_notes", "Plan agreed at the meeting", "textarea", required=True),
    ),
)

allocation_overdue = Handler(
    task_id="allocation_overdue",
    title="Escalation: the step-down was not allocated at the allocations meeting",
    guidance="The step-down referral was due at the allocations meeting and no allocation has been recorded.",
    fields=(Field("escalation_action", "What you did", "textarea", required=True),),
)
