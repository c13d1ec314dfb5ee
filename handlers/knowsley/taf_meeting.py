"""Knowsley §4 and Appendix 2: book the step-up TAF meeting and invite MASH and the TAF."""
import re
from datetime import timedelta

from ..forms import Field, Handler, Meeting, Message, Outcome
from ..timing import as_utc, now_from
from .timing import NOTICE_WORKING_DAYS, london_local, notice_given, readable, suggested_meeting

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
MAX_TAF_MEMBERS = 40
MASH_INBOXES = ("mash", "mash_business_support")


def notice_rule(clean, context):
    """At least 5 working days' notice by the working-day calendar, unless a shorter notice was agreed."""
    now = now_from(context)
    if now is None:
        return {"meeting_start": "The current time is unknown, so the notice cannot be checked"}
    start = as_utc(clean["meeting_start"])
    if start <= now:
        return {"meeting_start": "The date and time of the step-up TAF meeting must be in the future"}
    given = notice_given(now, start)
    if given >= NOTICE_WORKING_DAYS:
        return {}
    if not clean["short_notice_agreed"]:
        return {"meeting_start": (f"Allow at least {NOTICE_WORKING_DAYS} working days' notice (this gives "
                                  f"{given}); an earlier meeting needs a recorded agreement")}
    if not clean["short_notice_agreed_by"]:
        return {"short_notice_agreed_by": "Record who agreed the shorter notice"}
    return {}


def taf_members_rule(clean, _context):
    """One e-mail address per line, each well formed."""
    addresses = taf_members(clean["taf_member_emails"])
    bad = [a for a in addresses if not EMAIL.match(a)]
    if bad:
        return {"taf_member_emails": ("Enter email addresses in the correct format, like name@example.com, one "
                                      f"on each line: {bad[0]!r} is not one")}
    if len(addresses) > MAX_TAF_MEMBERS:
        return {"taf_member_emails": f"Enter {MAX_TAF_MEMBERS} email addresses or fewer"}
    return {}


def taf_members(text):
    """The addresses in the TAF members box, one a line, blank lines and repeats dropped."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def _prefill(context):
    now = now_from(context)
    suggestion = london_local(suggested_meeting(now)) if now else None
    return {"meeting_start": suggestion, "meeting_length_minutes": 60, "meeting_location": "Microsoft Teams"}


def _hand_on(clean, context):
    start = as_utc(clean["meeting_start"])
    end = start + timedelta(minutes=clean["meeting_length_minutes"])
    data = {**clean, "taf_member_emails": "\n".join(taf_members(clean["taf_member_emails"])),
            "meeting_end": end.isoformat()}
    return Outcome(data=data, messages=_invites({**context, **data}, start, end))


def _invites(record, start, end):
    when = readable(record["meeting_start"])
    case_ref = record.get("ehm_case_id", "")
    title = f"Step-up TAF meeting (Family First to CSC), EHM case {case_ref}"
    meeting = Meeting(start.isoformat(), end.isoformat(), title, record["meeting_location"],
                      "Chaired by the MASH social worker using the Signs of Safety group supervision "
                      "template; minutes by MASH business support, done live and approved at the end.")
    to_mash = Message(
        to=MASH_INBOXES, subject=f"Step-up request and TAF meeting: EHM case {case_ref}, {when}",
        body=(f"A step-up TAF meeting is booked for {when} ({record['meeting_location']}).\n"
              "MASH: please log a case note of the request for a step-up meeting and send a MASH social "
              "worker to chair it. MASH business support: please take the minutes on the group supervision "
              "template.\n\nThe FF Step Up request is recorded on the case in Stepwise: follow the case "
              "link to read it. Child details are never sent by e-mail."),
        meeting=meeting)
    members = taf_members(record["taf_member_emails"])
    to_taf = Message(
        to=tuple(f"email:{a}" for a in members), subject=f"Invitation: step-up TAF meeting, {when}",
        body=(f"You are invited, as a current member of the Team Around the Family, to a step-up TAF "
              f"meeting on {when} ({record['meeting_location']}). The meeting decides whether the case "
              "steps up to Children's Social Care or remains with Family First 0-18."),
        meeting=meeting)
    return (to_mash, to_taf) if members else (to_mash,)


book_step_up_meeting = Handler(
    task_id="book_step_up_meeting",
    title="Book the step-up TAF meeting",
    guidance=(f"Allow at least {NOTICE_WORKING_DAYS} working days' notice and, where possible, hold it on a "
              "Wednesday; an earlier date can be discussed and agreed. Completing this sends the step-up form "
              "and a calendar invite to Knowsley MASH and MASH business support (who take the minutes), and "
              "an invite to every current TAF member."),
    fields=(
        Field("meeting_start", "Date and time of the step-up TAF meeting", "datetime", required=True,
              help="London time; the suggestion is the first Wednesday with enough notice"),
        Field("meeting_length_minutes", "Length (minutes)", "integer", required=True, minimum=15, maximum=240),
        Field("meeting_location", "Where (venue or online)", "text", required=True),
        Field("short_notice_agreed", "Shorter notice was discussed and agreed", "boolean",
              help="Only if the meeting gives less than 5 working days' notice"),
        Field("short_notice_agreed_by", "Who agreed the shorter notice", "text"),
        Field("taf_member_emails", "Current TAF members' e-mail addresses (one per line)", "textarea",
              required=True),
    ),
    rules=(notice_rule, taf_members_rule),
    prefill=_prefill,
    hand_on=_hand_on,
)


SOS = "Signs of Safety group supervision template"


def _prefill_record(context):
    start = context.get("meeting_start")
    return {"session_held_at": london_local(as_utc(start)) if start else None}


record_step_up_meeting = Handler(
    task_id="record_step_up_meeting",
    title="Minutes of the step-up TAF meeting (group supervision template)",
    guidance=("MASH business support takes the minutes live during the meeting on the Signs of Safety group "
              "supervision template; the MASH social worker chairs and approves them at the end. Upload to "
              "the ICS group supervision tool and the EHM episode."),
    fields=(
        Field("session_held_at", "Date of session", "datetime", happened=True, required=True, section=SOS),
        Field("case_holder", "Case holder (name, job title)", "text", required=True, section="Attendees & roles"),
        Field("facilitator", "Facilitator (name, job title)", "text", required=True, section="Attendees & roles",
              help="The MASH social worker who chairs"),
        Field("advisor", "Advisor (name, job title)", "text", section="Attendees & roles"),
        Field("observer_participants", "Observer participants (name, role, job title; one per line)",
              "textarea", section="Attendees & roles"),
        Field("critical_issues_summary", "Summary of the critical issues / reasons for involvement with family",
              "textarea", required=True, section=SOS),
        Field("working_well_questions", "What's working well", "textarea", required=True, section=SOS),
        Field("worried_about_questions", "What are we worried about", "textarea", required=True, section=SOS),
        Field("hypothesis", "Hypothesis", "textarea", section=SOS),
        Field("danger_worry_statements", "Danger / worry statements", "textarea", required=True, section=SOS),
        Field("safety_goals", "Safety / wellbeing / success goals", "textarea", required=True, section=SOS),
        Field("scaling_questions", "Scaling questions from the session", "textarea", section=SOS),
        Field("session_next_steps", "Any other next steps / reflections", "textarea", section=SOS),
    ),
    prefill=_prefill_record,
)
