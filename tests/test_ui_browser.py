"""A real headless Chromium walks the step-up: EH manager sends it, MASH manager finds it in the tray."""
import os

from browser_helpers import browser, page, server, shots, sign_in  # noqa: F401 (fixtures)

CHILD = "Fictional Child Charlie"
EH_TEXT = "Fictional: health visitor found the home without heating; baby underweight at review."


def test_eh_manager_steps_up_and_mash_manager_sees_it_in_the_tray(server, page, shots):
    sign_in(page, server, "camden-early-help-manager")

    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Open a new case").click()
    page.get_by_label("Child's name").fill(CHILD)
    date_of_birth = page.get_by_role("group", name="Date of birth", exact=True)
    date_of_birth.get_by_label("Day").fill("29")
    date_of_birth.get_by_label("Month").fill("2")
    date_of_birth.get_by_label("Year").fill("2024")
    page.get_by_label("Person ID").fill("P-3003")
    page.get_by_label("Family ID").fill("F-3003")
    page.get_by_label("Lead professional").fill("Demo Family Worker")
    page.get_by_role("button", name="Open case").click()
    page.get_by_role("heading", name=CHILD).wait_for()

    page.get_by_label("Start a pathway").select_option("camden/step_up_to_mash")
    page.get_by_role("button", name="Start pathway").click()
    page.get_by_role("link", name="Step Up to MASH", exact=True).click()

    page.get_by_label("CP", exact=True).check()
    page.get_by_label("Information for CSSW, if stepping up to MASH").fill(EH_TEXT)
    page.get_by_role("group", name="Is the child now at risk of significant harm").get_by_label("Yes").check()
    page.get_by_label("Why can the child's needs not be met by Early Help?").fill("Fictional: needs now statutory")
    page.get_by_role("group", name="Has stepping up been discussed with the family?").get_by_label(
        "Yes", exact=True).check()
    page.screenshot(path=os.path.join(shots, "task.png"), full_page=True)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Confirm and send").click()
    page.get_by_text("Next: MASH contact and referral (CSSW), with the MASH Manager.").wait_for()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()

    sign_in(page, server, "camden-mash-manager")
    row = page.get_by_role("row").filter(has_text=CHILD)
    assert row.count() == 1
    assert "MASH contact and referral (CSSW)" in row.inner_text()
    assert "P-3003" in row.inner_text()
    page.screenshot(path=os.path.join(shots, "tray.png"), full_page=True)

    row.get_by_role("link", name="MASH contact and referral (CSSW)").click()
    assert page.get_by_label("Further details about this contact").input_value() == EH_TEXT
