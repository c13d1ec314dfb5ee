"""The immediate safeguarding concern form of the worker UI (thin routes over the use case)."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from service.work import cases, safeguarding
from service.errors import Forbidden, Invalid, StepwiseError
from service.extensions import db
from .form_data import display_values, page_errors, to_data
from .views import error_page
from .web_auth import current_user, login_required

bp = Blueprint("safeguarding_views", __name__)


def rt():
    return current_app.extensions["stepwise"]


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    titles = {403: "You cannot raise a concern here", 404: "Page not found"}
    return error_page(exc.status, titles.get(exc.status, "The concern could not be recorded"), exc.message)


def _render(case, values, errors=None, status=200):
    form = safeguarding.form(case.pack).form({})
    fields = form["fields"]
    return render_template("safeguarding_concern.html", case=case, fields=fields,
                           values=display_values(fields, values), errors=page_errors(fields, errors or {}, values),
                           phone=safeguarding.phone(case.pack), concerns=safeguarding.open_concerns(case.id),
                           phone_first=_phone_first(values, errors)), status


def _phone_first(values, errors):
    # "Not safe" and nobody phoned: the page stops the worker with the number to ring.
    return bool(errors) and values.get("child_safe_now") == "No" and values.get("mash_or_police_phoned") == "No, not yet"


@bp.route("/cases/<int:case_id>/safeguarding-concern", methods=["GET", "POST"])
@login_required
def concern(case_id):
    """Raise an immediate safeguarding concern: straight to MASH, whatever the pathway step."""
    user = current_user()
    case = cases.get_case(user, case_id)
    if not safeguarding.may_raise(user, case):
        raise Forbidden(f"you hold no role in the {case.pack} pack")
    if request.method == "GET":
        return _render(case, {})
    fields = safeguarding.form(case.pack).form({})["fields"]
    data = to_data(fields, request.form)
    try:
        safeguarding.raise_immediate_concern(rt(), user, case, data)
    except Invalid as exc:
        db.session.rollback()
        return _render(case, data, errors=exc.fields or {"form": exc.message}, status=422)
    flash("Immediate safeguarding concern recorded and sent straight to MASH. "
          "Any planned pathway carries on.", "success")
    return redirect(url_for("views.case", case_id=case.id))
