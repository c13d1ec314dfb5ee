"""Manchester §3.8.3-3.9 and Appendix 3: the joint handover, and whether Early Help assesses or plans.

After allocation Social Work and Early Help hand over with the family involved; for a family
open as Child in Need, Early Help attends the final CIN meeting, and after significant Social
Care involvement an Early Help team leader, social worker or team manager attends (§3.8.3-3.8.5).
Appendix 3: after a recent C&F assessment no new Early Help Assessment, a plan only (§3.9); an
EHA is registered, if no other is active, after 6 weeks (a CAFA outcome) or 3 months (a
step-down from CP / CIN planning).
"""
from datetime import date, datetime, time, timedelta

from ..forms import Field, Handler, Outcome
from ..timing import LONDON, now_from
from .allocations import FROM_ASSESSMENT, FROM_CIN

YES_NO = ("Yes", "No")
JOINT_VISIT, MULTI_AGENCY, FINAL_CIN = ("Joint visit to the family with the social worker",
                                        "Multi-agency meeting with the allocated social worker",
                                        "Final Child in Need meeting")
PRACTITIONER = "Early Help Practitioner"
SENIOR_ATTENDEES = ("Early Help Team Leader", "Early Help Social Worker", "Early Help Team Manager")
PLAN_ONLY, SPECIALIST_EHA = ("Plan incorporating the social work assessment / plan",
                             "Specialist Early Help Assessment, then a plan")
SIX_MONTHS = timedelta(days=183)  # §3.9 "within the last six months"
REGISTER_AFTER = {FROM_ASSESSMENT: timedelta(weeks=6),  # Appendix 3 (d): "after 6 weeks"
                  FROM_CIN: timedelta(days=91)}         # Appendix 3 (c): "after 3 months"


def _handover_rules(clean, context):
    errors = {}
    if clean["family_involved"] is not True:
        errors["family_involved"] = "The hand-over between Social Work and Early Help involves the family (§3.8.3)"
    if context.get("step_down_from") == FROM_CIN:
        if clean["handover_type"] != FINAL_CIN:
            errors["handover_type"] = "For a family open as Child in Need, Early Help attends the final CIN meeting " \
                                      "(§3.8.5)"
        if context.get("significant_social_care_involvement") and clean["early_help_attendee"] == PRACTITIONER:
            errors["early_help_attendee"] = ("After significant Social Care involvement an Early Help Team Leader, "
                                             "Social Worker or Team Manager attends the CIN meeting (§3.8.5)")
    if clean["safe_plan_agreed"] is not True:
        errors["safe_plan_agreed"] = "The social worker does not end involvement until an agreed safe plan is in place"
    return errors


def _handed_over(clean, context):
    # The step-down is complete at the handover: the chronology keeps which area team stepped the
    # child down and when, so a step-up within 3 months goes back to that team (§4.4) untyped.
    team = context.get("stepping_down_team")
    stepped_down = {"stepped_down_by_team": team, "stepped_down_on": clean["handover_on"]} if team else None
    return Outcome(data=dict(clean), case_updates={"current_service": "EH"}, stepped_down=stepped_down)


joint_handover = Handler(
    task_id="joint_handover",
    title="Joint handover with Social Work",
    guidance=("Once allocated, arrange a hand-over between Social Work and Early Help that the family is involved in: "
              "visit the family or attend a multi-agency meeting with the allocated social worker (§3.8.3-3.8.4). For "
              "a family open as Child in Need, Early Help attends the final CIN meeting; after significant Social Care "
              "involvement an Early Help team leader, social worker or team manager attends (§3.8.5)."),
    fields=(
        Field("handover_type", "Handover", "choice", required=True, choices=(JOINT_VISIT, MULTI_AGENCY, FINAL_CIN)),
        Field("handover_on", "Date", "date", required=True),
        Field("family_involved", "The family was involved in the handover", "boolean", required=True),
        Field("early_help_attendee", "Early Help attended as", "choice", required=True,
              choices=(PRACTITIONER,) + SENIOR_ATTENDEES),
        Field("safe_plan_agreed", "An agreed safe plan is in place", "boolean", required=True),
        Field("next_steps_plan", "The coherent plan for Early Help's next steps", "textarea", required=True),
    ),
    rules=(_handover_rules,),
    hand_on=lambda clean, context: _handed_over(clean, context),
)


