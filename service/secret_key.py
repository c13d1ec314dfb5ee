"""The key that signs session cookies: where it comes from, and refusing a missing or known one.

Lookup order (the first that gives a value wins):
1. ``SECRET_KEY`` handed to ``create_app`` in its config (tests);
2. the ``SECRET_KEY`` environment variable;
3. the key file: ``STEPWISE_SECRET_KEY_FILE`` if set, else ``instance/secret_key``
   (``make run`` writes a random one there on first run, mode 600);
4. under ``TESTING`` or in demo mode only: a random key for this process alone.
Anything else refuses to start. Outside tests a key shorter than 32 characters, or the
old published default, is refused too: anyone who knows the key can forge an
administrator's session.
"""
import logging
import os
import secrets
from pathlib import Path

MIN_LENGTH = 32
# Keys that have been published (in this repository's history): never accepted outside tests.
KNOWN_KEYS = frozenset({"dev-only-change-me"})
FILE_NAME = "secret_key"

log = logging.getLogger("stepwise")

HOW_TO_SET = (
    "Set the SECRET_KEY environment variable to a random value of at least {n} characters, e.g.\n"
    "  export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
    "or write one to {path} (readable only by the service account: chmod 600), or point\n"
    "STEPWISE_SECRET_KEY_FILE at such a file. `make secret-key` writes one for a local run.")


class SecretKeyError(RuntimeError):
    """The app has no usable SECRET_KEY and will not start."""


def key_file(environ, instance_path):
    """Where the key file is looked for."""
    return Path(environ.get("STEPWISE_SECRET_KEY_FILE") or Path(instance_path) / FILE_NAME)


def resolve(config, environ, instance_path):
    """The signing key and where it came from, by the lookup order above; SecretKeyError if none fits."""
    path = key_file(environ, instance_path)
    exempt = bool(config.get("TESTING") or config.get("DEMO"))
    if config.get("SECRET_KEY"):
        key, source = config["SECRET_KEY"], "the app's config"
    elif environ.get("SECRET_KEY"):
        key, source = environ["SECRET_KEY"], "the SECRET_KEY environment variable"
    elif path.is_file():
        key, source = _read(path), str(path)
    elif exempt:
        # Sessions then last as long as this process: fine for a demo or a test, never live.
        return secrets.token_hex(32), "a random key for this process (demo or test)"
    else:
        raise SecretKeyError("Stepwise will not start without a SECRET_KEY: without one anybody could "
                             "forge a signed-in session.\n" + HOW_TO_SET.format(n=MIN_LENGTH, path=path))
    if not config.get("TESTING"):
        _refuse_weak(key, source, path)
    return key, source


def _read(path):
    try:
        key = path.read_text().strip()
    except OSError as exc:
        raise SecretKeyError(f"cannot read the SECRET_KEY file {path}: {exc.strerror}") from exc
    if os.stat(path).st_mode & 0o077:
        log.warning("the SECRET_KEY file %s can be read by other accounts: chmod 600 it", path)
    return key


def _refuse_weak(key, source, path):
    if key in KNOWN_KEYS:
        raise SecretKeyError(f"The SECRET_KEY from {source} is a published default: anybody could forge a "
                             "session with it.\n" + HOW_TO_SET.format(n=MIN_LENGTH, path=path))
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(f"The SECRET_KEY from {source} is shorter than {MIN_LENGTH} characters: too "
                             "easy to guess.\n" + HOW_TO_SET.format(n=MIN_LENGTH, path=path))
