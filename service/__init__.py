"""Stepwise: step-up and step-down between Early Help and Children's Social Care, as BPMN."""
import logging
import os
from pathlib import Path

from flask import Flask

from . import script_functions
from .clock import system_clock
from .engine import Engine
from .extensions import csrf, db, migrate
from .runtime import Runtime

MIGRATIONS = str(Path(__file__).parent / "migrations")


def create_app(test_config=None):
    """Build the app. ``NOW`` in the config injects the clock (a callable → aware UTC)."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-change-me"),
        SQLALCHEMY_DATABASE_URI=os.environ.get(
            "DATABASE_URL", "sqlite:///" + os.path.join(app.instance_path, "stepwise.sqlite")),
        NOW=system_clock,
        SCHEDULER_ENABLED=True,
        SWEEP_SECONDS=int(os.environ.get("STEPWISE_SWEEP_SECONDS", "30")),
        DEMO=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://" + uri[len("postgres://"):]

    from . import auth
    auth.configure_hasher(app.config.get("PASSWORD_HASHER_PARAMS"))
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)

    clock = app.config["NOW"]
    app.extensions["stepwise"] = Runtime(clock=clock, engine=Engine(clock, script_functions.build(clock)),
                                         settings=app.config)

    from . import api, cli, views
    csrf.exempt(api.bp)  # bearer tokens, not cookies: no CSRF exposure
    app.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    cli.init_app(app)
    # Form contents and names never reach the logs at INFO.
    logging.getLogger("stepwise").setLevel(logging.INFO)
    return app
