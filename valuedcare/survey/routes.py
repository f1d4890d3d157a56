"""Routes of the "survey" blueprint."""

from valuedcare.survey import bp  # noqa: F401
