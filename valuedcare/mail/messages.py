"""The words of each message the outbox sends, for SMTP and the development log.

GOV.UK Notify keeps its own copy of each template (``NOTIFY_TEMPLATE_IDS``); the README gives
the text to paste into Notify, with the same ((placeholders)) as the keys here. Pure: no Flask,
no database.
"""

from __future__ import annotations

from collections.abc import Mapping

SERVICE = "Valued care self-assessment"

_BOARD_INVITATION = (
    "Board self-assessment for {organisation}: {cycle}",
    "Dear {name},\n\n"
    "{organisation} is assessing itself against the ten ingredients of the Valued care in mental "
    "health model. As a board member, you are asked to give your own view before the board "
    "agrees its position.\n\n"
    "Open your personal link to answer:\n\n{link}\n\n"
    "The link is yours: please do not forward it. You can save your answers and come back "
    "later. Answers close on {closes_on}.\n\n"
    "If you were not expecting this email, you can ignore it.\n",
)
_BOARD_REMINDER = (
    "Reminder: your board self-assessment closes on {closes_on}",
    "Dear {name},\n\n"
    "You have not yet sent your answers to {organisation}'s self-assessment for {cycle}. "
    "Answers close in {days_left}, on {closes_on}.\n\n"
    "Open your personal link to carry on:\n\n{link}\n\n"
    "If you have already sent your answers, thank you: you can ignore this email.\n",
)
_ANONYMOUS_INVITATION = (
    "Tell {organisation} what you think: {questionnaire}",
    "{organisation} would like to hear from you about its mental health services.\n\n"
    "Open this link to answer some questions:\n\n{link}\n\n"
    "Your answers are anonymous. The link is yours and works once: nobody at {organisation} "
    "can see which answers are yours, and your email address is deleted when the survey "
    "closes on {closes_on}.\n\n"
    "You do not have to take part. If you do not want to, you can ignore this email.\n",
)
_ANONYMOUS_REMINDER = (
    "Reminder: {organisation}'s survey closes on {closes_on}",
    "You have {days_left} left to tell {organisation} what you think about its mental "
    "health services.\n\n"
    "Open your link to answer:\n\n{link}\n\n"
    "Your answers are anonymous. We send this reminder only to links that have not been used, "
    "and we cannot see whose answers are whose. If you do not want to take part, you can "
    "ignore this email.\n",
)

# Text messages have no subject; GOV.UK Notify sends up to 918 characters as one message.
_ANONYMOUS_INVITATION_SMS = (
    "",
    "{organisation} would like to hear what you think of its mental health services. Your own "
    "link, which works once: {link} Your answers are anonymous and nobody can see which are "
    "yours. Your number is deleted when the survey closes on {closes_on}. You do not have to "
    "take part.",
)
_ANONYMOUS_REMINDER_SMS = (
    "",
    "{days_left} left to tell {organisation} what you think of its mental health services: "
    "{link} Your answers are anonymous. If you do not want to take part, ignore this message.",
)
_PASSWORD_RESET = (
    "Reset your password – {service}",
    "Someone asked to reset the password of your {service} account.\n\n"
    "To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n"
    "The link works once. If you did not ask for this, you can ignore this email: "
    "your password has not changed.\n",
)
_ACCOUNT_INVITATION = (
    "Your account – {service}",
    "{invited_by} has given you an account on the {service}.\n\n"
    "To choose your password and sign in, open this link within {days} days:\n\n{link}\n\n"
    "If you were not expecting this, you can ignore this email.\n",
)

TEXTS: dict[str, tuple[str, str]] = {
    "board_invitation": _BOARD_INVITATION,
    "board_reminder": _BOARD_REMINDER,
    "anonymous_invitation": _ANONYMOUS_INVITATION,
    "anonymous_reminder": _ANONYMOUS_REMINDER,
    "anonymous_invitation_sms": _ANONYMOUS_INVITATION_SMS,
    "anonymous_reminder_sms": _ANONYMOUS_REMINDER_SMS,
    "password_reset": _PASSWORD_RESET,
    "account_invitation": _ACCOUNT_INVITATION,
}


def render(template: str, personalisation: Mapping[str, str]) -> tuple[str, str]:
    """(subject, body) of ``template`` with its personalisation filled in."""
    subject, body = TEXTS[template]
    values = dict(personalisation)
    return subject.format(**values), body.format(**values)


def notify_text(template: str) -> tuple[str, str]:
    """(subject, body) to paste into GOV.UK Notify, with ((placeholders))."""
    subject, body = TEXTS[template]
    return _placeholders(subject), _placeholders(body)


def _placeholders(text: str) -> str:
    return text.replace("{", "((").replace("}", "))")
