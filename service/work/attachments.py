"""Documents attached to a child's case: meeting minutes, letters, a signed consent form.

A document is checked before anything is written: a name (no folders, no control characters),
a size within the configured limit, and content that really is one of the allowed types
(service/work/file_types.py). It is stored in the database with the type found, its size and
its SHA-256, and goes on the chronology in the same transaction (``case.attachment``). Like a
case note it is append-only: a wrong document is followed by the right one, never replaced.
"""
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import undefer

from service.errors import Forbidden, Invalid, NotFound, TooLarge
from service.extensions import db
from service.store import audit, paging
from service.store.case_records import FILE_NAME_LENGTH, CaseAttachment
from service.store.models import UTC
from service.store.paging import DEFAULT_LIMIT
from service.work import cases, file_types
from handlers.forms import text_problem

ACTION = "case.attachment"
ATTACHMENTS = "attachments"
SETTING = "STEPWISE_ATTACHMENT_MAX_BYTES"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DESCRIPTION_LENGTH = CaseAttachment.__table__.c.description.type.length

# GOV.UK's file upload wording: say what to do, not what went wrong.
SELECT_A_FILE = "Select a file"
EMPTY = "The selected file is empty"
WRONG_TYPE = "The selected file must be a PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text file"
NO_NAME = "The selected file must have a name"
LONG_NAME = f"The file name must be {FILE_NAME_LENGTH} characters or fewer"
LONG_DESCRIPTION = f"The description must be {DESCRIPTION_LENGTH} characters or fewer"
PATH_PARTS = re.compile(r"[\\/]")
# Unicode's control, format (e.g. right-to-left override, which disguises "exe.pdf"), surrogate
# and private-use characters: none belongs in a file name a worker reads.
HIDDEN = ("Cc", "Cf", "Cs", "Co")


@dataclass(frozen=True)
class Checked:
    """A file that passed every check, ready to store."""
    file_name: str
    file_type: file_types.FileType
    content: bytes
    description: str


def max_bytes(settings):
    """The largest document the service takes, from the app's settings (10 MiB by default)."""
    return int(settings.get(SETTING) or DEFAULT_MAX_BYTES)


def size_words(size):
    """A size as a person reads it: "512 bytes", "14 KB", "2.3 MB"."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB".replace(".0 MB", " MB")


def too_large_message(settings):
    return too_large_words(max_bytes(settings))


def too_large_words(limit):
    """GOV.UK's words for a file past ``limit`` bytes."""
    return f"The selected file must be smaller than {size_words(limit)}"



def clean_name(raw):
    """The file's own name as a person reads it: no folders, no hidden characters, NFC; "" if none is left."""
    name = PATH_PARTS.split(raw or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c) not in HIDDEN)
    name = name.strip()
    return "" if name in (".", "..") else name


def check(settings, file_name, content, description=""):
    """Every check on an upload, in the order a person fixes them; Invalid / TooLarge naming the field."""
    fields = {}
    name = clean_name(file_name)
    if content is None or (not file_name and not content):
        fields["file"] = SELECT_A_FILE
    elif len(content) > max_bytes(settings):
        raise TooLarge(too_large_message(settings), {"file": too_large_message(settings)})
    elif not content:
        fields["file"] = EMPTY
    elif not name:
        fields["file"] = NO_NAME
    elif len(name) > FILE_NAME_LENGTH:
        fields["file"] = LONG_NAME
    else:
        found = file_types.sniff(content)
        if found is None:
            fields["file"] = WRONG_TYPE
        elif not file_types.agrees(found, name):
            fields["file"] = (f"The selected file is a {found.words} but its name does not end in "
                              f"{' or '.join(found.extensions)}: check it is the file you meant")
    description = (description or "").strip()
    problem = text_problem(description)
    if problem:
        fields["description"] = "The description " + problem
    elif len(description) > DESCRIPTION_LENGTH:
        fields["description"] = LONG_DESCRIPTION
    if fields:
        raise Invalid(next(iter(fields.values())), fields)
    return Checked(name, found, content, description)


def add(rt, actor, case, file_name, content, description=""):
    """Check and store a document on the case, with its chronology entry, in one transaction."""
    if not cases.works_on(actor, case):
        raise Forbidden("you hold no role in this case's pack")
    checked = check(rt.settings, file_name, content, description)
    now = rt.now()
    row = CaseAttachment(case_id=case.id, at=now, added_by=actor.id, file_name=checked.file_name,
                         content_type=checked.file_type.content_type, size=len(checked.content),
                         sha256=hashlib.sha256(checked.content).hexdigest(), description=checked.description,
                         content=checked.content)
    db.session.add(row)
    db.session.flush()
    summary = f"Attached a document: {checked.file_name}"
    if checked.description:
        summary += f" ({checked.description})"
    audit.record(now, ACTION, summary, actor=actor, case_id=case.id,
                 data={"attachment_id": row.id, "file_name": row.file_name, "description": row.description,
                       "content_type": row.content_type, "size": row.size, "sha256": row.sha256})
    db.session.commit()
    return row


def page(case_id, after=None, limit=DEFAULT_LIMIT):
    """A page of the case's documents, newest first (without their bytes)."""
    key = paging.decode(ATTACHMENTS, after, (paging.MOMENT, paging.ID))
    query = (db.select(CaseAttachment).where(CaseAttachment.case_id == case_id)
             .order_by(CaseAttachment.at.desc(), CaseAttachment.id.desc()).limit(limit + 1))
    if key is not None:
        query = query.where(db.tuple_(CaseAttachment.at, CaseAttachment.id)
                            < db.tuple_(db.literal(key[0], UTC), key[1]))
    return paging.page(ATTACHMENTS, db.session.scalars(query).all(), limit, lambda row: (row.at, row.id))


def get(case, attachment_id, with_content=False):
    """One document of ``case`` (NotFound if it belongs to another case or none)."""
    query = db.select(CaseAttachment).where(CaseAttachment.id == attachment_id, CaseAttachment.case_id == case.id)
    if with_content:
        query = query.options(undefer(CaseAttachment.content))
    found = db.session.scalars(query).first()
    if found is None:
        raise NotFound(f"no document {attachment_id} on this case")
    return found


def type_words(content_type):
    found = file_types.BY_CONTENT_TYPE.get(content_type)
    return found.words if found else content_type


def as_json(row):
    return {"id": row.id, "case_id": row.case_id, "at": row.at.isoformat(), "file_name": row.file_name,
            "description": row.description, "content_type": row.content_type, "type": type_words(row.content_type),
            "size": row.size, "sha256": row.sha256, "added_by": row.adder.username,
            "added_by_name": row.adder.display_name}
