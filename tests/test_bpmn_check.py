"""The validation command: each rule, shown catching a broken copy of the Camden diagram."""
import re

import pytest

from bpmn_variants import camden_text, line_of, replace_once, with_timer
from service.diagrams import bpmn_check, bpmn_lint
from service.engine import MAX_DIAGRAM_BYTES

NAME = "step_up_to_mash.bpmn"


def check(text, lint=False, siblings=()):
    """Problems with ``text`` as a Camden diagram (bpmnlint only where a test is about it)."""
    # The pack's other shipped diagrams (the safeguarding override) use their own handlers.
    others = bpmn_check.shipped_sibling_task_ids("camden", [NAME]) + list(siblings)
    return bpmn_check.check_files({NAME: text.encode()}, "camden", sibling_task_ids=others, lint=lint)


def about(problems, element_id):
    found = [p for p in problems if p.element_id == element_id]
    assert found, f"no problem names {element_id}: {[str(p) for p in problems]}"
    return found


def test_the_shipped_diagram_has_no_problems():
    assert check(camden_text(), lint=True) == []


def test_a_lane_that_is_not_a_role_of_the_pack():
    text = replace_once(camden_text(), 'name="MASH Social Worker"', 'name="MASH Socal Worker"')
    [problem] = about(check(text), "lane_mash_social_worker")
    assert "not a role of the camden pack" in problem.message
    assert "Did you mean 'MASH Social Worker'?" in problem.fix
    assert problem.line == line_of(text, 'name="MASH Socal Worker"')
    assert problem.file == NAME


def test_a_user_task_without_a_handler_and_a_handler_without_a_task():
    # Renaming the task's id everywhere leaves a task nobody has a form for, and a form
    # (handler) that no diagram of the pack uses.
    text = camden_text().replace("write_summary", "write_the_summary")
    problems = check(text)
    [task] = about(problems, "write_the_summary")
    assert "has no handler in the camden pack" in task.message
    assert task.line == line_of(text, '<bpmn:userTask id="write_the_summary"')
    [handler] = about(problems, "write_summary")
    assert "no diagram of the pack has a user task with that id" in handler.message
    assert "'write_summary'" in handler.fix


def test_a_handler_used_only_by_another_diagram_of_the_pack_is_fine():
    text = camden_text().replace("write_summary", "write_the_summary")
    problems = check(text, siblings=["write_summary"])
    assert [p.element_id for p in problems] == ["write_the_summary"]


def test_a_user_task_outside_every_lane():
    text = replace_once(camden_text(), "<bpmn:flowNodeRef>write_summary</bpmn:flowNodeRef>", "")
    [problem] = about(check(text), "write_summary")
    assert "is in no lane" in problem.message


@pytest.mark.parametrize("expression, kind, expected", [
    ("working_days(", "timeDate", "is not a valid expression"),
    ("working_dayz(1)", "timeDate", "calls 'working_dayz', which is not a function diagrams may use"),
    ("working_dayz(1)", "timeDate", "Close matches: working_days"),
    ("P3D", "timeDuration", 'Put it in quotes: "P3D"'),
    ('"3 days"', "timeDuration", "not an ISO-8601 duration"),
    ('"2026-11-09T17:00:00"', "timeDate", "without a time zone"),
    ("working_days(-1) + 5", "timeDate", "fails when evaluated"),
    # Bounded, so checking (or running) a typo cannot make the calendar walk for minutes.
    ("working_days(100000000)", "timeDate", "more than ten years away"),
    ("open('/etc/passwd').read()", "timeDate", "attribute access"),
    ('"R/P1D/P2D"', "timeCycle", "not a repeating interval"),
    # A clock from a recorded moment: the moment must be a date, the count a whole number.
    ('working_days_from("next week", 15)', "timeDate", "is not a date or a date and time"),
    ('working_days_from(held_at, "15")', "timeDate", "not a whole number of working days"),
    ("working_days_from(contact_type, 1)", "timeDate", "fails when evaluated"),
    ("working_days_from(held_at)", "timeDate", "fails when evaluated"),
    ("working_days_form(held_at, 15)", "timeDate", "Close matches: working_days_from"),
])
def test_a_bad_timer_expression(expression, kind, expected):
    text = with_timer(camden_text(), expression, kind)
    [problem] = about(check(text), "referral_overdue")
    assert expected in str(problem)
    assert problem.line == line_of(text, f"<bpmn:{kind} ")


