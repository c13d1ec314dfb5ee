"""Camden's statutory clocks (Working Together 2023), worked out from the service's "now".

A clock that runs from an earlier moment (the contact, the strategy discussion) runs from
that moment as recorded: the contact hands on ``contact_received_at`` and the strategy
discussion records ``held_at``, and the diagram's timers say
``working_days_from(contact_received_at, 1)`` or ``working_days_from(held_at, 15)``, so every
task a clock watches shows the same deadline, and the number of days is in the diagram for
a process owner to read. The due instants worked out here (``decision_due_at`` …) are still
handed on because cases running on earlier versions of the diagram read them by name.
"""
from ..timing import now_from
from ..timing import england as _calendar

DECISION_WORKING_DAYS = 1     # a decision on the type of response within 1 working day of the referral
ASSESSMENT_WORKING_DAYS = 45  # the child and family assessment within 45 working days of the referral
ICPC_WORKING_DAYS = 15        # the initial child protection conference within 15 working days of the strategy discussion




def working_days_after(start, n):
    """The aware instant ``n`` working days after ``start`` (England's bank holidays skipped), as ISO text."""
    return _calendar().add_working_days(start, n).isoformat()


def end_of_that_day(start):
    """The end of the working day of ``start`` (or of the next working day), as ISO text."""
    return _calendar().end_of_working_day(start).isoformat()


def referral_clocks(context):
    """The clocks a MASH contact starts: the decision and the child and family assessment."""
    now = now_from(context)
    if now is None:
        return {}
    return {"contact_received_at": now.isoformat(),
            "decision_due_at": working_days_after(now, DECISION_WORKING_DAYS),
            "assessment_due_at": working_days_after(now, ASSESSMENT_WORKING_DAYS)}


