"""Benchmark: how long a refused sign-in takes, by reason, with production argon2 settings.

Signs in through the HTML form (Flask test client, SQLite file database) N times each as:
the right password, a wrong password, an unknown username, a disabled user and a locked
user, and prints the median and spread of each. Every path should cost one argon2
verification, so the medians should be close: a gap would let an attacker tell real
usernames from unknown ones. Then times one signed-in page view, which now checks its
session row. Numbers, not assertions.

Usage: python tools/bench_sign_in.py [--tries 20]
"""
import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.access import accounts, auth
from service.diagrams import catalog
from service import create_app, demo  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.demo import DEMO_PASSWORD  # noqa: E402
from service.extensions import db  # noqa: E402

KNOWN, DISABLED, LOCKED = "camden-early-help-manager", "camden-mash-manager", "camden-mash-social-worker"


def build(folder):
    clock = FakeClock(datetime(2026, 11, 2, 10, tzinfo=timezone.utc))
    # Production argon2 parameters (no PASSWORD_HASHER_PARAMS); limits raised so only cost is measured.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                      "NOW": clock, "SCHEDULER_ENABLED": False, "WTF_CSRF_ENABLED": False,
                      "SIGNIN_RATE_LIMIT": "100000 per minute", "SIGNIN_LOCK_AFTER": 100000})
    with app.app_context():
        db.create_all()
        catalog.sync_shipped(clock())
        demo.seed(app.extensions["stepwise"])
        accounts.disable(auth.find_user(DISABLED), clock())
        auth.find_user(LOCKED).locked_until = clock() + timedelta(hours=1)  # as five failures would
        db.session.commit()
    return app


def timed(client, username, password, expected, tries):
    spent = []
    for _ in range(tries):
        started = time.perf_counter()
        response = client.post("/sign-in", data={"username": username, "password": password})
        spent.append((time.perf_counter() - started) * 1000)
        assert response.status_code == expected, (username, response.status_code)
        if expected == 302:
            client.post("/sign-out")
    return spent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build(folder)
        client = app.test_client()
        cases = [("right password", KNOWN, DEMO_PASSWORD, 302), ("wrong password", KNOWN, "wrong-password", 401),
                 ("unknown username", "no-such-person", "wrong-password", 401),
                 ("disabled user", DISABLED, DEMO_PASSWORD, 401), ("locked user", LOCKED, DEMO_PASSWORD, 401)]
        print(f"sign-in through the form, {args.tries} tries each, argon2 defaults (ms):")
        for label, username, password, expected in cases:
            spent = timed(client, username, password, expected, args.tries)
            print(f"  {label:18} median {statistics.median(spent):7.1f}   "
                  f"p10 {sorted(spent)[len(spent) // 10]:7.1f}   p90 {sorted(spent)[len(spent) * 9 // 10]:7.1f}")
        client.post("/sign-in", data={"username": KNOWN, "password": DEMO_PASSWORD})
        spent = []
        for _ in range(args.tries * 5):
            started = time.perf_counter()
            assert client.get("/cases").status_code == 200
            spent.append((time.perf_counter() - started) * 1000)
        print(f"a signed-in page (/cases), session row checked: median {statistics.median(spent):.1f} ms")


if __name__ == "__main__":
    main()
