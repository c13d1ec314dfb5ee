"""A case's position on its diagram: server-rendered SVG with its progress marked."""
import lxml.etree
import lxml.html

from bpmn_variants import (ADMIN, EH, camden_text, deploy_text, new_case_on_pathway, send_step_up, signed_in,
                           with_timer)
from service.diagrams import catalog
from service.demo import demo_username
from service.extensions import db
from service.store.models import Case

SVG = "http://www.w3.org/2000/svg"


def marks(svg_root):
    """{element id: set of state classes} from the rendered SVG."""
    states = {"completed", "active", "fired", "overdue"}
    found = {}
    for g in svg_root.iter(f"{{{SVG}}}g", "g"):
        element_id = g.get("data-element-id")
        if element_id:
            found[element_id] = set(g.get("class", "").split()) & states
    return found


def page_svg(response):
    page = lxml.html.fromstring(response.data)
    [svg] = page.xpath("//*[local-name()='svg']")
    return page, svg


def url(case_id, instance_id, suffix=""):
    return f"/cases/{case_id}/pathways/{instance_id}/diagram{suffix}"


def test_mid_way_the_diagram_marks_what_is_done_and_what_is_current(app, as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    send_step_up(as_user, case_id)
    response = signed_in(app, EH).get(url(case_id, instance_id))
    assert response.status_code == 200
    page, svg = page_svg(response)
    state = marks(svg)
    assert state["step_up_decided"] == {"completed"}
    assert state["send_step_up_to_mash"] == {"completed"}
    assert state["flow_to_step_up"] == {"completed"} and state["flow_step_up_sent"] == {"completed"}
    assert state["mash_contact_and_referral"] == {"active"}
    for later in ("write_summary", "mash_manager_decision", "cp_or_cin", "strategy_discussion"):
        assert state[later] == set(), later
    current = page.find_class("current-tasks")[0].text_content()
    assert "MASH contact and referral (CSSW)" in current and "MASH Manager" in current


def test_the_raw_svg_and_the_exact_bpmn_of_the_instance(app, as_user):
    case_id, instance_id, version = new_case_on_pathway(as_user)
    client = signed_in(app, EH)
    raw = client.get(url(case_id, instance_id, ".svg"))
    assert raw.status_code == 200 and raw.mimetype == "image/svg+xml"
    assert marks(lxml.etree.fromstring(raw.data))["send_step_up_to_mash"] == {"active"}
    # A new version is deployed: the case's download is still the version it runs.
    deploy_text(app, camden_text().replace('name="MASH Manager Decision"', 'name="MASH Manager decision"'))
    page = lxml.html.fromstring(client.get(url(case_id, instance_id)).data)
    link = page.xpath("//a[contains(@href, 'diagram.bpmn')]")[0].get("href")
    download = client.get(link)
    assert download.headers["Content-Disposition"] == f'attachment; filename="step_up_to_mash-v{version}.bpmn"'
    assert download.data.decode() == camden_text()


def test_only_people_in_the_pack_see_a_case_diagram(app, as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    assert app.test_client().get(url(case_id, instance_id)).status_code == 302  # sign in first
    outsider = signed_in(app, demo_username("knowsley", "Lead Practitioner"))
    for suffix in ("", ".svg", ".bpmn"):
        assert outsider.get(url(case_id, instance_id, suffix)).status_code == 403
    with app.app_context():
        other = Case(child_name="Fictional Other", pack="camden", created_at=app.extensions["stepwise"].now())
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    assert signed_in(app, EH).get(url(other_id, instance_id)).status_code == 404
    assert signed_in(app, ADMIN).get(url(case_id, instance_id)).status_code == 200


def test_an_overdue_task_and_a_fired_timer_are_marked(app, as_user, clock):
    deploy_text(app, with_timer(camden_text(), "working_days(1)", "timeDate"))
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    send_step_up(as_user, case_id)
    clock.advance(days=1, hours=1)  # past the working day MASH had
    client = signed_in(app, EH)  # the next day: yesterday's session has ended
    state = marks(page_svg(client.get(url(case_id, instance_id)))[1])
    assert state["mash_contact_and_referral"] == {"active", "overdue"}
    assert state["referral_overdue"] == set()
    fired = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert [f["timer_id"] for f in fired.json["fired"]] == ["referral_overdue"]
    state = marks(page_svg(client.get(url(case_id, instance_id)))[1])
    assert state["referral_overdue"] == {"fired"}
    assert state["referral_overdue_noted"] == {"completed"}
    assert "active" in state["mash_contact_and_referral"]  # non-interrupting: the task stays open
    with app.app_context():
        assert catalog.current_version("camden/step_up_to_mash").number == 2


def test_the_task_page_links_to_the_case_diagram(app, as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    send_step_up(as_user, case_id)
    item = as_user("camden-mash-manager").task("mash_contact_and_referral", case_id)
    client = signed_in(app, "camden-mash-manager")
    page = lxml.html.fromstring(client.get(f"/tasks/{item['id']}").data)
    links = [a.get("href") for a in page.xpath("//a") if "diagram" in (a.get("href") or "")]
    assert links == [url(case_id, instance_id)]
    assert client.get(links[0]).status_code == 200
