"""The worker's pages share one blueprint ("views"), defined here so that the modules adding
pages to it (views, case_views) import this and not each other."""
from flask import Blueprint

bp = Blueprint("views", __name__)