def _assessment_rules(clean, context):
    if clean["approach"] != SPECIALIST_EHA:
        return {}
    if context.get("step_down_from") == FROM_ASSESSMENT:
        return {"approach": "After a recent Child and Family Assessment an Early Help Assessment will not be "
                            "completed: progress with a plan only (§3.9, Appendix 3 d)"}
    now = now_from(context)
    recent = now is not None and date.fromisoformat(clean["last_social_work_assessment_on"]) > \
        now.astimezone(LONDON).date() - SIX_MONTHS
    if clean["sw_assessment_still_reflective"] == "No":
        if clean["joint_decision"] is not True:
            return {"joint_decision": "Moving to an Early Help Assessment is a joint decision with the social worker "
                                      "and/or the multi-agency meeting (Appendix 3 c)"}
        return {}
    if recent:
        return {"approach": "The social work assessment is recent and still reflects the family: progress with a plan "
                            "only (§3.9)"}
    if clean["eha_agreed_with_family"] is not True:
        return {"eha_agreed_with_family": "With no assessment in the last six months, agree with the family at the "
                                          "handover whether an Early Help Assessment is worthwhile (§3.9)"}
    return {}


def _next_steps_hand_on(clean, context):
    # When registration falls due is worked out either way; the diagram asks for it only without another EHA.
    day = now_from(context).astimezone(LONDON).date() + REGISTER_AFTER[context.get("step_down_from", FROM_ASSESSMENT)]
    return Outcome(data={**clean, "registration_needed": "Yes" if clean["other_active_eha"] == "No" else "No",
                         "register_eha_at": datetime.combine(day, time(9, 0), tzinfo=LONDON).isoformat()})


assessment_or_plan = Handler(
    task_id="assessment_or_plan",
    title="Next steps: an assessment or a plan (Appendix 3)",
    guidance=("Review the social work assessment and plan with the social worker: is it still reflective of the "
              "family's situation? After a recent Child and Family Assessment no Early Help Assessment is completed: "
              "progress with a plan only (§3.9). After CP / CIN planning, if the assessment and plan no longer "
              "reflect the family, a joint decision with the social worker and/or the multi-agency meeting moves to "
              "a specialist Early Help Assessment. Register an EHA, if there is no other active EHA, after 6 weeks "
              "(a CAFA outcome) or 3 months (CP / CIN planning)."),
    fields=(
        Field("sw_assessment_still_reflective", "The social work assessment and plan still reflect the family's "
              "situation", "choice", required=True, choices=YES_NO),
        Field("last_social_work_assessment_on", "Date of the last social work assessment", "date",
              happened=True, required=True),
        Field("approach", "Next step", "choice", required=True, choices=(PLAN_ONLY, SPECIALIST_EHA)),
        Field("joint_decision", "Joint decision with the social worker and/or multi-agency meeting", "boolean"),
        Field("eha_agreed_with_family", "Agreed with the family that an Early Help Assessment is worthwhile",
              "boolean"),
        Field("relevant_danger_statements", "Relevant social work danger statements / safety goals", "textarea"),
        Field("plan", "The plan (recommendations / goals carried over)", "textarea", required=True),
        Field("other_active_eha", "Is there another active EHA?", "choice", required=True, choices=YES_NO),
    ),
    rules=(_assessment_rules,),
    hand_on=_next_steps_hand_on,
)

register_early_help_assessment = Handler(
    task_id="register_early_help_assessment",
    title="Register the Early Help Assessment",
    guidance=("With no other active EHA, the Early Help work is registered after 6 weeks (a CAFA outcome) or 3 "
              "months (a step-down from CP / CIN planning), Appendix 3. Due on that date."),
    fields=(Field("registered_on", "Registered on", "date", happened=True, required=True),),
)

registration_overdue = Handler(
    task_id="registration_overdue",
    title="Escalation: the Early Help Assessment is not registered",
    guidance="The registration fell due (Appendix 3) and is not recorded.",
    fields=(Field("escalation_action", "What you did", "textarea", required=True),),
)
