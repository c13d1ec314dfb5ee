"""Diagrams are data: code in a diagram is refused at check, at upload and at run, and never runs.

Each attack carries a payload that would write a marker file if it ran (the first test
shows that a plain SpiffWorkflow engine does run them); every other test asserts the
marker is never written, whatever route the diagram takes into Stepwise.
"""
import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from bpmn_variants import (ADMIN, EH, MASH_MANAGER, PATHWAY, business_rule_task, cardinality, condition,
                           contact_and_referral, extension_script, line_of, new_case_on_pathway, script_task,
                           send_step_up, service_task, signed_in, task_script, timer, write_summary)
from test_deployment import snapshot, upload, write
from service.diagrams import bpmn_check, catalog, script_functions
from service.clock import FakeClock
from service.engine import Engine, EngineError, ProcessDefinition, content_hash, read_xml
from service.extensions import db
from service.store.models import AuditEvent, Case, ProcessInstance, ProcessVersion, WorkItem

NAME = "step_up_to_mash.bpmn"
STEP_UP = {"reason": "CP", "information_for_cssw": "Fictional", "risk_of_significant_harm": "Yes",
           "why_eh_cannot_meet_needs": "Fictional reasons", "discussed_with_family": "Yes"}


# name → (diagram builder taking the marker path, what the problem says)
ATTACKS = {
    "gateway_os_system": (lambda m: condition(f"__import__('os').system('touch {m}')"), "attribute access"),
    "gateway_subclasses": (lambda m: condition(
        "[c for c in ().__class__.__bases__[0].__subclasses__() if c.__name__ == 'Popen'][0]"
        f"(['touch', '{m}'])"), "a comprehension"),
    "gateway_subclasses_plain": (lambda m: condition("().__class__.__bases__[0].__subclasses__()"),
                                 "attribute access"),
    "script_task": (lambda m: script_task(f"open({str(m)!r}, 'w').write('ran')"), "is a script task"),
    "pre_script": (lambda m: task_script("preScript", f"open({str(m)!r}, 'w').write('ran')"), "pre-script"),
    "post_script": (lambda m: task_script("postScript", f"open({str(m)!r}, 'w').write('ran')"), "post-script"),
    "timer_reads_passwd": (lambda m: timer(f"open({str(m)!r}, 'w').write(open('/etc/passwd').read())"),
                           "attribute access"),
    "timer_open": (lambda m: timer("open('/etc/passwd')"), "calls 'open', which is not a function"),
    "getattr": (lambda m: condition("getattr(next_actions, '__class__')"), "calls 'getattr'"),
    "lambda": (lambda m: condition(f"(lambda: __import__('os').system('touch {m}'))()"), "lambda"),
    "f_string": (lambda m: condition("f'{next_actions.__class__}' == 'CP'"), "f-string"),
    "f_string_format_spec": (lambda m: condition("f'{next_actions:{step_up_reason}}' == 'CP'"), "f-string"),
    "function_globals": (lambda m: condition(
        f"working_days.__globals__['__builtins__']['open']('{m}', 'w')"), "attribute access"),
    "dunder_name": (lambda m: condition("len(__builtins__) > 0"), "names starting with _ are not allowed"),
    "huge_power": (lambda m: condition("next_actions == 9**9**9"), "the power operator **"),
    "string_bomb": (lambda m: condition("next_actions in 'x' * 100000000000"), "longer than 100,000"),
    "list_bomb": (lambda m: condition("next_actions in [0] * 100000000"), "longer than 100,000"),
    "text_format_bomb": (lambda m: condition("next_actions == '%0999999999d' % 1"), "% on text"),
    "extension_script": (lambda m: extension_script(f"open({str(m)!r}, 'w').write('ran')"), "carries a script"),
    "service_task": (lambda m: service_task(), "is a service task"),
    "business_rule_task": (lambda m: business_rule_task(), "is a business rule task"),
    "multi_instance_cardinality": (lambda m: cardinality(f"__import__('os').system('touch {m}')"),
                                   "attribute access"),
}


@pytest.fixture
def marker(tmp_path):
    path = tmp_path / "MARKER"
    yield path
    assert not path.exists(), "a diagram ran code: the marker file was written"


def check(text):
    others = bpmn_check.shipped_sibling_task_ids("camden", [NAME])
    return bpmn_check.check_files({NAME: text.encode()}, "camden", sibling_task_ids=others, lint=False)


