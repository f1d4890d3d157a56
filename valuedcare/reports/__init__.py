"""Blueprint "reports": trust reports, moderation, downloads and exports."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from valuedcare.reports import routes  # noqa: E402,F401
