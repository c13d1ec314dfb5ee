"""Camden and Knowsley step-ups walked end to end in a real Chromium, on a desktop and on a phone.

Each worker signs in in their own browser window and does their step through the pages, with
labels and roles as a screen reader names them. At every page the window must not scroll sideways
and the button that moves the work on must be on the screen and pressable. The fake clock moves
as the API tests move it: a meeting is recorded as held only once it is in the past.
STEPWISE_SCREENSHOT_DIR keeps a screenshot of the key pages.
"""
import os
import re
import time
from datetime import date, datetime, timezone

import pytest

from browser_forms import fill_date_and_time
from browser_helpers import DESKTOP, PHONE, browser, new_page, server, sign_in  # noqa: F401 (fixtures)

WIDTHS = pytest.mark.parametrize("width", [DESKTOP, PHONE])
# What sticks out past the right edge, outside a table's own scroll box: named when a page is too wide.
WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.app-table-wrapper *'))
  .map(el => el.tagName + '.' + el.className).slice(0, 5)"""


# --- walking the pages ---------------------------------------------------------------------------

def fits(page):
    """The page does not scroll sideways (a table may scroll inside its own box)."""
    page.wait_for_load_state("load")  # the page as it settles, not half-laid-out while it loads
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, page.evaluate(WIDE))


def snap(page, name):
    """A screenshot of a key page, kept only when STEPWISE_SCREENSHOT_DIR is set."""
    folder = os.environ.get("STEPWISE_SCREENSHOT_DIR")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(path=os.path.join(folder, f"journey-{width}-{name}.png"), full_page=True)


def press(page, name):
    """Press the page's main button as a person would: it must be on screen once scrolled to."""
    fits(page)
    button = page.get_by_role("button", name=name, exact=True)
    button.scroll_into_view_if_needed()
    assert button.is_visible(), (page.url, name)
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.evaluate("window.innerWidth"), (page.url, name, box)
    button.click()


def heading(page, text, exact=True):
    """Wait for the page with this main heading, then check it fits the window."""
    page.get_by_role("heading", level=1, name=text, exact=exact).wait_for()
    fits(page)


def navigate(page, link):
    """Follow a link in the service navigation, opening the phone-width menu first if it is folded away."""
    target = page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True)
    if not target.is_visible():
        press(page, "Menu")
    target.click()


def group(page, label):
    """The fieldset whose legend starts with ``label`` (an optional field's legend ends "(optional)")."""
    # "/" escaped too: Playwright hands the pattern to the page as a JavaScript /regex/ literal.
    return page.get_by_role("group", name=re.compile("^" + re.escape(label).replace("/", r"\/")))


def choose(page, question, answer):
    """Pick one answer of a radio group named by its question."""
    group(page, question).get_by_label(answer, exact=True).check()


def fill_date(page, label, day):
    """Fill a GOV.UK date input (a group of Day, Month and Year)."""
    fields = group(page, label)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def told(page, message):
    """The case page after a step, with the banner that says what was done or what comes next."""
    page.get_by_text(message).wait_for()
    fits(page)


def check_and_send(page, name):
    """A long form: Continue, read the answers back, then confirm them."""
    press(page, "Continue")
    heading(page, "Check your answers")
    snap(page, f"{name}-check-your-answers")
    press(page, "Confirm and send")


def people(browser, server, width):
    """Each worker in their own window at ``width``, signed in once; calling again goes to their My work."""
    pages = {}

    def as_(username):
        if username not in pages:
            pages[username] = new_page(browser, width)
            sign_in(pages[username], server, username)
        else:
            pages[username].goto(server + "/")
            if "/sign-in" in pages[username].url:  # when the clock has moved on, the session has ended
                sign_in(pages[username], server, username)
            heading(pages[username], "My work")
        fits(pages[username])
        return pages[username]
    return as_


def open_from_tray(page, child, task):
    """Find the child's task in My work and open it."""
    row = page.get_by_role("row").filter(has_text=child).filter(has_text=task)
    assert row.count() == 1, (child, task, page.get_by_role("table").all_inner_texts())
    row.get_by_role("link", name=task, exact=True).click()
    heading(page, task)


