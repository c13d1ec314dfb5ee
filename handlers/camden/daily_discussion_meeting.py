"""Camden §3: the daily discussion meeting — Early Help presents, the MASH manager chairs and decides.

"EH presents families": the meeting may be held for one child or for a family (a family run,
service/work/families.py). For a family, the voice of each child and the decision for each child
(outcome, reason, actions, review date) are answered per child; a child who steps up goes on
in their own Step Up to MASH, and the review covers the children who stay with Early Help.
"""
from datetime import date, datetime, time

from ..forms import FAMILY_KEY, NOW_KEY, Field, Handler, Outcome, StartPathway
from ..timing import LONDON, as_utc
from .meeting_notes import with_notes_to_mash
from .step_up_decision import HANDED_ON

YES_NO = ("Yes", "No")
STEP_UP = "Step up to MASH"
NOT_MET = "Threshold not met: stays with Early Help"
NO_AGREEMENT = "No agreement: resolve the professional difference"
MEETING_OUTCOMES = (STEP_UP, NOT_MET, NO_AGREEMENT)
REASONS = ("CIN", "CP")
REVIEW_STARTS = time(9)  # a review task opens at the start of the working day of the review date


def _prefill_presentation(context):
    return {"reasons_for_escalation": context.get("information_for_cssw") or context.get("new_concerns"),
            "non_engagement_flag": context.get("non_engagement_flag")}


def _direct_voice_kept_apart(clean, _context):
    # §3: the presenter distinguishes the voice of the child gleaned directly from the child from
    # what is mentalised and speculative; the minutes record the difference.
    speculation = clean["voice_of_child_understanding"]
    if speculation and speculation.casefold() == clean["voice_of_child_direct"].casefold():
        return {"voice_of_child_understanding": ("Record here only what is understood or inferred, not what the "
                                                 "child said or showed directly")}
    return {}


present_at_daily_meeting = Handler(
    task_id="present_at_daily_meeting",
    title="Present the family at the daily discussion meeting",
    guidance=("Present the reasons for escalation and your understanding of the child's lived experience. Keep "
              "what came directly from the child apart from what is understood or speculative."),
    fields=(
        Field("presented_by", "Presented by (family worker and / or team manager)", "text", required=True),
        Field("reasons_for_escalation", "Reasons for escalation", "textarea", required=True),
        Field("evidence_concerns_increased", "Evidence that concerns and risk have increased", "textarea",
              required=True),
        Field("voice_of_child_direct", "Voice of the child: directly from the child", "textarea", required=True,
              section="Voice of the child", help="What the child said, showed or did", per_child=True),
        Field("voice_of_child_understanding", "Voice of the child: understood or speculative", "textarea",
              section="Voice of the child", help="What is inferred about the child's lived experience, not heard "
                                                 "from the child", per_child=True),
        Field("non_engagement_flag", "Flag: non-engagement step-up of an unborn baby or an under-5 not in nursery",
              "text", help="Set by the Early Help manager's decision; §2 stresses management oversight here"),
    ),
    rules=(_direct_voice_kept_apart,),
    prefill=_prefill_presentation,
)


def _outcome_needs_its_parts(clean, context):
    errors = {}
    if clean["meeting_outcome"] == STEP_UP and not clean["reason"]:
        errors["reason"] = "Choose CIN or CP for the step-up"
    if clean["meeting_outcome"] == NOT_MET and not clean["early_help_actions"]:
        errors["early_help_actions"] = "Agree clear actions for Early Help to explore"
    if clean["early_help_stays_involved"] == "Yes" and not clean["early_help_role"]:
        errors["early_help_role"] = "Early Help stays involved only where a clear role is identified: say what"
    if clean["review_date"] and clean["meeting_outcome"] != NOT_MET:
        errors["review_date"] = "A review date is set only for a family that does not step up"
    now = context.get(NOW_KEY)
    if clean["review_date"] and now and clean["review_date"] <= as_utc(now).astimezone(LONDON).date().isoformat():
        errors["review_date"] = "The review date must be after today"
    if not clean["lived_experience_considered"]:
        errors["lived_experience_considered"] = "The chair considers the child's lived experience in the decision"
    return errors


def _review_due_at(review_date):
    """The review date's first working hour, as an aware instant (the timer needs one)."""
    day = date.fromisoformat(review_date)
    return datetime.combine(day, REVIEW_STARTS, tzinfo=LONDON).isoformat()


def _one_review_date(clean, context):
    """A family's review is one task: the children who keep a review share its date."""
    dates = {case_id: day for case_id, day in (clean.get("review_date") or {}).items() if day}
    if len(set(dates.values())) <= 1:
        return {}
    first = min(dates.values())
    return {f"review_date.{case_id}": f"The family is reviewed together: use the same date ({first}) for each child"
            for case_id, day in dates.items() if day != first}


