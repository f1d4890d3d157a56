"""Providers that hand a message over: GOV.UK Notify, an SMTP server, or the log.

Each provider's ``send`` answers with a ``Delivery`` whose outcome says what the outbox must do:

- ``SENT``: the provider has the message (its id is kept for delivery status);
- ``RETRY``: it certainly does not have it (could not connect, a 5xx or 429 answer): try later;
- ``FAILED``: it refused this message for good (for example an address it will not send to);
- ``UNCERTAIN``: the request went out and no answer came back (a timeout after sending). The
  provider may have accepted it. Notify can be asked by the message's reference before it is sent
  again; an SMTP server cannot, so an uncertain SMTP message is never sent again.

A provider that refuses the service's own credentials raises ``ProviderConfigurationError``: that
is not the message's fault, so the message stays queued and the command stops with the reason.
No address or link is ever logged here; error texts are cleaned of the address before they are
stored.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Protocol

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from valuedcare.mail.messages import render

log = logging.getLogger("valuedcare.mail")

SENT = "sent"
RETRY = "retry"
FAILED = "failed"
UNCERTAIN = "uncertain"

#: SMTP reply codes from this one up refuse a message for good (4xx means "try later").
SMTP_PERMANENT = 500
#: HTTP statuses from Notify meaning "try again later".
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: HTTP statuses meaning the service's key is wrong, revoked or not allowed.
KEY_REFUSED_STATUSES = frozenset({401, 403})
#: Notify's delivery statuses, and the outbox status each becomes.
NOTIFY_DELIVERED = "delivered"
NOTIFY_FAILURES = {
    "permanent-failure": "The address does not exist or the provider refused it for good",
    "temporary-failure": "The inbox was full or the phone was off for too long",
    "technical-failure": "GOV.UK Notify had a technical failure and did not send it",
    "validation-failed": "GOV.UK Notify could not send it: check the address",
}


@dataclass(frozen=True)
class Outgoing:
    """One message as the provider needs it."""

    reference: str
    channel: str
    template: str
    recipient: str
    personalisation: Mapping[str, str]


@dataclass(frozen=True)
class Delivery:
    outcome: str
    provider_id: str | None = None
    error: str | None = None


class ProviderConfigurationError(RuntimeError):
    """The provider refuses the service's configuration (a wrong or revoked key, a template id
    that is missing): nothing is sent until an administrator fixes it."""


class Provider(Protocol):
    name: str
    #: Whether ``find`` can tell if the provider already has a message with a reference.
    can_look_up: bool

    def send(self, message: Outgoing) -> Delivery: ...

    def find(self, reference: str) -> str | None: ...

    def delivery_status(self, provider_id: str) -> tuple[str, str | None] | None: ...


def _clean(text: str, message: Outgoing) -> str:
    """An error text without the message's address or link in it."""
    cleaned = text.replace(message.recipient, "[address]")
    link = message.personalisation.get("link")
    return cleaned.replace(link, "[link]") if link else cleaned


class LogProvider:
    """Development: write each message to the ``valuedcare.mail`` log. In production there is no
    one to read it, so sending stops with a configuration error and every message stays queued
    until a provider is configured (never its address or link in the log)."""

    name = "log"
    can_look_up = False

    def __init__(self, production: bool = False) -> None:
        self.production = production

    def send(self, message: Outgoing) -> Delivery:
        if self.production:
            raise ProviderConfigurationError(
                "No mail provider is configured: set NOTIFY_API_KEY (GOV.UK Notify) or "
                "MAIL_SERVER (SMTP); messages stay queued until then"
            )
        subject, body = render(message.template, message.personalisation)
        if message.channel == "sms":
            log.info("Text message to %s\n\n%s", message.recipient, body)
        else:
            log.info("Email to %s\nSubject: %s\n\n%s", message.recipient, subject, body)
        return Delivery(SENT, provider_id=f"log-{uuid.uuid4()}")

    def find(self, reference: str) -> str | None:
        return None

    def delivery_status(self, provider_id: str) -> tuple[str, str | None] | None:
        return None


