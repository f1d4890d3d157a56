"""Blueprint "actions": the improvement plan, from suggested priorities to owned, dated actions
carried from cycle to cycle."""

from flask import Blueprint

bp = Blueprint("actions", __name__)

from valuedcare.actions import routes  # noqa: E402,F401
