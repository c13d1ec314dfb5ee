"""Stepwise: step-up and step-down between Early Help and Children's Social Care, as BPMN."""
import logging
import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

# The app wires the rooms together; each import below is a room's entry point (see the README's layout).
from service import bpmn_cli, cli, demo, secret_key, security
from service.access import auth, token_cache
from service.api import admin_api, api_io, idempotency, outbox_api, safeguarding_api
from service.api import attachments_api, team_api  # noqa: F401 (add their routes to the /api/v1 blueprint)
from service.api import routes as api
from service.clock import OffsetClock, system_clock
from service.deadlines import scheduler
from service.deadlines import timer_index  # noqa: F401 (its table, and the save hook that keeps it in step)
from service.diagrams import script_functions
from service.engine import Engine
from service.extensions import csrf, db, migrate
from service.mail import mailer, notifications
from service.runtime import Runtime
from service.store import read_audit  # noqa: F401 (its table; the after-request hook)
from service.store import case_records  # noqa: F401 (its tables)
from service.store import sqlite_tuning  # noqa: F401 (registers the SQLite pragmas)
from service.web import attachment_views, team_views  # noqa: F401 (add the Documents routes, the Team work page)
from service.web import (admin_views, case_views, demo_clock, diagram_views, family_views, knowsley_log_views,
                         modeller_views, outbox_views, page_input, safeguarding_views, summary_views, views,
                         web_auth)
from service.work import instances

MIGRATIONS = str(Path(__file__).parent / "migrations")


def create_app(test_config=None):
    """Build the app. ``NOW`` in the config injects the clock (a callable → aware UTC).

    Refuses to start (SecretKeyError) without a strong SECRET_KEY, unless TESTING or demo
    mode: service/secret_key.py has the lookup order.
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=os.environ.get(
            "DATABASE_URL", "sqlite:///" + os.path.join(app.instance_path, "stepwise.sqlite")),
        NOW=system_clock,
        # Off in web processes when a separate `flask --app service scheduler` runs the sweep.
        SCHEDULER_ENABLED=os.environ.get("STEPWISE_SCHEDULER", "on").lower() not in ("off", "0", "false"),
        SWEEP_SECONDS=int(os.environ.get("STEPWISE_SWEEP_SECONDS", "30")),
        # How long a worker may go on trusting a bearer token it has checked (0: check every time).
        TOKEN_CACHE_SECONDS=int(os.environ.get("STEPWISE_TOKEN_CACHE_SECONDS", "5")),
        DEMO=os.environ.get("STEPWISE_DEMO", "").lower() in ("on", "1", "true"),
        # Diagram uploads are small; refuse anything larger before it is spooled to disk.
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        # Documents attached to a case have their own limit (the upload routes' bodies may be this large).
        STEPWISE_ATTACHMENT_MAX_BYTES=int(os.environ.get("STEPWISE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)),
    )
    app.config.from_mapping(mailer.settings_from_env(os.environ))  # STEPWISE_SMTP_HOST, …
    app.config.from_mapping(security.settings_from_env(os.environ))  # cookies, HSTS, sign-in limits
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SECRET_KEY"], _ = secret_key.resolve(app.config, os.environ, app.instance_path)
    if app.config["DEMO"]:
        app.logger.warning(demo.WARNING)
    # A database error's text never carries the values of the statement that failed (a
    # child's name, a date of birth): they would reach the logs with it. Not configurable.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
                                               "hide_parameters": True}
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://" + uri[len("postgres://"):]

    auth.configure_hasher(app.config.get("PASSWORD_HASHER_PARAMS"))
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)

    clock = app.config["NOW"]
    if app.config.get("DEMO") and not isinstance(clock, OffsetClock):
        clock = OffsetClock(clock)  # the demo can move time forward (service/web/demo_clock.py)
    app.extensions["stepwise"] = Runtime(clock=clock, engine=Engine(clock, script_functions.build(clock)),
                                         settings=app.config)

    # Page templates are the app's own plus GOV.UK Frontend's components as Jinja macros.
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})])
    api_io.install(app)  # id converters (before any route), body limit, JSON errors under /api/v1
    page_input.install(app)  # a NUL in a page's query string or form is a 400
    _register_blueprints(app)
    app.before_request(web_auth.load_user)  # before the rate limiter, so its 429 page knows who is here
    security.init_app(app)  # headers (CSP, frame, nosniff, referrer, no-store), cookie flags, sign-in limit
    token_cache.init_app(app)  # who a bearer token is, remembered for a few seconds
    read_audit.init_app(app)  # reads of a child's record are written as each response is sent
    notifications.install(app.config)  # fails start-up on a misconfigured mailbox or SMTP setting
    # Mail sits below the use cases, so the app (not the mail package) hooks alerts to new work.
    if notifications.alert_new_item not in instances.NEW_ITEM_HOOKS:
        instances.NEW_ITEM_HOOKS.append(notifications.alert_new_item)
    bpmn_cli.init_app(app)
    cli.init_app(app)
    scheduler.init_app(app)  # the timer sweep: not under TESTING, nor for CLI commands but run
    # Form contents and names never reach the logs at INFO.
    logging.getLogger("stepwise").setLevel(logging.INFO)
    return app


def _register_blueprints(app):
    """The JSON API (bearer tokens, so CSRF-exempt) and the HTML pages (CSRF-protected)."""
    for bp in (api.bp, outbox_api.bp, admin_api.bp, safeguarding_api.bp):
        csrf.exempt(bp)
        app.register_blueprint(bp)
    app.register_blueprint(views.bp)  # sign-in, My work, tasks, cases
    app.register_blueprint(safeguarding_views.bp)  # the immediate safeguarding concern form
    app.register_blueprint(outbox_views.bp)  # /admin/outbox/
    app.register_blueprint(admin_views.bp)  # /admin/: diagrams, versions, migration
    app.register_blueprint(modeller_views.bp)  # /admin/versions/<id>/modeller: edit and deploy in bpmn-js
    app.register_blueprint(diagram_views.bp)  # a case's position on its diagram
    app.register_blueprint(knowsley_log_views.bp)  # Knowsley's step-up request log, page and CSV
    demo_clock.init_app(app)  # demo mode only: a clearly marked facility to move the clock
