"""Full web addresses of respondents' links, for messages sent by email or text.

In a request the address is built from the request (``url_for(..., _external=True)``), unless
``SERVICE_URL`` says what the public address is (behind a proxy that rewrites hosts). Commands
that send messages with no request (``flask invitations remind``) need ``SERVICE_URL``:
``service_context()`` gives them a request context at that address.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context, url_for


class ServiceUrlMissing(RuntimeError):
    """A command must build links but ``SERVICE_URL`` is not set."""


def respondent_link(token: str) -> str:
    """The full address of the respondent's start page for ``token``."""
    base = current_app.config.get("SERVICE_URL")
    if base and has_request_context():
        return str(base).rstrip("/") + url_for("survey.start", token=token)
    return url_for("survey.start", token=token, _external=True)


def short_link(code: str) -> str:
    """The full short address of an anonymous link (``/s/ABCD-EFGH``), for its poster."""
    base = current_app.config.get("SERVICE_URL")
    if base and has_request_context():
        return str(base).rstrip("/") + url_for("survey.short_link", code=code)
    return url_for("survey.short_link", code=code, _external=True)


@contextmanager
def service_context() -> Iterator[None]:
    """A request context at ``SERVICE_URL``, for commands that put links in messages."""
    base = current_app.config.get("SERVICE_URL")
    if not base:
        raise ServiceUrlMissing(
            "SERVICE_URL is not set: set it to the service's public address, for example "
            "https://valuedcare.example.nhs.uk, so that links in messages work"
        )
    with current_app.test_request_context("/", base_url=str(base)):
        yield
