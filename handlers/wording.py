"""Error messages in the GOV.UK style: say what to do ("Enter …", "Select …"), name the question.

A field's label is either a name ("Date of birth") or a question ("Has stepping up been
discussed with the family?"). A name goes straight into the sentence; a question is quoted,
because "Has stepping up been discussed…? is required" tells nobody what to do.
"""
import re

# "Is the child now at risk?" → "the child is now at risk": only where the subject is plainly
# a determiner and one noun; anything harder keeps the quoted question.
# The noun is one lower-case word and the rest starts with one: "an Early Help Assessment" or
# "the child / family" are not split, as the inversion would garble them.
_YES_NO = re.compile(r"^(is|are|was|were|has|have|can|should|will) ((?:the|this|a|an|their|his|her|your) "
                     r"[a-z][\w'’-]*) ([a-z].*?)\??$", re.IGNORECASE)


def is_question(label):
    return label.rstrip().endswith("?")


def _lower_first(label):
    # "CP plan start date" keeps its capitals; "Date of birth" becomes "date of birth".
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def subject(label):
    """The field as the subject of a sentence: 'Date of birth' or 'The answer to “Why …?”'."""
    return f"The answer to ‘{label}’" if is_question(label) else label


def missing(label, kind):
    """What to do when a required field is blank."""
    if kind in ("choice", "multichoice", "boolean"):
        found = _YES_NO.match(label.strip())
        if found and not (found.group(2).split()[-1].islower() and found.group(3)[:1].islower()):
            found = None
        if found and kind == "choice":
            verb, who, rest = found.groups()
            return f"Select whether {who} {verb.lower()} {rest}"
        if is_question(label):
            return f"Select an answer to ‘{label}’"
        if kind == "boolean":
            return f"Select ‘{label}’ to confirm it"
        return f"Select {_lower_first(label)}"
    if is_question(label):
        return f"Enter an answer to ‘{label}’"
    return f"Enter {_lower_first(label)}"


def too_long(label, limit):
    return f"{subject(label)} must be {limit:,} characters or fewer"


def not_email(_label):
    return "Enter an email address in the correct format, like name@example.com"


def not_listed(label):
    return f"Select one of the options for {_lower_first(subject(label))}" if not is_question(label) \
        else f"Select one of the options given for ‘{label}’"


def not_whole_number(label):
    return f"{subject(label)} must be a whole number"


def below(label, minimum):
    return f"{subject(label)} must be {minimum} or more"


def above(label, maximum):
    return f"{subject(label)} must be {maximum} or less"


def not_a_date(label):
    return f"{subject(label)} must be a real date, like 27 3 2026"


def not_a_datetime(label):
    return f"{subject(label)} must be a real date and time, like 27 3 2026 14:30"


def in_future(label):
    return f"{subject(label)} must be today or in the past"


def outside(label, earliest, latest):
    return f"{subject(label)} must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y}"


def missing_parts(label, parts):
    """A date (and time) typed in part: name what is missing, "Date of birth must include a month"."""
    parts = list(parts)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{subject(label)} must include a {listed}"


def not_a_time(label):
    return f"{subject(label)} must include a real time, like 14:30 or 2:30pm"
