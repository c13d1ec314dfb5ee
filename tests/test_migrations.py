"""The Alembic migrations build exactly the schema the models describe, and upgrade twice safely."""
import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from service.extensions import db


def test_migrations_match_the_models(make_app):
    app = make_app()
    with app.app_context():
        if os.environ.get("DATABASE_URL"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        upgrade()  # a second upgrade is a no-op, not an error
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diffs == []
        if os.environ.get("DATABASE_URL"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
