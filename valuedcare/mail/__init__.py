"""Sending email: account emails straight away, everything else through the outbox.

Account emails (a password reset, a new account's invitation) carry a link that opens the
account, so they are sent at once through the configured provider (GOV.UK Notify, SMTP or, in
development, the log: ``mail.providers``) and never stored, not even in the outbox. A failure is
logged without the address or the link. Invitations and reminders to answer go through the
outbox (``data.outbox``), which keeps them until they are sent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from flask import current_app

log = logging.getLogger(__name__)

PASSWORD_RESET = "password_reset"  # noqa: S105 (a message template's name)
ACCOUNT_INVITATION = "account_invitation"
#: The account emails, and the personalisation each needs (Notify's ((placeholders))).
ACCOUNT_TEMPLATES: dict[str, tuple[str, ...]] = {
    PASSWORD_RESET: ("service", "link", "minutes"),
    ACCOUNT_INVITATION: ("service", "invited_by", "link", "days"),
}


def send_account_email(template: str, to: str, personalisation: Mapping[str, object]) -> bool:
    """Send an account email now through the configured provider; True when the provider has
    it (or may have it: a timeout after sending). Never raises: a failure is logged, without
    the address or the link, and the person can ask again."""
    from valuedcare.mail.providers import (
        SENT,
        UNCERTAIN,
        Outgoing,
        ProviderConfigurationError,
        provider_from_config,
    )

    missing = [key for key in ACCOUNT_TEMPLATES[template] if key not in personalisation]
    if missing:
        raise ValueError(f"The message {template!r} needs {', '.join(missing)}")
    message = Outgoing(
        reference=f"account:{uuid.uuid4()}",
        channel="email",
        template=template,
        recipient=to,
        personalisation={key: str(value) for key, value in personalisation.items()},
    )
    try:
        delivery = provider_from_config(current_app.config).send(message)
    except ProviderConfigurationError as error:
        log.warning("The %s email was not sent: %s", template, error)
        return False
    except Exception as error:  # a provider's client failing in a way it does not map
        log.warning("The %s email was not sent: %s", template, type(error).__name__)
        return False
    if delivery.outcome == SENT:
        return True
    log.warning("The %s email was not sent: %s", template, delivery.error or delivery.outcome)
    return delivery.outcome == UNCERTAIN


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