def _hand_on_outcome(clean, context):
    # The review timer reads review_due_at; the rules allow a review date only when not stepping up.
    # The diagram's gateway reads meeting_outcomes: every child's outcome (one for a child's own meeting).
    if not context.get(FAMILY_KEY):
        data = {**clean, "meeting_outcomes": [clean["meeting_outcome"]],
                "review_due_at": _review_due_at(clean["review_date"]) if clean["review_date"] else None}
        starts = _starts_for(clean, context, None)
        return Outcome(data=data, starts=starts)
    starts, leaves, review_dates = [], {}, []
    for child, answers in daily_meeting_decision.each_child(clean, context):
        case_id = child["case_id"]
        starts += _starts_for(answers, context, case_id)
        if answers["review_date"]:
            review_dates.append(answers["review_date"])
        else:
            # Only the children with a review to come stay in the family's run.
            leaves[case_id] = {STEP_UP: "stepped up to MASH", NO_AGREEMENT: "professional difference to resolve",
                               }.get(answers["meeting_outcome"], "stays with Early Help, no review set")
    data = {**clean, "meeting_outcomes": [clean["meeting_outcome"][str(c["case_id"])] for c in context[FAMILY_KEY]],
            "review_due_at": _review_due_at(min(review_dates)) if review_dates else None}
    return Outcome(data=data, starts=tuple(starts), leaves=leaves)


def _starts_for(answers, context, case_id):
    """What one child's outcome hands on: their own Step Up to MASH, or the professional difference."""
    if answers["meeting_outcome"] == STEP_UP:
        handed = {name: context.get(name) for name in HANDED_ON if context.get(name) not in (None, "")}
        handed["reason"] = answers["reason"]
        return (StartPathway("step_up_to_mash", handed, case_id=case_id),)
    if answers["meeting_outcome"] == NO_AGREEMENT:
        return (StartPathway("resolving_professional_differences", {
            "difference_stage": "Daily discussion meeting", "difference_summary": answers["meeting_minutes"],
            "reason": answers["reason"]}, case_id=case_id),)
    return ()


daily_meeting_decision = Handler(
    task_id="daily_meeting_decision",
    title="Daily discussion meeting: decision (chair)",
    guidance=("Decide whether the evidence shows the family meets the threshold for a CSSW service (the §2 "
              "criteria), and whether Early Help should stay involved. A step-up starts Step Up to MASH: the "
              "Early Help manager completes the step-up episode by the end of today."),
    fields=(
        Field("chaired_by", "Chaired by (MASH team manager or senior practitioner)", "text", required=True),
        Field("meeting_outcome", "Outcome", "choice", required=True, choices=MEETING_OUTCOMES, per_child=True),
        Field("reason", "Reason for step-up", "choice", choices=REASONS, help="CIN (Children Act s17) or CP (s47)",
              per_child=True),
        Field("lived_experience_considered", "The child's lived experience was considered in this decision",
              "boolean", required=True),
        Field("early_help_stays_involved", "Does Early Help stay involved with the family?", "choice",
              required=True, choices=YES_NO),
        Field("early_help_role", "Early Help's role from here", "textarea"),
        Field("early_help_actions", "Agreed actions for Early Help (threshold not met)", "textarea",
              per_child=True),
        Field("review_date", "Review the family on (optional)", "date",
              help="A review task opens for the Early Help manager on that date", per_child=True),
        Field("meeting_minutes", "Minutes and decision", "textarea", required=True),
    ),
    rules=(_outcome_needs_its_parts,),
    family_rules=(_one_review_date,),
    hand_on=with_notes_to_mash(_hand_on_outcome),
)


def _prefill_review(context):
    actions = context.get("early_help_actions")
    if isinstance(actions, dict):  # a family's meeting: each child's actions, under their name
        names = {str(c["case_id"]): c["child_name"] for c in context.get(FAMILY_KEY) or ()}
        actions = "\n".join(f"{names[case_id]}: {text}" for case_id, text in actions.items()
                            if text and case_id in names) or None
    return {"agreed_actions_noted": actions}


review_after_daily_meeting = Handler(
    task_id="review_after_daily_meeting",
    title="Review the family (date set at the daily discussion meeting)",
    guidance=("The daily discussion meeting set this review date. Review the agreed actions; if concerns have "
              "grown, start a new step-up decision."),
    fields=(
        Field("agreed_actions_noted", "Actions agreed at the meeting", "textarea", required=True),
        Field("review_findings", "Progress against the actions", "textarea", required=True),
        Field("review_conclusion", "Conclusion", "choice", required=True,
              choices=("Continue with Early Help", "Consider a new step-up")),
    ),
    prefill=_prefill_review,
)
