"""Named domain functions that diagrams may call in scripts, conditions and timers.

Process owners write e.g. ``working_days(5)`` in a timer; each function here is bound to
the app's clock so deadlines follow the injected time. Names must not clash with form
field names (task data shadows globals in expressions).
"""


def build(clock):
    """The functions available to diagram expressions, bound to ``clock``."""

    def now_iso():
        """The current instant as ISO-8601 (aware UTC)."""
        return clock().isoformat()

    return {"now_iso": now_iso}
