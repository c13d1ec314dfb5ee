"""Peterborough: the diagrams, a case's whole journey through the hand-ons, and a walk through the pages."""
import re
from pathlib import Path

import lxml.html

from answers import ok
from handlers import PACKS
from peterborough_steps import (CONSENT, CSC_OFFICER, EHH_TM, MASG, MASH_TEAM, MASH_TM, RATIONALE, REASSIGN, SW,
                                case_of, contact_received, pathways)
from service.demo import DEMO_PASSWORD
from service.engine import load_definition

ROOT = Path(__file__).resolve().parent.parent
DIAGRAMS = sorted((ROOT / "bpmn" / "peterborough").glob("*.bpmn"))


def definitions():
    return [load_definition(f"peterborough/{p.stem}", {p.name: p.read_bytes()}) for p in DIAGRAMS]


def test_every_user_task_has_a_handler_and_every_lane_is_a_role():
    task_ids, lanes = [], set()
    for definition in definitions():
        task_ids += definition.user_task_ids()
        lanes |= set(definition.lanes)
    assert sorted(task_ids) == sorted(PACKS["peterborough"].handlers)
    assert lanes == set(PACKS["peterborough"].roles)
    assert [p.stem for p in DIAGRAMS] == ["after_assessment", "contact", "from_cin_plan",
                                          "immediate_safeguarding_concern", "mash_enquiry", "referral"]


def test_a_contact_through_a_mash_enquiry_a_referral_and_an_assessment_to_the_masg(as_user):
    case_id = contact_received(as_user, "MASH")
    ok(as_user(MASH_TM).complete("mash_review_contact", case_id, contact_decision="Accepted: complete a MASH Enquiry"))
    ok(as_user(MASH_TEAM).complete("complete_mash_enquiry", case_id, enquiry_findings="Fictional: neglect concerns",
                                   enquiry_outcome="Progress to a referral", decision_rationale="Fictional"))
    assert case_of(as_user(SW), case_id)["current_service"] == "CSC"
    ok(as_user(SW).complete("referral_decision", case_id, referral_details="Fictional: neglect concerns",
                            referral_outcome="Complete a C&F Assessment", decision_rationale="Fictional"))
    ok(as_user(SW).complete("record_referral", case_id, referral_received_at="2026-11-02T10:00:00+00:00"))
    ok(as_user(SW).complete("conclude_assessment", case_id, assessment_summary="Fictional",
                            continuing_support="Multi-agency support plan (via the MASG)",
                            assessment_outcome="Referral to Early Help", early_help_discussion="Fictional",
                            narrative_records_masg=True, parent_agrees_to_support_plan="Given",
                            consent_to_share_with_masg="Given", consent_how="In person", consent_date="2026-11-02"))
    ok(as_user(MASG).complete("masg_hearing", case_id, masg_date="2026-11-02", social_worker_attended="Yes",
                              masg_decision="Accepted for discussion at the MASG", lead_professional="Demo Lead",
                              lead_professional_agency="Demo Academy", resources_agreed="Fictional"))
    case = case_of(as_user(MASG), case_id)
    assert case["current_service"] == "EH" and case["open_tasks"] == []
    assert set(pathways(as_user(MASG), case_id).values()) == {"complete"}
    assert len(pathways(as_user(MASG), case_id)) == 4
    handed_on = [e["summary"] for e in as_user(MASG).history(case_id) if "handed on from" in e["summary"]]
    assert len(handed_on) == 3, handed_on


def sign_in(app, username):
    browser = app.test_client()
    assert browser.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
    return browser


def tray_link(browser, name):
    page = lxml.html.fromstring(browser.get("/").data)
    links = [a.get("href") for a in page.iter("a")
             if " ".join(a.text_content().split()) == name and a.get("href", "").startswith("/tasks/")]
    assert links, f"no {name!r} in the tray"
    return links[0]


def test_a_reassigned_contact_through_the_pages(app, as_user):
    case_id = contact_received(as_user, "MASH")
    manager = sign_in(app, MASH_TM)
    review = tray_link(manager, "MASH: review the contact and the recommendation")
    form = lxml.html.fromstring(manager.get(review).data)
    assert form.get_element_by_id("f-rationale_for_reassignment").tag == "textarea"
    # No rationale: the page answers 422 with the error beside the field, and nothing moves.
    posted = {"contact_decision": REASSIGN, **CONSENT}
    refused = manager.post(review, data=posted)
    assert refused.status_code == 422
    error = lxml.html.fromstring(refused.data).get_element_by_id("f-rationale_for_reassignment-error")
    assert "Record why" in error.text_content()
    done = manager.post(review, data={**posted, "rationale_for_reassignment": RATIONALE})
    assert done.status_code == 302 and done.headers["Location"] == f"/cases/{case_id}"

    hub = sign_in(app, EHH_TM)
    page = lxml.html.fromstring(hub.get("/").data)
    row = " ".join(page.find_class("govuk-table")[0].text_content().split())
    assert "EHH: review the reassigned contact (within 24 hours)" in row and "PB-100" in row
    task_url = tray_link(hub, "EHH: review the reassigned contact (within 24 hours)")
    form = lxml.html.fromstring(hub.get(task_url).data)
    assert form.get_element_by_id("f-rationale_for_reassignment").text == RATIONALE
    done = hub.post(task_url, data={"concerns_identified": "Fictional", "rationale_for_reassignment": RATIONALE,
                                    "hub_action": "Start an Early Help Hub Enquiry",
                                    "action_notes": "Fictional: hub enquiry", "contact_closed": "on",
                                    "action": "confirm"})  # past check-your-answers
    assert done.status_code == 302, done.data[:2000]
    case_page = lxml.html.fromstring(hub.get(f"/cases/{case_id}").data)
    text = " ".join(case_page.text_content().split())
    assert "Completed EHH: review the reassigned contact (within 24 hours)" in text
    assert re.search(r"Now with Early Help", text)  # the chronology in plain words


def test_the_customer_services_centre_starts_a_contact_from_the_case_page(app, as_user):
    officer = as_user(CSC_OFFICER)
    case_id = officer.post("/api/v1/cases", {"child_name": "Fictional Child Q", "date_of_birth": "2016-01-01",
                                             "pack": "peterborough"}).json["id"]
    browser = sign_in(app, CSC_OFFICER)
    options = [o.get("value") for o in lxml.html.fromstring(browser.get(f"/cases/{case_id}").data).iter("option")]
    assert "peterborough/contact" in options and "peterborough/immediate_safeguarding_concern" not in options
    assert browser.post(f"/cases/{case_id}/pathways", data={"pathway": "peterborough/contact"}).status_code == 302
    assert officer.task("recommend_receiving_team", case_id)["role"] == "Customer Services Centre"
