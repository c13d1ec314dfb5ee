"""Camden Appendix 1: the MASH Manager's 'MASH contact and referral (CSSW)' and its sections."""
from ..forms import Field, Handler
from ..referrer import referrer_email_field

CONTACT_TYPES = ("Notice of other agency contact with child / young person", "Request for services",
                 "Other agency check")
YES_NO = ("Yes", "No")


def _prefill_from_early_help(context):
    # The EH text "Information for CSSW, if stepping up to MASH" pre-populates this field.
    return {"further_details": context.get("information_for_cssw", "")}


contact_and_referral = Handler(
    task_id="mash_contact_and_referral",
    title="MASH contact and referral (CSSW)",
    guidance="Section 2, details of contact. Then pass to a MASH social worker to write the summary.",
    fields=(
        Field("contact_type", "Details of contact", "choice", required=True, choices=CONTACT_TYPES,
              section="2. Details of contact"),
        Field("already_known", "Is the child / family already known?", "choice", required=True,
              choices=YES_NO, section="2. Details of contact"),
        Field("eha_previously_completed", "Has an Early Help Assessment previously been completed with the family?",
              "choice", required=True, choices=YES_NO, section="2. Details of contact"),
        Field("further_details", "Further details about this contact", "textarea", required=True,
              section="2. Details of contact"),
        referrer_email_field(section="2. Details of contact"),
    ),
    prefill=_prefill_from_early_help,
)


write_summary = Handler(
    task_id="write_summary",
    title="Write summary: MASH contact and referral (CSSW)",
    guidance="Complete the relevant sections, then request the MASH Manager Decision.",
    fields=(
        Field("household_details", "Family / household details", "textarea", required=True,
              section="1. Family / household details"),
        Field("screening_findings", "MASH screening activity and findings", "textarea", required=True,
              section="3. MASH screening activity and findings"),
        Field("recommended_decision", "Recommended decisions and actions", "textarea", required=True,
              section="4. Decisions and actions"),
        Field("interested_parties_informed", "Interested parties informed", "textarea",
              section="5. Informing interested parties"),
    ),
)
