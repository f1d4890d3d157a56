"""Sending email: through SMTP when ``MAIL_SERVER`` is set, otherwise written to the log.

In development and tests the whole message (including any link) goes to the ``valuedcare.mail``
logger at INFO, so a developer can follow a password link. In production without ``MAIL_SERVER``
only the fact that a message could not be sent is logged (a password link in a log file would be a
way into the account).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def build_message(message: Message, sender: str) -> EmailMessage:
    """The MIME message for ``message`` (plain text, UTF-8)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


def send(message: Message) -> bool:
    """Send ``message``; returns True when it was handed to an SMTP server.

    Configuration: ``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USE_TLS`` (STARTTLS), ``MAIL_USERNAME``,
    ``MAIL_PASSWORD`` and ``MAIL_SENDER``. SMTP failures are logged, never shown to the user.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        _log_instead(message)
        return False
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(build_message(message, config["MAIL_SENDER"]))
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send the message %r", message.subject)
        return False
    return True


def _log_instead(message: Message) -> None:
    if current_app.config.get("ENV_NAME") == "production":
        log.warning("MAIL_SERVER is not set: the message %r was not sent", message.subject)
        return
    log.info("Email to %s\nSubject: %s\n\n%s", message.to, message.subject, message.body)


def password_reset_message(to: str, link: str, minutes: int, service: str) -> Message:
    """The email with a password reset link valid for ``minutes``."""
    body = (
        f"Someone asked to reset the password of your {service} account.\n\n"
        f"To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n"
        "The link works once. If you did not ask for this, you can ignore this email: "
        "your password has not changed.\n"
    )
    return Message(to=to, subject=f"Reset your password – {service}", body=body)


def invitation_message(to: str, link: str, days: int, service: str, invited_by: str) -> Message:
    """The email inviting someone to set the password of their new account."""
    body = (
        f"{invited_by} has given you an account on the {service}.\n\n"
        f"To choose your password and sign in, open this link within {days} days:\n\n{link}\n\n"
        "If you were not expecting this, you can ignore this email.\n"
    )
    return Message(to=to, subject=f"Your account – {service}", body=body)


#: Development sends at most this many messages straight after a request.
SEND_NOW_LIMIT = 50


def deliver_now() -> None:
    """Deliver what is queued, straight away (development, after a request has committed).
    Problems are logged without addresses; the request is never affected."""
    from valuedcare.mail.outbox import send_due
    from valuedcare.mail.providers import ProviderConfigurationError, provider_from_config

    try:
        send_due(provider_from_config(current_app.config), limit=SEND_NOW_LIMIT)
    except ProviderConfigurationError as error:
        log.warning("The outbox was not sent: %s", error)
    except Exception:
        log.warning("The outbox was not sent straight away; `flask outbox send` will send it")