def open_case(page, child, date_of_birth, person_id, lead):
    """Open a new case from the case list, with the GOV.UK date input for the date of birth."""
    navigate(page, "Cases")
    page.get_by_role("link", name="Open a new case").click()
    heading(page, "Open a new case")
    page.get_by_label("Child's name").fill(child)
    fill_date(page, "Date of birth", date_of_birth)
    page.get_by_label("Person ID").fill(person_id)
    page.get_by_label("Family ID").fill("F-" + person_id)
    page.get_by_label("Lead professional").fill(lead)
    press(page, "Open case")
    heading(page, child, exact=False)
    return int(re.search(r"/cases/(\d+)", page.url).group(1))


def start_pathway(page, pathway):
    """Start a pathway from the case page."""
    page.get_by_label("Start a pathway").select_option(pathway)
    press(page, "Start pathway")


def finished_case(page, child, shot):
    """The case page once the pathway has ended: the pathway complete and nothing left open."""
    heading(page, child, exact=False)
    assert "Complete" in page.get_by_role("region", name="Pathways for this child, table").inner_text()
    assert "No open tasks." in page.locator("section[aria-labelledby='tasks-heading']").inner_text()
    snap(page, shot)


def chronology(page):
    """The case page's chronology entries, in the order shown, one line each."""
    return page.locator("#chronology > li > p > strong").all_inner_texts()


def utc(*parts):
    """An instant in UTC (London keeps GMT through November, so these read as local times too)."""
    return datetime(*parts, tzinfo=timezone.utc)


def move_clock(clock, as_user, when, case_id):
    """Move the fake clock on and run the timer sweep as the scheduler would: the case's timers that fired."""
    clock.set(when)
    response = as_user("demo-admin").post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"] if f["case_id"] == case_id]


# --- Camden Appendix 1: Step Up to MASH ------------------------------------------------------------

EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
MASH_SW = "camden-mash-social-worker"
DUTY = "camden-duty-manager-of-the-receiving-team"
CAMDEN_CHILD = "Fictional Child Juliet"
EH_TEXT = "Fictional: bruising seen at nursery; mother reports a new partner; attendance 62%."


