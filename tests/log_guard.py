"""A pytest plugin: no log record of the whole run may hold a child's name, a date of birth
or an e-mail address.

Every record that reaches the root logger, at every level, is read as it is emitted (its
message, and any traceback it carries). The children's names and dates of birth are the
ones the tests themselves use, found in the test files and the demo data; any e-mail
address at all counts. At the end of the session the run fails, listing each record found.
"""
import logging
import re
from datetime import date
from pathlib import Path

import pytest

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
NAME_PATTERNS = (
    re.compile(r"""child_name["']?\s*[:=]\s*["']([^"'\n{}]{4,})["']"""),
    re.compile(r"""^CHILD\s*=\s*["']([^"'\n{}]{4,})["']""", re.MULTILINE),
    re.compile(r"""["']((?:Unborn )?Fictional Child[^"'\n{}]*)["']"""),
)
# Every test child is "Fictional Child …", numbered ones included.
NAME_STEM = "Fictional Child"
ISO_DATE_PATTERN = re.compile(r"""(?:date_of_birth|expected_date)["']?\s*[:=]\s*["'](\d{4}-\d{2}-\d{2})["']""")
DATE_CALL = re.compile(r"date\((\d{4}),\s*(\d{1,2}),\s*(\d{1,2})\)")
# Third-party loggers whose DEBUG and INFO output is a trace of data by design (SQL
# statements and rows, workflow task data, an SMTP transcript), or test machinery: an
# operator's diagnostic, never on in live use. Their warnings and errors are still read.
CHATTY = ("sqlalchemy", "spiff", "mail.log", "asyncio", "hypothesis", "schemathesis", "urllib3", "filelock")


def sensitive_strings(*paths):
    """(kind, text) pairs: the children's names and dates of birth written in these files."""
    found = {("a child's name", NAME_STEM)}
    for path in paths:
        source = Path(path).read_text()
        for pattern in NAME_PATTERNS:
            found.update(("a child's name", name.strip()) for name in pattern.findall(source) if name.strip())
        written = ISO_DATE_PATTERN.findall(source)
        found.update(("a date of birth", text) for text in written)  # refused ones too (2018-02-30)
        born = {_date(text) for text in written} - {None}
        if Path(path).name == "demo.py":
            born.update(date(int(y), int(m), int(d)) for y, m, d in DATE_CALL.findall(source))
        for day in born:
            found.update(("a date of birth", text) for text in
                         (day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day} {day:%B %Y}", f"{day:%d %b %Y}"))
    return sorted(found)


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class Catcher(logging.Handler):
    """Reads every record as it is emitted and keeps those holding sensitive text."""

    def __init__(self, needles):
        super().__init__(level=logging.NOTSET)
        self.needles = needles
        self.test = "(outside a test)"
        self.found = []

    def emit(self, record):
        text = self._text(record)
        kinds = [f"{kind} {needle!r}" for kind, needle in self.needles if needle in text]
        kinds += [f"an e-mail address {m.group()!r}" for m in EMAIL.finditer(text)]
        if kinds:
            self.found.append((self.test, record.name, record.levelname, ", ".join(kinds), text[:300]))

    @staticmethod
    def _text(record):
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message: read both raw
            text = f"{record.msg} {record.args}"
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + record.stack_info
        return text


class LogGuard:
    """The plugin: attach the catcher for the whole session, fail the session on a find."""

    def __init__(self, needles):
        self.catcher = Catcher(needles)
        self.root_level = None

    def pytest_sessionstart(self, session):
        root = logging.getLogger()
        self.root_level = root.level
        root.addHandler(self.catcher)
        root.setLevel(logging.DEBUG)
        for name in CHATTY:
            logging.getLogger(name).setLevel(logging.WARNING)

    def pytest_runtest_logstart(self, nodeid, location):
        self.catcher.test = nodeid

    def pytest_runtest_logfinish(self, nodeid, location):
        self.catcher.test = "(outside a test)"

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        root = logging.getLogger()
        root.removeHandler(self.catcher)
        root.setLevel(self.root_level)
        if self.catcher.found and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.catcher.found:
            return
        terminalreporter.section("sensitive data in the logs", red=True)
        for test, logger, level, kinds, text in self.catcher.found:
            terminalreporter.line(f"{test}: {level} {logger}: {kinds}")
            terminalreporter.line(f"    {text!r}")
        terminalreporter.line(f"{len(self.catcher.found)} log record(s) held a child's name, a date of birth or "
                              "an e-mail address: the run fails", red=True)
