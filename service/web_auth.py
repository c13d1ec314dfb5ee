"""Session sign-in for the HTML pages: who is signed in, and guards for views."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, session, url_for

from .extensions import db
from .models import User

SESSION_KEY = "user_id"


def current_user():
    """The signed-in, active user for this request, or None."""
    if "_web_user" not in g:
        user_id = session.get(SESSION_KEY)
        user = db.session.get(User, user_id) if isinstance(user_id, int) else None
        g._web_user = user if user is not None and user.active else None
    return g._web_user


def sign_in(user):
    """Start a fresh session for ``user`` (clearing any earlier one to avoid fixation)."""
    session.clear()
    session[SESSION_KEY] = user.id
    g._web_user = user


def sign_out():
    """Forget the signed-in user."""
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