# --- the payloads are live: a plain SpiffWorkflow engine runs them ----------------------
@pytest.mark.parametrize("attack", ["gateway_os_system", "script_task", "pre_script", "timer_reads_passwd"])
def test_a_plain_python_engine_would_run_the_payloads(attack, tmp_path):
    # Without Stepwise's safe environment SpiffWorkflow evaluates with eval and exec: this
    # is what each test below proves cannot happen.
    path = tmp_path / "MARKER"
    text, _element, _needle = ATTACKS[attack][0](path)
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(read_xml(text.encode()), filename=NAME)
    # The shipped diagram's own deadlines need their functions; nothing else is added.
    far = "2099-01-01T00:00:00+00:00"
    plain = PythonScriptEngine(environment=TaskDataEnvironment({"end_of_day": lambda: far,
                                                                "working_days_from": lambda _start, _n: far}))
    wf = BpmnWorkflow(parser.get_spec("camden_step_up_to_mash"), script_engine=plain)
    try:
        for _ in range(6):
            wf.do_engine_steps()
            wf.refresh_timers()
            for task in wf.get_tasks(state=TaskState.READY, manual=True)[:1]:
                # The moment the shipped diagram's decision deadline runs from, as handed on at the contact.
                task.data.update(next_actions="CP", contact_received_at=far)
                task.run()
    except Exception:  # noqa: BLE001 -- the payload's return value upsets the engine afterwards
        pass
    assert path.exists()


# --- refused at check --------------------------------------------------------------------
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_check_refuses_the_attack_naming_file_line_and_element(attack, marker):
    build, says = ATTACKS[attack]
    text, element, needle = build(marker)
    problems = [p for p in check(text) if p.element_id == element]
    assert problems, [str(p) for p in check(text)]
    [problem] = [p for p in problems if says in p.message]
    assert problem.file == NAME and problem.line == line_of(text, needle)
    assert problem.fix


def test_the_check_explains_why_code_is_refused_and_what_to_do(marker):
    text, _element, _needle = ATTACKS["pre_script"][0](marker)
    [problem] = [p for p in check(text) if "pre-script" in p.message]
    assert problem.message.startswith("'Step Up to MASH' (send_step_up_to_mash) has a pre-script")
    assert "never runs code from a diagram" in problem.message
    assert "form field" in problem.fix


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_refused_by_the_check_command_the_admin_upload_and_the_deploy_command(attack, app, tmp_path, marker):
    text, element, needle = ATTACKS[attack][0](marker)
    path = write(tmp_path, text)
    where = f":{line_of(text, needle)} [{element}]"
    before = snapshot(app)

    checked = app.test_cli_runner().invoke(args=["bpmn", "check", path, "--pack", "camden"])
    assert checked.exit_code == 1 and where in checked.output, checked.output

    response = upload(signed_in(app, ADMIN), text)
    assert response.status_code == 422
    assert any(f'data-element-id="{element}"'.encode() in line for line in response.data.splitlines())

    deployed = app.test_cli_runner().invoke(args=["bpmn", "deploy", path, "--by", ADMIN])
    assert deployed.exit_code != 0 and where in deployed.output
    assert "Nothing was deployed" in deployed.output
    assert snapshot(app) == before  # the shipped version stays current


# --- refused at run: versions that reached the database some other way ---------------------
def insert_version(app, text):
    """Store ``text`` as the newest Camden version directly, as a database edit would."""
    with app.app_context():
        number = catalog.current_version(PATHWAY).number + 1
        db.session.add(ProcessVersion(pathway=PATHWAY, number=number, process_id="camden_step_up_to_mash",
                                      content_hash=content_hash({NAME: text.encode()}), files={NAME: text},
                                      deployed_at=app.extensions["stepwise"].now()))
        db.session.commit()


def written(app):
    """Row counts of everything a step could write."""
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                     for model in (Case, ProcessInstance, WorkItem, AuditEvent))


def assert_conflict(response):
    assert response.status_code == 409, response.data
    assert response.json["error"] == "conflict" and response.json["message"]
    assert set(response.json) == {"error", "message", "fields"}


@pytest.mark.parametrize("attack", ["script_task", "pre_script", "post_script", "service_task",
                                    "business_rule_task"])
def test_a_stored_diagram_carrying_code_cannot_start(attack, app, as_user, marker):
    text, element, _needle = ATTACKS[attack][0](marker)
    insert_version(app, text)
    eh = as_user(EH)
    case = eh.post("/api/v1/cases", {"child_name": "Fictional Child K", "date_of_birth": "2018-05-04",
                                     "pack": "camden"}).json["id"]
    before = written(app)
    response = eh.post(f"/api/v1/cases/{case}/pathways", {"pathway": PATHWAY})
    assert_conflict(response)
    assert element in response.json["message"]
    assert written(app) == before