@WIDTHS
def test_camden_step_up_to_mash_end_to_end(server, browser, clock, as_user, width):  # noqa: F811
    started = time.monotonic()
    as_ = people(browser, server, width)

    # Early Help manager: opens the case and sends the step-up (nine questions: checked before sending).
    eh = as_(EH)
    case_id = open_case(eh, CAMDEN_CHILD, date(2019, 6, 14), "P-7001", "Demo Family Worker")
    start_pathway(eh, "camden/step_up_to_mash")
    eh.get_by_role("link", name="Step Up to MASH", exact=True).click()
    heading(eh, "Step Up to MASH")
    choose(eh, "Reason", "CP")
    eh.get_by_label("Information for CSSW, if stepping up to MASH").fill(EH_TEXT)
    choose(eh, "Is the child now at risk of significant harm", "Yes")
    eh.get_by_label("Why can the child's needs not be met by Early Help?").fill("Fictional: needs now statutory")
    choose(eh, "Has stepping up been discussed with the family?", "Yes")
    snap(eh, "camden-step-up")
    check_and_send(eh, "camden-step-up")
    told(eh, "Next: MASH contact and referral (CSSW), with the MASH Manager.")

    # MASH manager: the contact is in My work, pre-filled with what Early Help wrote.
    manager = as_(MASH_MANAGER)
    snap(manager, "camden-mash-tray")
    open_from_tray(manager, CAMDEN_CHILD, "MASH contact and referral (CSSW)")
    assert manager.get_by_label("Further details about this contact").input_value() == EH_TEXT
    choose(manager, "Details of contact", "Request for services")
    choose(manager, "Is the child / family already known?", "No")
    choose(manager, "Has an Early Help Assessment previously been completed", "Yes")
    press(manager, "Complete task")
    told(manager, "Next: Write summary (MASH contact and referral sections), with the MASH Social Worker.")

    # MASH social worker: the summary.
    sw = as_(MASH_SW)
    open_from_tray(sw, CAMDEN_CHILD, "Write summary (MASH contact and referral sections)")
    sw.get_by_label("Family / household details").fill("Mother, partner and two children (fictional)")
    sw.get_by_label("MASH screening activity and findings").fill("Fictional: police and health checks done")
    sw.get_by_label("Recommended decisions and actions").fill("Fictional: CP, strategy discussion")
    press(sw, "Complete task")
    told(sw, "Next: MASH Manager Decision, with the MASH Manager.")

    # MASH manager: the decision, with the evidence recorded so far on the same page.
    manager = as_(MASH_MANAGER)
    open_from_tray(manager, CAMDEN_CHILD, "MASH Manager Decision")
    manager.get_by_role("heading", name="What has been recorded so far").wait_for()
    evidence = manager.locator(".app-evidence").all_inner_texts()
    assert any(EH_TEXT in block for block in evidence)
    assert any("Fictional: police and health checks done" in block for block in evidence)
    snap(manager, "camden-decision")
    manager.get_by_label("I authorise this MASH contact and referral").check()
    choose(manager, "Next actions", "CP")
    manager.get_by_label("Receiving team").fill("Children with Disability Team")
    manager.get_by_label("Decision and rationale").fill("Fictional: threshold for s47 met")
    press(manager, "Complete task")
    # The seed's rule: CP opens both a strategy discussion and a child and family assessment.
    told(manager, "Next: Strategy discussion (CSSW), with the MASH Manager.")
    told(manager, "Next: Child and family assessment (CSSW), with the Duty Manager of the Receiving Team.")
    open_tasks = manager.locator(".open-tasks").inner_text()
    assert "Strategy discussion (CSSW)" in open_tasks and "Child and family assessment (CSSW)" in open_tasks

    # The strategy discussion is recorded the next morning, once it has been held.
    # The decision's deadline (1 working day after the contact) has passed: made in time, nothing escalates.
    assert move_clock(clock, as_user, utc(2026, 11, 3, 11, 0), case_id) == []
    manager = as_(MASH_MANAGER)
    open_from_tray(manager, CAMDEN_CHILD, "Strategy discussion (CSSW)")
    fill_date_and_time(manager, "Held at", utc(2026, 11, 3, 10, 0))
    manager.get_by_label("Agencies and people present").fill("Police, health, CSC (fictional)")
    choose(manager, "Outcome: start section 47 enquiries?", "Yes")
    manager.get_by_label("Outcome and actions").fill("Fictional: s47 enquiries by the allocated worker")
    press(manager, "Complete task")
    told(manager, "Completed: Strategy discussion (CSSW).")

    # The duty manager of the receiving team allocates the assessment.
    duty = as_(DUTY)
    open_from_tray(duty, CAMDEN_CHILD, "Child and family assessment (CSSW)")
    assert duty.get_by_label("Team").input_value() == "Children with Disability Team"
    duty.get_by_label("Allocated social worker (Stepwise username)").fill(MASH_SW)
    fill_date(duty, "Assessment start date", date(2026, 11, 3))
    press(duty, "Complete task")
    told(duty, "Next: Child and family assessment concluded, with the Duty Manager of the Receiving Team.")

    # The section 47 enquiries conclude that a conference is needed; it is held within 15 working days.
    assert move_clock(clock, as_user, utc(2026, 11, 13, 12, 0), case_id) == []
    duty = as_(DUTY)
    open_from_tray(duty, CAMDEN_CHILD, "Outcome of the section 47 enquiries")
    fill_date(duty, "Enquiries concluded on", date(2026, 11, 13))
    duty.get_by_label("Findings of the enquiries").fill("Fictional: concerns substantiated")
    choose(duty, "Is an initial child protection conference needed?", "Yes")
    press(duty, "Complete task")
    told(duty, "Next: Initial child protection conference, with the Duty Manager of the Receiving Team.")

    assert move_clock(clock, as_user, utc(2026, 11, 20, 15, 0), case_id) == []
    duty = as_(DUTY)
    open_from_tray(duty, CAMDEN_CHILD, "Initial child protection conference")
    fill_date_and_time(duty, "Conference held at", utc(2026, 11, 20, 10, 0))
    choose(duty, "Child protection plan made?", "Yes")
    duty.get_by_label("Outcome and recommendations").fill("Fictional: child protection plan, category neglect")
    press(duty, "Complete task")
    told(duty, "Completed: Initial child protection conference.")

    duty = as_(DUTY)
    open_from_tray(duty, CAMDEN_CHILD, "Child and family assessment concluded")
    fill_date(duty, "Assessment concluded on", date(2026, 11, 20))
    choose(duty, "Outcome of the assessment", "Child protection plan")
    duty.get_by_label("Summary of the assessment and decision").fill("Fictional: CP plan agreed at conference")
    press(duty, "Complete task")
    told(duty, "Completed: Child and family assessment concluded.")

    # The case: with Children's Social Care, the pathway complete, the chronology newest first in plain words.
    finished_case(duty, CAMDEN_CHILD, "camden-case")
    lines = chronology(duty)
    order = ["Completed Child and family assessment concluded", "Completed Initial child protection conference",
             "Completed Outcome of the section 47 enquiries", "Completed Child and family assessment (CSSW)",
             "Completed Strategy discussion (CSSW)", "Now with Children's Social Care (CSC)",
             "Completed MASH Manager Decision", "Completed Write summary (MASH contact and referral sections)",
             "Completed MASH contact and referral (CSSW)", "Completed Step Up to MASH"]
    assert [line for line in lines if line in order] == order, lines
    assert not [line for line in lines if "camden/" in line or "task." in line], lines
    # Only the decisions, newest first, each with its answers in the form's own words.
    duty.get_by_label("Decisions", exact=True).check()
    press(duty, "Filter the chronology")
    duty.wait_for_url("**kind=decisions**")  # the same case page again: wait for the filtered one
    fits(duty)
    assert chronology(duty) == ["Completed Outcome of the section 47 enquiries", "Completed MASH Manager Decision"]
    decision = duty.locator("#chronology > li").nth(1)
    decision.get_by_text("Recorded answers").click()
    answers = decision.inner_text()
    assert "Next actions" in answers and "CP" in answers and "Receiving team" in answers, answers
    # Past the 45 working days of the assessment (7 January 2027): concluded in time, nothing fires.
    assert move_clock(clock, as_user, utc(2027, 1, 8, 10, 0), case_id) == []
    print(f"Camden journey at {width}px: {time.monotonic() - started:.1f}s")


