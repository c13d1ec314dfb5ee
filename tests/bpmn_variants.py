"""Shared by the diagram tests: the shipped Camden diagram and edits that break or change it."""
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CAMDEN = ROOT / "bpmn" / "camden" / "step_up_to_mash.bpmn"
PATHWAY = "camden/step_up_to_mash"


def camden_text():
    return CAMDEN.read_text()


def line_of(text, needle):
    """1-based line of the first occurrence of ``needle`` (asserts it is there)."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def replace_once(text, old, new):
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def with_timer(text, expression, kind="timeDuration", timer_id="referral_overdue"):
    """Add a non-interrupting boundary timer on 'MASH contact and referral' leading to an end."""
    text = replace_once(text, "<bpmn:flowNodeRef>mash_contact_and_referral</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>mash_contact_and_referral</bpmn:flowNodeRef>\n"
                        f"        <bpmn:flowNodeRef>{timer_id}</bpmn:flowNodeRef>\n"
                        f"        <bpmn:flowNodeRef>{timer_id}_noted</bpmn:flowNodeRef>")
    semantic = f"""<bpmn:boundaryEvent id="{timer_id}" name="Referral not screened in time" attachedToRef="mash_contact_and_referral" cancelActivity="false">
      <bpmn:outgoing>flow_{timer_id}</bpmn:outgoing>
      <bpmn:timerEventDefinition id="{timer_id}_definition">
        <bpmn:{kind} xsi:type="bpmn:tFormalExpression">{expression}</bpmn:{kind}>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="{timer_id}_noted" name="Delay noted">
      <bpmn:incoming>flow_{timer_id}</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_{timer_id}" sourceRef="{timer_id}" targetRef="{timer_id}_noted" />
