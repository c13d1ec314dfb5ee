"""Knowsley §6-§7: the monthly review of the step-up request log, and adherence to the process.

§6: "CSC workers to complete step-up request log and review monthly"; cases for the bimonthly
quality assurance meeting are "agreed beforehand on theme". §7: the CSC MASH Team Manager
monitors adherence to the step-up process, addresses any departure with the Family First
MASH manager in the first instance, and brings persistent issues to the CSC Head of Service
for Child in Need and Child Protection. The review is about a month's requests, not one
child, so it is a form on the log's page rather than a task of a case's pathway; it is
declared like a task so the same validation and wording rules apply.
"""
from ..forms import Field, Handler, Message, Outcome

YES_NO = ("Yes", "No")
ADHERED = "Yes: every request followed the process"
DEPARTURES = "No: departures from the process found"
# Who records it (§7), and who hears of persistent issues.
REVIEWERS = ("MASH Team Manager", "CSC Team Manager")
HEAD_OF_SERVICE = "role:Head of Service for Child in Need and Child Protection"


def _departures_need_their_account(clean, _context):
    errors = {}
    if clean["process_followed"] == DEPARTURES:
        if not clean["departures"]:
            errors["departures"] = "Say which requests departed from the process, and how"
        if not clean["departures_addressed_with"]:
            errors["departures_addressed_with"] = ("§7: departures are addressed with the Family First MASH "
                                                   "manager in the first instance; say who")
    if clean["persistent_issues"] == "Yes" and not clean["persistent_issues_summary"]:
        errors["persistent_issues_summary"] = "Say what the persistent issues are, for the Head of Service"
    return errors


def _hand_on(clean, context):
    if clean["persistent_issues"] != "Yes":
        return Outcome(data=dict(clean))
    month = context.get("month", "")
    return Outcome(data=dict(clean), messages=(Message(
        to=(HEAD_OF_SERVICE,), subject=f"Step-up monthly review {month}: persistent issues with the process",
        body=("The monthly review of Knowsley's step-up request log found persistent issues with adherence to the "
              "step-up process (protocol §7). They are for you to liaise on, or escalate, with the Head of Service "
              "for Early Help and Prevention. Sign in to Stepwise and open the step-up request log's monthly "
              f"review for {month} to read them.")),))


def _prefill(context):
    return {"requests_reviewed": context.get("requests_in_month")}


monthly_step_up_review = Handler(
    task_id="monthly_step_up_review",
    title="Monthly review of the step-up request log",
    guidance=("Review the month's step-up requests (the log above). Record whether each followed the process, what "
              "you found and the actions agreed. Persistent issues go to the CSC Head of Service for Child in Need "
              "and Child Protection, who is e-mailed."),
    fields=(
        Field("requests_reviewed", "Requests reviewed", "integer", required=True, minimum=0, maximum=10_000),
        Field("process_followed", "Did every request follow the step-up process?", "choice", required=True,
              choices=(ADHERED, DEPARTURES), section="§7 Adherence to process"),
        Field("departures", "Departures from the process (case numbers and what happened)", "textarea",
              section="§7 Adherence to process", help="Case numbers only: no child's name"),
        Field("departures_addressed_with", "Addressed with (the Family First MASH manager)", "text",
              section="§7 Adherence to process"),
        Field("findings", "Findings", "textarea", required=True, section="§6 Performance"),
        Field("actions_agreed", "Actions agreed", "textarea", required=True, section="§6 Performance"),
        Field("qa_meeting_themes", "Cases or themes proposed for the bimonthly quality assurance meeting", "textarea",
              section="§6 Performance"),
        Field("persistent_issues", "Persistent issues for the Head of Service?", "choice", required=True,
              choices=YES_NO, section="§7 Adherence to process"),
        Field("persistent_issues_summary", "The persistent issues", "textarea", section="§7 Adherence to process"),
    ),
    rules=(_departures_need_their_account,),
    prefill=_prefill,
    hand_on=_hand_on,
)
