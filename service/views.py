"""Server-rendered worker UI (thin routes over the use cases)."""
from flask import Blueprint

bp = Blueprint("views", __name__)


@bp.get("/")
def index():
    return "Stepwise"
