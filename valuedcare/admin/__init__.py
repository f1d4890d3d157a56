"""Blueprint "admin": organisations, cycles, questionnaires, users and the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from valuedcare.admin import records, routes, users  # noqa: E402,F401
