"""Documents attached to a case (issue 9 item 7): checked by their content, listed, downloaded, audited."""
import hashlib
import io
import struct
import zipfile
import zlib
from urllib.parse import quote

import lxml.html
import pytest

from answers import refused
from bpmn_variants import EH, signed_in
from service.extensions import db
from service.store.case_records import CaseAttachment
from service.store.models import AuditEvent
from service.store.read_audit import RecordRead

CHILD = {"child_name": "Fictional Child Docs", "date_of_birth": "2018-02-03", "person_id": "P-DOC-1",
         "family_id": "F-DOC-1", "pack": "camden"}
OTHER_PACK = "knowsley-lead-practitioner"
MB = 1024 * 1024


# --- tiny real files, built here --------------------------------------------------------------

def pdf():
    return (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
            b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1 x 1, 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
            + chunk(b"IEND", b""))


def jpeg():
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9")


def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():  # a fixed date: the same file every time it is built
            entry = zipfile.ZipInfo(name, date_time=(2026, 11, 2, 10, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()


def content_types(main):
    return (f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/main" ContentType="{main}"/></Types>')


def docx():
    return zipped({"[Content_Types].xml": content_types(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Fictional minutes</w:t></w:r></w:p></w:body>"
                             "</w:document>"})


def docm():
    return zipped({"[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
                   "word/document.xml": "<w:document/>", "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


def xlsx():
    return zipped({"[Content_Types].xml": content_types(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": "<worksheet/>"})


def odt():
    return zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>",
                   "META-INF/manifest.xml": "<manifest:manifest/>"})


def text():
    return "Fictional minutes: everyone agreed the plan. Café at 10:00.\n".encode()


ALLOWED = [
    ("minutes.pdf", pdf, "application/pdf", "PDF"),
    ("photo of the letter.png", png, "image/png", "PNG image"),
    ("scan.JPG", jpeg, "image/jpeg", "JPEG image"),
    ("minutes.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "Word document"),
    ("attendance.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "Excel spreadsheet"),
    ("plan.odt", odt, "application/vnd.oasis.opendocument.text", "OpenDocument text"),
    ("notes.txt", text, "text/plain; charset=utf-8", "Plain text"),
]
REFUSED = [
    ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48),
    ("program.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48),
    ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("page.txt", b"  <html><body onload='alert(1)'></body></html>"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("drawing.txt", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("macros.docm", docm()),
    ("macros.docx", docm()),
    ("macros.xlsx", zipped({"[Content_Types].xml": content_types(
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "xl/workbook.xml": "<workbook/>",
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
    ("macros.odt", zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>",
                           "Basic/Standard/Module1.xml": "<script:module/>"})),
    ("sheet.odt", zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})),
    ("archive.zip", zipped({"readme.txt": "Fictional"})),
    ("broken.docx", b"PK\x03\x04 not really a zip"),
    ("latin1.txt", "Fictional caf\xe9".encode("latin-1")),
]


# --- helpers ------------------------------------------------------------------------------------

def new_case(as_user, child=CHILD):
    response = as_user(EH).post("/api/v1/cases", child)
    assert response.status_code == 201, response.json
    return response.json["id"]


def upload(actor, case_id, name, content, description=None, headers=None):
    data = {"file": (io.BytesIO(content), name)}
    if description is not None:
        data["description"] = description
    return actor.client.post(f"/api/v1/cases/{case_id}/attachments", data=data, content_type="multipart/form-data",
                             headers={**actor._headers(), **(headers or {})})


def stored(app):
    """(attachments, chronology events) in the whole database: what a refusal must leave alone."""
    with app.app_context():
        return (db.session.scalar(db.select(db.func.count()).select_from(CaseAttachment)),
                db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)))


def reads(app, case_id):
    with app.app_context():
        return [(r.reader.username, r.what, r.item_id, r.route) for r in db.session.scalars(
            db.select(RecordRead).where(RecordRead.case_id == case_id).order_by(RecordRead.id))]


def text_of(html):
    return " ".join(lxml.html.fromstring(html).text_content().split())


# --- the API ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, build, content_type, words", ALLOWED, ids=[a[0] for a in ALLOWED])
def test_each_allowed_type_is_attached_listed_and_downloaded_as_it_was(as_user, clock, name, build, content_type,
                                                                       words):
    case_id = new_case(as_user)
    eh = as_user(EH)
    content = build()
    added = upload(eh, case_id, name, content, "Fictional: the document")
    assert added.status_code == 201, added.json
    assert added.json["content_type"] == content_type and added.json["type"] == words
    assert added.json["file_name"] == name and added.json["size"] == len(content)
    assert added.json["sha256"] == hashlib.sha256(content).hexdigest()
    assert added.json["added_by"] == EH and added.json["at"] == clock().isoformat()
    assert "content" not in added.json
    [listed] = eh.get(f"/api/v1/cases/{case_id}/attachments").json["attachments"]
    assert listed == added.json
    got = eh.get(f"/api/v1/cases/{case_id}/attachments/{listed['id']}/content")
    assert got.status_code == 200 and got.data == content
    assert got.headers["Content-Type"] == content_type
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name, safe='')}" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Cache-Control"] == "no-store"


def test_attaching_writes_the_chronology_entry_in_plain_words(as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    added = upload(eh, case_id, "minutes.pdf", pdf(), "  Minutes of the fictional strategy discussion  ").json
    assert added["description"] == "Minutes of the fictional strategy discussion"
    [event] = eh.every(f"/api/v1/cases/{case_id}/history", "events", kind="attachments")
    assert event["action"] == "case.attachment" and event["actor"] == EH and event["kind"] == "attachments"
    assert event["words"] == "Attached a document: minutes.pdf (Minutes of the fictional strategy discussion)"
    assert event["data"]["attachment_id"] == added["id"] and event["data"]["sha256"] == added["sha256"]
    assert eh.every(f"/api/v1/cases/{case_id}/history", "events", kind="notes") == []


def test_documents_are_listed_newest_first_a_page_at_a_time(as_user, clock):
    case_id = new_case(as_user)
    eh = as_user(EH)
    for n in range(3):
        assert upload(eh, case_id, f"note {n}.txt", f"Fictional {n}".encode()).status_code == 201
        clock.advance(minutes=5)
    first = eh.get(f"/api/v1/cases/{case_id}/attachments", query_string={"limit": 2}).json
    assert [a["file_name"] for a in first["attachments"]] == ["note 2.txt", "note 1.txt"]
    second = eh.get(f"/api/v1/cases/{case_id}/attachments", query_string={"limit": 2, "after": first["next"]}).json
    assert [a["file_name"] for a in second["attachments"]] == ["note 0.txt"] and second["next"] is None
    refused(eh.get(f"/api/v1/cases/{case_id}/attachments", query_string={"after": "bm90LWEtY3Vyc29y"}), "after")


def test_listing_and_downloading_are_recorded_as_reads_and_a_refused_read_is_not(app, as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    added = upload(eh, case_id, "minutes.pdf", pdf()).json
    assert reads(app, case_id) == []  # attaching is on the chronology, not a read
    assert eh.get(f"/api/v1/cases/{case_id}/attachments").status_code == 200
    assert eh.get(f"/api/v1/cases/{case_id}/attachments/{added['id']}/content").status_code == 200
    assert eh.get(f"/api/v1/cases/{case_id}/attachments/{added['id'] + 1}/content").status_code == 404
    assert reads(app, case_id) == [
        (EH, "attachment", None, "GET /api/v1/cases/<id:case_id>/attachments"),
        (EH, "attachment", added["id"], "GET /api/v1/cases/<id:case_id>/attachments/<id:attachment_id>/content")]


@pytest.mark.parametrize("name, content", REFUSED, ids=[r[0] for r in REFUSED])
def test_other_content_is_refused_naming_the_file_and_nothing_is_written(app, as_user, name, content):
    case_id = new_case(as_user)
    before = stored(app)
    message = refused(upload(as_user(EH), case_id, name, content), "file")
    assert message == ("The selected file must be a PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text "
                       "file")
    assert stored(app) == before


@pytest.mark.parametrize("name, build", [("minutes.docx", pdf), ("photo.jpg", png), ("minutes.pdf", docx),
                                         ("notes.pdf", text), ("plan.docx", odt), ("minutes", pdf)])
def test_a_name_whose_extension_disagrees_with_the_content_is_refused(app, as_user, name, build):
    case_id = new_case(as_user)
    before = stored(app)
    message = refused(upload(as_user(EH), case_id, name, build()), "file")
    assert "check it is the file you meant" in message
    assert stored(app) == before


def test_an_empty_file_no_file_a_bad_name_or_a_long_description_are_refused_by_field(app, as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    before = stored(app)
    assert refused(upload(eh, case_id, "empty.pdf", b""), "file") == "The selected file is empty"
    no_file = eh.client.post(f"/api/v1/cases/{case_id}/attachments", data={"description": "Fictional"},
                             content_type="multipart/form-data", headers=eh._headers())
    assert refused(no_file, "file") == "Select a file"
    assert refused(eh.post(f"/api/v1/cases/{case_id}/attachments", {"file": "not multipart"}), "file")
    assert refused(upload(eh, case_id, "\u202e/..", pdf()), "file") == "The selected file must have a name"
    assert refused(upload(eh, case_id, "m" * 197 + ".pdf", pdf()), "file") == \
        "The file name must be 200 characters or fewer"
    assert refused(upload(eh, case_id, "minutes.pdf", pdf(), "d" * 401), "description") == \
        "The description must be 400 characters or fewer"
    assert refused(upload(eh, case_id, "minutes.pdf", pdf(), "a\x00b"), "description")
    assert stored(app) == before
    assert upload(eh, case_id, "m" * 196 + ".pdf", pdf(), "d" * 400).status_code == 201


def test_a_name_keeps_only_the_files_own_name_without_hidden_characters(as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    added = upload(eh, case_id, "../../fictional/min\u200butes\u202e.pdf", pdf())
    assert added.status_code == 201, added.json
    assert added.json["file_name"] == "minutes.pdf"
    named = upload(eh, case_id, "Réunion d’équipe.pdf", pdf()).json
    got = eh.get(f"/api/v1/cases/{case_id}/attachments/{named['id']}/content")
    assert got.headers["Content-Disposition"] == (
        "attachment; filename=\"R_union d__quipe.pdf\"; "
        "filename*=UTF-8''R%C3%A9union%20d%E2%80%99%C3%A9quipe.pdf")


def test_a_file_over_the_limit_is_a_413_naming_the_file_and_writes_nothing(app, as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    before = stored(app)
    over = upload(eh, case_id, "big.txt", b"x" * (10 * MB + 1))
    assert over.status_code == 413 and over.json["error"] == "too_large"
    assert over.json["fields"] == {"file": "The selected file must be smaller than 10 MB"}
    far_over = upload(eh, case_id, "big.txt", b"x" * (11 * MB))  # refused before the body is read
    assert far_over.status_code == 413 and far_over.json["fields"]["file"].endswith("10 MB")
    assert stored(app) == before
    assert upload(eh, case_id, "just fits.txt", b"x" * (10 * MB)).status_code == 201


def test_the_limit_is_configured(app, as_user):
    app.config["STEPWISE_ATTACHMENT_MAX_BYTES"] = 2 * MB
    case_id = new_case(as_user)
    over = upload(as_user(EH), case_id, "big.txt", b"x" * (2 * MB + 1))
    assert over.status_code == 413 and over.json["fields"] == {"file": "The selected file must be smaller than 2 MB"}
    # Other API bodies keep their own 1 MiB limit, naming the body.
    too_big_note = as_user(EH).post(f"/api/v1/cases/{case_id}/notes", {"text": "x" * (2 * MB)})
    assert too_big_note.status_code == 413 and "body" in too_big_note.json["fields"]


def test_only_people_working_in_the_pack_attach_list_or_download(as_user):
    case_id = new_case(as_user)
    added = upload(as_user(EH), case_id, "minutes.pdf", pdf()).json
    outsider = as_user(OTHER_PACK)
    assert upload(outsider, case_id, "minutes.pdf", pdf()).status_code == 403
    assert outsider.get(f"/api/v1/cases/{case_id}/attachments").status_code == 403
    assert outsider.get(f"/api/v1/cases/{case_id}/attachments/{added['id']}/content").status_code == 403
    assert upload(as_user(EH), 999999, "minutes.pdf", pdf()).status_code == 404
    assert upload(as_user("demo-admin"), case_id, "admin.pdf", pdf()).status_code == 201


def test_a_document_of_another_case_is_not_found_through_this_one(as_user):
    first = new_case(as_user)
    second = new_case(as_user, {**CHILD, "child_name": "Fictional Sibling Docs", "person_id": "P-DOC-2"})
    eh = as_user(EH)
    added = upload(eh, first, "minutes.pdf", pdf()).json
    wrong = eh.get(f"/api/v1/cases/{second}/attachments/{added['id']}/content")
    assert wrong.status_code == 404 and wrong.json["error"] == "not_found"
    assert eh.get(f"/api/v1/cases/{first}/attachments/{added['id']}/content").status_code == 200


def test_documents_cannot_be_changed_or_removed(as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    added = upload(eh, case_id, "minutes.pdf", pdf()).json
    for method in ("put", "patch", "delete"):
        for url in (f"/api/v1/cases/{case_id}/attachments/{added['id']}",
                    f"/api/v1/cases/{case_id}/attachments/{added['id']}/content",
                    f"/api/v1/cases/{case_id}/attachments"):
            response = getattr(eh.client, method)(url, headers=eh._headers())
            assert response.status_code in (404, 405), (method, url)
    got = eh.get(f"/api/v1/cases/{case_id}/attachments/{added['id']}/content")
    assert got.data == pdf()


def test_a_retry_with_the_same_idempotency_key_attaches_once(app, as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    key = {"Idempotency-Key": "fictional-upload-1"}
    first = upload(eh, case_id, "minutes.pdf", pdf(), "Fictional", headers=key)
    again = upload(eh, case_id, "minutes.pdf", pdf(), "Fictional", headers=key)  # a new multipart boundary
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json == first.json
    assert len(eh.get(f"/api/v1/cases/{case_id}/attachments").json["attachments"]) == 1
    other = upload(eh, case_id, "other.pdf", pdf(), "Fictional", headers=key)
    assert refused(other, "Idempotency-Key")


def test_the_routes_are_in_the_api_document_as_a_form_upload_and_a_file_answer(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    post = doc["paths"]["/api/v1/cases/{case_id}/attachments"]["post"]
    form = post["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert doc["components"]["schemas"][form]["properties"]["file"]["format"] == "binary"
    assert doc["components"]["schemas"][form]["required"] == ["file"]
    assert {"201", "403", "404", "413", "422"} <= set(post["responses"])
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"]}
    answer = doc["paths"]["/api/v1/cases/{case_id}/attachments/{attachment_id}/content"]["get"]["responses"]["200"]
    assert set(answer["content"]) == {"application/pdf", "image/png", "image/jpeg", "text/plain",
                                      "application/vnd.oasis.opendocument.text",
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    assert "Content-Disposition" in answer["headers"]


# --- the case page ------------------------------------------------------------------------------

def test_a_document_attached_on_the_case_page_is_listed_with_a_download_link(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    [form] = page.xpath("//form[.//input[@type='file']]")
    assert form.get("enctype") == "multipart/form-data" and form.get("method") == "post"
    assert "No documents attached yet." in text_of(browser.get(f"/cases/{case_id}").data)
    added = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data", data={
        "attachment_file": (io.BytesIO(docx()), "minutes.docx"), "attachment_description": "Fictional minutes"})
    assert added.status_code == 302 and added.headers["Location"].endswith("#documents-heading")
    html = browser.get(f"/cases/{case_id}").data
    assert "Document attached: minutes.docx." in text_of(html)
    page = lxml.html.fromstring(html)
    [section] = page.xpath("//section[@aria-labelledby='documents-heading']")
    shown = " ".join(section.text_content().split())
    assert "minutes.docx" in shown and "Fictional minutes" in shown and "Word document" in shown
    assert "by Demo Early Help Manager" in shown and f"{len(docx())} bytes" in shown
    [link] = section.xpath(".//a[contains(@href, '/attachments/')]")
    download = browser.get(link.get("href"))
    assert download.status_code == 200 and download.data == docx()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    [read] = [r for r in reads(app, case_id) if r[1] == "attachment"]
    assert read[3] == "GET /cases/<int:case_id>/attachments/<int:attachment_id>"
    chronology = " ".join(page.xpath("//ol[@id='chronology']")[0].text_content().split())
    assert "Attached a document: minutes.docx (Fictional minutes)" in chronology
    [details] = page.xpath("//ol[@id='chronology']//details[.//summary[contains(., 'The document')]]")
    assert [(" ".join(row.xpath("string(dt)").split()), " ".join(row.xpath("string(dd)").split()))
            for row in details.xpath(".//dl/div")] == [
        ("Document", "minutes.docx"), ("Description", "Fictional minutes"), ("Type", "Word document"),
        ("Size", f"{len(docx())} bytes")]


def test_the_upload_form_carries_its_csrf_token_and_a_file_too_large_still_gets_the_case_page(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: the form must carry its token
    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    [token] = page.xpath("//form[@enctype='multipart/form-data']//input[@name='csrf_token']/@value")
    without = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                           data={"attachment_file": (io.BytesIO(pdf()), "minutes.pdf")})
    assert without.status_code == 400 and "Your form has expired" in text_of(without.data)
    added = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                         data={"csrf_token": token, "attachment_file": (io.BytesIO(pdf()), "minutes.pdf")})
    assert added.status_code == 302
    # Far past the limit, the body is refused while the CSRF check reads it: still the case page, in words.
    far_over = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                            data={"csrf_token": token, "attachment_file": (io.BytesIO(b"x" * (12 * MB)), "big.txt")})
    assert far_over.status_code == 413 and far_over.mimetype == "text/html"
    assert "There is a problem The selected file must be smaller than 10 MB" in text_of(far_over.data)
    assert len(as_user(EH).get(f"/api/v1/cases/{case_id}/attachments").json["attachments"]) == 1


@pytest.mark.parametrize("data, status, message", [
    ({}, 422, "Select a file"),
    ({"attachment_file": (io.BytesIO(b""), "")}, 422, "Select a file"),
    ({"attachment_file": (io.BytesIO(b"<svg/>"), "x.svg")}, 422,
     "The selected file must be a PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text file"),
    ({"attachment_file": (io.BytesIO(b"x" * (10 * MB + 1)), "big.txt")}, 413,
     "The selected file must be smaller than 10 MB"),
    ({"attachment_file": (io.BytesIO(b"x" * (12 * MB)), "big.txt")}, 413,
     "The selected file must be smaller than 10 MB"),
], ids=["no file", "empty choice", "svg", "just over", "far over"])
def test_a_refused_upload_on_the_page_says_what_to_do(app, as_user, data, status, message):
    case_id = new_case(as_user)
    before = stored(app)
    browser = signed_in(app, EH)
    response = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                            data={**data, "attachment_description": "Fictional description kept"})
    assert response.status_code == status
    page = lxml.html.fromstring(response.data)
    summary = page.xpath("//*[contains(@class, 'govuk-error-summary')]")
    assert summary and message in " ".join(summary[0].text_content().split())
    assert summary[0].xpath(".//a[@href='#f-attachment_file']")
    assert message in " ".join(page.xpath("//*[@id='f-attachment_file-error']")[0].text_content().split())
    assert page.xpath("//h1")[0].text_content().strip().startswith("Fictional Child Docs")
    assert stored(app) == before


def test_a_long_description_on_the_page_is_named_and_kept(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    response = browser.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data", data={
        "attachment_file": (io.BytesIO(pdf()), "minutes.pdf"), "attachment_description": "d" * 401})
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    assert "The description must be 400 characters or fewer" in text_of(response.data)
    assert page.xpath("//input[@id='f-attachment_description']")[0].get("value") == "d" * 401


def test_a_page_upload_far_too_large_for_another_page_is_a_friendly_page(app, as_user):
    browser = signed_in(app, EH)
    response = browser.post("/cases/new", data={"child_name": "x" * (6 * MB)})
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "What you sent is too large" in text_of(response.data)


def test_people_outside_the_pack_cannot_attach_or_download_on_the_page(app, as_user):
    case_id = new_case(as_user)
    added = upload(as_user(EH), case_id, "minutes.pdf", pdf()).json
    outsider = signed_in(app, OTHER_PACK)
    assert outsider.get(f"/cases/{case_id}/attachments/{added['id']}").status_code == 403
    response = outsider.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                             data={"attachment_file": (io.BytesIO(pdf()), "minutes.pdf")})
    assert response.status_code == 403
    assert len(as_user(EH).get(f"/api/v1/cases/{case_id}/attachments").json["attachments"]) == 1
