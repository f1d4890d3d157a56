"""Blueprint "measures": outcome measures' monthly values per team, uploaded and checked, shown
as statistical process control charts beside the maturity results."""

from flask import Blueprint

bp = Blueprint("measures", __name__)

from valuedcare.measures import routes  # noqa: E402,F401