@pytest.mark.parametrize("expression, kind", [
    ("working_days(1)", "timeDate"), ("end_of_day()", "timeDate"), ("hours(4)", "timeDate"),
    ("working_days_from(held_at, 15)", "timeDate"), ("working_days_from(contact_received_at, 1)", "timeDate"),
    ('working_days_from("2026-11-02", 45)', "timeDate"),
    ('"P3D"', "timeDuration"), ('"PT4H"', "timeDuration"), ('"R2/PT1H"', "timeCycle"),
])
def test_good_timer_expressions_pass(expression, kind):
    assert check(with_timer(camden_text(), expression, kind)) == []


def test_a_gateway_condition_over_an_unknown_name():
    text = replace_once(camden_text(), 'next_actions == "CP"', 'next_action == "CP"')
    [problem] = about(check(text), "flow_cp")
    assert "uses 'next_action'" in problem.message
    assert "next_actions" in problem.fix  # the close match
    assert problem.line == line_of(text, 'next_action == "CP"')


def test_a_gateway_condition_that_is_not_an_expression():
    text = replace_once(camden_text(), 'next_actions == "CP"', 'next_actions = "CP"')
    [problem] = about(check(text), "flow_cp")
    assert "is not a valid expression" in problem.message


def test_a_decision_without_a_default_flow_could_stall():
    text = replace_once(camden_text(), ' default="flow_cin"', "")
    [problem] = [p for p in about(check(text), "flow_cin") if "could get stuck" in p.message]
    assert "no condition and is not its default flow" in problem.message
    assert problem.line == line_of(text, '<bpmn:sequenceFlow id="flow_cin"')


def test_a_condition_may_read_what_an_earlier_task_handed_on():
    # step_up_reason is not a form field: the Step Up handler hands it on.
    text = replace_once(camden_text(), 'next_actions == "CP"', 'step_up_reason == "CP" or next_actions == "CP"')
    assert check(text) == []


def test_a_dangling_flow():
    text = replace_once(camden_text(), 'sourceRef="mash_contact_and_referral" targetRef="write_summary"',
                        'sourceRef="mash_contact_and_referral" targetRef="write_sumary"')
    problems = check(text, lint=True)
    ours = [p for p in about(problems, "flow_pass_to_social_worker") if "not in the diagram" in p.message]
    assert ours and ours[0].line == line_of(text, 'targetRef="write_sumary"')
    assert "'write_sumary'" in ours[0].message
    # bpmn-moddle, as the modellers import it, agrees.
    assert any("unresolved reference" in p.message and "bpmn-moddle" in p.message for p in problems)


def test_an_element_without_a_drawing():
    text = re.sub(r'\s*<bpmndi:BPMNShape id="write_summary_di".*?</bpmndi:BPMNShape>', "", camden_text(),
                  flags=re.S)
    text = re.sub(r'\s*<bpmndi:BPMNEdge id="flow_request_decision_di".*?</bpmndi:BPMNEdge>', "", text, flags=re.S)
    problems = check(text)
    [shape] = about(problems, "write_summary")
    assert "is not drawn" in shape.message and "BPMNShape" in shape.message
    assert shape.line == line_of(text, '<bpmn:userTask id="write_summary"')
    [edge] = about(problems, "flow_request_decision")
    assert "BPMNEdge" in edge.message


XXE = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE definitions [\n'
       '  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n')


