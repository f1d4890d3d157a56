"""Configuration classes.

The environment is read only here, inside ``DevelopmentConfig`` and ``ProductionConfig``; the
factory never looks at ``os.environ`` itself. ``config_from_environment`` chooses the class from
``VALUEDCARE_ENV`` (``development`` by default, ``production`` for real deployments).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from valuedcare.disclosure.rules import FLOOR
from valuedcare.reminders import DEFAULT_SCHEDULE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

#: Secrets that must never reach production (placeholders from examples and documentation).
KNOWN_PLACEHOLDER_SECRETS = frozenset({"", "dev", "change-me", "changeme", "secret", "development"})
#: Words that mark a secret as a placeholder or a test value, wherever they appear in it.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "placeholder", "example", "not-for-prod")
MIN_SECRET_LENGTH = 32
MIN_SECRET_VARIETY = 12  # different characters: refuses "aaaa…" and "12121212…"


def secret_key_problem(secret: str | None) -> str | None:
    """Why ``secret`` is not fit to sign production sessions and links, or None when it is."""
    secret = (secret or "").strip()
    lowered = secret.lower()
    if lowered in KNOWN_PLACEHOLDER_SECRETS or any(word in lowered for word in PLACEHOLDER_WORDS):
        return "SECRET_KEY must be set to a random value, not a placeholder, in production."
    if len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < MIN_SECRET_VARIETY:
        return (
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} characters in "
            "production, for example the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return None


#: Settings of the privacy notice and accessibility statement, read from the environment.
STATEMENT_SETTINGS = (
    "CONTROLLER_NAME",
    "CONTACT_EMAIL",
    "DPO_EMAIL",
    "RETENTION_PERIOD",
    "ACCESSIBILITY_PREPARED",
    "ACCESSIBILITY_REVIEWED",
)


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the application refuses to start."""


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # hide_parameters: a failed statement's error text never carries the values bound to it
    # (answers, hashes, email addresses), whichever handler logs it.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True, "hide_parameters": True}
    QUESTIONNAIRE_DIR = str(PROJECT_ROOT / "questionnaires")
    SERVICE_NAME = "Valued care self-assessment"

    # Forms and sessions
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=30)
    SESSION_IDLE_WARNING_SECONDS = 25 * 60
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # Rate limits (Flask-Limiter): memory by default, Redis when RATELIMIT_STORAGE_URI says so.
    RATELIMIT_STORAGE_URI = "memory://"
    # A moving window counts the last minute at every moment, so a limit holds across the turn of
    # the clock's minute (a fixed window would let twice the limit through at its edge).
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Reverse proxies (load balancers) in front of the application whose X-Forwarded-For and
    # X-Forwarded-Proto headers are trusted: 0 when clients connect directly. Behind one proxy
    # this must be 1, or every client shares the proxy's address (and its rate limits).
    TRUSTED_PROXIES = 0

    # Disclosure control (valuedcare.disclosure): never below 5; the environment may raise them.
    MIN_RESPONDENTS = FLOOR
    MIN_ORGANISATIONS = FLOOR

    # The statements a public service publishes (privacy notice, accessibility statement). Each
    # organisation running the service fills in its own; the defaults say who to ask instead.
    CONTROLLER_NAME: str | None = None
    CONTACT_EMAIL: str | None = None
    DPO_EMAIL: str | None = None
    RETENTION_PERIOD = "6 years after the end of the assessment cycle"
    ACCESSIBILITY_PREPARED = "4 December 2026"
    ACCESSIBILITY_REVIEWED = "4 December 2026"

    # Mail: when MAIL_SERVER is empty, messages are written to the log instead.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_SENDER = "no-reply@valuedcare.invalid"
    PASSWORD_RESET_MAX_AGE = 3600
    # The outbox's provider (valuedcare.mail.providers): "notify", "smtp" or "log". Unset: Notify
    # when NOTIFY_API_KEY is set, SMTP when MAIL_SERVER is, else the log.
    MAIL_PROVIDER: str | None = None
    NOTIFY_API_KEY: str | None = None
    NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    NOTIFY_TIMEOUT = 10.0
    # Notify template id of each message (NOTIFY_TEMPLATE_IDS="board_invitation=<id>,...").
    NOTIFY_TEMPLATE_IDS: dict[str, str] = {}
    # Development: deliver what a request queued as soon as it has committed (to the log unless
    # a provider is configured). Elsewhere `flask outbox send` delivers it.
    OUTBOX_SEND_AFTER_REQUEST = False
    # The service's public address (https://...), used in links sent by commands such as
    # `flask invitations remind`. Development: http://127.0.0.1:5000.
    SERVICE_URL: str | None = None
    # Reminders to people who have not answered: days before the cycle closes
    # (REMINDER_DAYS="7,2" in the environment).
    REMINDER_DAYS: tuple[int, ...] = DEFAULT_SCHEDULE


