"""schemathesis against /api/v1/openapi.json, in process (WSGI, no network).

For every documented operation it sends generated requests, valid and invalid by the
document, as demo users, and fails on any 5xx or on any answer the document does not
describe: status code, content type or body shape. Seeded and derandomized, with a
bounded example count, so a CI run is repeatable and short.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from service import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = {
    "seed": 20261102,
    "generation": {"max-examples": 12, "deterministic": True, "database": "none", "mode": "all"},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
               "stateful": {"enabled": False}},
}
# A worker for the case and task routes (the demo case is Camden's), an administrator for /admin.
WORKER, ADMIN = "camden-early-help-manager", "demo-admin"


@pytest.fixture
def tokens(app, as_user):
    """Bearer tokens of the two users; the demo case (id 1) has a pathway running, so task 1 exists."""
    worker = as_user(WORKER)
    started = worker.post("/api/v1/cases/1/pathways", {"pathway": "camden/step_up_to_mash"})
    assert started.status_code == 201 and started.json["open_tasks"], started.json
    return {WORKER: worker.token, ADMIN: as_user(ADMIN).token}


# The document is read from an app of its own (it needs no database); each test then calls the
# test's app, on the fresh database of the ``app`` fixture.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app({"TESTING": True, "SECRET_KEY": "test", "SCHEDULER_ENABLED": False,
                                        "SQLALCHEMY_DATABASE_URI": "sqlite://"}),
    config=schemathesis.Config.from_dict(CONFIG))


@schema.parametrize()
# One database per operation, shared by its examples: what one example writes, the next may read.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_answer_matches_the_document_and_none_is_a_5xx(case, app, tokens):
    user = ADMIN if case.path.startswith("/api/v1/admin") else WORKER
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {tokens[user]}"}, checks=CHECKS)
