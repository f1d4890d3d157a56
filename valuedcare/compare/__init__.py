"""Blueprint "compare": benchmarks across trusts, trends over cycles and variation between teams."""

from flask import Blueprint

bp = Blueprint("compare", __name__, url_prefix="/compare")

from valuedcare.compare import routes  # noqa: E402,F401
