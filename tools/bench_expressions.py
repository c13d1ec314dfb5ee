"""Benchmark: what the safe expression evaluator costs, next to SpiffWorkflow's stock eval.

Prints the cost of one gateway condition and one timer expression through
  1. SpiffWorkflow's stock TaskDataEnvironment (Python eval: what Stepwise no longer uses),
  2. Stepwise's SafeEnvironment, first sight of an expression (parse and check) and again
     (the checked tree is cached per expression text),
and the per-task cost of the in-memory Camden CP journey with each environment.
Numbers, not assertions.

Usage: python tools/bench_expressions.py [--repeat 20000] [--journeys 200]
"""
import argparse
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment  # noqa: E402

from service.diagrams import script_functions  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.engine import Engine, expressions, load_definition, safety  # noqa: E402
from tools.bench_journey import DIAGRAM, ORDER, TASK_DATA  # noqa: E402

CONDITION = '"neglect" in step_up_reasons and next_actions == "CP"'
TIMER = "working_days(5)"
DATA = {"next_actions": "CP", "step_up_reasons": ["neglect", "domestic abuse"]}


def per_call_us(fn, repeat):
    """Median over 5 runs of the microseconds one call of ``fn`` takes."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        runs.append((time.perf_counter() - start) / repeat * 1e6)
    return statistics.median(runs)


def journey_us(engine, definition, journeys):
    """Microseconds per user-task completion of the CP journey, in memory."""
    start = time.perf_counter()
    for _ in range(journeys):
        wf = engine.start(definition)
        for task_id in ORDER:
            [task] = [t for t in engine.ready_tasks(wf) if t.bpmn_id == task_id]
            engine.complete(wf, task.task_uuid, TASK_DATA[task_id])
    return (time.perf_counter() - start) / (journeys * len(ORDER)) * 1e6


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeat", type=int, default=20000)
    args.add_argument("--journeys", type=int, default=200)
    options = args.parse_args()
    clock = FakeClock(datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc))
    functions = script_functions.build(clock)
    stock, safe = TaskDataEnvironment(dict(functions)), safety.SafeEnvironment(dict(functions))
    print(f"{'expression':<58} {'stock eval':>11} {'safe, first':>12} {'safe, again':>12}")
    for text in (CONDITION, TIMER):
        first = per_call_us(lambda: (expressions.parse.cache_clear(), safe.evaluate(text, DATA)), options.repeat // 10)
        print(f"{text:<58} {per_call_us(lambda: stock.evaluate(text, DATA), options.repeat):>9.1f}µs "
              f"{first:>10.1f}µs {per_call_us(lambda: safe.evaluate(text, DATA), options.repeat):>10.1f}µs")
    definition = load_definition("camden/step_up_to_mash", {DIAGRAM.name: DIAGRAM.read_bytes()})
    engine, costs = Engine(clock, functions), {"stock eval": [], "safe": []}
    for _ in range(3):  # interleaved, so a busy moment on a shared machine hits both alike
        for name, environment in (("safe", safe), ("stock eval", stock)):
            engine.script_engine.environment = environment
            costs[name].append(journey_us(engine, definition, options.journeys))
    print("CP journey, per task in memory (median of 3): "
          + ", ".join(f"{name} {statistics.median(runs):.0f}µs" for name, runs in costs.items())
          + f" ({options.journeys} journeys of {len(ORDER)} tasks each)")


if __name__ == "__main__":
    main()
