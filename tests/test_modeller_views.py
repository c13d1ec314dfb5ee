"""The modeller's pages without a browser: administrators only, and the live check is the upload's."""
from bpmn_variants import ADMIN, EH, camden_text, line_of, replace_once, signed_in
from service.diagrams import catalog

PATHWAY = "camden/step_up_to_mash"


def current_id(app):
    with app.app_context():
        return catalog.current_version(PATHWAY).id


def test_only_an_administrator_opens_the_modeller_or_runs_its_check(app):
    version_id = current_id(app)
    worker = signed_in(app, EH)
    assert worker.get(f"/admin/versions/{version_id}/modeller").status_code == 403
    assert worker.post(f"/admin/versions/{version_id}/check", data=camden_text()).status_code == 403
    page = signed_in(app, ADMIN).get(f"/admin/versions/{version_id}/modeller")
    assert page.status_code == 200 and b'action="/admin/upload"' in page.data


def test_the_live_check_names_the_element_and_line_an_upload_would(app):
    version_id = current_id(app)
    admin = signed_in(app, ADMIN)
    assert admin.post(f"/admin/versions/{version_id}/check", data=camden_text()).json["problems"] == []
    # A task whose handler does not exist: the same refusal an upload gives.
    broken = replace_once(camden_text(), 'id="write_summary"', 'id="write_summary_renamed"')
    problems = admin.post(f"/admin/versions/{version_id}/check", data=broken).json["problems"]
    found = [p for p in problems if p["element_id"] == "write_summary_renamed"]
    assert found and found[0]["line"] == line_of(broken, 'id="write_summary_renamed"'), problems
    assert admin.post(f"/admin/versions/{version_id}/check", data=b"").status_code == 422
    assert admin.get("/admin/versions/999999/modeller").status_code == 404
