"""Demo facility: move this server's clock forward so deadlines can be seen to act.

Only when the app runs with ``DEMO`` on: the app's clock is then an ``OffsetClock`` and
an administrator can push it on by hours or working days (``/demo/clock``). Moving the
clock runs one sweep straight away, so escalations appear without waiting for the
scheduler. The offset lives in this process's memory: a restart puts the clock back.
"""
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from service.deadlines import sweep
from service.calendar import england
from service.clock import OffsetClock
from service.web.web_auth import admin_required

bp = Blueprint("demo_clock", __name__, url_prefix="/demo")

UNITS = {"hours": ("hours", 24 * 14), "working_days": ("working days", 30)}


def init_app(app):
    """Offer the demo clock only in demo mode; anywhere else it does not exist."""
    if app.config.get("DEMO"):
        app.register_blueprint(bp)


@bp.before_request
def _demo_mode_only():
    # A second lock on the door: even if registered by mistake, it refuses outside demo mode.
    if not current_app.config.get("DEMO") or not isinstance(current_app.extensions["stepwise"].clock, OffsetClock):
        abort(404)


def advance(clock, unit, amount, calendar=england):
    """Move an OffsetClock forward by ``amount`` hours or working days; the new instant."""
    now = clock()
    if unit == "hours":
        target = calendar.add_hours(now, amount)
    else:
        target = calendar.add_working_days(now, amount)
    clock.offset += target - now
    return clock()


def parse(form):
    """(unit, amount, errors) from the submitted form; errors name the field."""
    errors = {}
    unit = form.get("unit", "")
    if unit not in UNITS:
        errors["unit"] = "Choose hours or working days"
    raw = form.get("amount", "").strip()
    limit = UNITS.get(unit, ("", 24 * 14))[1]
    amount = int(raw) if raw.isdigit() else None
    if amount is None or not 1 <= amount <= limit:
        errors["amount"] = f"Enter a whole number from 1 to {limit}"
    return unit, amount, errors


def _clock():
    clock = current_app.extensions["stepwise"].clock
    if not isinstance(clock, OffsetClock):  # registered only with DEMO, which installs one
        raise RuntimeError("the demo clock needs DEMO on")
    return clock


def _page(errors=None, status=200):
    clock = _clock()
    hours = clock.offset.total_seconds() / 3600
    return render_template("demo_clock.html", now=clock(), offset=f"{hours:g} hours", errors=errors or {},
                           form=request.form if errors else {}), status


@bp.get("/clock")
@admin_required
def show():
    return _page()


@bp.post("/clock")
@admin_required
def move():
    unit, amount, errors = parse(request.form)
    if errors:
        return _page(errors, 422)
    clock = _clock()
    moved_to = advance(clock, unit, amount)
    fired = sweep.fire_due_timers(current_app.extensions["stepwise"])
    flash(f"Demo clock moved forward {amount} {UNITS[unit][0]}. "
          f"{len(fired)} deadline(s) acted on.", "success")
    current_app.logger.warning("demo facility: clock moved to %s", moved_to.isoformat())
    return redirect(url_for("demo_clock.show"))


@bp.post("/clock/reset")
@admin_required
def reset():
    _clock().offset = timedelta(0)
    flash("Demo clock set back to the real time. Deadlines that already acted stay acted on.", "success")
    return redirect(url_for("demo_clock.show"))
