"""Camden §2 and §4: new concerns go to the Early Help Manager, who decides whether to step up."""
from ..forms import Field, Handler, Outcome, StartPathway

YES_NO = ("Yes", "No")
PLANNED = "Step up: planned (daily discussion meeting)"
URGENT = "Step up: urgent (discuss with the MASH manager now)"
STAY = "Do not step up: continue with Early Help"
DECISIONS = (PLANNED, URGENT, STAY)
# §2: management oversight and sign-off, "especially cases involving unborn babies and children
# under 5 who are not attending nursery and are not seen by the professional network on a
# regular basis". The case record holds the date of birth or expected date, which handlers do
# not see; the manager says which applies, on the form.
UNBORN = "Unborn baby"
UNDER_5_NOT_IN_NURSERY = "Under 5 and not attending nursery"
CHILD_CIRCUMSTANCES = (UNBORN, UNDER_5_NOT_IN_NURSERY, "Neither")
FLAGGED = (UNBORN, UNDER_5_NOT_IN_NURSERY)
REASONS = ("CIN", "CP")
# What the step-up hands on to the daily meeting and to Step Up to MASH (whose form pre-fills it).
HANDED_ON = ("reason", "information_for_cssw", "risk_of_significant_harm", "why_eh_cannot_meet_needs",
             "discussed_with_family", "lack_of_engagement", "engagement_attempts", "management_sign_off",
             "new_concerns", "non_engagement_flag")


def _prefill_concerns(context):
    return {"concerns_from_family_worker": context.get("new_concerns")}


raise_new_concerns = Handler(
    task_id="raise_new_concerns",
    title="Raise new concerns with your Early Help manager",
    guidance=("Record the new concerns for the child and discuss them with your Early Help manager, who decides "
              "whether to step the family up. If the child is at immediate risk of harm, do not wait: raise an "
              "immediate safeguarding concern, which goes straight to MASH."),
    fields=(
        Field("new_concerns", "New concerns for the child", "textarea", required=True),
        Field("discussed_with_manager_on", "Discussed with the Early Help manager on", "date",
              happened=True, required=True),
    ),
)


def _step_up_needs_its_grounds(clean, _context):
    errors = {}
    if clean["escalation_decision"] != STAY:
        for name, message in (("reason", "Choose CIN or CP for the step-up"),
                              ("information_for_cssw", "Write the information for CSSW")):
            if not clean[name]:
                errors[name] = message
    elif not clean["early_help_direction"]:
        errors["early_help_direction"] = "Give the family worker direction for the Early Help plan"
    return errors


def _engagement_needs_sign_off(clean, _context):
    # §2: a step-up for lack of engagement must show the child meets the CSSW threshold, that all
    # reasonable attempts were made, and carry management sign-off.
    if clean["escalation_decision"] == STAY or not clean["lack_of_engagement"]:
        return {}
    flagged = clean["child_circumstances"] in FLAGGED
    errors = {}
    if not clean["engagement_attempts"]:
        errors["engagement_attempts"] = ("Enter the reasonable attempts made to engage the family: a step-up for "
                                         "lack of engagement must show them")
    if not clean["management_sign_off"] or not clean["signed_off_by"]:
        field = "management_sign_off" if not clean["management_sign_off"] else "signed_off_by"
        errors[field] = ("Select management sign-off: a step-up for lack of engagement needs it"
                         if field == "management_sign_off" else "Enter the name of the manager who signed it off")
        errors[field] += (f" ({clean['child_circumstances'].lower()}: the guidance stresses oversight here)"
                          if flagged else "")
    return errors


def _hand_on_decision(clean, _context):
    data = dict(clean)
    if clean["lack_of_engagement"] and clean["child_circumstances"] in FLAGGED:
        data["non_engagement_flag"] = f"Non-engagement step-up: {clean['child_circumstances'].lower()}"
    if clean["escalation_decision"] != PLANNED:
        return Outcome(data=data)
    handed = {name: data.get(name) for name in HANDED_ON if data.get(name) not in (None, "")}
    return Outcome(data=data, starts=(StartPathway("daily_discussion_meeting", handed),))


