"""The pack's escalation ladder: escalation tasks must sit in a higher tier, and be e-mailed.

Knowsley's shipped ``initiate_transfer`` (Lead Practitioner, tier 1) escalates at the end
of the day to ``transfer_not_initiated`` (Family First Team Manager, tier 2); broken copies
of it move one of the two tasks into another lane. The ordering itself is driven through
the test-only two-step escalation example with ladders set per test.
"""
import types
from pathlib import Path

import lxml.html
import pytest
from bpmn_variants import line_of, replace_once, signed_in
from timer_helpers import DIAGRAM as EXAMPLE
from timer_helpers import HANDLERS as EXAMPLE_HANDLERS

import handlers
from handlers import PACKS, PackConfigError, validated_ladder
from service import bpmn_check

ROOT = Path(__file__).resolve().parent.parent
KNOWSLEY = ROOT / "bpmn" / "knowsley" / "step_up.bpmn"
NAME = "step_up.bpmn"
ESCALATION_TASK = '<bpmn:userTask id="transfer_not_initiated"'
SW, MM, DM, EH = "MASH Social Worker", "MASH Manager", "Duty Manager of the Receiving Team", "Early Help Manager"
HOS_CIN_CP = "Head of Service for Child in Need and Child Protection"
HOS_EH = "Head of Service for Early Help and Prevention"


def knowsley_text():
    return KNOWSLEY.read_text()


def check(text):
    return bpmn_check.check_files({NAME: text.encode()}, "knowsley", lint=False)


def move(text, node_id, to_lane):
    """``text`` with ``node_id``'s lane reference moved into the lane named ``to_lane``."""
    ref = f"        <bpmn:flowNodeRef>{node_id}</bpmn:flowNodeRef>\n"
    text = replace_once(text, ref, "")
    lane = f'name="{to_lane}">\n'
    return replace_once(text, lane, lane + ref)


def through_a_gateway(text):
    """The deadline reaches the escalation task through a gateway (drawn, in the lead practitioner's lane)."""
    text = replace_once(text, 'targetRef="transfer_not_initiated" />',
                        'targetRef="late_route" />\n    <bpmn:exclusiveGateway id="late_route" name="Route the '
                        'escalation" />\n    <bpmn:sequenceFlow id="flow_late_routed" sourceRef="late_route" '
                        'targetRef="transfer_not_initiated" />')
    text = replace_once(text, "<bpmn:incoming>flow_transfer_late</bpmn:incoming>",
                        "<bpmn:incoming>flow_late_routed</bpmn:incoming>")
    text = replace_once(text, "<bpmn:flowNodeRef>transfer_not_initiated_today</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>transfer_not_initiated_today</bpmn:flowNodeRef>\n"
                        "        <bpmn:flowNodeRef>late_route</bpmn:flowNodeRef>")
    drawing = """<bpmndi:BPMNShape id="late_route_di" bpmnElement="late_route" isMarkerVisible="true">
        <dc:Bounds x="3330" y="380" width="50" height="50" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="flow_late_routed_di" bpmnElement="flow_late_routed">
        <di:waypoint x="3380" y="405" />
        <di:waypoint x="3400" y="405" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>"""
    return replace_once(text, "</bpmndi:BPMNPlane>", drawing)


# --- the shipped packs ------------------------------------------------------------------
def test_the_shipped_packs_have_ladders_over_their_own_roles():
    assert bpmn_check.escalation_ladder("knowsley") == (
        ("Lead Practitioner", "Social Worker", "MASH Social Worker"),
        ("Family First Team Manager", "CSC Team Manager"), ("MASH Team Manager",), (HOS_CIN_CP, HOS_EH))
    assert bpmn_check.escalation_ladder("camden") == (
        ("Family Worker",), (EH, SW, "MASH Screening Officer"), (MM, DM, "Early Help Service Manager"),
        ("CSSW Service Manager",))
    assert bpmn_check.escalation_ladder("nowhere") == ()


@pytest.mark.parametrize("path", sorted(ROOT.glob("bpmn/*/*.bpmn")), ids=lambda p: p.parent.name)
def test_the_shipped_diagrams_pass_the_check_with_the_ladder(path):
    assert [str(p) for p in bpmn_check.check_paths([path], lint=False)] == []


def test_the_gateway_variant_is_itself_a_valid_diagram():
    assert [str(p) for p in check(through_a_gateway(knowsley_text()))] == []


