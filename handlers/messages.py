"""E-mails a task hands on: who to tell and what to say, never an address in code.

A handler returns ``Message`` objects in its ``Outcome``; the service writes them to the
outbox in the same transaction as the step. Recipients are keys resolved from the pack's
configuration: a ``[mailboxes]`` key in pack.toml, ``role:<Role name>`` (everyone active
holding that role in the pack), ``user:<username>`` or ``email:<address>`` (an address
entered on a form, never one written in code). Bodies must not carry a child's
name: the service adds the case reference and a link, and the reader signs in to see more.

Write for the council's own staff. An address outside the council's own (an ``email:`` key
typed on a form, such as a TAF member at a school) never gets these words: the service sends
it a fixed outside version with the case number, the meeting's date and time and a link.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Meeting:
    """A meeting request sent as an iCalendar invite; times as ISO 8601 text.

    A time without an offset is read as London local time (the protocols' own clock).
    """

    start_iso: str
    end_iso: str
    summary: str
    location: str = ""
    description: str = ""


@dataclass(frozen=True)
class Message:
    """One e-mail to the recipients named by ``to`` (recipient keys, not addresses)."""

    to: tuple
    subject: str
    body: str
    meeting: Meeting | None = None
    # A key of handlers.referrer.OUTCOME_WORDS: the outcome of a referral, which the outside
    # version may state in those fixed words (nothing else from the message leaves the council).
    outcome: str = ""

    def __post_init__(self):
        if isinstance(self.to, str) or not self.to:
            raise ValueError("Message.to must be a non-empty tuple of recipient keys")
        object.__setattr__(self, "to", tuple(self.to))


@dataclass(frozen=True)
class StartPathway:
    """Hand the case on to another pathway of the same pack, started with this step.

    ``pathway`` is the pathway's name within the pack (``"step_up_to_mash"``); ``data`` is
    what its first task starts with (e.g. the agreed step-up reason). The seeds hand on
    this way: an agreed step-up starts the MASH contact, a step-down starts the receiving
    service's work. If the pathway already runs on the case (and runs once per case), it
    is not started again; the chronology says so. In a family run, ``case_id`` names the
    child whose case it starts on (one of the run's children); None: the run's own case.
    """

    pathway: str
    data: dict = None
    case_id: int | None = None

    def __post_init__(self):
        if not isinstance(self.pathway, str) or not self.pathway or "/" in self.pathway:
            raise ValueError("StartPathway.pathway is a pathway name within the pack, e.g. 'step_up_to_mash'")
        object.__setattr__(self, "data", dict(self.data or {}))
