"""JSON routes for documents attached to a case (service/work/attachments.py), on the /api/v1 blueprint."""
from urllib.parse import quote

from flask import Response, g, jsonify, request

from service.api import api_responses as out
from service.api.api_io import query, takes_file
from service.api.idempotency import idempotent
from service.api.openapi import operation
from service.api.routes import bp, rt, token_required
from service.store import read_audit
from service.work import attachments, cases, file_types
from service.work.schemas import AttachmentUpload, PageQuery


@bp.route("/cases/<id:case_id>/attachments", methods=["GET", "POST"])
@operation("Attach a document to the case (multipart/form-data: `file`, optional `description`). Its type is "
           "judged by its content and must agree with its name; it goes on the chronology. Documents cannot be "
           "changed or removed", out.AttachmentOut, status=201, upload=AttachmentUpload, errors=(403,),
           method="POST", keyed=True)
@operation("The case's documents, newest first, a page at a time (without their content)", out.AttachmentList,
           query=PageQuery, errors=(403,), method="GET", keyed=False)
@takes_file(attachments.SETTING)
@token_required
def case_attachments(case_id):
    if request.method == "POST":
        return _attach(case_id)
    wanted = query(PageQuery)
    read_audit.note(g.user, cases.get_case(g.user, case_id), "attachment")
    found = attachments.page(case_id, after=wanted.after, limit=wanted.limit)
    return jsonify({"attachments": [attachments.as_json(a) for a in found.rows], "next": found.next})


@idempotent
def _attach(case_id):
    case = cases.get_case(g.user, case_id)
    upload = request.files.get("file")
    added = attachments.add(rt(), g.user, case, upload.filename if upload else None,
                            upload.read() if upload else None, request.form.get("description", ""))
    return jsonify(attachments.as_json(added)), 201


@bp.get("/cases/<id:case_id>/attachments/<id:attachment_id>/content")
@operation("A document's content, as it was attached, with the type it was found to be", None, errors=(403,),
           media=sorted({t.content_type.split(";")[0] for t in file_types.ALLOWED}))
@token_required
def attachment_content(case_id, attachment_id):
    case = cases.get_case(g.user, case_id)
    found = attachments.get(case, attachment_id, with_content=True)
    read_audit.note(g.user, case, "attachment", found.id)
    return download(found)


def download(found):
    """The document as a download: its stored type and name; a browser neither shows nor re-guesses it."""
    response = Response(found.content, content_type=found.content_type)
    response.headers["Content-Disposition"] = content_disposition(found.file_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def content_disposition(name):
    """``attachment`` with the name in UTF-8 (RFC 6266, 5987) and a plain ASCII one for old clients."""
    plain = "".join(c if " " <= c <= "~" and c not in '"\\%' else "_" for c in name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