# --- diagrams that escalate sideways, down or off the ladder --------------------------------
def test_an_escalation_task_in_the_same_tier_is_refused_with_its_line():
    text = move(knowsley_text(), "transfer_not_initiated", "Lead Practitioner")
    [problem] = check(text)
    assert (problem.file, problem.element_id, problem.line) == (NAME, "transfer_not_initiated",
                                                                line_of(text, ESCALATION_TASK))
    assert "is in 'Lead Practitioner' (tier 1)" in problem.message
    assert "watches 'Initiate the transfer to CSC (same day)' (initiate_transfer) in 'Lead Practitioner'" \
        in problem.message
    assert problem.fix.startswith("Move 'Escalation: transfer not initiated today' (transfer_not_initiated) into "
                                  "the lane of the next tier up: Family First Team Manager")


def test_an_escalation_from_the_top_tier_goes_down_and_is_refused():
    text = move(knowsley_text(), "initiate_transfer", "MASH Team Manager")
    [problem] = check(text)
    assert (problem.element_id, problem.line) == ("transfer_not_initiated", line_of(text, ESCALATION_TASK))
    assert "'Family First Team Manager' (tier 2)" in problem.message
    assert "in 'MASH Team Manager' (tier 3)" in problem.message
    assert problem.fix.endswith(f"the next tier up: {HOS_CIN_CP} or {HOS_EH}")


def test_the_tier_is_followed_through_a_gateway():
    text = move(through_a_gateway(knowsley_text()), "transfer_not_initiated", "Lead Practitioner")
    [problem] = check(text)
    assert (problem.element_id, problem.line) == ("transfer_not_initiated", line_of(text, ESCALATION_TASK))
    assert "must go to a higher tier of the knowsley pack's ladder" in problem.message


def test_an_escalation_task_in_a_lane_off_the_ladder_is_refused():
    text = move(knowsley_text(), "transfer_not_initiated", "MASH Business Support")
    [problem] = check(text)
    assert (problem.element_id, problem.line) == ("transfer_not_initiated", line_of(text, ESCALATION_TASK))
    assert "'MASH Business Support'" in problem.message and "is not on the knowsley pack's escalation ladder" \
        in problem.message
    assert "[escalation] ladder in handlers/knowsley/pack.toml" in problem.fix


def test_an_escalation_task_missing_from_notify_is_refused(monkeypatch):
    notify = {k: v for k, v in PACKS["knowsley"].settings["notify"].items() if k != "transfer_not_initiated"}
    monkeypatch.setitem(PACKS["knowsley"].settings, "notify", notify)
    text = knowsley_text()
    [problem] = check(text)
    assert (problem.element_id, problem.line) == ("transfer_not_initiated", line_of(text, ESCALATION_TASK))
    assert "not in the knowsley pack's [notify] table" in problem.message
    assert 'transfer_not_initiated = ["role:Family First Team Manager"]' in problem.fix


def test_a_pack_without_a_ladder_skips_the_tier_rule(monkeypatch):
    monkeypatch.delitem(PACKS["knowsley"].settings, "escalation")
    assert bpmn_check.escalation_ladder("knowsley") == ()
    assert check(move(knowsley_text(), "transfer_not_initiated", "Lead Practitioner")) == []


# --- the tier ordering, through the two-step escalation example --------------------------------
@pytest.fixture
def example(monkeypatch):
    """Check the escalation example as a Camden diagram (test-only handlers and alerts)."""
    for task_id, handler in EXAMPLE_HANDLERS.items():
        monkeypatch.setitem(PACKS["camden"].handlers, task_id, handler)
    notify = dict(PACKS["camden"].settings["notify"], chase_screening=[f"role:{MM}"],
                  escalate_screening=[f"role:{DM}"])
    monkeypatch.setitem(PACKS["camden"].settings, "notify", notify)

    def refused_with(ladder):
        monkeypatch.setitem(PACKS["camden"].settings, "escalation", {"ladder": ladder})
        problems = bpmn_check.check_files({EXAMPLE.name: EXAMPLE.read_bytes()}, "camden", lint=False)
        return sorted((p.element_id, p.line) for p in problems)
    return refused_with


def example_line(task_id):
    return line_of(EXAMPLE.read_text(), f'<bpmn:userTask id="{task_id}"')


@pytest.mark.parametrize("ladder, refused", [
    ([[SW], [MM], [DM]], []),                                  # each step one tier up
    ([[SW], [EH], [MM], [DM]], []),                            # skipping a tier is still up
    ([[SW], [MM, DM]], ["escalate_screening"]),                # manager to a peer: same tier
    ([[SW, MM], [DM]], ["chase_screening"]),                   # social worker to a peer
    ([[SW], [DM], [MM]], ["escalate_screening"]),              # a step down
    ([[MM], [SW], [DM]], ["chase_screening"]),                 # social worker's manager ranks lower
    ([[DM], [MM], [SW]], ["chase_screening", "escalate_screening"]),
])
def test_each_escalation_must_climb(example, ladder, refused):
    assert example(ladder) == sorted((task_id, example_line(task_id)) for task_id in refused)


