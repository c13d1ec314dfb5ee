"""A time of day as people type it into a form's "Time" box, read as the 24-hour ``HH:MM`` a handler takes.

The hint asks for the 24-hour clock ("14:30"), but a worker writing up a meeting types what they
say: "2:30pm", "2pm", "14.30". Each of those has one meaning, so it is taken ("2:30" without am
or pm is read on the 24-hour clock, as the hint asks); what is not a time of day ("25:00", "2",
"soon") is refused, and the form says so beside the field.
"""
import re

# 24-hour clock: "14:30", "9:05", "14.30".
_TWENTY_FOUR = re.compile(r"(\d{1,2})[:.](\d{2})", re.ASCII)
# 12-hour clock: "2pm", "2 pm", "2:30pm", "2.30 p.m.", "12am".
_TWELVE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.ASCII | re.IGNORECASE)
# GOV.UK style writes "midday" and "midnight", not "12pm" and "12am"; people type either.
_WORDS = {"midday": "12:00", "noon": "12:00", "midnight": "00:00"}


def parse(text):
    """The time in ``text`` as ``HH:MM`` (24-hour clock), or None if it is not one time of day."""
    text = (text or "").strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    found = _TWENTY_FOUR.fullmatch(text)
    if found:
        hour, minute = int(found.group(1)), int(found.group(2))
        return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None
    found = _TWELVE.fullmatch(text)
    if found:
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        if not 1 <= hour <= 12 or minute >= 60:
            return None
        hour = hour % 12 + (12 if found.group(3) == "p" else 0)
        return f"{hour:02d}:{minute:02d}"
    return None
