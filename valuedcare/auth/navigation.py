"""What every page's header shows, and the signed-in user's areas on the start page.

A context processor (registered for the whole application by the auth blueprint) gives templates:

- ``header_account``: for a signed-in user, their name (linking to their account page), a notice of
  when the session will end if they do nothing (visible without JavaScript; the session timeout
  script reads its data attributes to warn before it ends), and a sign-out button (a POST form
  with a CSRF token). Nothing for visitors.
- ``header_navigation``: links to the areas the user's role may use.
- ``account_areas()``: the same areas with a sentence each, for the start page.

Areas whose blueprint is not installed are left out, so this module never breaks a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from valuedcare.auth.session import session_ends_at

UK = ZoneInfo("Europe/London")
ADMINS = ("platform_admin", "organisation_admin")


@dataclass(frozen=True)
class Area:
    endpoint: str
    text: str
    description: str
    roles: tuple[str, ...] = ()  # empty: every role


AREAS = (
    Area(
        "survey.own_index",
        "Your self-assessment",
        "Start or continue your own self-assessment, or see what you sent.",
        ("board_member",),
    ),
    Area("reports.index", "Reports", "Your organisation's results, board papers and downloads."),
    Area("compare.index", "Compare", "Benchmarks against other trusts, trends over the years."),
    Area(
        "actions.own_plan",
        "Improvement plan",
        "The actions agreed to close the gaps, who owns them, and how they are going.",
        ("organisation_admin", "board_member", "viewer"),
    ),
    Area(
        "measures.own_measures",
        "Outcome measures",
        "Length of stay, waits, absence and other measures as SPC charts, team by team.",
        ("organisation_admin", "board_member", "viewer"),
    ),
    Area(
        "survey.index",
        "Invitations",
        "Invite board members, share anonymous feedback links and follow response rates.",
        ADMINS,
    ),
    Area(
        "admin.index",
        "Administration",
        "Organisations, cycles, questionnaires, users and the audit log.",
        ("platform_admin",),
    ),
    Area(
        "admin.users",
        "Users",
        "Invite people from your organisation, change their roles or remove their access.",
        ("organisation_admin",),
    ),
)


def clock_time(moment: datetime) -> str:
    """A time of day in UK time, as NHS.UK writes it: "9am", "3:15pm", "12:05am"."""
    local = moment.astimezone(UK)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def visible_areas() -> list[dict[str, str]]:
    """{href, text, description, endpoint} for each area the signed-in user's role may use."""
    if not current_user.is_authenticated:
        return []
    found = current_app.view_functions
    return [
        {
            "href": url_for(area.endpoint),
            "text": area.text,
            "description": area.description,
            "endpoint": area.endpoint,
        }
        for area in AREAS
        if area.endpoint in found and (not area.roles or current_user.role in area.roles)
    ]


def _session_notice(ends_at: datetime) -> Markup:
    seconds = int(current_app.permanent_session_lifetime.total_seconds())
    warning = int(current_app.config.get("SESSION_IDLE_WARNING_SECONDS", seconds - 300))
    return Markup(
        '<span class="app-session-notice" id="session-notice" data-session-seconds="{}" '
        'data-session-warning-seconds="{}" data-session-keep-alive-url="{}" '
        'data-session-expired-url="{}">You will be signed out at {} if inactive</span>'
        '<script src="{}" defer></script>'
    ).format(
        seconds,
        warning,
        url_for("auth.keep_alive"),
        url_for("auth.sign_in", expired=1),
        clock_time(ends_at),
        url_for("auth.session_script"),
    )


def _sign_out_form() -> Markup:
    return Markup(
        '<form class="nhsuk-header__account-form" action="{}" method="post" data-sign-out>'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<button class="nhsuk-header__account-button" type="submit">Sign out</button></form>'
    ).format(url_for("auth.sign_out"), escape(generate_csrf()))


def header_context() -> dict[str, object]:
    """Template variables for the header (see the module docstring)."""
    if not current_user.is_authenticated:
        return {"account_areas": visible_areas}
    account = [
        {"href": url_for("auth.account"), "text": current_user.display_name, "icon": True},
        {"html": _session_notice(session_ends_at())},
        {"html": _sign_out_form()},
    ]
    navigation = [
        {
            "href": area["href"],
            "text": area["text"],
            "current": request.endpoint == area["endpoint"],
            "active": request.blueprint == area["endpoint"].partition(".")[0],
        }
        for area in visible_areas()
    ]
    return {
        "header_account": account,
        "header_navigation": navigation,
        "account_areas": visible_areas,
    }