def test_the_shipped_camden_ladder_has_no_tier_above_the_managers(example):
    # Camden's guidance ends at team managers (§6 hands disputes to the partnership's policy),
    # so the example's second step, MASH manager to duty manager, is sideways there.
    assert example([list(t) for t in bpmn_check.escalation_ladder("camden")]) == [
        ("escalate_screening", example_line("escalate_screening"))]


# --- the ladder itself is validated ------------------------------------------------------------
@pytest.mark.parametrize("ladder, message", [
    ([["Lead Practitioner"], ["Head of Service"]], "tier 2 names 'Head of Service', which is not a role of the pack"),
    ([["Lead Practitioner"], ["Lead practitioner"]], "tier 2 names 'Lead practitioner'"),
    ([["Lead Practitioner"], ["Lead Practitioner", "MASH Team Manager"]], "names 'Lead Practitioner' in tiers 1 and 2"),
    ([["Lead Practitioner"]], "at least two tiers"),
    ([["Lead Practitioner"], []], "each a non-empty list of role names"),
    (["Lead Practitioner", "MASH Team Manager"], "each a non-empty list of role names"),
])
def test_a_bad_ladder_is_refused_with_a_clear_message(ladder, message):
    settings = dict(PACKS["knowsley"].settings, escalation={"ladder": ladder})
    with pytest.raises(PackConfigError, match="knowsley: \\[escalation\\] ladder") as refused:
        validated_ladder("knowsley", settings)
    assert message in str(refused.value)


def test_a_pack_whose_ladder_names_an_unknown_role_does_not_load(tmp_path):
    (tmp_path / "pack.toml").write_text('title = "Fictional"\nroles = ["Practitioner", "Team Manager"]\n'
                                        '[escalation]\nladder = [["Practitioner"], ["Head of Service"]]\n')
    module = types.SimpleNamespace(__file__=str(tmp_path / "__init__.py"), HANDLERS={})
    with pytest.raises(PackConfigError) as refused:
        handlers._load("fictional", module)
    assert str(refused.value) == ("fictional: [escalation] ladder tier 2 names 'Head of Service', which is not a "
                                  "role of the pack (roles: Practitioner, Team Manager)")
    (tmp_path / "pack.toml").write_text('title = "Fictional"\nroles = ["Practitioner", "Team Manager"]\n'
                                        '[escalation]\nladder = [["Practitioner"], ["Team Manager"]]\n')
    assert handlers._load("fictional", module).roles == ("Practitioner", "Team Manager")


def test_a_ladder_broken_after_loading_is_refused_when_read(monkeypatch):
    monkeypatch.setitem(PACKS["camden"].settings, "escalation", {"ladder": [[EH], ["Head of Service"]]})
    with pytest.raises(PackConfigError, match="'Head of Service'"):
        bpmn_check.escalation_ladder("camden")


# --- shown to administrators -----------------------------------------------------------------
def test_the_admin_diagrams_page_shows_each_packs_ladder(app):
    page = lxml.html.fromstring(signed_in(app, "demo-admin").get("/admin/").data)
    rows = {row.get("data-pack"): [li.text_content() for li in row.iter("li")]
            for row in page.get_element_by_id("escalation-ladders").find_class("ladder-row")}
    assert rows == {"camden": ["Family Worker", f"{EH}, {SW}, MASH Screening Officer",
                               f"{MM}, {DM}, Early Help Service Manager",
                               "CSSW Service Manager"],
                    "knowsley": ["Lead Practitioner, Social Worker, MASH Social Worker",
                                 "Family First Team Manager, CSC Team Manager", "MASH Team Manager",
                                 f"{HOS_CIN_CP}, {HOS_EH}"],
                    "blackburn": ["Early Help Practitioner, MASH Social Worker, Allocated Social Worker",
                                  "Early Help Team Leader, MASH Manager"],
                    "manchester": ["Contact Centre Worker, MASH Early Help Coordinator, Area Social Worker, "
                                   "Early Help Practitioner, Early Help Social Worker, Early Help Senior Social Worker",
                                   "MASH Team Manager, Locality Social Work Team Manager, Early Help Team Manager",
                                   "Hub Locality Manager, Locality Social Work Head of Service",
                                   "Strategic Head of Early Help, Deputy Director of Children's Social Care"]}
