"""Blueprint "survey": the respondent journey: invitations, links and questionnaire pages."""

from flask import Blueprint

bp = Blueprint("survey", __name__)

from valuedcare.survey import (  # noqa: E402,F401
    address_lists,
    finish,
    leads,
    own,
    paper,
    posters,
    routes,
    support,
)
