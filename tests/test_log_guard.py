"""The suite-wide log guard (tests/log_guard.py) fails a run whose logs hold child data."""
import pytest

from conftest import TESTS

LEAKY_SUITE = '''
import logging

def test_logs_a_name():
    logging.getLogger("stepwise.cases").warning("opened the case of %s", "Fictional Child Q")

def test_logs_an_address_at_debug():
    logging.getLogger("stepwise.mail").debug("sent to %s", "parent@example.invalid")

def test_logs_a_date_of_birth_in_a_traceback():
    try:
        raise ValueError("born 2018-05-04")
    except ValueError:
        logging.getLogger("werkzeug").exception("failed")

def test_logs_nothing_sensitive():
    logging.getLogger("stepwise").info("case 7 opened on 2026-11-02")
'''
GUARDED = '''
from log_guard import LogGuard

def pytest_configure(config):
    config.pluginmanager.register(LogGuard([("a child's name", "Fictional Child Q"),
                                            ("a date of birth", "2018-05-04")]), "guard")
'''


@pytest.fixture
def guarded(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    pytester.makeconftest(GUARDED)
    return pytester


def test_a_run_whose_logs_hold_child_data_fails_naming_each_record(guarded):
    guarded.makepyfile(test_leaky=LEAKY_SUITE)
    result = guarded.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)  # every test passed; the run still fails
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert "sensitive data in the logs" in out
    assert "test_logs_a_name: WARNING stepwise.cases: a child's name 'Fictional Child Q'" in out
    assert "test_logs_an_address_at_debug: DEBUG stepwise.mail: an e-mail address 'parent@example.invalid'" in out
    assert "test_logs_a_date_of_birth_in_a_traceback: ERROR werkzeug: a date of birth '2018-05-04'" in out
    assert "test_logs_nothing_sensitive" not in out.split("sensitive data in the logs")[1]
    assert "3 log record(s)" in out


def test_a_clean_run_passes(guarded):
    guarded.makepyfile(test_clean="import logging\n\ndef test_quiet():\n"
                                  "    logging.getLogger('stepwise').warning('case 7 opened')\n")
    result = guarded.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "sensitive data in the logs" not in result.stdout.str()