class SmtpProvider:
    """An SMTP server (``MAIL_SERVER`` and friends). Text messages cannot go this way."""

    name = "smtp"
    can_look_up = False

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.host = str(config["MAIL_SERVER"])
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD") or ""
        self.sender = str(config.get("MAIL_SENDER"))
        self.timeout = float(config.get("MAIL_TIMEOUT") or 10)

    def send(self, message: Outgoing) -> Delivery:
        if message.channel != "email":
            return Delivery(FAILED, error="Text messages can only be sent through GOV.UK Notify")
        subject, body = render(message.template, message.personalisation)
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Subject"] = subject
        email["Message-ID"] = make_msgid(idstring=message.reference.replace(":", "."))
        email.set_content(body)
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as error:
            return Delivery(RETRY, error=f"Could not reach the mail server: {type(error).__name__}")
        try:
            return self._deliver(smtp, email, message)
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def _deliver(self, smtp: smtplib.SMTP, email: EmailMessage, message: Outgoing) -> Delivery:
        try:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(str(self.username), str(self.password))
        except smtplib.SMTPAuthenticationError as error:
            raise ProviderConfigurationError(
                "The mail server refused MAIL_USERNAME and MAIL_PASSWORD"
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            return Delivery(RETRY, error=f"The mail server failed: {type(error).__name__}")
        try:
            smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            return Delivery(FAILED, error="The mail server refused the address")
        except smtplib.SMTPResponseException as error:
            text = _clean(f"The mail server answered {error.smtp_code}", message)
            permanent = error.smtp_code >= SMTP_PERMANENT
            return Delivery(FAILED if permanent else RETRY, error=text)
        except (TimeoutError, smtplib.SMTPServerDisconnected):
            # The message may have been accepted: an SMTP server cannot be asked, so it is not
            # sent again (at most once).
            return Delivery(UNCERTAIN, error="The mail server did not confirm the message")
        except (OSError, smtplib.SMTPException) as error:
            return Delivery(UNCERTAIN, error=f"The mail server failed: {type(error).__name__}")
        return Delivery(SENT, provider_id=str(email["Message-ID"]).strip("<>")[:64])

    def find(self, reference: str) -> str | None:
        return None

    def delivery_status(self, provider_id: str) -> tuple[str, str | None] | None:
        return None


class NotifyProvider:
    """GOV.UK Notify through its official client; each message's reference is the outbox's
    unique reference, so one that timed out can be looked up before it is sent again."""

    name = "notify"
    can_look_up = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        key = str(config.get("NOTIFY_API_KEY") or "")
        if len(key) < KEY_LENGTH or not _is_uuid(key[-73:-37]) or not _is_uuid(key[-36:]):
            raise ProviderConfigurationError(
                "NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key, which ends "
                "with two long ids separated by a dash, from Notify's API integration page"
            )
        self.key = key
        self.base_url = str(config.get("NOTIFY_BASE_URL") or NOTIFY_URL)
        self.timeout = float(config.get("NOTIFY_TIMEOUT") or 10)
        self.templates: Mapping[str, str] = config.get("NOTIFY_TEMPLATE_IDS") or {}
        # The environment's proxy and certificate settings, read once rather than on every
        # request (reading them took longer than the request itself).
        self.proxies = urllib.request.getproxies()
        self.verify: str | bool = os.environ.get("REQUESTS_CA_BUNDLE") or True
        self._local = threading.local()

    @property
    def client(self) -> NotificationsAPIClient:
        """This thread's client: the sender calls Notify from several threads at once, and a
        client's ``requests`` session is not documented as safe to share between threads."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = NotificationsAPIClient(self.key, base_url=self.base_url, timeout=self.timeout)
            session = client.request_session
            session.proxies.update(self.proxies)
            session.verify = self.verify
            session.trust_env = False
            self._local.client = client
        return client

    def send(self, message: Outgoing) -> Delivery:
        template_id = self.templates.get(message.template)
        if not template_id:
            raise ProviderConfigurationError(
                f"NOTIFY_TEMPLATE_IDS has no template id for {message.template!r}"
            )
        try:
            if message.channel == "sms":
                answer = self.client.send_sms_notification(
                    message.recipient, template_id, dict(message.personalisation), message.reference
                )
            else:
                answer = self.client.send_email_notification(
                    message.recipient, template_id, dict(message.personalisation), message.reference
                )
        except APIError as error:
            return self._refused(error, message)
        return Delivery(SENT, provider_id=str(answer.get("id") or "")[:64] or None)

    def _refused(self, error: APIError, message: Outgoing) -> Delivery:
        cause = error.__cause__
        if isinstance(cause, requests.ConnectionError) and not isinstance(
            cause, requests.ReadTimeout
        ):
            return Delivery(RETRY, error="Could not reach GOV.UK Notify")
        if isinstance(cause, requests.ReadTimeout | requests.exceptions.ChunkedEncodingError):
            return Delivery(UNCERTAIN, error="GOV.UK Notify did not answer in time")
        if error.response is None:
            return Delivery(UNCERTAIN, error="GOV.UK Notify did not answer")
        status = error.status_code
        if status in KEY_REFUSED_STATUSES:
            raise ProviderConfigurationError(
                f"GOV.UK Notify refused the API key ({status}): check that NOTIFY_API_KEY is "
                "right and has not been revoked"
            )
        text = _clean(f"GOV.UK Notify answered {status}: {error.message}", message)
        return Delivery(RETRY if status in RETRY_STATUSES else FAILED, error=text[:500])

    def find(self, reference: str) -> str | None:
        found = self.client.get_all_notifications(reference=reference).get("notifications") or []
        return str(found[0]["id"]) if found else None

    def delivery_status(self, provider_id: str) -> tuple[str, str | None] | None:
        status = str(self.client.get_notification_by_id(provider_id).get("status") or "")
        if status == NOTIFY_DELIVERED:
            return NOTIFY_DELIVERED, None
        if status in NOTIFY_FAILURES:
            return FAILED, NOTIFY_FAILURES[status]
        return None


NOTIFY_URL = "https://api.notifications.service.gov.uk"
#: A Notify key is "name-<service id>-<secret>", the two ids 36 characters each.
KEY_LENGTH = 74


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def provider_name(config: Mapping[str, Any]) -> str:
    """``MAIL_PROVIDER``, or by default ``notify`` when ``NOTIFY_API_KEY`` is set, ``smtp`` when
    ``MAIL_SERVER`` is, and otherwise ``log``."""
    return str(
        config.get("MAIL_PROVIDER")
        or (
            "notify"
            if config.get("NOTIFY_API_KEY")
            else "smtp"
            if config.get("MAIL_SERVER")
            else "log"
        )
    )


def can_send_texts(config: Mapping[str, Any]) -> bool:
    """Whether text messages can be sent: through GOV.UK Notify, or to the log in development."""
    name = provider_name(config)
    return name == "notify" or (name == "log" and config.get("ENV_NAME") != "production")


def provider_from_config(config: Mapping[str, Any]) -> Provider:
    """The provider ``MAIL_PROVIDER`` names (``provider_name``)."""
    name = provider_name(config)
    if name == "notify":
        return NotifyProvider(config)
    if name == "smtp":
        if not config.get("MAIL_SERVER"):
            raise ProviderConfigurationError("MAIL_PROVIDER is smtp but MAIL_SERVER is not set")
        return SmtpProvider(config)
    if name == "log":
        return LogProvider(production=config.get("ENV_NAME") == "production")
    raise ProviderConfigurationError(f"MAIL_PROVIDER must be notify, smtp or log, not {name!r}")
