"""Step-downs on the case's chronology: which team stepped the child down to Early Help, and when.

A later step-up reads the latest one (Manchester §4.4: a case stepped down by a team within the
last 3 months goes back to that team), so nobody retypes it. It is an event on the chronology,
not a column: a case may be stepped down many times and each one stays on the record.
"""
from service.extensions import db
from service.store import audit
from service.store.models import AuditEvent

ACTION = "case.stepped_down"


def record(now, actor, case, instance, item, stepped_down):
    """Put a step-down ({"stepped_down_by_team", "stepped_down_on"}) on the case's chronology."""
    if not stepped_down:
        return
    data = {"stepped_down_by_team": stepped_down["stepped_down_by_team"],
            "stepped_down_on": stepped_down["stepped_down_on"]}
    audit.record(now, ACTION, f"Stepped down to Early Help by {data['stepped_down_by_team']} on "
                              f"{data['stepped_down_on']}", actor=actor, case_id=case.id,
                 instance_id=instance.id, work_item=item, data=data)


def latest(case_id):
    """The case's most recent step-down as {"stepped_down_by_team", "stepped_down_on"}, or None."""
    return db.session.scalars(db.select(AuditEvent.data)
                              .where(AuditEvent.case_id == case_id, AuditEvent.action == ACTION)
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
