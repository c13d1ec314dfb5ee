"""One running copy of a pathway per case, unless its diagram says copies may run side by side.

Starting a pathway that is already running on the case would give the family two copies of
the same hand-off: two referrals, two sets of deadlines. The application looks first, so the
person is told which copy is running; the partial unique index on process_instances
(``models.RUNNING_ALONE``) refuses the second of two starts that raced past that look, and
the refusal becomes the same answer. A diagram allows copies side by side with the process
property ``runs_per_case = many`` (see ``service.engine.RUNS_PER_CASE``).
"""
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from service.work import families
from service.errors import Conflict
from service.extensions import db
from service.store.models import ProcessInstance


class AlreadyRunning(Conflict):
    """409: this pathway is running on the case and its diagram allows only one copy."""

    code = "already_running"

    def __init__(self, instance):
        self.instance_id, self.started_at = instance.id, instance.started_at
        super().__init__(f"{instance.pathway} is already running on this case as pathway instance {instance.id} "
                         "(started " + instance.started_at.date().isoformat() + "): carry on with that one",
                         {"pathway": f"already running on this case as instance {instance.id}"})


def running_copy(case_id, pathway):
    """The oldest running instance of ``pathway`` on the case (its own, or a family run covering it), or None."""
    return db.session.scalars(db.select(ProcessInstance).where(
        db.or_(ProcessInstance.case_id == case_id, ProcessInstance.id.in_(families.runs_covering(case_id))),
        ProcessInstance.pathway == pathway,
        ProcessInstance.status == "running").order_by(ProcessInstance.id).limit(1)).first()


def may_run_alongside(definition):
    """Whether the diagram lets a copy start while another runs on the same case."""
    return definition.runs_per_case == "many"


def refuse_second_copy(case_id, pathway, definition):
    """Raise AlreadyRunning when a copy runs and the diagram allows only one."""
    if may_run_alongside(definition):
        return
    running = running_copy(case_id, pathway)
    if running is not None:
        raise AlreadyRunning(running)


@contextmanager
def one_at_a_time(case_id, pathway):
    """Around a start: the database's refusal of a second running copy becomes AlreadyRunning."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        running = running_copy(case_id, pathway)
        if running is None:
            raise  # some other constraint: not ours to explain
        raise AlreadyRunning(running) from None