def _read_common_environment(config: Config) -> None:
    env = os.environ
    if env.get("RATELIMIT_STORAGE_URI"):
        config.RATELIMIT_STORAGE_URI = env["RATELIMIT_STORAGE_URI"]
    for key in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SENDER"):
        if env.get(key):
            setattr(config, key, env[key])
    for key in STATEMENT_SETTINGS:
        if env.get(key):
            setattr(config, key, env[key].strip())
    if env.get("MAIL_PORT"):
        config.MAIL_PORT = int(env["MAIL_PORT"])
    for key in ("MIN_RESPONDENTS", "MIN_ORGANISATIONS"):
        if env.get(key):
            setattr(config, key, _whole_number(key, env[key]))
    _read_schedules(config)
    if env.get("TRUSTED_PROXIES"):
        config.TRUSTED_PROXIES = _whole_number("TRUSTED_PROXIES", env["TRUSTED_PROXIES"])


def _read_schedules(config: Config) -> None:
    if os.environ.get("REMINDER_DAYS"):
        config.REMINDER_DAYS = _days(os.environ["REMINDER_DAYS"])
    _read_notify(config)


def _read_notify(config: Config) -> None:
    env = os.environ
    for key in ("MAIL_PROVIDER", "NOTIFY_API_KEY", "NOTIFY_BASE_URL", "SERVICE_URL"):
        if env.get(key):
            setattr(config, key, env[key].strip())
    if env.get("NOTIFY_TEMPLATE_IDS"):
        config.NOTIFY_TEMPLATE_IDS = _template_ids(env["NOTIFY_TEMPLATE_IDS"])


def _template_ids(raw: str) -> dict[str, str]:
    """NOTIFY_TEMPLATE_IDS: "name=id" pairs separated by commas."""
    pairs = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        name, equals, template_id = part.partition("=")
        if not equals or not name.strip() or not template_id.strip():
            raise ConfigurationError(
                f"NOTIFY_TEMPLATE_IDS must be name=id pairs separated by commas, not {part!r}."
            )
        pairs[name.strip()] = template_id.strip()
    return pairs


def _days(raw: str) -> tuple[int, ...]:
    """REMINDER_DAYS: whole numbers of days before closing, separated by commas ("7,2")."""
    return tuple(_whole_number("REMINDER_DAYS", part) for part in raw.split(",") if part.strip())


def _whole_number(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from error
    if value < 0:
        raise ConfigurationError(f"{name} must be 0 or more, not {value}.")
    return value


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class DevelopmentConfig(Config):
    """Local use: SQLite in ``instance/`` unless ``DATABASE_URL`` says otherwise."""

    def __init__(self) -> None:
        env = os.environ
        INSTANCE_DIR.mkdir(exist_ok=True)
        default_url = f"sqlite:///{INSTANCE_DIR / 'valuedcare.db'}"
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(env.get("DATABASE_URL", default_url))
        self.SECRET_KEY = env.get("SECRET_KEY") or _development_secret()
        self.OUTBOX_SEND_AFTER_REQUEST = True
        self.SERVICE_URL = f"http://127.0.0.1:{env.get('PORT', '5000')}"
        _read_common_environment(self)


class ProductionConfig(Config):
    """Real deployments: secrets come from the environment; unsafe settings stop start-up."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def __init__(self) -> None:
        env = os.environ
        secret = env.get("SECRET_KEY", "")
        problem = secret_key_problem(secret) or (
            "SECRET_KEY must not be the test suite's key in production."
            if secret == TestConfig.SECRET_KEY
            else None
        )
        if problem:
            raise ConfigurationError(problem)
        if env.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            raise ConfigurationError("Debug mode must not be switched on in production.")
        if not env.get("DATABASE_URL"):
            raise ConfigurationError("DATABASE_URL must be set in production.")
        self.SECRET_KEY = secret
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(env["DATABASE_URL"])
        self.DEBUG = False
        _read_common_environment(self)


class TestConfig(Config):
    """The test suite: a real database, CSRF off unless a test switches it on."""

    __test__ = False  # not a pytest test class
    ENV_NAME = "test"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-secret-key-not-for-production-use-0123456789"  # noqa: S105 (tests only)
    RATELIMIT_ENABLED = False

    def __init__(self, database_url: str | None = None) -> None:
        self.SQLALCHEMY_DATABASE_URI = database_url or "sqlite://"


def _development_secret() -> str:
    """A random key kept in ``instance/`` so development sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def config_from_environment() -> Config:
    """Choose the configuration from ``VALUEDCARE_ENV`` (development or production)."""
    name = os.environ.get("VALUEDCARE_ENV", "development").lower()
    if name == "production":
        return ProductionConfig()
    if name == "development":
        return DevelopmentConfig()
    raise ConfigurationError(f"VALUEDCARE_ENV must be 'development' or 'production', not {name!r}.")
