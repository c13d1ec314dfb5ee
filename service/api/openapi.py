"""The OpenAPI 3.1 document of /api/v1, built from the routes and the pydantic models they use.

Each JSON route is marked with ``@operation(...)``: the request model it validates its
body with, the query model it reads its parameters with, its answer and the refusals it
may give. The document walks the app's URL map, so a route cannot be left out (a test
checks every /api/v1 rule is marked), and takes every schema from the same models that
validate requests: pydantic writes JSON Schema 2020-12, which OpenAPI 3.1 uses as is.
"""
import re
from dataclasses import dataclass

from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter

from service.api import api_responses, idempotency
from service.store.paging import MAX_ID

REF = "#/components/schemas/{model}"
ERROR_TEXT = {400: "Not a JSON object, malformed JSON or nested too deep", 401: "No or bad bearer token",
              403: "Not your role, pack or an administrator's action", 404: "No such resource",
              409: "Already done, claimed by someone else, or changed underneath",
              413: "The body is too large", 422: "A field needs attention: each is named in `fields`"}


@dataclass(frozen=True)
class Operation:
    summary: str
    status: int
    answer: type
    body: type | None = None
    query: type | None = None
    errors: tuple = ()
    public: bool = False
    headers: tuple = ()
    keyed: bool | None = None  # takes an Idempotency-Key (None: as the view's decorator says)
    upload: type | None = None  # a multipart/form-data body, described by this model
    media: tuple = ()  # a file answer: the content types it may have (``answer`` is then None)


def operation(summary, answer, status=200, body=None, query=None, errors=(), public=False, headers=(), method=None,
              keyed=None, upload=None, media=()):
    """Mark a JSON route for the document (the view is returned unchanged).

    ``headers`` are request headers the route reads, as (name, description) pairs. A view that
    serves two methods on one rule is marked once per ``method`` (one rule, not two: werkzeug
    answers an id out of range with a 405 when two rules share a path). ``upload`` is the model
    of a multipart/form-data body; ``media`` the content types of a route that answers with a file.
    """
    def mark(view):
        op = Operation(summary, status, answer, body, query, tuple(errors), public, tuple(headers), keyed, upload,
                       tuple(media))
        if method is None:
            view.openapi = op
        else:
            view.__dict__.setdefault("openapi_methods", {})[method] = op
        return view
    return mark


def api_rules(app):
    """The app's /api/v1 URL rules with their views, in a stable order."""
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")]
    return [(r, app.view_functions[r.endpoint]) for r in sorted(rules, key=lambda r: (r.rule, r.endpoint))]


def document(app):
    """The OpenAPI 3.1 document for ``app`` (built once per app)."""
    cached = app.extensions.get("stepwise.openapi")
    if cached is None:
        cached = app.extensions["stepwise.openapi"] = _build(app)
    return cached


def _build(app):
    paths, bodies, answers = {}, set(), {api_responses.ErrorOut}
    for rule, view in api_rules(app):
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op = getattr(view, "openapi_methods", {}).get(method) or getattr(view, "openapi", None)
            if op is None:
                continue
            answers.update({op.answer} - {None})
            bodies.update({op.body, op.upload} - {None})
            keyed = op.keyed if op.keyed is not None else getattr(view, "accepts_idempotency_key", False)
            name = view.__name__ if not getattr(view, "openapi_methods", None) else f"{view.__name__}_{method.lower()}"
            paths.setdefault(path, {})[method.lower()] = _operation(rule, name, op, keyed)
    # Request models as they validate, answers as they are written.
    _refs, schemas = models_json_schema(
        [(m, "validation") for m in sorted(bodies, key=lambda m: m.__name__)]
        + [(m, "serialization") for m in sorted(answers, key=lambda m: m.__name__)], ref_template=REF)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Stepwise API", "version": "1",
                 "description": "Step-up and step-down between Early Help and Children's Social Care. Every "
                                "error is {error, message, fields}; a refused request writes nothing."},
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "flask --app service users token NAME"}},
            "responses": {str(code): _error_response(text) for code, text in ERROR_TEXT.items()},
        },
        "security": [{"bearer": []}],
    }


def _operation(rule, name, op, keyed=False):
    out = {"operationId": name, "summary": op.summary, "tags": [rule.rule.split("/")[3]]}
    params = [_path_parameter(arg, rule._converters[arg]) for arg in sorted(rule.arguments)]
    if op.query is not None:
        params += [_query_parameter(name, schema)
                   for name, schema in op.query.model_json_schema()["properties"].items()]
    params += [{"name": name, "in": "header", "required": False, "description": text,
                "schema": {"type": "string", "maxLength": 200}} for name, text in op.headers]
    if keyed:
        params.append(_idempotency_key())
    if params:
        out["parameters"] = params
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": REF.format(model=op.body.__name__)}}}}
    if op.upload is not None:
        out["requestBody"] = {"required": True, "content": {"multipart/form-data": {
            "schema": {"$ref": REF.format(model=op.upload.__name__)}}}}
    if op.media:
        out["responses"] = {str(op.status): {"description": op.summary, "content": {
            media: {"schema": {"type": "string", "contentMediaType": media}} for media in op.media}, "headers": {
            "Content-Disposition": {"description": "attachment, with the file's name (RFC 6266 filename*)",
                                    "schema": {"type": "string"}}}}}
    else:
        out["responses"] = {str(op.status): {"description": op.summary, "content": {
            "application/json": {"schema": {"$ref": REF.format(model=op.answer.__name__)}}}}}
    if keyed:
        out["responses"][str(op.status)]["headers"] = {idempotency.REPLAYED: {
            "description": "true when this is the stored first answer to an earlier request with the same key",
            "schema": {"type": "string", "enum": ["true"]}}}
    for code in sorted(_refusals(rule, op) | ({409, 422} if keyed else set())):
        out["responses"][str(code)] = {"$ref": f"#/components/responses/{code}"}
    if op.public:
        out["security"] = []
    return out


def _refusals(rule, op):
    codes = set(op.errors)
    if not op.public:
        codes.add(401)
    if rule.arguments:
        codes.add(404)
    if op.body is not None or op.upload is not None:
        codes.update((400, 413, 422))
    if op.query is not None:
        codes.add(422)
    return codes


def _idempotency_key():
    # The same rule idempotency._check_key enforces: 1 to MAX_KEY printable ASCII characters.
    return {"name": idempotency.HEADER, "in": "header", "required": False,
            "description": "Send the same key again to retry safely: the first answer comes back and nothing "
                           "is written twice (409 while the first is still running; 422 if reused for another "
                           "request)",
            "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY,
                       "pattern": "^[ -~]*[!-~][ -~]*$"}}


def _path_parameter(name, converter):
    # Ids are whole numbers; a family id is the text the case records carry (models.Case.family_id).
    if isinstance(converter, IntegerConverter):
        return {"name": name, "in": "path", "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "example": 1}
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 40}, "example": "F-100"}


def _query_parameter(name, schema):
    # pydantic writes an optional parameter as anyOf [type, null]; absent is how a query says null.
    schema = {k: v for k, v in schema.items() if k not in ("default", "title")}
    choices = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if len(choices) == 1:
        schema.update(choices[0])
    return {"name": name, "in": "query", "required": False, "description": schema.pop("description", ""),
            "schema": schema}


def _error_response(text):
    return {"description": text, "content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorOut")}}}}
