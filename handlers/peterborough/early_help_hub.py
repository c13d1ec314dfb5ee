"""Peterborough §1: what the Early Help Hub does with a contact, a transfer or a hub enquiry.

The hub does not undertake Early Help Assessments itself: it links to an existing Early Help
Episode, completes an Early Help Hub Enquiry (suggestions, advice, signposting, a single
service), or helps identify the agency / lead professional to start an Early Help Assessment.
"""
from ..forms import Field, Handler, Outcome

LINK = "Link to an existing Early Help Episode"
HUB_ENQUIRY = "Start an Early Help Hub Enquiry"
EHA = "Progress to start an Early Help Assessment"
ADVICE = "Information and advice to the referrer and family, or signposting"
SINGLE_SERVICE = "Recommend a referral to a single service"
ACTIONS = (LINK, HUB_ENQUIRY, EHA, ADVICE, SINGLE_SERVICE)
SECTION = "Action"

ACTION_FIELDS = (
    Field("hub_action", "Action", "choice", choices=ACTIONS, section=SECTION),
    Field("early_help_episode", "Existing Early Help Episode (EHM reference)", "text", section=SECTION,
          help="When linking to an existing episode"),
    Field("lead_professional_agency", "Agency to lead the Early Help Assessment", "text", section=SECTION,
          help="The hub helps identify the most appropriate agency / lead professional; it does not assess"),
    Field("lead_professional", "Lead professional, if known", "text", section=SECTION),
    Field("action_notes", "What was done, and why", "textarea", section=SECTION),
)


def action_rules(clean):
    """{field: message} for an action missing what it needs."""
    errors = {}
    if not clean["hub_action"]:
        errors["hub_action"] = "Choose the action taken"
    if clean["hub_action"] == LINK and not clean["early_help_episode"]:
        errors["early_help_episode"] = "Give the Early Help Episode the contact is linked to"
    if clean["hub_action"] == EHA and not clean["lead_professional_agency"]:
        errors["lead_professional_agency"] = "Name the agency that will lead the Early Help Assessment"
    if clean["hub_action"] and not clean["action_notes"]:
        errors["action_notes"] = "Record what was done"
    return errors


def with_early_help(clean):
    """The case is now with Early Help; the lead professional, when one is named."""
    updates = {"current_service": "EH"}
    if clean.get("lead_professional"):
        updates["lead_professional"] = clean["lead_professional"]
    return updates


ACCEPTED = "Accepted"
NOT_ACCEPTED = "Not accepted after discussion between Team Managers"
DISCUSSION = ("Not needed", "Held between Team Managers")


def _acceptance_rules(clean, _context):
    errors = {}
    if (clean["team_managers_discussion"] != "Not needed" or clean["accepted"] == NOT_ACCEPTED) \
            and not clean["discussion_notes"]:
        errors["discussion_notes"] = "Record the discussion between Team Managers and what was agreed"
    if clean["accepted"] == NOT_ACCEPTED and clean["team_managers_discussion"] == "Not needed":
        errors["team_managers_discussion"] = "A transfer is not turned back without a discussion between Team Managers"
    if clean["accepted"] == ACCEPTED:
        errors.update(action_rules(clean))
    return errors


def _accepted(clean, _context):
    updates = with_early_help(clean) if clean["accepted"] == ACCEPTED else {}
    return Outcome(data=dict(clean), case_updates=updates)


def _prefill_needs(context):
    return {"needs_identified": context.get("needs_for_early_help")}


def acceptance(task_id, title, what):
    """The hub's review of a transfer or hub enquiry: accept (with a Team Managers' discussion if needed), then act."""
    return Handler(
        task_id=task_id,
        title=title,
        guidance=(f"Review the information in the {what} and accept it as appropriate, with further discussion "
                  "between Team Managers if required. Then link to an existing Early Help Episode, complete an "
                  "Early Help Hub Enquiry or progress to start an Early Help Assessment."),
        fields=(
            Field("needs_identified", "Needs identified for Early Help", "textarea", required=True,
                  help="From the decision that sent it to the hub"),
            Field("team_managers_discussion", "Discussion between Team Managers", "choice", required=True,
                  choices=DISCUSSION),
            Field("discussion_notes", "Discussion and what was agreed", "textarea"),
            Field("accepted", "Decision", "choice", required=True, choices=(ACCEPTED, NOT_ACCEPTED)),
            *ACTION_FIELDS,
        ),
        rules=(_acceptance_rules,),
        prefill=_prefill_needs,
        hand_on=_accepted,
    )


ehh_accept_transfer = acceptance("ehh_accept_transfer", "Early Help Hub: review and accept the transfer (LCS to EHM)",
                                 "transfer from LCS")
ehh_accept_hub_enquiry = acceptance("ehh_accept_hub_enquiry",
                                    "Early Help Hub: review the hub enquiry in the Contacts Early Help Tray",
                                    "Early Help Hub Enquiry")
