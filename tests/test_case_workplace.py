"""The case as a place to work (issue 9 item 7): case notes, attachments, the chronology, the summary."""
import io

import lxml.html

from answers import refused
from bpmn_variants import EH, signed_in
from service.store.case_records import NOTE_LENGTH

CHILD = {"child_name": "Fictional Child Notes", "date_of_birth": "2019-03-04", "person_id": "P-NOTE-1",
         "family_id": "F-NOTE-1", "pack": "camden"}
OTHER_PACK = "knowsley-lead-practitioner"


def new_case(as_user):
    response = as_user(EH).post("/api/v1/cases", CHILD)
    assert response.status_code == 201, response.json
    return response.json["id"]


def text_of(html):
    return " ".join(lxml.html.fromstring(html).text_content().split())


# --- case notes ------------------------------------------------------------------------------

def test_a_note_through_the_api_has_its_author_and_time_and_is_on_the_chronology(as_user, clock):
    case_id = new_case(as_user)
    eh = as_user(EH)
    added = eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "  Fictional: home visit, all well.  "})
    assert added.status_code == 201, added.json
    assert added.json["author"] == EH and added.json["text"] == "Fictional: home visit, all well."
    assert added.json["at"] == clock().isoformat()
    [event] = [e for e in eh.history(case_id) if e["action"] == "case.note"]
    assert event["actor"] == EH and event["data"]["text"] == "Fictional: home visit, all well."
    assert "Fictional: home visit" in event["summary"]


def test_notes_are_listed_newest_first_a_page_at_a_time(as_user, clock):
    case_id = new_case(as_user)
    eh = as_user(EH)
    for n in range(3):
        assert eh.post(f"/api/v1/cases/{case_id}/notes", {"text": f"Fictional note {n}"}).status_code == 201
        clock.advance(minutes=5)
    first = eh.get(f"/api/v1/cases/{case_id}/notes", query_string={"limit": 2}).json
    assert [n["text"] for n in first["notes"]] == ["Fictional note 2", "Fictional note 1"]
    second = eh.get(f"/api/v1/cases/{case_id}/notes", query_string={"limit": 2, "after": first["next"]}).json
    assert [n["text"] for n in second["notes"]] == ["Fictional note 0"] and second["next"] is None
    refused(eh.get(f"/api/v1/cases/{case_id}/notes", query_string={"after": "bm90LWEtY3Vyc29y"}), "after")


def test_a_note_that_is_empty_or_too_long_is_refused_naming_the_field_and_writes_nothing(as_user):
    case_id = new_case(as_user)
    eh = as_user(EH)
    before = eh.history(case_id)
    refused(eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "   "}), "text")
    refused(eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "x" * (NOTE_LENGTH + 1)}), "text")
    refused(eh.post(f"/api/v1/cases/{case_id}/notes", {}), "text")
    refused(eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "ok", "author": "someone"}), "author")
    assert eh.history(case_id) == before
    assert eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "x" * NOTE_LENGTH}).status_code == 201


def test_only_people_working_in_the_pack_read_or_write_notes(as_user):
    case_id = new_case(as_user)
    outsider = as_user(OTHER_PACK)
    assert outsider.post(f"/api/v1/cases/{case_id}/notes", {"text": "Fictional"}).status_code == 403
    assert outsider.get(f"/api/v1/cases/{case_id}/notes").status_code == 403
    assert as_user(EH).post("/api/v1/cases/999999/notes", {"text": "Fictional"}).status_code == 404