def test_an_instance_whose_stored_diagram_was_swapped_for_code_does_not_run(app, as_user, marker):
    case_id, instance_id, _version = new_case_on_pathway(as_user)
    text, _element, _needle = task_script("postScript", f"open({str(marker)!r}, 'w').write('ran')")
    with app.app_context():
        version = db.session.get(ProcessInstance, instance_id).version
        version.files, version.content_hash = {NAME: text}, content_hash({NAME: text.encode()})
        db.session.commit()
    before = written(app)
    response = as_user(EH).complete("send_step_up_to_mash", case_id, **STEP_UP)
    assert_conflict(response)
    assert "send_step_up_to_mash" in response.json["message"]
    assert written(app) == before
    assert as_user(EH).task("send_step_up_to_mash", case_id)["status"] == "open"


@pytest.mark.parametrize("attack", ["gateway_os_system", "gateway_subclasses", "getattr", "lambda", "f_string",
                                    "function_globals", "huge_power", "string_bomb", "data_bomb"])
def test_a_hostile_condition_reached_at_run_time_is_a_409_and_nothing_is_written(attack, app, as_user, marker):
    build = (lambda m: condition("next_actions * 100000000 == 'CP'")) if attack == "data_bomb" else ATTACKS[attack][0]
    insert_version(app, build(marker)[0])
    case_id, _instance, _version = new_case_on_pathway(as_user)
    send_step_up(as_user, case_id)
    contact_and_referral(as_user, case_id)
    write_summary(as_user, case_id)
    manager = as_user(MASH_MANAGER)
    before, history = written(app), manager.history(case_id)
    response = manager.complete("mash_manager_decision", case_id, authorised=True, next_actions="CP",
                                receiving_team="Children with Disability Team", decision_rationale="Threshold met")
    assert_conflict(response)
    assert "cp_or_cin" in response.json["message"]
    assert any(why in response.json["message"] for why in ("may not", "may use", "longer than 100,000"))
    assert written(app) == before
    assert manager.history(case_id) == history
    assert manager.task("mash_manager_decision", case_id)["status"] == "open"


def test_a_hostile_timer_reached_at_run_time_is_a_409_and_nothing_is_written(app, as_user, marker):
    insert_version(app, ATTACKS["timer_reads_passwd"][0](marker)[0])
    case_id, _instance, _version = new_case_on_pathway(as_user)
    before = written(app)
    item = as_user(EH).task("send_step_up_to_mash", case_id)
    response = as_user(EH).complete("send_step_up_to_mash", case_id, **STEP_UP)
    assert_conflict(response)
    assert "root:" not in response.get_data(as_text=True)  # nothing of /etc/passwd comes back
    assert written(app) == before
    assert as_user(EH).task("send_step_up_to_mash", case_id)["id"] == item["id"]


def test_a_hostile_timer_on_the_first_task_stops_the_start_and_nothing_is_written(app, as_user, marker):
    text, _element, _needle = timer(f"open({str(marker)!r}, 'w').write(open('/etc/passwd').read())",
                                    on="send_step_up_to_mash")
    insert_version(app, text)
    eh = as_user(EH)
    case = eh.post("/api/v1/cases", {"child_name": "Fictional Child L", "date_of_birth": "2018-05-04",
                                     "pack": "camden"}).json["id"]
    before = written(app)
    assert_conflict(eh.post(f"/api/v1/cases/{case}/pathways", {"pathway": PATHWAY}))
    assert written(app) == before


def test_a_stored_state_in_an_older_format_is_refused_not_migrated(app, as_user):
    # SpiffWorkflow's migrations of old formats run eval on old timer expressions.
    case_id, instance_id, _version = new_case_on_pathway(as_user)
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        instance.state = instance.state.replace('"serializer_version": "1.5"', '"serializer_version": "1.2"')
        assert '"1.2"' in instance.state
        db.session.commit()
    assert_conflict(as_user(EH).complete("send_step_up_to_mash", case_id, **STEP_UP))


# --- the engine itself: its environment refuses scripts whatever the parser let through ----
def test_the_engine_environment_refuses_to_run_a_script_that_bypassed_load_definition(marker):
    text, _element, _needle = script_task(f"open({str(marker)!r}, 'w').write('ran')")
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(read_xml(text.encode()), filename=NAME)
    spec = parser.get_spec("camden_step_up_to_mash")
    definition = ProcessDefinition(PATHWAY, spec.name, {}, "bypassed", spec, {})
    clock = FakeClock(bpmn_check.FIXED_NOW)
    engine = Engine(clock, script_functions.build(clock))
    wf = engine.start(definition)
    # Parsed without Stepwise's clocked timers, the step's end-of-day deadline reads the wall
    # clock and may already have opened its escalation: the step itself is the one to complete.
    [ready] = [t for t in engine.ready_tasks(wf) if t.bpmn_id == "send_step_up_to_mash"]
    with pytest.raises(EngineError) as refused:
        engine.complete(wf, ready.task_uuid, {"reason": "CP"})
    assert refused.value.element_id == "record_referral"
    assert "never runs code" in str(refused.value)
