"""HTTP-level protection: security headers, the session cookie, sign-in rate limit, proxies.

Headers come from flask-talisman, the per-address sign-in limit from Flask-Limiter (the
limit itself is declared on the sign-in view). TLS ends at the council's proxy, so the
app never redirects to HTTPS itself; HSTS is sent on requests that arrived over HTTPS.
"""
import base64
import hashlib

from flask import jsonify, render_template, request
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from service.diagrams.diagram_svg import CSS as DIAGRAM_CSS
from .extensions import limiter

ONE_YEAR = 365 * 24 * 3600
# (config key, environment variable, parser, default); defaults of None are worked out later.
SETTINGS = [
    ("COOKIE_SECURE", "STEPWISE_COOKIE_SECURE", "flag", None),
    ("HSTS_SECONDS", "STEPWISE_HSTS_SECONDS", "int", ONE_YEAR),
    ("TRUSTED_PROXIES", "STEPWISE_TRUSTED_PROXIES", "int", 0),
    ("RATELIMIT_STORAGE_URI", "STEPWISE_RATELIMIT_STORAGE_URI", "str", "memory://"),
    ("SIGNIN_RATE_LIMIT", "STEPWISE_SIGNIN_RATE_LIMIT", "str", "10 per minute; 100 per hour"),
    ("SIGNIN_LOCK_AFTER", "STEPWISE_SIGNIN_LOCK_AFTER", "int", 5),
    ("SIGNIN_LOCK_MINUTES", "STEPWISE_SIGNIN_LOCK_MINUTES", "int", 15),
    ("SESSION_IDLE_MINUTES", "STEPWISE_SESSION_IDLE_MINUTES", "int", 8 * 60),
    ("SESSION_MAX_HOURS", "STEPWISE_SESSION_MAX_HOURS", "int", 12),
]
FLAGS = {"on": True, "1": True, "true": True, "yes": True, "off": False, "0": False, "false": False, "no": False}


class SecuritySettingError(ValueError):
    """A STEPWISE_ security setting that cannot be understood (start-up stops)."""


def settings_from_env(environ):
    """Config values from the STEPWISE_ security variables, with their defaults."""
    config = {}
    for key, variable, kind, default in SETTINGS:
        raw = environ.get(variable, "").strip()
        if not raw:
            config[key] = default
        elif kind == "flag":
            if raw.lower() not in FLAGS:
                raise SecuritySettingError(f"{variable} must be on or off, not {raw!r}")
            config[key] = FLAGS[raw.lower()]
        elif kind == "int":
            if not raw.isdigit():
                raise SecuritySettingError(f"{variable} must be a whole number, not {raw!r}")
            config[key] = int(raw)
        else:
            config[key] = raw
    return config


def style_hash(css):
    """The CSP source that allows exactly one inline <style> element with this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


# Pages use only our own stylesheet; the one inline style is the diagram SVG's own <style>
# (also served alone as .svg), allowed by its hash rather than by 'unsafe-inline'.
CSP = {
    "default-src": "'self'",
    "style-src": f"'self' {style_hash(DIAGRAM_CSS)}",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app):
    """Install headers, cookie flags, the rate limiter and proxy handling on ``app``."""
    config = app.config
    secure = config.get("COOKIE_SECURE")
    if secure is None:  # on unless this is the demo or a test: both run on plain http://127.0.0.1
        secure = not (config.get("DEMO") or config.get("TESTING"))
    config["SESSION_COOKIE_SECURE"] = secure
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429

    if config.get("TRUSTED_PROXIES"):
        hops = config["TRUSTED_PROXIES"]
        # Only trust X-Forwarded-* from the proxies we were told about: else a client could
        # pick its own address and slip past the per-address sign-in limit.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    hsts = config.get("HSTS_SECONDS") or 0
    app.extensions["talisman"] = Talisman(
        app, force_https=False, frame_options="DENY", content_security_policy=CSP,
        # same-origin, not no-referrer: CSRF protection checks the Referer on HTTPS posts.
        referrer_policy="same-origin",
        strict_transport_security=hsts > 0, strict_transport_security_max_age=hsts,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=False,  # decided above; talisman would force it on for every request
        session_cookie_http_only=True, session_cookie_samesite="Lax", x_content_type_options=True)
    limiter.init_app(app)
    app.after_request(_no_store)
    app.register_error_handler(429, _too_many_requests)


def _no_store(response):
    # Pages and API answers can show a child's record: no browser or proxy may keep a copy.
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _too_many_requests(exc):
    if request.path.startswith("/api/"):
        response = jsonify({"error": "too_many_requests", "message": "too many requests; try again later",
                            "fields": {}})
    else:
        response = render_template(
            "error.html", status=429, heading="Too many attempts",
            message="There have been too many failed sign-in attempts from your network. "
                    "Wait a few minutes and try again, or ask your administrator to reset your password.")
    return response, 429
