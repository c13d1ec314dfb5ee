"""Knowsley Appendix 2 "Yes": the lead professional initiates the EHM to ICS transfer the same day."""
from ..forms import Field, Handler, Outcome
from ..timing import LONDON, as_utc, now_from
from .timing import london_local

FAMILY_FIRST_INVOLVEMENT = ("Family First 0-18 stays involved until the Child and Family assessment is "
                            "completed and a decision is reached about future intervention and support")


def _transfer_states_the_facts(clean, context):
    # Appendix 2: "clearly stating date and time of step up meeting, if neglect a graded care
    # profile date completed". A direct transfer (already recommended by MASH/DMM) had no meeting.
    errors = {}
    if context.get("transfer_route") != "direct" and not clean["step_up_meeting_held_at"]:
        errors["step_up_meeting_held_at"] = "State the date and time of the step-up meeting"
    if context.get("neglect_concern") and not clean["graded_care_profile_completed_on"]:
        errors["graded_care_profile_completed_on"] = "Neglect: state the date the Graded Care Profile was completed"
    if clean["transferred_to_ics"] is not True:
        errors["transferred_to_ics"] = "Transfer the case from EHM to ICS to complete this step"
    return errors


def _prefill(context):
    start = context.get("meeting_start")
    return {"step_up_meeting_held_at": london_local(as_utc(start)) if start else None,
            "graded_care_profile_completed_on": context.get("graded_care_profile_date")}


def _hand_on(clean, context):
    # The transfer is the referral to CSC: the day it happened starts the C&F assessment's clock.
    now = now_from(context)
    transferred_on = now.astimezone(LONDON).date().isoformat() if now else None
    return Outcome(data={**clean, "family_first_involvement": FAMILY_FIRST_INVOLVEMENT,
                         "transferred_on": transferred_on},
                   case_updates={"current_service": "CSC"})


initiate_transfer = Handler(
    task_id="initiate_transfer",
    title="Initiate the transfer to Children's Social Care (today)",
    guidance=("Transfer the case from EHM to ICS the same day, stating the date and time of the step-up "
              "meeting and, if neglect, the date the Graded Care Profile was completed. Provide an up to date "
              "Early Help Assessment and case summary. " + FAMILY_FIRST_INVOLVEMENT + "."),
    fields=(
        Field("step_up_meeting_held_at", "Date and time of the step-up meeting", "datetime", happened=True,
              help="Not needed when MASH screening or the DMM had already recommended a C&F assessment"),
        Field("graded_care_profile_completed_on", "Graded Care Profile completed on (if neglect)", "date",
              happened=True),
        Field("transferred_to_ics", "I have transferred the case from EHM to ICS", "boolean", required=True),
        Field("documents_provided", "Documents provided (e.g. up to date Early Help Assessment, case summary)",
              "textarea", required=True),
        Field("ehm_case_note_recorded", "Case note of the outcome recorded on EHM", "boolean"),
    ),
    rules=(_transfer_states_the_facts,),
    prefill=_prefill,
    hand_on=_hand_on,
)


transfer_not_initiated = Handler(
    task_id="transfer_not_initiated",
    title="Escalation: transfer not initiated today",
    guidance=("The step-up was agreed but the lead practitioner has not initiated the transfer to CSC by the end "
              "of the working day. The transfer task stays open with the lead practitioner: make sure it "
              "happens and record what you did."),
    fields=(
        Field("escalation_action", "What you did", "textarea", required=True),
        Field("transfer_expected_by", "Transfer now expected by", "datetime"),
    ),
)
