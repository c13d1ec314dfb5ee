"""Runs the timer sweep on a schedule: inside the web process, or as a process of its own.

The job is ``sweep.fire_due_timers`` followed by e-mail delivery from the outbox; several
processes may run it at once (the sweep's and the outbox's claims make each firing and
each send happen once). The first sweep runs as soon as the
scheduler starts, so deadlines that passed while nothing was running act straight away.
APScheduler keeps its own wall-clock schedule ("every N seconds"); *what* is due is
always judged by the app's injected clock.
"""
import atexit
import logging
import os
from datetime import timezone

import click
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import current_app
from flask.cli import with_appcontext
from flask.helpers import get_debug_flag
from sqlalchemy.exc import OperationalError
from werkzeug.serving import is_running_from_reloader

from service.mail import notifications
from service.deadlines import sweep
from service.clock import system_clock

log = logging.getLogger("stepwise.scheduler")
JOB_ID = "stepwise-timer-sweep"


def sweep_once(app):
    """One sweep in a fresh app context (its own database session); the firings."""
    with app.app_context():
        try:
            fired = sweep.fire_due_timers(app.extensions["stepwise"], limit=app.config.get("SWEEP_LIMIT"))
        except OperationalError as exc:
            # Database not reachable or not migrated yet: say so briefly and try next time.
            log.warning("timer sweep skipped: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)
            return []
    if fired:
        log.info("fired %d timer(s)", len(fired))
    deliver_once(app)
    return fired


def deliver_once(app):
    """Send the outbox's due e-mails (nothing when SMTP is not configured)."""
    with app.app_context():
        try:
            notifications.run_delivery(app.extensions["stepwise"])
        except OperationalError as exc:
            log.warning("e-mail delivery skipped: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)


def build(app, blocking=False):
    """A scheduler (not started) with the sweep every SWEEP_SECONDS, the first run at once."""
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=timezone.utc)
    # max_instances=1 + coalesce: a slow sweep is never overlapped by its own next run,
    # and runs missed while busy collapse into one.
    scheduler.add_job(sweep_once, IntervalTrigger(seconds=int(app.config["SWEEP_SECONDS"])), args=[app],
                      id=JOB_ID, name="fire due timers", next_run_time=system_clock(),
                      max_instances=1, coalesce=True, misfire_grace_time=None)
    return scheduler


def should_start(app):
    """Start in the web process? Not under TESTING, when disabled, or for CLI commands but ``run``."""
    if app.testing or not app.config.get("SCHEDULER_ENABLED"):
        return False
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        # `flask db upgrade`, `flask users …` and `flask scheduler` must not start a sweep.
        ctx = click.get_current_context(silent=True)
        if ctx is None or ctx.command.name != "run":
            return False
        reload = ctx.params.get("reload")
        if (get_debug_flag() if reload is None else reload) and not is_running_from_reloader():
            return False  # the reloader's watcher process: the served child starts its own
    return True


def init_app(app):
    """Register the CLI command; start the background sweep when this process serves requests."""
    app.cli.add_command(scheduler_command)
    if should_start(app):
        scheduler = build(app)
        scheduler.start()
        app.extensions["stepwise_scheduler"] = scheduler
        atexit.register(scheduler.shutdown, wait=False)


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run one sweep now and exit.")
@with_appcontext
def scheduler_command(once):
    """Run the timer sweep in the foreground, every SWEEP_SECONDS, as its own process."""
    app = current_app._get_current_object()
    if once:
        fired = sweep_once(app)
        click.echo(f"fired {len(fired)} timer(s)")
        return
    click.echo(f"sweeping for due timers every {app.config['SWEEP_SECONDS']} s (Ctrl-C stops)")
    try:
        build(app, blocking=True).start()
    except (KeyboardInterrupt, SystemExit):
        pass
