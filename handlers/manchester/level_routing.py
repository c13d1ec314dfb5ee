"""Manchester Appendix 1: choose the Level of Need and follow its referral pathway.

1 universal services (no targeted service); 2-3 the Early Help Hub; 4 the Early Help Hub or
MASH (a choice); 5 MASH, and a referral made by phone "you must follow up ... in writing in
48 hours" (bpmn/manchester/level_of_need_decision.bpmn chases it, then escalates).
"""
from ..forms import Field, Handler, Outcome, StartPathway

LEVELS = ("1", "2", "3", "4", "5")
HUB, MASH = "Early Help Hub", "MASH"
UNIVERSAL = "Universal Services"
BY_PHONE, IN_WRITING = "By phone", "In writing"
STEP_DOWN = "step_down_to_early_help"  # bpmn/manchester/step_down_to_early_help.bpmn


def _route_for_level_4(clean, _context):
    """Level 4 alone is a choice (Appendix 1: "Early Help Hub (or MASH)"); elsewhere the level decides."""
    if clean["level_of_need"] == "4" and not clean["level_4_route"]:
        return {"level_4_route": "At Level 4 choose the Early Help Hub or MASH"}
    if clean["level_of_need"] != "4" and clean["level_4_route"]:
        return {"level_4_route": "Only a Level 4 case chooses between the Early Help Hub and MASH"}
    return {}


def _how_referred(clean, _context):
    if route_of(clean) == MASH and not clean["mash_referral_made"]:
        return {"mash_referral_made": "Say how the referral to MASH was made (a phone referral must be followed "
                                      "up in writing within 48 hours)"}
    if route_of(clean) != MASH and clean["mash_referral_made"]:
        return {"mash_referral_made": "Only a referral to MASH (Level 5, or Level 4 to MASH) is made by phone or in "
                                      "writing here"}
    return {}


def route_of(clean):
    """Where Appendix 1 sends this level: Universal Services, the Early Help Hub or MASH."""
    level = clean["level_of_need"]
    if level == "1":
        return UNIVERSAL
    if level in ("2", "3"):
        return HUB
    if level == "4":
        return clean["level_4_route"] or HUB
    return MASH


def _decided(clean, _context):
    route = route_of(clean)
    follow_up = route == MASH and clean["mash_referral_made"] == BY_PHONE
    data = {**clean, "referral_route": route, "written_follow_up_needed": "Yes" if follow_up else "No"}
    # The Early Help route carries on in the Contact Centre/MASH step-down (§3.1-3.5).
    starts = (StartPathway(STEP_DOWN, {"level_of_need": clean["level_of_need"]}),) if route == HUB else ()
    return Outcome(data=data, case_updates={"level_of_need": int(clean["level_of_need"]),
                                            "level_of_need_reason": clean["level_rationale"]}, starts=starts)


decide_level_of_need = Handler(
    task_id="decide_level_of_need",
    title="Decide the Level of Need (Child and Whole Family Decision Framework)",
    guidance=("Use the Level of Need (Appendix 1) to identify the service most appropriate for the child and family. "
              "1: needs met by universal services. 2: additional needs met by a single agency or signposting "
              "(complete an EHA). 3: a coordinated programme of support from more than one agency (EHA and team "
              "around the child). 4: intensive, coordinated support for complex issues where Level 3 has not "
              "improved outcomes (an EHA should already have been done): the Early Help Hub, or MASH. 5: at risk "
              "of, or suffering, significant harm: refer to MASH, and follow a phone referral up in writing within "
              "48 hours."),
    fields=(
        Field("level_of_need", "Level of Need", "choice", required=True, choices=LEVELS),
        Field("level_rationale", "Why this level", "textarea", required=True,
              help="What the child and family need, in the words of the decision framework"),
        Field("level_4_route", "Level 4: refer to", "choice", choices=(HUB, MASH),
              help="Level 4 only: the Early Help Hub, or MASH"),
        Field("mash_referral_made", "Referral to MASH made", "choice", choices=(BY_PHONE, IN_WRITING),
              help="MASH referrals only; a phone referral must be followed up in writing within 48 hours"),
    ),
    rules=(_route_for_level_4, _how_referred),
    hand_on=_decided,
)


def _sent(clean, _context):
    if clean["written_follow_up_sent"] is not True:
        return {"written_follow_up_sent": "Record this only when the written referral has reached MASH"}
    return {}


record_written_follow_up = Handler(
    task_id="record_written_follow_up",
    title="Follow up the phone referral to MASH in writing (within 48 hours)",
    guidance=("A Level 5 referral made by phone must be followed up in writing within 48 hours (Appendix 1). "
              "Record when the written referral reached MASH. If it has not after 24 hours the MASH Team Manager "
              "is asked to chase it; after 48 hours it is escalated to the Locality Social Work Head of Service."),
    fields=(
        Field("written_follow_up_sent", "The written referral has reached MASH", "boolean", required=True),
        Field("written_follow_up_on", "Date it was sent", "date", happened=True, required=True),
    ),
    rules=(_sent,),
)

written_follow_up_reminder = Handler(
    task_id="written_follow_up_reminder",
    title="Reminder: the written follow-up of a phone referral is due within 48 hours",
    guidance=("24 hours have passed since a Level 5 referral was made to MASH by phone and no written referral has "
              "been recorded. Chase the referrer (the task stays with them); at 48 hours it is escalated."),
    fields=(Field("reminder_action", "What you did", "textarea", required=True),),
)

written_follow_up_overdue = Handler(
    task_id="written_follow_up_overdue",
    title="Escalation: no written follow-up 48 hours after a phone referral to MASH",
    guidance=("A Level 5 phone referral to MASH has not been followed up in writing within 48 hours (Appendix 1). "
              "Make sure the referral is completed in writing and the child's safety is not waiting on it."),
    fields=(Field("escalation_action", "What you did", "textarea", required=True),),
)
