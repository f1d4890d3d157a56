"""Blueprint "auth": sign in, sign out, password reset, and the application's login set-up.

Registering the blueprint also configures Flask-Login for the application (user loader, sign-in
page, permanent sessions) and adds the header's account area and navigation to every template
(see ``valuedcare.auth.session`` and ``valuedcare.auth.navigation``).
"""

from typing import cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__, url_prefix="/account")


def _set_up_application(state: BlueprintSetupState) -> None:
    from valuedcare.auth.navigation import header_context
    from valuedcare.auth.session import init_login

    init_login(cast(Flask, state.app))
    state.app.context_processor(header_context)


bp.record_once(_set_up_application)

from valuedcare.auth import routes  # noqa: E402,F401