def test_a_note_from_the_case_page_is_shown_in_the_chronology(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    page = browser.get(f"/cases/{case_id}")
    assert "Add a case note" in text_of(page.data)
    added = browser.post(f"/cases/{case_id}/notes", data={"note_text": "Fictional: spoke with the school."})
    assert added.status_code == 302
    shown = text_of(browser.get(f"/cases/{case_id}").data)
    assert "Case note: Fictional: spoke with the school." in shown and "Case note added." in shown
    [note] = as_user(EH).get(f"/api/v1/cases/{case_id}/notes").json["notes"]
    assert note["author"] == EH


def test_an_empty_note_on_the_page_says_what_to_do(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    response = browser.post(f"/cases/{case_id}/notes", data={"note_text": " "})
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    summary = " ".join(page.xpath("//*[contains(@class, 'govuk-error-summary')]")[0].text_content().split())
    assert "Enter the case note" in summary
    assert page.xpath("//*[@id='f-note_text-error']")
    assert as_user(EH).get(f"/api/v1/cases/{case_id}/notes").json["notes"] == []


# --- the chronology: newest first, by kind, in plain words -----------------------------------

def step_up_sent(as_user, case_id):
    eh = as_user(EH)
    assert eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"}).status_code == 201
    item = eh.task("send_step_up_to_mash", case_id)
    done = eh.post(f"/api/v1/tasks/{item['id']}/complete", {"data": {
        "reason": "CP", "information_for_cssw": "Fictional: bruising seen at nursery.",
        "risk_of_significant_harm": "Yes", "why_eh_cannot_meet_needs": "Fictional: risk has escalated",
        "discussed_with_family": "Yes"}})
    assert done.status_code == 200, done.json


def test_the_history_can_be_newest_first_and_of_some_kinds_only(as_user, clock):
    case_id = new_case(as_user)
    eh = as_user(EH)
    clock.advance(minutes=1)
    step_up_sent(as_user, case_id)
    clock.advance(minutes=1)
    assert eh.post(f"/api/v1/cases/{case_id}/notes", {"text": "Fictional: after the step-up"}).status_code == 201
    everything = eh.every(f"/api/v1/cases/{case_id}/history", "events", order="newest", limit=2)
    assert [e["kind"] for e in everything] == ["notes", "emails", "tasks", "pathways", "case"]
    assert [e["at"] for e in everything] == sorted((e["at"] for e in everything), reverse=True)
    assert everything[1]["words"].startswith("E-mail to MASH Manager: ")
    assert everything[3]["words"] == "Started Step Up to MASH (CP and CIN) (version 1)"
    assert everything[3]["summary"] == "Started camden/step_up_to_mash (version 1)"  # the record is unchanged
    oldest = eh.every(f"/api/v1/cases/{case_id}/history", "events", limit=2)
    assert oldest == everything[::-1]
    some = eh.every(f"/api/v1/cases/{case_id}/history", "events", kind="notes,emails", order="newest")
    assert [e["kind"] for e in some] == ["notes", "emails"]
    refused(eh.get(f"/api/v1/cases/{case_id}/history", query_string={"kind": "gossip"}), "kind")
    refused(eh.get(f"/api/v1/cases/{case_id}/history", query_string={"order": "sideways"}), "order")
    # A page link of the oldest-first list is not one of the newest-first list.
    first = eh.get(f"/api/v1/cases/{case_id}/history", query_string={"limit": 1}).json
    refused(eh.get(f"/api/v1/cases/{case_id}/history", query_string={"after": first["next"], "order": "newest"}),
            "after")


def test_decisions_are_told_apart_from_other_tasks(as_user):
    case_id = new_case(as_user)
    step_up_sent(as_user, case_id)
    mash = as_user("camden-mash-manager")
    assert not as_user(EH).every(f"/api/v1/cases/{case_id}/history", "events", kind="decisions")
    tasks = as_user(EH).every(f"/api/v1/cases/{case_id}/history", "events", kind="tasks")
    assert [e["task_id"] for e in tasks] == ["send_step_up_to_mash"]
    assert mash.get(f"/api/v1/cases/{case_id}/history", query_string={"kind": "decisions"}).status_code == 200


def test_old_raw_wording_reads_in_plain_words(app, as_user):
    from service.extensions import db
    from service.store import audit
    case_id = new_case(as_user)
    with app.app_context():  # as the step recorded it before the wording changed
        audit.record(app.extensions["stepwise"].now(), "case.updated", "Case updated: current_service = CSC",
                     case_id=case_id)
        db.session.commit()
    [updated] = as_user(EH).every(f"/api/v1/cases/{case_id}/history", "events", kind="case")[1:]
    assert updated["words"] == "Now with Children's Social Care (CSC)"
    browser = signed_in(app, EH)
    shown = text_of(browser.get(f"/cases/{case_id}").data)
    assert "Now with Children's Social Care (CSC)" in shown and "current_service" not in shown


def test_the_case_page_chronology_is_newest_first_filtered_and_paged(app, as_user, clock):
    case_id = new_case(as_user)
    eh = as_user(EH)
    for n in range(55):
        clock.advance(minutes=1)
        assert eh.post(f"/api/v1/cases/{case_id}/notes", {"text": f"Fictional note number {n}"}).status_code == 201
    browser = signed_in(app, EH)
    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    entries = [" ".join(li.text_content().split()) for li in page.xpath("//ol[@id='chronology']/li")]
    assert len(entries) == 50 and "Fictional note number 54" in entries[0] and "number 5" in entries[-1]
    [older] = page.xpath("//a[@rel='next']/@href")
    rest = lxml.html.fromstring(browser.get(older).data)
    entries = [" ".join(li.text_content().split()) for li in rest.xpath("//ol[@id='chronology']/li")]
    assert "Fictional note number 0" in entries[-2] and "Case opened" in entries[-1]
    only = lxml.html.fromstring(browser.get(f"/cases/{case_id}?kind=case").data)
    entries = [" ".join(li.text_content().split()) for li in only.xpath("//ol[@id='chronology']/li")]
    assert len(entries) == 1 and "Case opened" in entries[0]
    assert only.xpath("//input[@id='f-kind-case']/@checked")


# --- the printable case summary ---------------------------------------------------------------

def test_the_printable_summary_shows_the_case_and_is_recorded_as_a_read(app, as_user):
    from service.extensions import db
    from service.store.read_audit import RecordRead
    case_id = new_case(as_user)
    step_up_sent(as_user, case_id)
    assert as_user(EH).post(f"/api/v1/cases/{case_id}/notes", {"text": "Fictional: for the summary"}).status_code == 201
    browser = signed_in(app, EH)
    assert "No documents attached" in text_of(browser.get(f"/cases/{case_id}/summary").data)
    eh = as_user(EH)
    attached = eh.client.post(f"/api/v1/cases/{case_id}/attachments", headers=eh._headers(),
                              content_type="multipart/form-data", data={
                                  "file": (io.BytesIO(b"Fictional minutes of the meeting\n"), "minutes.txt"),
                                  "description": "Fictional TAF minutes"})
    assert attached.status_code == 201, attached.json
    response = browser.get(f"/cases/{case_id}/summary")
    assert response.status_code == 200
    shown = text_of(response.data)
    for words in ("Fictional Child Notes", "P-NOTE-1", "F-NOTE-1", "Level of Need", "Early Help (EH)", "Consent",
                  "Open tasks", "MASH contact and referral", "Case note: Fictional: for the summary", "Newest first",
                  "Documents", "minutes.txt", "Fictional TAF minutes", "Plain text"):
        assert words in shown, words
    assert shown.index("Case note: Fictional") < shown.index("Case opened")
    assert "Printable case summary" in text_of(browser.get(f"/cases/{case_id}").data)
    with app.app_context():
        whats = [r.what for r in db.session.scalars(db.select(RecordRead).where(RecordRead.case_id == case_id))]
    assert "summary" in whats
    assert signed_in(app, OTHER_PACK).get(f"/cases/{case_id}/summary").status_code == 403


def test_the_print_stylesheet_hides_the_screen_furniture():
    from pathlib import Path
    scss = (Path(__file__).resolve().parent.parent / "service" / "frontend" / "stepwise.scss").read_text()
    printed = scss[scss.index("$media-type: print"):]
    for hidden in (".app-header", ".govuk-footer", ".govuk-button", ".app-no-print"):
        assert hidden in printed
