"""What the use cases need from the app, without knowing about Flask: clock and engine."""
from dataclasses import dataclass, field

from .engine import Engine


@dataclass
class Runtime:
    clock: object
    engine: Engine
    settings: dict = field(default_factory=dict)

    def now(self):
        return self.clock()
