"""Knowsley §6: the step-up request log, as a page and a CSV, for managers only."""
import csv
import io
from datetime import datetime, timezone

import lxml.html
from test_knowsley_step_up import FF_TM, LP, MASH_TM, REQUEST, agreed_by_manager, new_case, ok

from service.demo import DEMO_PASSWORD

PAGE = "/knowsley/step-up-log/"
CSV = "/knowsley/step-up-log/log.csv"


def signed_in(app, username):
    browser = app.test_client()
    response = browser.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.data
    return browser


def three_requests(as_user, clock):
    """Not agreed by the team manager; stepped up by direct transfer; one started in December."""
    lp, manager = as_user(LP), as_user(FF_TM)
    refused_case = new_case(lp)
    lp.post(f"/api/v1/cases/{refused_case}/pathways", {"pathway": "knowsley/step_up"})
    ok(lp.complete("discuss_with_team_manager", refused_case, concerns_for_discussion="Fictional",
                   discussed_on="2026-11-02"))
    ok(manager.complete("management_oversight", refused_case, team_manager_name="Demo TM", management_agrees="No",
                        oversight_comments="Not yet", reason_not_agreed="Engaging Families toolkit first"))
    stepped_up = agreed_by_manager(as_user)
    ok(lp.complete("step_up_request", stepped_up, **{**REQUEST, "ehm_case_id": "=HYPERLINK(\"x\")",
                                                     "c_and_f_already_recommended": "Yes",
                                                     "recommendation_details": "DMM (fictional)"}))
    clock.set(datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc))
    ok(lp.complete("initiate_transfer", stepped_up, transferred_to_ics=True, documents_provided="EHA"))
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    december = agreed_by_manager(as_user)
    return refused_case, stepped_up, december


def test_managers_see_every_request_with_its_dates_and_outcome(app, as_user, clock):
    refused_case, stepped_up, december = three_requests(as_user, clock)
    response = signed_in(app, MASH_TM).get(PAGE)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.data)
    rows = [[td.text_content().strip() for td in tr.iter("td")]
            for tr in page.get_element_by_id("step-up-log").iter("tr") if tr.find("td") is not None]
    assert [row[0] for row in rows] == [str(refused_case), str(stepped_up), str(december)]
    assert rows[0][3:6] == ["2026-11-02", "Not agreed", "2026-11-02"]
    assert "Not agreed by the team manager" in rows[0]
    assert rows[1][5:7] == ["2026-11-02", "Direct transfer (C&F already recommended)"]
    assert "Stepped up to CSC" in rows[1] and "2026-11-03" in rows[1]
    assert rows[2][3] == "2026-12-01" and "In progress" in rows[2]
    assert b"Fictional Child K" not in response.data  # case numbers, never names


def test_the_csv_is_for_the_month_uncached_and_defuses_formulas(app, as_user, clock):
    _refused, stepped_up, _december = three_requests(as_user, clock)
    response = signed_in(app, FF_TM).get(CSV, query_string={"month": "2026-11"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="knowsley-step-up-log-2026-11.csv"'
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0][:4] == ["Case", "Person ID", "EHM case ID", "Requested on"]
    assert len(table) == 3  # the header and November's two requests
    [row] = [r for r in table if r[0] == str(stepped_up)]
    assert row[2] == "'=HYPERLINK(\"x\")"  # a spreadsheet shows it as text, never runs it
    assert row[table[0].index("Outcome")] == "Stepped up to CSC"


def test_practitioners_may_not_read_the_log_and_a_bad_month_is_refused(app, as_user, clock):
    assert signed_in(app, LP).get(PAGE).status_code == 403
    assert signed_in(app, LP).get(CSV).status_code == 403
    assert signed_in(app, "camden-mash-manager").get(CSV).status_code == 403  # a manager, but not Knowsley's
    manager = signed_in(app, MASH_TM)
    assert manager.get(PAGE, query_string={"month": "2026-13"}).status_code == 400
    assert manager.get(CSV, query_string={"month": "November"}).status_code == 400
    assert app.test_client().get(CSV).status_code == 302  # to the sign-in page
