"""Meeting requests as iCalendar (RFC 5546 METHOD:REQUEST) text, built with `icalendar`."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

LONDON = ZoneInfo("Europe/London")


def to_utc(iso_text):
    """An ISO 8601 time as aware UTC; a time without an offset is London local time."""
    value = datetime.fromisoformat(str(iso_text))
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(timezone.utc)


def meeting_request(uid, stamp, start, end, summary, location, description, organizer, attendees):
    """The .ics text inviting ``attendees`` (addresses) to a meeting from ``organizer``."""
    cal = Calendar()
    cal.add("prodid", "-//Stepwise//Early Help and Children's Social Care//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("dtstart", start.astimezone(timezone.utc))
    event.add("dtend", end.astimezone(timezone.utc))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event.add("organizer", _address(organizer, {"cn": vText("Stepwise")}))
    for address in attendees:
        event.add("attendee", _address(address, {"role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION",
                                                 "rsvp": "TRUE"}))
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _address(email, params):
    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key] = value
    return address
