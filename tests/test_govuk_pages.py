"""The pages are GOV.UK Frontend's components, in the council's own branding, with GOV.UK-style errors."""
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from handlers import wording
from service.web.form_data import date_parts, to_data
from test_ui import Browser, doc, open_case, text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "service" / "templates"
BUILT_CSS = ROOT / "service" / "static" / "build" / "stepwise.css"


def test_three_date_boxes_become_one_iso_date_and_a_slip_is_passed_on_to_be_refused():
    fields = [{"name": "born", "type": "date"}, {"name": "held", "type": "date"}, {"name": "blank", "type": "date"},
              {"name": "whole", "type": "date"}]
    posted = MultiDict({"born-day": "29", "born-month": "2", "born-year": "2024",
                        "held-day": "31", "held-month": "x", "held-year": "2026",
                        "blank-day": "", "blank-month": "", "blank-year": "", "whole": "2026-11-02"})
    assert to_data(fields, posted) == {"born": "2024-02-29", "held": "2026-x-31", "whole": "2026-11-02"}
    assert date_parts("2024-02-09") == {"day": "9", "month": "2", "year": "2024"}


@pytest.mark.parametrize("label, kind, message", [
    ("Child's name", "text", "Enter child's name"),
    ("Date of birth", "date", "Enter date of birth"),
    ("CSSW summary", "textarea", "Enter CSSW summary"),
    ("Why can the child's needs not be met by Early Help?", "textarea",
     "Enter an answer to ‘Why can the child's needs not be met by Early Help?’"),
    ("Is the child now at risk of significant harm?", "choice",
     "Select whether the child is now at risk of significant harm"),
    ("Has stepping up been discussed with the family?", "choice",
     "Select an answer to ‘Has stepping up been discussed with the family?’"),
    ("Local authority", "choice", "Select local authority"),
    ("Is the child / family already known?", "choice", "Select an answer to ‘Is the child / family already known?’"),
    ("Has an Early Help Assessment previously been completed with the family?", "choice",
     "Select an answer to ‘Has an Early Help Assessment previously been completed with the family?’"),
    ("Documents sent", "multichoice", "Select documents sent"),
])
def test_a_blank_required_field_says_what_to_do(label, kind, message):
    assert wording.missing(label, kind) == message
    assert "required" not in message


def test_refusals_name_the_field_and_never_say_is_required(app):
    eh = Browser(app)
    eh.sign_in("camden-early-help-manager")
    refused = eh.post("/cases/new", {"child_name": "", "pack": "camden", "date_of_birth-day": "31",
                                     "date_of_birth-month": "2", "date_of_birth-year": "2020"})
    assert refused.status_code == 422
    page = doc(refused)
    assert text(page.get_element_by_id("f-child_name-error")) == "Error: Enter child's name"
    assert "Date of birth" in text(page.get_element_by_id("f-date_of_birth-error"))
    links = [a.get("href") for a in page.find_class("govuk-error-summary")[0].iter("a")]
    assert links == ["#f-child_name", "#f-date_of_birth-day"]  # the summary links to the first box
    assert page.get_element_by_id("f-date_of_birth-day").get("value") == "31"  # what was typed is kept
    assert "is required" not in refused.data.decode()


def test_choices_are_radios_and_checkboxes_never_a_multi_select_listbox(app):
    for path in TEMPLATES.rglob("*.html"):
        assert "multiple" not in path.read_text(), path
    eh = Browser(app)
    eh.sign_in("camden-early-help-manager")
    page = eh.page("/cases/new")
    kinds = [i.get("type") for i in page.xpath("//input[@name='pack']")]
    assert kinds and set(kinds) == {"radio"}
    assert page.xpath("//fieldset[.//input[@name='date_of_birth-day'] and .//input[@name='date_of_birth-year']]")
    assert page.xpath("//input[@name='csrf_token']")  # works without JavaScript: a plain form post


def test_pages_use_govuk_frontend_in_the_councils_branding_not_gov_uk(app):
    eh = Browser(app)
    eh.sign_in("camden-early-help-manager")
    case_id = open_case(eh)
    page = eh.page(f"/cases/{case_id}")
    assert page.xpath("//link[@rel='stylesheet']")[0].get("href") == "/static/build/stepwise.css"
    assert page.xpath("//script[@type='module']")[0].get("src") == "/static/build/stepwise.mjs"
    assert text(page.find_class("app-header__name")[0]) == "Stepwise"
    html = page.text_content()
    assert "GOV.UK" not in html and "Crown copyright" not in html
    assert not page.find_class("govuk-header__logo") and not page.xpath("//*[local-name()='svg' and "
                                                                          "contains(@class, 'crown')]")
    assert page.find_class("govuk-service-navigation") and page.find_class("govuk-summary-list")


@pytest.mark.skipif(not BUILT_CSS.exists(), reason="run `make frontend` first")
def test_the_built_stylesheet_has_no_gov_uk_typeface():
    css = BUILT_CSS.read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert ".govuk-button" in css and ".govuk-error-summary" in css


def test_the_task_page_links_to_the_childs_case_in_its_summary_list(app):
    from test_ui import start_step_up
    eh = Browser(app)
    eh.sign_in("camden-early-help-manager")
    case_id = open_case(eh)
    page = eh.page(start_step_up(eh, case_id))
    [link] = page.xpath(f"//dl[contains(@class, 'govuk-summary-list')]//a[@href='/cases/{case_id}']")
    assert text(link) == "Fictional Child Bravo" and "&lt;" not in page.text_content()


def test_a_date_of_something_that_happened_cannot_be_in_the_future(as_user):
    """A strategy discussion "held" next March would start the ICPC clock from a false date."""
    from test_camden_step_up_to_mash import through_to_decision, step_up
    from answers import refused
    case_id = step_up(as_user, "CP")
    through_to_decision(as_user, case_id, "CP")
    manager = as_user("camden-mash-manager")
    answers = {"attendees": "Fictional: police, health, MASH", "section_47_enquiry": "Yes",
               "strategy_outcome": "Fictional"}
    response = manager.complete("strategy_discussion", case_id, held_at="2027-03-02T10:00", **answers)
    refused(response, "held_at")
    assert response.json["fields"]["held_at"] == "Held at must be today or in the past"
    form = manager.get(f"/api/v1/tasks/{manager.task('strategy_discussion', case_id)['id']}").json["form"]
    assert {f["name"]: f.get("not_in_future") for f in form["fields"]}["held_at"] is True
