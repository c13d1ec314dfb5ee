"""Diagram description: Camden §3, the daily discussion meeting (one child per meeting record).

Regenerate: python tools/draw_bpmn.py tools/drawings/camden/daily_discussion_meeting.py > bpmn/camden/daily_discussion_meeting.bpmn
then give "review_date_reached" its timer by hand (the drawing tool draws boundary timers only):
<bpmn:timerEventDefinition id="review_date_reached_definition"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">review_due_at</bpmn:timeDate></bpmn:timerEventDefinition>
"""
PROCESS = ("camden_daily_discussion_meeting", "Daily discussion meeting")
LANES = ["Early Help Manager", "MASH Manager"]
EHM, MM = range(2)
NODES = [
    ("family_referred_to_meeting", "startEvent", "Family referred to the daily discussion meeting", EHM, 0, 0),
    ("present_at_daily_meeting", "userTask", "Present the family at the daily discussion meeting", EHM, 1, 0),
    ("daily_meeting_decision", "userTask", "Daily discussion meeting: decision", MM, 2, 0),
    ("threshold_met", "exclusiveGateway", "Step up?", MM, 3, 0),
    ("stepped_up", "endEvent", "Step Up to MASH started", MM, 4, 0),
    ("to_differences", "endEvent", "Resolving professional differences started", MM, 4, 2),
    ("review_set", "exclusiveGateway", "Review date set?", MM, 4, 1),
    ("no_review", "endEvent", "Stays with Early Help, no review set", MM, 5, 1),
    ("review_date_reached", "intermediateCatchEvent", "Review date", EHM, 5, 1),
    ("review_after_daily_meeting", "userTask", "Review the family", EHM, 6, 1),
    ("reviewed", "endEvent", "Reviewed", EHM, 7, 1),
]
FLOWS = [
    ("flow_to_present", "family_referred_to_meeting", "present_at_daily_meeting", None, None, False),
    ("flow_to_chair", "present_at_daily_meeting", "daily_meeting_decision", None, None, False),
    ("flow_to_threshold", "daily_meeting_decision", "threshold_met", None, None, False),
    ("flow_step_up", "threshold_met", "stepped_up", "Step up", 'meeting_outcome == "Step up to MASH"', False),
    ("flow_not_met", "threshold_met", "review_set", "Not met", None, True),
    ("flow_no_agreement", "threshold_met", "to_differences", "No agreement",
     'meeting_outcome == "No agreement: resolve the professional difference"', False),
    ("flow_review", "review_set", "review_date_reached", "Yes", "review_due_at is not None", False),
    ("flow_no_review", "review_set", "no_review", "No", None, True),
    ("flow_review_due", "review_date_reached", "review_after_daily_meeting", None, None, False),
    ("flow_reviewed", "review_after_daily_meeting", "reviewed", None, None, False),
]
DOCS = {
    "present_at_daily_meeting": "§3: Early Help presents the reasons for escalation and the voice of the child, "
                                "keeping what came directly from the child apart from what is speculative.",
    "daily_meeting_decision": "§3: the MASH team manager or senior practitioner chairs and decides: step up, or "
                              "not met with agreed Early Help actions and an optional review date; and whether "
                              "Early Help stays involved.",
    "stepped_up": "Hands on to Step Up to MASH (Appendix 1): the Early Help manager completes the step-up episode "
                  "by the end of the day.",
    "review_date_reached": "Waits until 09:00 on the review date set at the meeting.",
}
