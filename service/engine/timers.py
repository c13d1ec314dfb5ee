"""Timer events that read Stepwise's clock instead of the wall clock.

SpiffWorkflow's timer definitions read the wall clock inside ``has_fired``; there is
no hook. These subclasses read the clock held by the workflow's script engine, so a
test (or the demo's clock offset) decides when a deadline passes. The parsers below
install them for start, boundary and intermediate catch events.
"""
from datetime import timedelta

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.parser.event_parsers import (
    SpiffBoundaryEventParser,
    SpiffIntermediateCatchEventParser,
    SpiffStartEventParser,
)


def _now(my_task):
    return my_task.workflow.script_engine.clock()


class ClockedTimeDate(TimeDateEventDefinition):
    """A timer at a fixed instant (what working-day expressions return)."""

    def has_fired(self, my_task):
        return _fired_by_our_clock(my_task, self._due)

    def _due(self, my_task):
        value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
        # Normalise to an aware UTC instant now, so the timer index reads one format.
        return TimerEventDefinition.get_datetime(value).isoformat()


class ClockedDuration(DurationTimerEventDefinition):
    """A timer a duration after it starts waiting; the start comes from our clock."""

    def has_fired(self, my_task):
        return _fired_by_our_clock(my_task, self._due)

    def _due(self, my_task):
        expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
        parsed = TimerEventDefinition.parse_iso_duration(expression)
        start = _now(my_task)
        return (start + TimerEventDefinition.get_timedelta_from_start(parsed, start)).isoformat()


def _fired_by_our_clock(my_task, due):
    """Work out the due instant once (when the timer starts waiting); fire when our clock passes it."""
    event_value = my_task._get_internal_data("event_value")
    if event_value is None:
        event_value = due(my_task)
        my_task._set_internal_data(event_value=event_value)
    if TimerEventDefinition.get_datetime(event_value) < _now(my_task):
        my_task._set_internal_data(event_fired=True)
    return my_task._get_internal_data("event_fired", False)


class ClockedCycle(CycleTimerEventDefinition):
    """A repeating timer ("R3/PT1H") whose start and firings follow our clock."""

    def cycle_complete(self, my_task):
        now = _now(my_task)
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            cycles, start, duration = _parse_cycle(expression, now)
            event_value = {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}
        ready = False
        if event_value["cycles"] != 0:
            next_event = TimerEventDefinition.get_datetime(event_value["next"])
            if next_event < now:
                event_value["next"] = (next_event + timedelta(seconds=event_value["duration"])).isoformat()
                event_value["cycles"] -= 1
                ready = True
                if event_value["cycles"] == 0:
                    # The last cycle has fired: end the timer now rather than leave it waiting
                    # with a 'next' instant that will never fire (the library waits one more check).
                    my_task.internal_data.pop("event_value", None)
                    my_task.internal_data["event_fired"] = True
                    return ready
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready


def _parse_cycle(expression, now):
    components = expression.upper().replace("--", "/").strip("R").split("/")
    if len(components) == 2 and components[1].startswith("P"):
        # "R3/PT1H": the library would start it from the wall clock; start it from ours.
        cycles = int(components[0]) if components[0] else -1
        duration = TimerEventDefinition.get_timedelta_from_start(
            TimerEventDefinition.parse_iso_duration(components[1]), now)
        return cycles, now + duration, duration
    return TimerEventDefinition.parse_iso_recurring_interval(expression)


CLOCKED = {
    TimeDateEventDefinition: ClockedTimeDate,
    DurationTimerEventDefinition: ClockedDuration,
    CycleTimerEventDefinition: ClockedCycle,
}


class _ClockedTimerMixin:
    def parse_timer_event(self, event):
        plain = super().parse_timer_event(event)
        clocked = CLOCKED[type(plain)]
        return clocked(plain.name, plain.expression, description=plain.description)


class ClockedStartEventParser(_ClockedTimerMixin, SpiffStartEventParser):
    pass


class ClockedBoundaryEventParser(_ClockedTimerMixin, SpiffBoundaryEventParser):
    pass


class ClockedIntermediateCatchEventParser(_ClockedTimerMixin, SpiffIntermediateCatchEventParser):
    pass


def is_timer(task_spec):
    """True for an event task spec that waits on a timer."""
    return isinstance(getattr(task_spec, "event_definition", None), TimerEventDefinition)


def due_instant(task):
    """The aware UTC instant a waiting timer task falls due, or None before it has started."""
    value = task._get_internal_data("event_value")
    if value is None:
        return None
    if isinstance(value, dict):  # cycle timers keep their next firing
        value = value.get("next")
        if value is None:
            return None
    return TimerEventDefinition.get_datetime(value)
