"""The OpenAPI 3.1 document at /api/v1/openapi.json: valid, complete, and the validators' own schemas."""
import re

from openapi_spec_validator import validate

from service.store.models import Case, ProcessVersion

EH = "camden-early-help-manager"


def document(app):
    response = app.test_client().get("/api/v1/openapi.json")  # no token: the document is public
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.json


def test_the_document_is_valid_openapi_3_1(app):
    doc = document(app)
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises on anything the OpenAPI 3.1 schema refuses


def test_every_api_route_and_method_is_documented(app):
    doc = document(app)
    documented = {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)  # <id:case_id>, <family_id>
            routes.update((method, path) for method in rule.methods - {"HEAD", "OPTIONS"})
    assert routes == documented
    assert len(routes) >= 16
    for path in ("/api/v1/cases/{case_id}/safeguarding-concern", "/api/v1/admin/timers/run",
                 "/api/v1/admin/outbox/deliver", "/api/v1/tasks/{item_id}/complete"):
        assert path in doc["paths"]


def test_bearer_auth_and_the_error_shape_are_documented(app):
    doc = document(app)
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "flask --app service users token NAME"}
    assert doc["security"] == [{"bearer": []}]
    error = doc["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"error", "message", "fields"}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            responses = op["responses"]
            if path == "/api/v1/openapi.json":
                assert op["security"] == [] and "401" not in responses
                continue
            assert responses["401"] == {"$ref": "#/components/responses/401"}, (method, path)
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
    for code, response in doc["components"]["responses"].items():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_request_schemas_are_the_validators_with_the_columns_limits(app):
    schemas = document(app)["components"]["schemas"]
    case_input = schemas["CaseInput"]
    for field in ("child_name", "person_id", "family_id", "lead_professional"):
        assert case_input["properties"][field]["maxLength"] == Case.__table__.c[field].type.length
    assert case_input["additionalProperties"] is False
    assert set(case_input["required"]) == {"child_name", "pack"}
    assert case_input["properties"]["pack"]["enum"] == ["blackburn", "camden", "knowsley", "manchester",
                                                        "peterborough"]
    assert schemas["PathwayStart"]["properties"]["pathway"]["maxLength"] == \
        ProcessVersion.__table__.c["pathway"].type.length
    concern = schemas["ConcernInput"]["properties"]["data"]
    assert set(concern["required"]) == {"immediate_risk", "child_safe_now", "mash_or_police_phoned"}
    assert concern["properties"]["immediate_risk"]["maxLength"] == 20000


def test_documented_limits_are_the_enforced_ones(app, as_user):
    # What the document says is the most is accepted; one more is refused, naming the field.
    limit = document(app)["components"]["schemas"]["CaseInput"]["properties"]["family_id"]["maxLength"]
    body = {"child_name": "Fictional Child L", "date_of_birth": "2018-05-04", "pack": "camden"}
    eh = as_user(EH)
    assert eh.post("/api/v1/cases", {**body, "family_id": "f" * limit}).status_code == 201
    refused = eh.post("/api/v1/cases", {**body, "family_id": "f" * (limit + 1)})
    assert refused.status_code == 422 and "family_id" in refused.json["fields"]


def test_query_and_path_parameters_are_documented(app):
    doc = document(app)
    tasks = {p["name"]: p for p in doc["paths"]["/api/v1/tasks"]["get"]["parameters"]}
    assert set(tasks) == {"case", "pathway", "overdue", "after", "limit"}
    assert tasks["limit"]["schema"]["maximum"] == 200 and tasks["limit"]["schema"]["minimum"] == 1
    assert tasks["after"]["in"] == "query" and tasks["after"]["schema"]["type"] == "string"
    assert tasks["case"]["in"] == "query" and tasks["case"]["schema"]["type"] == "integer"
    assert tasks["overdue"]["schema"] == {"type": "boolean"}
    case_id = doc["paths"]["/api/v1/cases/{case_id}"]["get"]["parameters"][0]
    assert case_id["in"] == "path" and case_id["required"] is True
    assert case_id["schema"]["minimum"] == 1 and case_id["schema"]["maximum"] == 2 ** 31 - 1
    outbox = {p["name"]: p for p in doc["paths"]["/api/v1/admin/outbox"]["get"]["parameters"]}
    assert outbox["status"]["schema"]["enum"] == ["queued", "sending", "sent", "failed"]
    for path in ("/api/v1/tasks", "/api/v1/cases", "/api/v1/cases/{case_id}/history", "/api/v1/admin/outbox",
                 "/api/v1/admin/timers"):
        names = {p["name"] for p in doc["paths"][path]["get"]["parameters"]}
        assert {"after", "limit"} <= names, path
        answer = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert "next" in doc["components"]["schemas"][answer.rsplit("/", 1)[1]]["properties"], path


def test_the_level_of_need_route_is_documented(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    put = doc["paths"]["/api/v1/cases/{case_id}/level-of-need"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/LevelOfNeedInput")
    assert {"200", "403", "404", "422"} <= set(put["responses"])
    level = doc["components"]["schemas"]["LevelOfNeedInput"]["properties"]["level"]
    assert level["type"] == "integer"
    assert "level_of_need" in doc["components"]["schemas"]["CaseOut"]["properties"]
