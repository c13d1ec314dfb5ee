"""Camden §3: the notes of a daily discussion meeting go to MASH by e-mail.

"The Early Help manager or Service Manager is responsible for noting the actions and
decisions … and adding to the family file as a case note. The notes should also be sent to
MASH via e-mail." In Stepwise the notes are the meeting's record on the case (its
chronology is the family file); recording the decision e-mails the MASH mailbox that they
are there. The e-mail says only what the meeting chose from fixed lists (outcome, reason,
whether Early Help stays involved, a review date): the minutes and actions are free text
that may name the family, so they stay behind the case link.
"""
from dataclasses import replace

from ..forms import Message

MASH_MAILBOX = "mash_admin"  # pack.toml [mailboxes]: §5's MASH admin address


def notes_message(clean):
    """The e-mail to MASH about the notes of one family's discussion."""
    lines = [f"Outcome: {clean['meeting_outcome']}"]
    if clean.get("reason"):
        lines.append(f"Reason for step-up: {clean['reason']}")
    lines.append(f"Early Help stays involved: {clean['early_help_stays_involved']}")
    if clean.get("review_date"):
        lines.append(f"Review date: {clean['review_date']}")
    return Message(
        to=(MASH_MAILBOX,), subject="Daily discussion meeting: notes of the actions and decisions",
        body=("The notes of the actions and decisions of the daily discussion meeting for this family are on the "
              "family file in Stepwise (Camden guidance §3).\n\n" + "\n".join(lines) + "\n\n"
              "The minutes, the agreed actions and Early Help's role are on the case: follow the link. Child "
              "details are never sent by e-mail."))


def with_notes_to_mash(hand_on):
    """A hand-on that also e-mails MASH the notes of the meeting, whatever else it hands on."""
    def hand_on_with_notes(clean, context):
        outcome = hand_on(clean, context)
        return replace(outcome, messages=(*outcome.messages, notes_message(clean)))
    hand_on_with_notes.__doc__ = hand_on.__doc__
    return hand_on_with_notes