# --- Knowsley §4: planned step-up ----------------------------------------------------------------

LP = "knowsley-lead-practitioner"
FF_TM = "knowsley-family-first-team-manager"
BUSINESS_SUPPORT = "knowsley-mash-business-support"
KNOWSLEY_SW = "knowsley-mash-social-worker"
KNOWSLEY_CHILD = "Fictional Child Kilo"
NEGLECT_TEXT = "Fictional: home conditions poor; missed health appointments; child often hungry at school."


def fill_step_up_request(page):
    """Appendix 1, the required answers (the line manager's agreement is carried from the oversight)."""
    page.get_by_label("Case ID on EHM").fill("EHM-DEMO-77")
    choose(page, "Has this family recently closed to Children's Social Care?", "No")
    choose(page, "Level of engagement", "Medium")
    choose(page, "Has the Engaging Families Toolkit policy been followed?", "Yes")
    choose(page, "Recent TAF meeting minutes attached", "Yes")
    group(page, "What the step-up is about").get_by_label("Neglect", exact=True).check()
    page.get_by_label("Current concerns (impact on child)").fill(NEGLECT_TEXT)
    page.get_by_label("Existing strengths", exact=True).fill("Grandmother nearby (fictional)")
    page.get_by_label("Existing safety", exact=True).fill("School breakfast club (fictional)")
    page.get_by_label("Goals", exact=True).fill("Child fed, clean and at appointments")
    page.get_by_label("Next steps", exact=True).fill("C&F assessment")
    page.get_by_label("Scaling question", exact=True).fill("0 = harm certain, 10 = safe enough to close")
    page.get_by_label("Scaling (0-10)").fill("3")
    page.get_by_label("Contingency plan (SMART and timely)").fill("Daily school check; MASH if no improvement")
    choose(page, "Did MASH screening or the DMM already recommend a C&F assessment", "No")
    assert page.get_by_label("Agreement by line manager").is_checked()
    assert page.get_by_label("Line manager", exact=True).input_value() == "Demo Team Manager"


