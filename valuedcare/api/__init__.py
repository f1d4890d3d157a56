"""Blueprint "api": the read-only JSON API for analysts."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from valuedcare.api import routes  # noqa: E402,F401
