"""The one place Stepwise reads the time.

Everything else is handed a clock: a zero-argument callable returning an aware UTC
datetime. Tests hand in a FakeClock and move it to make deadlines fire.
"""
from datetime import datetime, timedelta, timezone


def system_clock():
    """The real time, as an aware UTC datetime."""
    return datetime.now(timezone.utc)


class FakeClock:
    """A clock that only moves when told to (tests)."""

    def __init__(self, start):
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.current = start.astimezone(timezone.utc)

    def __call__(self):
        return self.current

    def advance(self, **kwargs):
        """Move forward by a timedelta given as keyword arguments (hours=4, days=1)."""
        self.current = self.current + timedelta(**kwargs)
        return self.current

    def set(self, instant):
        self.current = instant.astimezone(timezone.utc)
        return self.current


class OffsetClock:
    """The real clock shifted by an adjustable offset (the demo's 'move time' facility)."""

    def __init__(self, base=system_clock):
        self.base = base
        self.offset = timedelta(0)

    def __call__(self):
        return self.base() + self.offset
