"""Session sign-in for the HTML pages: who is signed in, and guards for views.

The signed cookie holds only a random session id; the row in ``web_sessions`` decides
whether it still counts (service/access/web_sessions.py), so signing out ends it for good.
"""
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for

from service.access import web_sessions
from service.clock import OffsetClock
from service.extensions import db

SESSION_KEY = "sid"


def _now():
    clock = current_app.extensions["stepwise"].clock
    # The demo clock jumps days ahead to show deadlines; a person's session ages in real time.
    return (clock.base if isinstance(clock, OffsetClock) else clock)()


def load_user():
    """Before each page request: find the signed-in user and keep their session alive."""
    if request.endpoint == "static" or request.path.startswith("/api/"):
        return  # the JSON API signs in with bearer tokens, never the cookie
    g._web_user = _resume(commit=True)


def current_user():
    """The signed-in, active user for this request, or None."""
    if "_web_user" not in g:
        # Not loaded at the start of the request (e.g. an early error page): look, write nothing.
        g._web_user = _resume(commit=False)
    return g._web_user


def _resume(commit):
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, str):
        return None
    config = current_app.config
    user, changed = web_sessions.resume(raw, _now(), idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
                                        lifetime=timedelta(hours=config["SESSION_MAX_HOURS"]))
    if changed and commit:
        db.session.commit()  # the start of the request: nothing else is in this transaction yet
    if user is None:
        session.pop(SESSION_KEY, None)
    return user


def sign_in(user):
    """Start a fresh session for ``user`` (clearing any earlier one to avoid fixation). Caller commits."""
    session.clear()
    session[SESSION_KEY] = web_sessions.start(user, _now())
    g._web_user = user


def sign_out():
    """End this browser's session server-side and forget it. Caller commits."""
    raw = session.get(SESSION_KEY)
    if isinstance(raw, str):
        web_sessions.end(raw, _now(), "signed out")
    session.clear()
    g._web_user = None


def safe_next(target):
    """``target`` if it is a path on this site, else the tray (no open redirects)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def login_required(view):
    """Send anyone not signed in to the sign-in page, coming back here afterwards."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("views.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapper


def admin_required(view):
    """Like login_required, and refuse (403) anyone who is not an administrator."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            return redirect(url_for("views.sign_in", next=request.full_path.rstrip("?")))
        if not user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapper
