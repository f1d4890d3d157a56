"""Valued care maturity self-assessment: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from valuedcare.config import Config, ConfigurationError, config_from_environment

#: Blueprint modules, each exposing ``bp``; registered in this order.
BLUEPRINT_MODULES = (
    "valuedcare.main",
    "valuedcare.auth",
    "valuedcare.admin",
    "valuedcare.survey",
    "valuedcare.reports",
    "valuedcare.compare",
    "valuedcare.actions",
    "valuedcare.measures",
    "valuedcare.api",
)


def create_app(config: Config | type[Config] | None = None, **overrides: Any) -> Flask:
    """Build the application. Nothing happens at import time."""
    app = Flask(__name__, static_folder="static", static_url_path="/assets")
    if config is None:
        config = config_from_environment()
    app.config.from_object(config() if isinstance(config, type) else config)
    app.config.update(overrides)
    _check_disclosure_rules(app.config)

    _init_extensions(app)
    _register_blueprints(app)
    from valuedcare import errors, jinja, request_log, security
    from valuedcare.cli import register_cli

    jinja.configure_jinja(app)
    security.init_app(app)
    request_log.init_app(app)
    _trust_proxies(app)
    errors.register_error_handlers(app)
    register_cli(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind a load balancer, take the client's address and scheme from the ``X-Forwarded-*``
    headers set by the ``TRUSTED_PROXIES`` nearest hops, so per-address rate limits count people,
    not the balancer."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def _init_extensions(app: Flask) -> None:
    from pathlib import Path

    from valuedcare.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(name).bp)


def _check_disclosure_rules(config: Mapping[str, Any]) -> None:
    """Refuse to start with a disclosure threshold below the floor or not a whole number."""
    from valuedcare.disclosure import DisclosureRules, DisclosureSettingError

    try:
        DisclosureRules.from_config(config)
    except DisclosureSettingError as error:
        raise ConfigurationError(str(error)) from error
