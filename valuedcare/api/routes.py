"""Routes of the "api" blueprint."""

from valuedcare.api import bp  # noqa: F401
