"""What may leave the council: the outside version of a message, written from facts alone.

An address that is not the council's own (service/mail/recipients.py) never gets what a handler
wrote. Handlers build their wording from form answers, and a free-text answer can hold a
first name, a family's address or a worry about a child; no check on the text can tell. So
the outside version is written here, in fixed words, from what the service holds itself:

- the council's name (the pack's title) and the case number;
- for a meeting, its date, start and end: values the form validated as date-times, read
  back and written out here, so no typed words can ride along with them;
- the venue only when it is one the pack lists under ``[mail] shared_venues``: the venue box
  is free text, and Early Help meetings are often held at the family's home or the child's
  school, either of which identifies the child;
- a link to the case, which opens only for a signed-in user with a role in its pack;
- for a referral's outcome, the fixed words ``handlers.referrer.OUTCOME_WORDS`` gives its key.

No task name, no handler wording, no person id and no child's name.
"""
from handlers import PACKS
from handlers.messages import Meeting, Message
from handlers.referrer import OUTCOME_WORDS

from service.mail import invites, recipients

DAY = "%A %d %B %Y"
TIME = "%H:%M"


def rewrite(pack, message, case_id):
    """The outside version of ``message`` (same recipients, fixed wording)."""
    council = PACKS[pack].title if pack in PACKS else "The council"
    about = f"case {case_id}" if case_id else "a case"
    if message.meeting is None and message.outcome in OUTCOME_WORDS:
        return Message(to=message.to, subject=f"{council}: the outcome of your referral, {about}",
                       body=(f"{council} has recorded, through Stepwise, the outcome of the referral you made "
                             f"about {about}: {OUTCOME_WORDS[message.outcome]}."))
    if message.meeting is None:
        return Message(to=message.to, subject=f"{council}: a message about {about}",
                       body=f"{council} has a message for you in Stepwise about {about}.")
    start, end = invites.to_utc(message.meeting.start_iso), invites.to_utc(message.meeting.end_iso)
    when = _when(start, end)
    venue = _shared_venue(pack, message.meeting.location)
    where = venue or ("to be confirmed by the organiser (a venue typed into Stepwise is not sent outside "
                      "the council)")
    meeting = Meeting(start_iso=start.isoformat(), end_iso=end.isoformat(),
                      summary=f"{council}: meeting about {about}", location=venue,
                      description="Arranged through Stepwise. Details stay in Stepwise: sign in to see the case.")
    local = start.astimezone(invites.LONDON)
    return Message(to=message.to, meeting=meeting,
                   subject=f"Invitation: {council} meeting on {local:%d %B %Y} at {local:{TIME}}, {about}",
                   body=(f"{council} invites you, through Stepwise, to a meeting about {about}.\n\n"
                         f"When: {when} (London time)\nWhere: {where}"))


def _when(start, end):
    start, end = start.astimezone(invites.LONDON), end.astimezone(invites.LONDON)
    if start.date() == end.date():
        return f"{start:{DAY}}, {start:{TIME}} to {end:{TIME}}"
    return f"{start:{DAY}} {start:{TIME}} to {end:{DAY}} {end:{TIME}}"


def _shared_venue(pack, typed):
    """The pack's own spelling of the listed venue ``typed`` names exactly, else ""."""
    wanted = " ".join((typed or "").split()).lower()
    return next((v for v in recipients.shared_venues(pack) if v.lower() == wanted), "")
