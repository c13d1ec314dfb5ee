"""The safeguarding override: an immediate safeguarding concern goes straight to MASH.

Every seed puts safeguarding procedures above its pathways: nothing in a pathway may
delay a response to an immediate risk of harm. So anyone with a role in the case's pack
may raise a concern at any time, whatever step the case is at, or with no pathway
running. One transaction records it on the chronology, queues an urgent e-mail to the
pack's ``[safeguarding] notify`` recipients and opens a MASH work item (the pack's
``immediate_safeguarding_concern`` pathway), so the concern can never sit unowned.
Planned pathways carry on untouched.
"""
import re
from dataclasses import replace
from datetime import timedelta

from handlers import PACKS
from handlers.forms import Invalid as FormInvalid, validate
from handlers.messages import Message
from handlers.safeguarding import concern_form

from service.store import audit
from service.diagrams import catalog
from service.work import instances
from service.mail import notifications, recipients
from service.engine import EngineError
from service.errors import Forbidden, Invalid, StepwiseError
from service.extensions import db
from service.store.models import ProcessInstance, WorkItem

PATHWAY = "immediate_safeguarding_concern"  # bpmn/<pack>/immediate_safeguarding_concern.bpmn
ACTION = "safeguarding.immediate_concern"
# How soon MASH must decide on a concern unless the pack says otherwise ([safeguarding]
# decision_within): an immediate risk is measured in hours, never in working days.
DEFAULT_DECISION_WITHIN = "1 hour"
_WITHIN = re.compile(r"\s*(\d{1,3})\s*(minute|hour)s?\s*", re.IGNORECASE)


class OverrideUnavailable(StepwiseError):
    """The pack cannot take a concern (no MASH pathway deployed): a configuration fault."""

    status, code = 500, "configuration_error"


def pathway_for(pack):
    """The override's pathway name in ``pack``."""
    return f"{pack}/{PATHWAY}"


def settings(pack):
    """The pack's ``[safeguarding]`` table (``notify``, ``phone``); empty when absent."""
    return dict(PACKS[pack].settings.get("safeguarding", {})) if pack in PACKS else {}


def phone(pack):
    """The MASH phone number workers are told to ring first ("" when not configured)."""
    return str(settings(pack).get("phone", "")).strip()


def within(text):
    """'4 hours' or '30 minutes' as a timedelta (ValueError for anything else)."""
    found = _WITHIN.fullmatch(str(text))
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not a number of hours or minutes, like \"4 hours\"")
    amount, unit = int(found.group(1)), found.group(2).lower()
    return timedelta(hours=amount) if unit == "hour" else timedelta(minutes=amount)


def decision_within(pack):
    """How long MASH has to decide on an immediate concern in ``pack``."""
    return within(settings(pack).get("decision_within", DEFAULT_DECISION_WITHIN))


def is_urgent(item):
    """A work item opened by an immediate safeguarding concern (the MASH decision)."""
    return (item.pathway or "").endswith("/" + PATHWAY)


def open_concerns(case_id):
    """The case's concerns still waiting for MASH's decision (their open work items), oldest first."""
    return db.session.scalars(db.select(WorkItem).where(
        WorkItem.case_id == case_id, WorkItem.status == "open", WorkItem.pathway.like("%/" + PATHWAY))
        .order_by(WorkItem.created_at, WorkItem.id)).all()


def form(pack):
    """The concern form for ``pack``, with its MASH number as guidance."""
    return concern_form(phone(pack))


def may_raise(actor, case):
    """Whether ``actor`` holds any role in the case's pack (the only condition)."""
    return any(pack == case.pack for pack, _role in actor.role_pairs())


