"""Camden §5: a notification received by MASH on an allocated Early Help case."""
from ..forms import Field, Handler, Message, Outcome, StartPathway

SOURCES = ("Police Merlin", "New information from a professional", "New information from a family member",
           "Written details sent by Early Help", "TAF professional contacted MASH directly")
TAF_DIRECT = "TAF professional contacted MASH directly"
RAG = ("Red", "Amber", "Green")
YES_NO = ("Yes", "No")
DAILY_MEETING = "Refer to the daily discussion meeting"
STEP_UP_NOW = "Step up now (urgent)"
NO_STEP_UP = "No step-up"
NO_AGREEMENT = "No agreement: resolve the professional difference"
DISCUSSION_OUTCOMES = (DAILY_MEETING, STEP_UP_NOW, NO_STEP_UP, NO_AGREEMENT)


def _nothing_left_open(clean, _context):
    # §5: "Notifications must be fully completed by MASH screening officers before tasking to
    # Early Help and must not be sent as an open episode."
    errors = {}
    if clean["rag_rating"] != "Green" and clean["notification_source"] != TAF_DIRECT \
            and not clean["threshold_may_be_met"]:
        errors["threshold_may_be_met"] = "Say whether the family may reach the threshold for step-up"
    if not clean["notification_complete"]:
        errors["notification_complete"] = "A notification is fully completed before it is sent to Early Help"
    return errors


def _needs_discussion(clean):
    return clean["notification_source"] == TAF_DIRECT or clean["threshold_may_be_met"] == "Yes"


def _hand_on_notification(clean, _context):
    data = {**clean, "needs_discussion": _needs_discussion(clean)}
    if data["needs_discussion"]:
        return Outcome(data=data)
    # Screened and passed to Early Help: an e-mail alert as well as the record (§5).
    recipients = ("role:Early Help Manager", f"email:{clean['lead_professional_email']}")
    return Outcome(data=data, messages=(Message(
        to=recipients, subject=f"Notification on an open Early Help family: RAG {clean['rag_rating']}",
        body=("MASH has screened new information on a family open to Early Help and added a notification to the "
              "family file. Sign in to read it.")),))


complete_notification = Handler(
    task_id="complete_notification",
    title="Notification received by MASH on allocated EH case",
    guidance=("Complete every part before the notification goes to Early Help: it must not be sent as an open "
              "episode. RAG rate it; if the family may reach the threshold for step-up, the MASH manager "
              "discusses it with the Early Help manager and the lead professional."),
    fields=(
        Field("notification_source", "Where the information came from", "choice", required=True, choices=SOURCES),
        Field("person_id", "Person ID", "text", required=True),
        Field("family_id", "Family ID", "text", required=True),
        Field("incident_summary", "Details of the incident / summary of the new information", "textarea",
              required=True),
        Field("shared_by", "Who shared the information (professional or family member)", "textarea",
              required=True),
        Field("lead_professional_email", "Lead professional's e-mail", "email", required=True),
        Field("rag_rating", "RAG rating", "choice", required=True, choices=RAG),
        Field("threshold_may_be_met", "May the family reach the threshold for step-up to CSSW?", "choice",
              choices=YES_NO, help="Needed unless rated green"),
        Field("notification_complete", "The notification is fully completed", "boolean", required=True),
    ),
    rules=(_nothing_left_open,),
    hand_on=_hand_on_notification,
)


def _decision_on_the_notification(clean, _context):
    errors = {}
    if not clean["recorded_on_notification"]:
        errors["recorded_on_notification"] = "Record the decision between MASH and Early Help on the notification"
    if clean["discussion_outcome"] in (DAILY_MEETING, STEP_UP_NOW) and not clean["reason"]:
        errors["reason"] = "Choose CIN or CP for the step-up"
    return errors


def _hand_on_discussion(clean, context):
    outcome = clean["discussion_outcome"]
    handed = {"information_for_cssw": context.get("incident_summary"), "new_concerns": context.get("incident_summary")}
    if outcome == DAILY_MEETING:
        return Outcome(data=dict(clean), starts=(StartPathway("daily_discussion_meeting", {
            **handed, "reason": clean["reason"]}),))
    if outcome == STEP_UP_NOW:
        return Outcome(data=dict(clean), starts=(StartPathway("step_up_to_mash", {
            **handed, "reason": clean["reason"]}),))
    if outcome == NO_AGREEMENT:
        return Outcome(data=dict(clean), starts=(StartPathway("resolving_professional_differences", {
            "difference_stage": "Notification", "difference_summary": clean["discussion_notes"]}),))
    return Outcome(data=dict(clean), messages=(Message(
        to=("role:Early Help Manager",), subject="Notification added to the family file: no step-up",
        body=("MASH and Early Help discussed new information on a family open to Early Help and agreed it does not "
              "step up. The decision is recorded on the notification, which has been added to the family file. "
              "Please remind professionals in the Team around the Family to raise concerns with the lead "
              "professional.")),))


mash_eh_discussion = Handler(
    task_id="mash_eh_discussion",
    title="Discuss the notification with the Early Help manager",
    guidance=("The family may reach the threshold for step-up, or a TAF professional contacted MASH directly. "
              "Discuss with the Early Help team or service manager (and the lead professional) and decide: the "
              "daily discussion meeting, an immediate step-up if urgent, or no step-up."),
    fields=(
        Field("eh_manager_spoken_to", "Early Help team or service manager spoken to", "text", required=True),
        Field("discussion_notes", "Discussion", "textarea", required=True),
        Field("discussion_outcome", "Decision", "choice", required=True, choices=DISCUSSION_OUTCOMES),
        Field("reason", "Reason for step-up", "choice", choices=("CIN", "CP")),
        Field("recorded_on_notification", "The decision is recorded on the notification", "boolean",
              required=True),
    ),
    rules=(_decision_on_the_notification,),
    hand_on=_hand_on_discussion,
)
