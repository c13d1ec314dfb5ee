"""Case notes: a worker writes what happened, in their own words, on the child's case.

A note is stored with its author and the service's time, and goes on the chronology in the
same transaction (``case.note``), so the story of the case reads in one place.
"""
from service.errors import Forbidden
from service.extensions import db
from service.store import audit, paging
from service.store.case_records import CaseNote
from service.store.models import UTC
from service.store.paging import DEFAULT_LIMIT
from service.work import cases

ACTION = "case.note"
NOTES = "notes"
SUMMARY_TEXT = 300  # the chronology's one-line summary quotes the start of the note



def add(rt, actor, case, text):
    """Write a case note (``text`` already checked: service/work/schemas.py NoteInput) and commit it."""
    if not cases.works_on(actor, case):
        raise Forbidden("you hold no role in this case's pack")
    now = rt.now()
    note = CaseNote(case_id=case.id, at=now, author_id=actor.id, text=text)
    db.session.add(note)
    db.session.flush()
    short = text if len(text) <= SUMMARY_TEXT else text[:SUMMARY_TEXT - 1] + "…"
    audit.record(now, ACTION, f"Case note: {short}", actor=actor, case_id=case.id,
                 data={"note_id": note.id, "text": text})
    db.session.commit()
    return note


def page(case_id, after=None, limit=DEFAULT_LIMIT):
    """A page of the case's notes, newest first."""
    key = paging.decode(NOTES, after, (paging.MOMENT, paging.ID))
    query = (db.select(CaseNote).where(CaseNote.case_id == case_id)
             .order_by(CaseNote.at.desc(), CaseNote.id.desc()).limit(limit + 1))
    if key is not None:
        query = query.where(db.tuple_(CaseNote.at, CaseNote.id) < db.tuple_(db.literal(key[0], UTC), key[1]))
    return paging.page(NOTES, db.session.scalars(query).all(), limit, lambda note: (note.at, note.id))


def as_json(note):
    return {"id": note.id, "case_id": note.case_id, "at": note.at.isoformat(),
            "author": note.author.username, "author_name": note.author.display_name, "text": note.text}
