"""Alembic environment: migrations run against the app's own database and models."""
import logging

from alembic import context
from flask import current_app

logger = logging.getLogger("alembic.env")
config = context.config
db = current_app.extensions["migrate"].db


def run_offline():
    context.configure(url=str(db.engine.url).replace("%", "%%"), target_metadata=db.metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    def skip_empty(ctx, revision, directives):
        # `flask db migrate` with no model changes should not write an empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with db.engine.connect() as connection:
        # Batch mode lets ALTERs work on SQLite, the embedded default.
        context.configure(connection=connection, target_metadata=db.metadata,
                          process_revision_directives=skip_empty, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
