"""The case page's Documents: attach a document, download one, and a friendly page for a file too large."""
from flask import flash, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from service.api import api_io
from service.api.attachments_api import download
from service.errors import Invalid, StepwiseError, TooLarge
from service.extensions import db
from service.store import read_audit
from service.web.pages import bp
from service.work import attachments, cases
from .case_views import render_case, rt
from .views import error_page
from .web_auth import current_user, login_required

# The form's own names, so the error summary's links land on its fields.
FIELDS = {"file": "attachment_file", "description": "attachment_description"}


@bp.post("/cases/<int:case_id>/attachments")
@api_io.takes_file(attachments.SETTING)
@login_required
def add_attachment(case_id):
    """Attach a document from the case page."""
    user = current_user()
    case = cases.get_case(user, case_id)
    upload = request.files.get("attachment_file")
    description = request.form.get("attachment_description", "")
    try:
        added = attachments.add(rt(), user, case, upload.filename if upload else None,
                                upload.read() if upload else None, description)
    except (Invalid, TooLarge) as exc:
        db.session.rollback()
        errors = {FIELDS.get(k, k): v for k, v in (exc.fields or {"file": exc.message}).items()}
        return render_case(case, errors=errors, status=exc.status, attachment_description=description)
    flash(f"Document attached: {added.file_name}.", "success")
    return redirect(url_for("views.case", case_id=case.id) + "#documents-heading")


@bp.get("/cases/<int:case_id>/attachments/<int:attachment_id>")
@login_required
def attachment(case_id, attachment_id):
    """Download a document of the case (a read of the record, written to who has looked at it)."""
    user = current_user()
    case = cases.get_case(user, case_id)
    found = attachments.get(case, attachment_id, with_content=True)
    read_audit.note(user, case, "attachment", found.id)
    return download(found)


@bp.app_errorhandler(RequestEntityTooLarge)
def _too_large(_exc):
    """A body past its route's limit: JSON under the API; on a page, the case page saying so, or a plain page.

    The limit is met while the form is read, before the page's own code runs (the CSRF check
    reads it first), so the case page is drawn here, with the file's error in GOV.UK words.
    """
    if request.path.startswith(api_io.PREFIX + "/"):
        return api_io.too_large_answer()
    message = attachments.too_large_message(rt().settings)
    user = current_user()
    if request.endpoint == "views.add_attachment":
        try:
            case = cases.get_case(user, request.view_args["case_id"]) if user is not None else None
        except StepwiseError:
            case = None
        if case is None:
            return error_page(413, "The file is too large", message)
        return render_case(case, errors={FIELDS["file"]: message}, status=413)
    return error_page(413, "What you sent is too large", "Go back and send something smaller.")
