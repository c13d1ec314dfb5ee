"""Demo data: one obviously fictional user per role of every pack, and a demo case."""
from datetime import date

from handlers import PACKS

from service.store import audit
from service.access import auth
from .extensions import db
from service.store.models import Case

DEMO_PASSWORD = "stepwise-demo"
WARNING = ("demo mode (STEPWISE_DEMO=on): not for live use. Demo users share a published "
           "password and an administrator can move the clock.")


class NotDemoMode(RuntimeError):
    """Demo data asked for on an app that is neither the demo nor a test."""


def demo_username(pack, role):
    return f"{pack}-" + "-".join(role.lower().replace("&", "and").split())[:64]


def seed(rt):
    """Create demo users and a case if missing; returns lines describing what exists."""
    if not (rt.settings.get("DEMO") or rt.settings.get("TESTING")):
        # Users with a published password must never appear on a live system.
        raise NotDemoMode("demo data is created only in demo mode (STEPWISE_DEMO=on)")
    lines = []
    for pack_name, pack in PACKS.items():
        for role in pack.roles:
            username = demo_username(pack_name, role)
            if auth.find_user(username) is None:
                auth.add_user(username, f"Demo {role} ({pack.title})", DEMO_PASSWORD, [(pack_name, role)],
                              email=f"{username}@demo.invalid")
            lines.append(f"  {username:45} {role} ({pack_name})")
    if auth.find_user("demo-admin") is None:
        auth.add_user("demo-admin", "Demo Administrator", DEMO_PASSWORD, [], is_admin=True,
                      email="demo-admin@demo.invalid")
    lines.append(f"  {'demo-admin':45} administrator (deploys diagrams)")
    # Plausible names, every one marked fictional; one case per pack, and two Camden siblings for a
    # family meeting.
    cases = [
        _demo_case(rt, "DEMO-0001", "Ellie Marsh (fictional)", "camden", date(2019, 4, 1), family="DEMOFAM-01"),
        _demo_case(rt, "DEMO-0007", "Noah Marsh (fictional)", "camden", date(2021, 8, 9), family="DEMOFAM-01"),
        _demo_case(rt, "DEMO-0002", "Jayden Price (fictional)", "knowsley", date(2016, 9, 12)),
        # Sixteen in the demo's autumn: screening then asks for the young person's own views.
        _demo_case(rt, "DEMO-0003", "Amira Khan (fictional)", "blackburn", date(2010, 3, 15)),
        # Under 5 in the demo's autumn: a step-down may offer the Early Years Outreach Delivery Model (§3.8.6).
        _demo_case(rt, "DEMO-0004", "Lily Okafor (fictional)", "manchester", date(2022, 6, 20)),
        # Nine in the demo's autumn, open to Early Help interventions: the step-up pathways (§4) start here.
        _demo_case(rt, "DEMO-0006", "Ryan Doyle (fictional)", "manchester", date(2017, 6, 20)),
        # Open to Children's Social Care: every Peterborough pathway steps a family down from there.
        _demo_case(rt, "DEMO-0005", "Grace Novak (fictional)", "peterborough", date(2014, 7, 21), service="CSC"),
    ]
    lines += ["", "Demo cases (case number, pack, child):"]
    lines += [f"  {case.id:>5}  {case.pack:13} {case.child_name}" for case in cases]
    db.session.commit()
    return ["Demo users (password: %s):" % DEMO_PASSWORD] + lines


def _demo_case(rt, person_id, name, pack, born, service="EH", family=None):
    """The demo case with ``person_id``, created if missing."""
    case = db.session.scalars(db.select(Case).where(Case.person_id == person_id)).first()
    if case is None:
        case = Case(child_name=name, date_of_birth=born, person_id=person_id, family_id=family or person_id + "-F",
                    pack=pack, current_service=service, lead_professional="Demo Lead Practitioner",
                    created_at=rt.now())
        db.session.add(case)
        db.session.flush()
        audit.record(rt.now(), "case.created", "Case opened (demo data)", case_id=case.id)
    return case