"""
    # First in the process, so this is the diagram's first timer of its kind (the shipped
    # diagram has timers of its own further down).
    text = replace_once(text, "    </bpmn:laneSet>\n", "    </bpmn:laneSet>\n    " + semantic)
    drawing = f"""<bpmndi:BPMNShape id="{timer_id}_di" bpmnElement="{timer_id}">
        <dc:Bounds x="592" y="297" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="{timer_id}_noted_di" bpmnElement="{timer_id}_noted">
        <dc:Bounds x="662" y="292" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="flow_{timer_id}_di" bpmnElement="flow_{timer_id}">
        <di:waypoint x="628" y="315" />
        <di:waypoint x="662" y="310" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>"""
    return replace_once(text, "</bpmndi:BPMNPlane>", drawing)


def moved_to_lane_of(text, element_id, neighbour):
    """``element_id`` moved into the lane ``neighbour`` sits in (a structural change: another role)."""
    ref = f"        <bpmn:flowNodeRef>{{}}</bpmn:flowNodeRef>\n"
    text = replace_once(text, ref.format(element_id), "")
    return replace_once(text, ref.format(neighbour), ref.format(neighbour) + ref.format(element_id))


# --- hostile edits: code and unsafe expressions (each returns text, element id, line needle) ---
SPIFF = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
STRATEGY_TASK = """    <bpmn:userTask id="strategy_discussion" name="Strategy discussion (CSSW)">
      <bpmn:incoming>flow_cp_strategy</bpmn:incoming>
      <bpmn:outgoing>flow_strategy_done</bpmn:outgoing>
    </bpmn:userTask>"""


def condition(expression):
    """The CP condition replaced by ``expression``."""
    text = replace_once(camden_text(), 'next_actions == "CP"', escape(expression))
    return text, "flow_cp", "<bpmn:conditionExpression"


def timer(expression, on="mash_contact_and_referral"):
    """A date timer with ``expression`` on the task ``on``."""
    text = with_timer(camden_text(), escape(expression), "timeDate")
    if on != "mash_contact_and_referral":
        text = replace_once(text, 'attachedToRef="mash_contact_and_referral"', f'attachedToRef="{on}"')
    return text, "referral_overdue", "<bpmn:timeDate "


def script_task(code):
    """A script task running ``code`` between Step Up and MASH contact and referral."""
    text = replace_once(camden_text(), "<bpmn:incoming>flow_step_up_sent</bpmn:incoming>",
                        "<bpmn:incoming>flow_recorded</bpmn:incoming>")
    return replace_once(text, 'sourceRef="send_step_up_to_mash" targetRef="mash_contact_and_referral" />',
                        'sourceRef="send_step_up_to_mash" targetRef="record_referral" />\n'
                        '    <bpmn:scriptTask id="record_referral" name="Record the referral">\n'
                        "      <bpmn:incoming>flow_step_up_sent</bpmn:incoming>\n"
                        "      <bpmn:outgoing>flow_recorded</bpmn:outgoing>\n"
                        f"      <bpmn:script>{escape(code)}</bpmn:script>\n"
                        "    </bpmn:scriptTask>\n"
                        '    <bpmn:sequenceFlow id="flow_recorded" sourceRef="record_referral" '
                        'targetRef="mash_contact_and_referral" />'), "record_referral", "<bpmn:scriptTask"


def task_script(kind, code):
    """A spiffworkflow:preScript or postScript running ``code`` on Step Up to MASH."""
    text = replace_once(camden_text(), "<bpmn:definitions ", "<bpmn:definitions " + SPIFF)
    text = replace_once(text, "from an incomplete step.</bpmn:documentation>",
                        "from an incomplete step.</bpmn:documentation>\n      <bpmn:extensionElements>"
                        f"<spiffworkflow:{kind}>{escape(code)}</spiffworkflow:{kind}></bpmn:extensionElements>")
    return text, "send_step_up_to_mash", f"<spiffworkflow:{kind}>"


def extension_script(code):
    """A Camunda-style execution listener script on Step Up to MASH (SpiffWorkflow would ignore it)."""
    text = replace_once(camden_text(), "<bpmn:definitions ",
                        '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ')
    text = replace_once(text, "from an incomplete step.</bpmn:documentation>",
                        "from an incomplete step.</bpmn:documentation>\n      <bpmn:extensionElements>"
                        '<camunda:executionListener event="start"><camunda:script scriptFormat="python">'
                        f"{escape(code)}</camunda:script></camunda:executionListener></bpmn:extensionElements>")
    return text, "send_step_up_to_mash", "<camunda:script"


def strategy_as(replacement, needle):
    """The strategy discussion user task replaced by ``replacement``."""
    text = replace_once(camden_text(), "<bpmn:definitions ", "<bpmn:definitions " + SPIFF)
    return replace_once(text, STRATEGY_TASK, replacement), "strategy_discussion", needle


def service_task():
    """The strategy discussion as a service task calling an HTTP connector."""
    return strategy_as("""    <bpmn:serviceTask id="strategy_discussion" name="Strategy discussion (CSSW)">
      <bpmn:extensionElements><spiffworkflow:serviceTaskOperator id="http/GetRequest"><spiffworkflow:parameters>
        <spiffworkflow:parameter id="url" type="str" value="'http://attacker.invalid/'" />
      </spiffworkflow:parameters></spiffworkflow:serviceTaskOperator></bpmn:extensionElements>
      <bpmn:incoming>flow_cp_strategy</bpmn:incoming>
      <bpmn:outgoing>flow_strategy_done</bpmn:outgoing>
    </bpmn:serviceTask>""", "<bpmn:serviceTask")


def business_rule_task():
    """The strategy discussion as a business rule (DMN) task."""
    return strategy_as("""    <bpmn:businessRuleTask id="strategy_discussion" name="Strategy discussion (CSSW)">
      <bpmn:extensionElements>
        <spiffworkflow:calledDecisionId>decide</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements>
      <bpmn:incoming>flow_cp_strategy</bpmn:incoming>
      <bpmn:outgoing>flow_strategy_done</bpmn:outgoing>
    </bpmn:businessRuleTask>""", "<bpmn:businessRuleTask")


def cardinality(expression):
    """The strategy discussion as a multi-instance task whose cardinality is ``expression``."""
    return strategy_as(STRATEGY_TASK.replace(
        "</bpmn:outgoing>\n", "</bpmn:outgoing>\n      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>"
        f"{escape(expression)}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>\n"),
        "<bpmn:loopCardinality")


# --- driving the Camden pathway and the admin pages -----------------------------------
EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
MASH_SW = "camden-mash-social-worker"
ADMIN = "demo-admin"
EH_TEXT = "Fictional: nursery saw bruising; the family's circumstances have changed."


def new_case_on_pathway(as_user, name="Fictional Child D"):
    """A new Camden case with Step Up to MASH started: (case id, instance id, version number)."""
    eh = as_user(EH)
    case = eh.post("/api/v1/cases", {"child_name": name, "date_of_birth": "2018-05-04", "pack": "camden",
                                     "person_id": "P-D", "family_id": "F-D"})
    assert case.status_code == 201, case.json
    started = eh.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": PATHWAY})
    assert started.status_code == 201, started.json
    return case.json["id"], started.json["id"], started.json["version"]


def send_step_up(as_user, case_id, reason="CP"):
    response = as_user(EH).complete("send_step_up_to_mash", case_id, reason=reason, information_for_cssw=EH_TEXT,
                                    risk_of_significant_harm="Yes", why_eh_cannot_meet_needs="Fictional reasons",
                                    discussed_with_family="Yes")
    assert response.status_code == 200, response.json


def contact_and_referral(as_user, case_id):
    response = as_user(MASH_MANAGER).complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                                              already_known="No", eha_previously_completed="Yes",
                                              further_details=EH_TEXT)
    assert response.status_code == 200, response.json


def write_summary(as_user, case_id):
    response = as_user(MASH_SW).complete("write_summary", case_id, household_details="Fictional household",
                                         screening_findings="Checks completed", recommended_decision="CP")
    assert response.status_code == 200, response.json


def pathway_version(actor, case_id, instance_id):
    pathways = actor.get(f"/api/v1/cases/{case_id}").json["pathways"]
    return next(p["version"] for p in pathways if p["id"] == instance_id)


def signed_in(app, username):
    """A test client with a signed-in browser session."""
    from service.demo import DEMO_PASSWORD
    client = app.test_client()
    response = client.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.data
    return client


def deploy_text(app, text, username=ADMIN, pathway=PATHWAY):
    """Deploy ``text`` through the use case as ``username``; returns the version number."""
    from service.access import auth
    from service.diagrams import deployment
    with app.app_context():
        version = deployment.deploy(app.extensions["stepwise"], auth.find_user(username), pathway,
                                    {"step_up_to_mash.bpmn": text.encode()})
        return version.number
