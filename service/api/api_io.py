"""Reading requests and answering errors for the JSON API (/api/v1).

Every answer under /api/v1 that is not a success is ``{error, message, fields}``: refusals
the use cases raise, routing's 404 and 405, a body over the limit (413), malformed or
too deeply nested JSON (400), and, as a last line, anything unexpected (500, logged by
type and place only: an exception's text can quote the data that caused it).
"""
import json
import logging
import math
import traceback

from flask import Request, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from service.work import schemas
from service.work.attachments import too_large_words
from service.errors import StepwiseError, TooLarge
from service.extensions import db

PREFIX = "/api/v1"
# The largest answer a form can hold is ~13 free-text boxes of 20,000 characters.
MAX_BODY_BYTES = 1024 * 1024
# Around an uploaded file: the multipart wrapping, the description and the CSRF token of a page.
UPLOAD_WRAPPING = 64 * 1024
# Task data is an object of values and lists: a few levels. Far deeper is an attack.
MAX_DEPTH = 32
CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid"}

log = logging.getLogger("stepwise.api")


class IdConverter(IntegerConverter):
    """``<id:name>``: a record id, 1 to the id columns' largest; anything else matches no route (404)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=schemas.MAX_ID)


class BoundedIntConverter(IntegerConverter):
    """``<int:name>`` that never hands the database a number wider than its id columns."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", schemas.MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def takes_file(setting):
    """Mark a route (API or page) that receives a file of at most ``app.config[setting]`` bytes."""
    def mark(view):
        view.upload_setting = setting
        return view
    return mark


def _upload_setting(endpoint):
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return getattr(view, "upload_setting", None)


def upload_limit():
    """The largest file this request's route takes (None: the route takes no file)."""
    setting = _upload_setting(request.endpoint)
    return int(current_app.config[setting]) if setting else None


class SizedRequest(Request):
    """A request whose body limit is its route's: a file upload's own, else the app's.

    Read when the body is first parsed, which for a page is Flask-WTF's CSRF check, before
    any hook of ours runs: so the limit is a property of the request, not set by a hook.
    """

    @property
    def max_content_length(self):
        if self._max_content_length is not None:
            return self._max_content_length
        if current_app:
            setting = _upload_setting(self.endpoint)
            if setting:
                return int(current_app.config[setting]) + UPLOAD_WRAPPING
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value):
        self._max_content_length = value


def error(status, code, message, fields=None):
    """The one error shape: ``{"error": code, "message": text, "fields": {name: message}}``."""
    return jsonify({"error": code, "message": message, "fields": fields or {}}), status


class BadBody(StepwiseError):
    status, code = 400, "bad_request"


def read_json():
    """The request body as a JSON object: 413 past the size limit, 400 if malformed or too deep."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise _too_large()
    raw = request.get_data(cache=True)
    if not request.is_json:
        raise BadBody("send a JSON object with Content-Type: application/json",
                      {"body": "must be a JSON object (Content-Type: application/json)"})
    try:
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        raise BadBody("the body is not valid JSON", {"body": "must be valid JSON (UTF-8)"}) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep()
    if not isinstance(data, dict):
        raise BadBody("the body must be a JSON object", {"body": "must be a JSON object"})
    return data


def query(model):
    """The query string validated by ``model`` (422 naming each bad parameter)."""
    return schemas.validate(model, request.args.to_dict())


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _finite(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _depth(value):
    """How deeply arrays and objects nest in ``value`` (walked without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _too_deep():
    return BadBody(f"the JSON is nested more than {MAX_DEPTH} levels deep", {"body": "is nested too deeply"})


def _too_large():
    return TooLarge(f"the body is larger than {MAX_BODY_BYTES:,} bytes", {"body": "is too large"})


def too_large_answer():
    """The JSON 413 for a body past its route's limit: naming ``file`` on an upload route, else ``body``."""
    exc = file_too_large() if upload_limit() is not None else _too_large()
    return error(exc.status, exc.code, exc.message, exc.fields)


def file_too_large():
    """413 naming ``file``: the upload is larger than its route takes."""
    message = too_large_words(upload_limit())
    return TooLarge(message, {"file": message})


def _is_api():
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def install(app):
    """Id converters (before any blueprint), the body limit and the JSON error handlers."""
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["int"] = BoundedIntConverter

    app.request_class = SizedRequest

    @app.before_request
    def _limit_body():
        if _is_api():
            if upload_limit() is not None:
                if (request.content_length or 0) > request.max_content_length:
                    raise file_too_large()
                return
            request.max_content_length = MAX_BODY_BYTES  # also bounds a body sent without a length
            if (request.content_length or 0) > MAX_BODY_BYTES:
                raise _too_large()

    @app.errorhandler(StepwiseError)
    def _refused(exc):
        if not _is_api():
            raise exc
        return error(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(HTTPException)
    def _http(exc):
        if not _is_api() or exc.code is None or exc.code < 400:
            return exc
        if isinstance(exc, RequestEntityTooLarge):
            return too_large_answer()
        return error(exc.code, CODES.get(exc.code, "error"), _sentence(exc))

    @app.errorhandler(Exception)
    def _unexpected(exc):
        if not _is_api():
            raise exc
        db.session.rollback()
        # Type, route and where: the message of a database error can quote the values.
        rule = request.url_rule.rule if request.url_rule else "?"
        where = "; ".join(f"{frame.filename}:{frame.lineno} in {frame.name}"
                          for frame in traceback.extract_tb(exc.__traceback__)[-6:])
        log.error("unexpected %s in %s %s at %s", type(exc).__name__, request.method, rule, where)
        return error(500, "internal_error", "something went wrong on our side")


def _sentence(exc):
    return {404: "no such resource", 405: "method not allowed here"}.get(
        exc.code, (exc.name or "error").lower())