early_help_manager_decision = Handler(
    task_id="early_help_manager_decision",
    title="Decide whether to step up (Early Help Manager)",
    guidance=("Weigh each of the eight questions of the step-up guidance (§2), then decide: a planned step-up "
              "goes to the daily discussion meeting; an urgent one you discuss with the MASH manager directly "
              "(§4); or the family stays with Early Help with your direction."),
    fields=(
        Field("concerns_from_family_worker", "The family worker's new concerns", "textarea", required=True),
        Field("risk_of_significant_harm", "Is the child now at risk of significant harm due to abuse or neglect?",
              "choice", required=True, choices=("Yes", "No", "Not known"), section="The eight questions"),
        Field("needs_met_by_early_help", "Are the child's needs being met by Early Help and, if not, what is the "
              "impact on the child now or in the future?", "textarea", required=True, section="The eight questions"),
        Field("engagement_with_plan", "To what extent is the family engaging effectively in the Early Help plan?",
              "textarea", required=True, section="The eight questions"),
        Field("needs_social_work_assessment", "Does the situation need a child and family assessment by a "
              "qualified social worker?", "choice", required=True, choices=YES_NO, section="The eight questions"),
        Field("timescale_for_change", "In what timescale does change need to happen for the child?", "textarea",
              required=True, section="The eight questions"),
        Field("consequences_if_no_change", "What are the consequences for this child if the situation does not "
              "change?", "textarea", required=True, section="The eight questions"),
        Field("why_eh_cannot_meet_needs", "Why can the child's needs not be met under the current level of Early "
              "Help support?", "textarea", required=True, section="The eight questions"),
        Field("discussed_with_family", "Has a discussion taken place (when appropriate) with the family about "
              "stepping up?", "choice", required=True, choices=("Yes", "No", "Not appropriate"),
              section="The eight questions"),
        Field("child_circumstances", "Is the child an unborn baby, or under 5 and not attending nursery?",
              "choice", required=True, choices=CHILD_CIRCUMSTANCES, section="Engagement",
              help="From the case record's date of birth or expected date, and what you know of nursery"),
        Field("lack_of_engagement", "Is the step-up due to lack of engagement?", "boolean", section="Engagement"),
        Field("engagement_attempts", "Reasonable attempts made to engage the family", "textarea",
              section="Engagement"),
        Field("management_sign_off", "Management sign-off for a non-engagement step-up", "boolean",
              section="Engagement"),
        Field("signed_off_by", "Signed off by (manager)", "text", section="Engagement"),
        Field("escalation_decision", "Decision", "choice", required=True, choices=DECISIONS, section="Decision"),
        Field("reason", "Reason for step-up", "choice", choices=REASONS, section="Decision",
              help="CIN (Children Act s17) or CP (s47)"),
        Field("information_for_cssw", "Information for CSSW, if stepping up to MASH", "textarea",
              section="Decision"),
        Field("early_help_direction", "Direction for the family worker (not stepping up)", "textarea",
              section="Decision"),
    ),
    rules=(_step_up_needs_its_grounds, _engagement_needs_sign_off),
    prefill=_prefill_concerns,
    hand_on=_hand_on_decision,
)


STEPPED_UP = "Step up to MASH"
NOT_STEPPED_UP = "Do not step up"
NO_AGREEMENT = "No agreement: resolve the professional difference"
URGENT_OUTCOMES = (STEPPED_UP, NOT_STEPPED_UP, NO_AGREEMENT)


def _urgent_decision_on_file(clean, _context):
    # §4: the decision to step up is recorded on the child's file with the concerns held and the
    # decisions taken, so the MASH can complete the step-up in a timely way.
    if not clean["recorded_on_childs_file"]:
        return {"recorded_on_childs_file": "Record the decision, the concerns and why, on the child's file"}
    return {}


def _hand_on_urgent(clean, context):
    if clean["urgent_outcome"] == NO_AGREEMENT:
        return Outcome(data=dict(clean), starts=(StartPathway("resolving_professional_differences", {
            "difference_stage": "Urgent case", "difference_summary": clean["concerns_held"],
            "reason": context.get("reason")}),))
    if clean["urgent_outcome"] != STEPPED_UP:
        return Outcome(data=dict(clean))
    handed = {name: context.get(name) for name in HANDED_ON if context.get(name) not in (None, "")}
    handed["information_for_cssw"] = clean["concerns_held"]
    return Outcome(data=dict(clean), starts=(StartPathway("step_up_to_mash", handed),))


urgent_discussion_with_mash = Handler(
    task_id="urgent_discussion_with_mash",
    title="Urgent: discuss with the MASH manager now",
    guidance=("The concerns cannot wait for the daily discussion meeting (§4). Discuss them with the MASH team "
              "manager or senior practitioner and record the decision on the child's file. A step-up starts "
              "Step Up to MASH at once; complete the step-up episode today."),
    fields=(
        Field("mash_manager_spoken_to", "MASH team manager or senior practitioner spoken to", "text",
              required=True),
        Field("discussed_at", "Discussed at", "datetime", happened=True, required=True),
        Field("concerns_held", "Concerns held", "textarea", required=True),
        Field("urgent_outcome", "Decision", "choice", required=True, choices=URGENT_OUTCOMES),
        Field("decision_reasons", "Decisions taken and why", "textarea", required=True),
        Field("recorded_on_childs_file", "The decision is recorded on the child's file", "boolean", required=True),
    ),
    rules=(_urgent_decision_on_file,),
    hand_on=_hand_on_urgent,
)
