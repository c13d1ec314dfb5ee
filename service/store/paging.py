"""Keyset pages for every list: an opaque ``after`` cursor, a page size, and the next page's cursor.

A cursor is the sort key of the last row a reader saw, so the next page starts right after
it whatever was added or closed meanwhile, and the database reads one index range instead
of counting past an offset. Cursors are tagged with their list: one from another list, or
one a client made up, is refused as a 422 naming ``after`` (never a 500).
"""
import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import BigInteger

from service.errors import Invalid
from service.store.models import Case, ProcessInstance, WorkItem


def id_limit(*models):
    """The largest id every one of ``models`` can hold: its id column's integer width."""
    widths = [63 if isinstance(m.__table__.c.id.type, BigInteger) else 31 for m in models]
    return 2 ** min(widths) - 1


# Ids are the records' primary keys (INTEGER: 32 bits on PostgreSQL, which refuses a wider
# number in a comparison); a larger one names nothing: 404 in a path, 422 in a query.
MAX_ID = id_limit(Case, WorkItem, ProcessInstance)
# Every list comes in pages: this many rows unless the reader asks for fewer or more.
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
# The longest cursor any list writes is well under this: a guard against giant query strings.
MAX_CURSOR = 400

BAD_CURSOR = "is not a cursor from this list: use the `next` value of the page before, or leave it out"

# What each position of a cursor may hold.
ID, MOMENT, MOMENT_OR_NONE, FLAG = "id", "moment", "moment?", "flag"


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows and the cursor of the page after (None on the last page)."""
    rows: list
    next: str | None


def encode(kind, values):
    """An opaque cursor for list ``kind`` holding the sort key ``values``."""
    plain = [kind] + [v.astimezone(timezone.utc).isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(kind, cursor, shape):
    """The sort key in ``cursor``, checked against ``shape`` (one of ID, MOMENT… per value); else 422."""
    if cursor is None:
        return None
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError
        plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(plain, list) or len(plain) != len(shape) + 1 or plain[0] != kind:
            raise ValueError
        return tuple(_value(want, got) for want, got in zip(shape, plain[1:]))
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise Invalid("this page link is not one this list gave: start again from the first page",
                      {"after": BAD_CURSOR}) from None


def _value(want, got):
    if want == ID:
        if type(got) is not int or not 1 <= got <= MAX_ID:
            raise ValueError
        return got
    if want == FLAG:
        if type(got) is not bool:
            raise ValueError
        return got
    if want == MOMENT_OR_NONE and got is None:
        return None
    if not isinstance(got, str):
        raise ValueError
    moment = datetime.fromisoformat(got)
    if moment.tzinfo is None:
        raise ValueError
    return moment.astimezone(timezone.utc)


def page(kind, rows, limit, key):
    """Cut ``rows`` (fetched with one extra to see whether more follow) to a Page; ``key`` gives a row's cursor."""
    if len(rows) <= limit:
        return Page(list(rows), None)
    rows = list(rows[:limit])
    return Page(rows, encode(kind, key(rows[-1])))
