"""The printable case summary: the child, level of need, service, consent, open tasks and chronology on one page."""
from flask import current_app, render_template

from handlers import PACKS

from service.store import read_audit
from service.web.pages import bp
from service.work import attachments, cases, chronology, consent, level_of_need, tasks

from .web_auth import current_user, login_required

# A summary is for reading on paper: the newest entries of the chronology, and a line saying
# that earlier ones are on the case page when there are more.
SUMMARY_ENTRIES = 200


@bp.get("/cases/<int:case_id>/summary")
@login_required
def case_summary(case_id):
    """A case summary to print: recorded as a read of the child's record."""
    user = current_user()
    case = cases.get_case(user, case_id)
    read_audit.note(user, case, "summary")
    found = chronology.page(case.id, newest_first=True, limit=SUMMARY_ENTRIES)
    titles = chronology.pathway_titles(chronology.names_in(found.rows))
    decisions = chronology.decision_task_ids()
    documents = attachments.page(case.id, limit=SUMMARY_ENTRIES)
    entries = [(row, chronology.words(row, titles), chronology.KINDS.get(
        chronology.kind_of(row.action, row.task_id, decisions), "Other")) for row in found.rows]
    return render_template(
        "case_summary.html", case=case, user=user,
        pack_title=PACKS[case.pack].title if case.pack in PACKS else case.pack,
        level_current=level_of_need.current(case), consents=consent.for_case(case.id),
        consent_scopes=consent.SCOPE_WORDS, open_items=tasks.open_items_for_case(case.id),
        documents=documents.rows, more_documents=documents.next is not None,
        size_words=attachments.size_words, type_words=attachments.type_words,
        entries=entries, more=found.next is not None, printed_at=current_app.extensions["stepwise"].now())