def test_an_external_entity_is_refused_and_never_read():
    text = camden_text().replace('<?xml version="1.0" encoding="UTF-8"?>\n', XXE)
    text = text.replace("reason CIN or CP.", "reason &secret;")
    problems = check(text, lint=True)
    assert len(problems) == 1
    assert "DOCTYPE or entities" in problems[0].message
    assert "root:" not in str(problems[0])


def test_a_billion_laughs_is_refused():
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>')
    [problem] = check(bomb)
    assert "cannot be read safely" in problem.message


def test_an_oversized_file_is_refused():
    text = camden_text().replace("</bpmn:definitions>", "<!--" + "x" * MAX_DIAGRAM_BYTES + "--></bpmn:definitions>")
    [problem] = check(text)
    assert "larger than" in problem.message


@pytest.mark.skipif(not bpmn_check.XSD_PATH.exists(), reason="the BPMN 2.0 XSD (../shared/schemas/bpmn20) is absent")
def test_an_element_the_schema_does_not_allow():
    text = replace_once(camden_text(), '<bpmn:userTask id="write_summary"',
                        '<bpmn:notAnElement id="stray" />\n    <bpmn:userTask id="write_summary"')
    problems = [p for p in check(text) if "BPMN 2.0 schema" in p.message]
    assert problems and problems[0].line == line_of(text, "notAnElement")
    assert problems[0].element_id == "stray"


def test_bpmnlint_findings_are_problems_with_their_line():
    # The first Camden draft labelled plain arrows; bpmnlint's recommended rules flag that.
    text = replace_once(camden_text(), '<bpmn:sequenceFlow id="flow_to_step_up" ',
                        '<bpmn:sequenceFlow id="flow_to_step_up" name="Sent" ')
    [problem] = check(text, lint=True)
    assert problem.element_id == "flow_to_step_up"
    assert "superfluous-label" in problem.message
    assert problem.line == line_of(text, 'id="flow_to_step_up"')


def test_a_diagram_the_engine_cannot_load():
    text = replace_once(camden_text(), 'isExecutable="true"', 'isExecutable="false"')
    problems = check(text)
    assert any("workflow engine cannot load" in p.message for p in problems)


def test_an_unknown_pack():
    problems = bpmn_check.check_files({NAME: camden_text().encode()}, "nowhere", lint=False)
    assert "no pack called 'nowhere'" in problems[0].message


def test_without_node_the_lint_step_is_skipped_with_a_note(monkeypatch):
    monkeypatch.setattr(bpmn_lint.shutil, "which", lambda _name: None)
    problems = check(camden_text(), lint="auto")
    assert problems == []
    assert any("Node.js is not installed" in note for note in problems.notes)
    with pytest.raises(bpmn_lint.LintUnavailable):
        check(camden_text(), lint=True)


def test_the_check_command_reports_file_line_element_and_fix(app, tmp_path):
    broken = tmp_path / "camden" / NAME
    broken.parent.mkdir()
    text = replace_once(camden_text(), 'name="MASH Social Worker"', 'name="MASH Socal Worker"')
    broken.write_text(text)
    result = app.test_cli_runner().invoke(args=["bpmn", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{NAME}:{line_of(text, 'MASH Socal Worker')} [lane_mash_social_worker]" in result.output
    assert "Fix: Did you mean 'MASH Social Worker'?" in result.output


def test_the_check_command_passes_the_shipped_diagrams(app):
    result = app.test_cli_runner().invoke(args=["bpmn", "check"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_the_check_command_without_node_says_so(app, monkeypatch):
    monkeypatch.setattr(bpmn_lint.shutil, "which", lambda _name: None)
    result = app.test_cli_runner().invoke(args=["bpmn", "check"])
    assert result.exit_code == 0
    assert "note: Node.js is not installed" in result.output


def test_a_pack_can_declare_extra_diagram_variables(monkeypatch):
    from handlers import PACKS
    text = replace_once(camden_text(), 'next_actions == "CP"', 'referral_route == "CP"')
    assert "uses 'referral_route'" in str(check(text))
    monkeypatch.setitem(PACKS["camden"].settings, "diagram_variables", ["referral_route"])
    assert check(text) == []
