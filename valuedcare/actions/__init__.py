"""Blueprint "actions": action notes that turn gaps into owned, dated actions."""

from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/actions")

from valuedcare.actions import routes  # noqa: E402,F401
