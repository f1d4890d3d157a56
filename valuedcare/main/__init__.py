"""Blueprint "main": the start page and health checks."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from valuedcare.main import routes  # noqa: E402,F401
