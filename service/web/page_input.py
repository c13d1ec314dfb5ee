"""A last line for the HTML pages: a NUL in a query string or a form is a 400.

The pages read query strings and form fields straight into queries and records; no
database stores a NUL (PostgreSQL refuses it mid-statement) and no person types one.
Browsers' UTF-8 is decoded with replacement, so lone surrogates never arrive this way.
The JSON API validates its own input and names the field instead (service/api/api_io.py).
"""
from urllib.parse import urlencode

from flask import abort, request

from service.work import schemas
from service.api.api_io import PREFIX


def install(app):
    """Refuse, before any page sees it, a request whose query string or form holds a NUL."""
    @app.before_request
    def _refuse_nul():
        if request.path.startswith(PREFIX + "/"):
            return
        if _holds_nul(request.args) or (request.method == "POST" and _holds_nul(request.form)):
            abort(400, description="The request contains a character that cannot be stored (NUL).")


def _holds_nul(multidict):
    return any("\x00" in key or "\x00" in value for key, value in multidict.items(multi=True))


def wanted_page():
    """The ``after`` cursor and ``limit`` of a list page's query string (Invalid naming a bad one: a 422)."""
    return schemas.validate(schemas.PageQuery, request.args.to_dict())


def next_url(endpoint_url, cursor, **filters):
    """The address of the next page: the same filters, after ``cursor``."""
    params = {k: v for k, v in filters.items() if v not in (None, "")}
    return f"{endpoint_url}?{urlencode({**params, 'after': cursor})}"