@WIDTHS
def test_knowsley_planned_step_up_end_to_end(server, browser, clock, as_user, width):  # noqa: F811
    started = time.monotonic()
    as_ = people(browser, server, width)

    # Lead practitioner: opens the case, starts the step-up and records the talk with their manager.
    lp = as_(LP)
    case_id = open_case(lp, KNOWSLEY_CHILD, date(2016, 2, 8), "K-7001", "Demo Lead Practitioner")
    start_pathway(lp, "knowsley/step_up")
    lp.get_by_role("link", name="Discuss the step-up with the team manager", exact=True).click()
    heading(lp, "Discuss the step-up with the team manager")
    lp.get_by_label("Why needs are increasing").fill(NEGLECT_TEXT)
    fill_date(lp, "Date discussed with your team manager", date(2026, 11, 2))
    press(lp, "Complete task")
    told(lp, "Next: Management oversight, with the Family First Team Manager.")

    # Family First team manager: management oversight.
    manager = as_(FF_TM)
    open_from_tray(manager, KNOWSLEY_CHILD, "Management oversight")
    manager.get_by_label("Team manager", exact=True).fill("Demo Team Manager")
    choose(manager, "Do you agree to the step-up to Children's Social Care?", "Yes")
    manager.get_by_label("Management oversight", exact=True).fill("Agreed: neglect evidence is clear (fictional)")
    press(manager, "Complete task")
    told(manager, "Next: FF Step Up request to CSC, with the Lead Practitioner.")

    # Lead practitioner: Appendix 1. Neglect without the Graded Care Profile date is refused on the page.
    lp = as_(LP)
    open_from_tray(lp, KNOWSLEY_CHILD, "FF Step Up request to CSC")
    fill_step_up_request(lp)
    press(lp, "Continue")
    summary = lp.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    fits(lp)
    snap(lp, "knowsley-error-summary")
    problem = summary.get_by_role("link", name=re.compile("^Enter the date the Graded Care Profile 2 was completed"))
    problem.click()  # the link takes the worker to the Day box of the date it names
    assert lp.evaluate("document.activeElement.id") == "f-graded_care_profile_date-day"
    fill_date(lp, "Graded Care Profile 2 completed on", date(2026, 10, 20))
    check_and_send(lp, "knowsley-request")
    told(lp, "Next: Book the step-up TAF meeting and send the invites, with the Lead Practitioner.")

    # Booking: the first Wednesday with five working days' notice, suggested and kept.
    lp = as_(LP)
    open_from_tray(lp, KNOWSLEY_CHILD, "Book the step-up TAF meeting and send the invites")
    fill_date_and_time(lp, "Date and time of the step-up TAF meeting", utc(2026, 11, 11, 9, 0))
    lp.get_by_label("Current TAF members' e-mail addresses").fill("school.nurse@demo.invalid\nyouth.worker@demo.invalid")
    press(lp, "Complete task")
    told(lp, "Next: Minutes on the Signs of Safety group supervision template, with the MASH "
                   "Business Support.")

    # The meeting is held on Wednesday 11 November; business support records the minutes after it.
    assert move_clock(clock, as_user, utc(2026, 11, 11, 11, 0), case_id) == []
    support = as_(BUSINESS_SUPPORT)
    open_from_tray(support, KNOWSLEY_CHILD, "Minutes on the Signs of Safety group supervision template")
    fill_date_and_time(support, "Date of session", utc(2026, 11, 11, 9, 0))
    support.get_by_label("Case holder (name, job title)").fill("Demo Lead Practitioner, Family First")
    support.get_by_label("Facilitator (name, job title)").fill("Demo MASH Social Worker")
    support.get_by_label("Summary of the critical issues").fill("Fictional: neglect, missed appointments")
    support.get_by_label("What's working well").fill("Grandmother's support (fictional)")
    support.get_by_label("What are we worried about").fill("Child hungry at school (fictional)")
    support.get_by_label("Danger / worry statements").fill("Fictional danger statement")
    support.get_by_label("Safety / wellbeing / success goals").fill("Fictional safety goal")
    check_and_send(support, "knowsley-minutes")
    told(support, "Next: Approve the minutes and record the outcome, with the MASH Social "
                        "Worker.")

    # The chair approves the minutes and records the decision: step up.
    sw = as_(KNOWSLEY_SW)
    open_from_tray(sw, KNOWSLEY_CHILD, "Approve the minutes and record the outcome")
    sw.get_by_label("The minutes were approved at the end of the meeting").check()
    choose(sw, "Outcome: step up to Children's Social Care?", "Yes")
    sw.get_by_label("Rationale for the outcome").fill("Fictional: neglect persists despite the TAF plan")
    press(sw, "Complete task")
    told(sw, "Next: Initiate the transfer to CSC (same day), with the Lead "
                   "Practitioner.")

    # Lead practitioner: the same-day transfer, stating the meeting and the Graded Care Profile date.
    lp = as_(LP)
    open_from_tray(lp, KNOWSLEY_CHILD, "Initiate the transfer to CSC (same day)")
    fill_date_and_time(lp, "Date and time of the step-up meeting", utc(2026, 11, 11, 9, 0))
    graded = group(lp, "Graded Care Profile completed on (if neglect)")
    assert graded.get_by_label("Year").input_value() == "2026"
    lp.get_by_label("I have transferred the case from EHM to ICS").check()
    lp.get_by_label("Documents provided").fill("Early Help Assessment, case summary (fictional)")
    press(lp, "Complete task")
    told(lp, "Next: Stay involved until the C&F assessment concludes, with the Lead "
                   "Practitioner.")
    heading(lp, KNOWSLEY_CHILD, exact=False)
    assert "Children’s Social Care" in lp.get_by_role("heading", name=KNOWSLEY_CHILD).inner_text()

    # Family First stays involved until CSC concludes the assessment, nine days later.
    # Past the end of the transfer's day and nine days on: transferred in time, nothing escalates.
    assert move_clock(clock, as_user, utc(2026, 11, 20, 10, 0), case_id) == []
    lp = as_(LP)
    open_from_tray(lp, KNOWSLEY_CHILD, "Stay involved until the C&F assessment concludes")
    fill_date(lp, "Date the C&F assessment concluded", date(2026, 11, 19))
    choose(lp, "Decision about future intervention and support", "Child in need plan")
    lp.get_by_label("How Family First's involvement ends").fill("Handover visit with the social worker (fictional)")
    press(lp, "Complete task")
    told(lp, "Completed: Stay involved until the C&F assessment concludes.")

    finished_case(lp, KNOWSLEY_CHILD, "knowsley-case")
    lines = chronology(lp)
    order = ["Completed Stay involved until the C&F assessment concludes",
             "Now with Children's Social Care (CSC)",
             "Completed Initiate the transfer to CSC (same day)",
             "Completed Approve the minutes and record the outcome",
             "Completed Minutes on the Signs of Safety group supervision template",
             "Completed Book the step-up TAF meeting and send the invites", "Completed FF Step Up request to CSC",
             "Completed Management oversight", "Completed Discuss the step-up with the team manager"]
    assert [line for line in lines if line in order] == order, lines
    # Past the C&F assessment's 45 working days (18 January 2027): it concluded, so nothing fires.
    assert move_clock(clock, as_user, utc(2027, 1, 19, 12, 0), case_id) == []
    print(f"Knowsley journey at {width}px: {time.monotonic() - started:.1f}s")


# --- the checks themselves ----------------------------------------------------------------------------

def test_the_checks_catch_a_page_wider_than_a_phone_and_a_button_off_the_screen(server, browser):  # noqa: F811
    page = new_page(browser, PHONE)
    page.goto(server + "/sign-in")
    heading(page, "Sign in")
    # Styled through the CSS object model: the Content Security Policy ignores a style attribute.
    page.evaluate("""() => { const wide = document.createElement('div'); wide.textContent = 'Fictional wide';
                              wide.style.width = '600px'; document.querySelector('main').append(wide); }""")
    with pytest.raises(AssertionError):
        fits(page)
    page.goto(server + "/sign-in")
    page.evaluate("""() => { const button = document.querySelector('main button[type=submit]');
                              button.style.marginLeft = '-400px'; }""")
    with pytest.raises(AssertionError):
        press(page, "Sign in")

