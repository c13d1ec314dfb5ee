"""Knowsley Appendix 1: "FF Step Up request to CSC", completed by the lead practitioner."""
from datetime import date

from ..forms import Field, Handler, Outcome
from ..timing import now_from

YES_NO = ("Yes", "No")
ENGAGEMENT = ("Low", "Medium", "High")
NEGLECT = "Neglect"
NON_ENGAGEMENT = "Non-engagement"
CONCERN_TYPES = (NEGLECT, NON_ENGAGEMENT, "Exploitation (CE / CSE)", "Physical harm", "Emotional harm",
                 "Sexual harm", "Domestic abuse", "Parental mental health", "Parental substance misuse",
                 "Other")

WORRIES, WORKING_WELL, WHAT_NEXT = ("What are we worried about?", "What is working well?", "What next?")
TOOLS = "Have you considered / completed / reviewed, if applicable"

FIELDS = (
    Field("ehm_case_id", "Case ID on EHM", "text", required=True),
    Field("recently_closed_to_csc", "Has this family recently closed to Children's Social Care?", "choice",
          required=True, choices=YES_NO),
    Field("engagement_level", "Level of engagement", "choice", required=True, choices=ENGAGEMENT),
    Field("engaging_families_policy_followed", "Has the Engaging Families Toolkit policy been followed?",
          "choice", required=True, choices=YES_NO),
    Field("engaging_families_policy_not_followed_why", "If not, why not and what was done instead", "textarea",
          help="Needed when the policy was not followed: an honest 'No' with its reason is a valid answer"),
    Field("recent_taf_minutes_attached", "Recent TAF meeting minutes attached", "choice", required=True,
          choices=YES_NO),
    Field("concern_types", "What the step-up is about", "multichoice", required=True, choices=CONCERN_TYPES,
          help="Neglect needs a Graded Care Profile; non-engagement needs the Engaging Families toolkit"),
    Field("current_concerns", "Current concerns (impact on child)", "textarea", required=True, section=WORRIES),
    Field("past_harm", "Past harm", "textarea", section=WORRIES),
    Field("complicating_factors", "Complicating factors", "textarea", section=WORRIES),
    Field("existing_strengths", "Existing strengths", "textarea", required=True, section=WORKING_WELL),
    Field("existing_safety", "Existing safety", "textarea", required=True, section=WORKING_WELL),
    Field("goals", "Goals", "textarea", required=True, section=WHAT_NEXT),
    Field("next_steps", "Next steps", "textarea", required=True, section=WHAT_NEXT),
    Field("scaling_question", "Scaling question", "text", required=True, section="Scaling",
          help="e.g. On a scale of 0 to 10, where 10 means the children are safe enough for Family First "
               "to close and 0 means harm is certain, where are we today?"),
    Field("scaling_score", "Scaling (0-10)", "integer", required=True, minimum=0, maximum=10, section="Scaling"),
    Field("engaging_families_toolkit",
          "Engaging Families Toolkit (Signs of Well-being Family Engagement Risk Assessment Tool): how you "
          "used it and what it tells you", "textarea", section=TOOLS),
    Field("engagement_efforts", "What you have done to try to engage the family", "textarea", section=TOOLS),
    Field("graded_care_profile_date", "Graded Care Profile 2 completed on", "date", happened=True, section=TOOLS,
          help="Required if the concerns relate to neglect"),
    Field("graded_care_profile_findings", "What the Graded Care Profile 2 shows", "textarea", section=TOOLS),
    Field("exploitation_assessment", "Merseyside Exploitation Assessment (CE / CSE concern)", "textarea",
          section=TOOLS),
    Field("police_information", "Up to date police information, if applicable", "textarea"),
    Field("line_manager_agreement", "Agreement by line manager", "boolean", required=True,
          help="Evidence of management oversight: your team manager has discussed and agreed the step-up"),
    Field("line_manager_name", "Line manager", "text", required=True),
    Field("contingency_plan", "Contingency plan (SMART and timely)", "textarea", required=True),
    Field("c_and_f_already_recommended",
          "Did MASH screening or the DMM already recommend a C&F assessment (as a contingency plan)?", "choice",
          required=True, choices=YES_NO,
          help="If so, the case transfers from EHM to ICS without a step-up meeting"),
    Field("recommendation_details", "The MASH screening / DMM recommendation (date and what it said)",
          "textarea"),
)


def neglect_rule(clean, context):
    """Concerns about neglect must reflect a completed Graded Care Profile 2."""
    if NEGLECT not in clean["concern_types"]:
        return {}
    completed = clean["graded_care_profile_date"]
    if not completed:
        return {"graded_care_profile_date": ("Enter the date the Graded Care Profile 2 was completed: concerns "
                                             "about neglect need it")}
    now = now_from(context)
    if now and date.fromisoformat(completed) > now.date():
        return {"graded_care_profile_date": ("The date the Graded Care Profile 2 was completed must be today or in "
                                             "the past")}
    return {}


def non_engagement_rule(clean, _context):
    """A step-up for non-engagement must evidence the Engaging Families toolkit and the efforts made."""
    if NON_ENGAGEMENT not in clean["concern_types"]:
        return {}
    errors = {}
    # "Not followed" is a truthful answer the request accepts, with the reason: forcing "Yes" would
    # make a non-engagement step-up impossible to send, or send it with a false answer.
    if clean["engaging_families_policy_followed"] != "Yes" and not clean["engaging_families_policy_not_followed_why"]:
        errors["engaging_families_policy_not_followed_why"] = ("Say why the Engaging Families Toolkit policy was "
                                                               "not followed and what was done instead")
    if not clean["engaging_families_toolkit"]:
        errors["engaging_families_toolkit"] = ("Enter what the Engaging Families toolkit tells you: a step-up for "
                                               "non-engagement must reference it")
    if not clean["engagement_efforts"]:
        errors["engagement_efforts"] = "Evidence what you have done to try to engage the family"
    return errors


def line_manager_rule(clean, _context):
    """The request must carry the line manager's agreement (management oversight is mandatory)."""
    if clean["line_manager_agreement"] is not True:
        return {"line_manager_agreement": "Select that your line manager agrees: a step-up needs their agreement"}
    return {}


def recommendation_rule(clean, _context):
    """A direct transfer must say which MASH screening or DMM recommendation it rests on."""
    if clean["c_and_f_already_recommended"] == "Yes" and not clean["recommendation_details"]:
        return {"recommendation_details": "Say when MASH screening or the DMM recommended a C&F assessment"}
    return {}


def _prefill(context):
    # The management oversight step already recorded who agreed.
    agreed = context.get("management_agrees") == "Yes"
    return {"line_manager_agreement": True if agreed else None,
            "line_manager_name": context.get("team_manager_name", "")}


def _hand_on(clean, _context):
    route = "direct" if clean["c_and_f_already_recommended"] == "Yes" else "meeting"
    return Outcome(data={**clean, "transfer_route": route,
                         "neglect_concern": NEGLECT in clean["concern_types"]})


step_up_request = Handler(
    task_id="step_up_request",
    title="FF Step Up request to CSC",
    guidance=("Appendix 1. Complete it with your team manager's agreement. Non-engagement: reference the "
              "Engaging Families toolkit and evidence your efforts to engage. Neglect: the Graded Care "
              "Profile 2 must be reflected. If MASH screening or the DMM already recommended a C&F "
              "assessment, the case transfers directly with no step-up meeting."),
    fields=FIELDS,
    rules=(neglect_rule, non_engagement_rule, line_manager_rule, recommendation_rule),
    prefill=_prefill,
    hand_on=_hand_on,
)

