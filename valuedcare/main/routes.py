from __future__ import annotations

from flask import current_app, jsonify, render_template

from valuedcare import access
from valuedcare.data import health
from valuedcare.main import bp


@bp.get("/")
@access.public
def index() -> str:
    return render_template("main/index.html")


@bp.get("/accessibility-statement")
@access.public
def accessibility_statement() -> str:
    return render_template("main/accessibility_statement.html", settings=_statement_settings())


@bp.get("/privacy")
@access.public
def privacy() -> str:
    return render_template("main/privacy.html", settings=_statement_settings())


def _statement_settings() -> dict[str, str | None]:
    """What the organisation running the service filled in (``config.STATEMENT_SETTINGS``)."""
    from valuedcare.config import STATEMENT_SETTINGS

    return {key.lower(): current_app.config.get(key) for key in STATEMENT_SETTINGS}


@bp.get("/healthz")
@access.public
def healthz():
    """Liveness: 200 while the process is up, whatever the database does (a database restart must
    not make an orchestrator restart every instance at once); the body says whether the database
    answers. Send traffic by ``/readyz``."""
    return jsonify(status="ok", database=health.database_is_reachable()), 200


@bp.get("/readyz")
@access.public
def readyz():
    """Readiness: the database answers and its schema is at the latest migration."""
    reachable = health.database_is_reachable()
    current = reachable and health.migrations_are_current()
    status = 200 if current else 503
    return jsonify(database=reachable, migrations_current=current), status