def raise_immediate_concern(rt, actor, case, data):
    """Record the concern, e-mail MASH and open MASH's work item; returns the new instance."""
    if not may_raise(actor, case):
        raise Forbidden(f"you hold no role in the {case.pack} pack")
    try:
        clean = validate(form(case.pack), data)
    except FormInvalid as exc:
        raise Invalid("some fields need attention", exc.errors) from None
    version = catalog.current_version(pathway_for(case.pack))
    if version is None:
        raise OverrideUnavailable(f"the {case.pack} pack has no {PATHWAY} pathway deployed: phone MASH, "
                                  "and tell an administrator")
    planned = _running_titles(case.id)
    now = rt.now()
    # Started whatever the actor's role: the work belongs to MASH, not to whoever raised it.
    # Each concern is its own copy, whatever the diagram declares: a concern is never refused
    # because an earlier one is still with MASH.
    instance = instances.create(rt, case, version, actor, data={**clean, "raised_by": actor.display_name},
                                alongside=True)
    items = db.session.scalars(db.select(WorkItem).where(
        WorkItem.instance_id == instance.id, WorkItem.status == "open")).all()
    # The decision is due within the pack's hours, or sooner if the diagram's own timer says so.
    deadline = now + decision_within(case.pack)
    for item in items:
        if item.due_at is None or item.due_at > deadline:
            item.due_at = deadline
    carries_on = "No planned pathway was running."
    if planned:
        carries_on = ("The planned pathway carries on: " if len(planned) == 1 else
                      "The planned pathways carry on: ") + "; ".join(planned) + "."
    audit.record(now, ACTION, "Immediate safeguarding concern raised: sent straight to MASH "
                 f"(safeguarding override). {carries_on}", actor=actor, case_id=case.id,
                 instance_id=instance.id, data=clean)
    notifications.enqueue(rt, case.pack, [_alert(case, actor, items)], case=case, instance=instance,
                          reason="immediate safeguarding concern raised")
    instances.commit_or_conflict()
    return instance


def check_packs(packs=None):
    """Refuse to start when a pack's ``[safeguarding]`` table is malformed (fail early)."""
    found = []
    for name, pack in (packs or PACKS).items():
        table = pack.settings.get("safeguarding")
        if table is None:
            continue  # alerts go to the MASH task's role; tests check shipped packs have one
        if not isinstance(table, dict):
            found.append(f"{name}: [safeguarding] must be a table")
            continue
        if not isinstance(table.get("phone", ""), str):
            found.append(f"{name}: safeguarding.phone must be text")
        try:
            within(table.get("decision_within", DEFAULT_DECISION_WITHIN))
        except ValueError as exc:
            found.append(f"{name}: safeguarding.decision_within: {exc}")
        probe = replace(pack, settings={"mailboxes": pack.settings.get("mailboxes", {}),
                                        "notify": {"safeguarding": table.get("notify")}})
        found += recipients.problems(name, probe)
    if found:
        raise recipients.NotificationConfigError("safeguarding configuration: " + "; ".join(found))


def _alert(case, actor, items):
    # No child data here, by the outbox's rule: the footer adds case number, person id and link.
    keys = settings(case.pack).get("notify") or [f"role:{i.role}" for i in items]
    waiting = "".join(f"\n{i.name}: waiting for the {i.role}." for i in items)
    body = (f"URGENT. An immediate safeguarding concern has been raised on case {case.id} and has come "
            f"straight to MASH, outside any planned pathway.\n{waiting}\nRaised by: {actor.display_name}\n\n"
            "Sign in to read the concern and record the MASH decision.")
    return Message(to=tuple(keys), subject=f"URGENT: immediate safeguarding concern, case {case.id}", body=body)


def _running_titles(case_id):
    running = db.session.scalars(db.select(ProcessInstance).where(
        ProcessInstance.case_id == case_id, ProcessInstance.status == "running")
        .order_by(ProcessInstance.id)).all()
    return [_title(i) for i in running if not i.pathway.endswith("/" + PATHWAY)]


def _title(instance):
    try:
        return catalog.definition_for(instance.version).spec.description or instance.pathway
    except EngineError:  # a planned diagram that will not parse must not block a concern
        return instance.pathway
