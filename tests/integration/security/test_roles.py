"""Each role sees exactly what the roles table of the accounts issue says, on its own
organisation's data:

- platform administrator: everything (every organisation, questionnaires, cycles, users, audit);
- organisation administrator (improvement lead): their organisation's invitations, response
  rates, reports, exports, agreed position, improvement plan and users;
- board member: their own self-assessment and, once the cycle has closed, their organisation's
  report;
- viewer: their organisation's reports, once each cycle has closed.

Every rule of the URL map that a signed-in person can reach is requested with organisation A's
ids by a user of each role. Respondent link routes are not role-based (the link is the
credential) and are left to the survey tests.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from flask import Flask

from tests.integration.security.conftest import Estate, sign_in
from tests.integration.security.routes import (
    NOT_ORGANISATION_SPECIFIC,
    requests_for,
    rules,
    value_sets,
)

PA, OA, BM, VI = "platform_admin", "organisation_admin", "board_member", "viewer"
EVERYONE = (PA, OA, BM, VI)
LEADS = (PA, OA)
PLATFORM = (PA,)

#: endpoint -> roles that may use it. Endpoints in ``AFTER_CLOSE`` are refused to viewers and
#: board members while the cycle they show is open (one rule: ``users.can_view_reports``).
ROLE_TABLE: dict[str, tuple[str, ...]] = {
    # Start pages, account pages and the API's description: everyone.
    "main.index": EVERYONE,
    "main.accessibility_statement": EVERYONE,
    "main.privacy": EVERYONE,
    "main.healthz": EVERYONE,
    "main.readyz": EVERYONE,
    "auth.account": EVERYONE,
    "auth.keep_alive": EVERYONE,
    "auth.sign_in": EVERYONE,
    "auth.request_reset": EVERYONE,
    "auth.reset_requested": EVERYONE,
    "auth.signed_out": EVERYONE,
    "auth.session_script": EVERYONE,
    "auth.reset_password": EVERYONE,  # a password link: its token is the credential
    "api.openapi_json": EVERYONE,
    "api.list_tokens": EVERYONE,
    # Administration: platform administrators; users also for improvement leads.
    "admin.index": PLATFORM,
    "admin.organisations_list": PLATFORM,
    "admin.create_organisation": PLATFORM,
    "admin.edit_organisation": PLATFORM,
    "admin.cycles_list": PLATFORM,
    "admin.create_cycle": PLATFORM,
    "admin.reopen_cycle": PLATFORM,
    "admin.questionnaires": PLATFORM,
    "admin.questionnaire_changes": PLATFORM,
    "admin.audit_log": PLATFORM,
    "admin.users": LEADS,
    "admin.invite_user": LEADS,
    "admin.edit_user": LEADS,
    # Invitations and response rates: improvement leads.
    "survey.index": LEADS,
    "survey.invitation_list": LEADS,
    "survey.new_link": LEADS,
    "survey.invite_member": LEADS,
    "survey.response_rates": LEADS,
    # An anonymous link's poster, short address and QR code: for its organisation's leads.
    "survey.poster": LEADS,
    "survey.poster_svg": LEADS,
    # An anonymous link's address list (counts only): for its organisation's leads.
    "survey.address_list": LEADS,
    # The help shown to experts by experience: the organisation's leads set its own routes.
    "survey.support_settings": LEADS,
    # A board member's own self-assessment: the list shows anyone their own links (none for most);
    # what was sent is for its owner only, whatever the role (see test_own_self_assessment).
    "survey.own_index": EVERYONE,
    # Paper copies of the questionnaires: for improvement leads, who hand them out.
    "survey.paper_copy": LEADS,
    "survey.paper_copy_pdf": LEADS,
    "survey.own_sent": (),
    # Reports: every role (board members once the cycle has closed); exports, the agreed
    # position and the old action notes address: improvement leads.
    "reports.index": EVERYONE,
    "reports.trust_report": EVERYONE,
    "reports.radar_json": EVERYONE,
    "reports.radar_image": EVERYONE,
    "reports.gap_json": EVERYONE,
    "reports.board_paper": EVERYONE,
    # The board paper's cover sheet is written by improvement leads; everyone downloads the paper.
    "reports.board_paper_cover": LEADS,
    "reports.export": LEADS,
    "reports.moderate": LEADS,
    "reports.moderate_ingredient": LEADS,
    "reports.present_ingredient": LEADS,
    # Comments are read one by one before the report shows them: improvement leads only.
    "reports.review_comments": LEADS,
    "actions.notes": LEADS,
    # The improvement plan: everyone of the organisation reads it; leads change it.
    "actions.own_plan": (OA, BM, VI),
    # Outcome measures: everyone of the organisation reads them; leads upload values.
    "measures.own_measures": (OA, BM, VI),
    "measures.summary": EVERYONE,
    "measures.measure": EVERYONE,
    "measures.download": EVERYONE,
    "measures.template": LEADS,
    "measures.upload": LEADS,
    "measures.month": LEADS,
    "measures.preview": LEADS,
    "measures.confirm": LEADS,
    "measures.cancel": LEADS,
    "actions.plan": EVERYONE,
    "actions.plan_download": EVERYONE,
    "actions.show": EVERYONE,
    "actions.new_action": LEADS,
    "actions.edit": LEADS,
    "actions.progress": LEADS,
    "api.v1.list_actions": EVERYONE,
    "api.v1.list_measures": EVERYONE,
    "api.v1.list_measure_values": EVERYONE,
    # Benchmarks and trends are reports too.
    "compare.index": EVERYONE,
    "compare.organisation": EVERYONE,
    "compare.benchmark": EVERYONE,
    "compare.teams": EVERYONE,
    "compare.trends": EVERYONE,
    "compare.statements": EVERYONE,
    # The API (bearer tokens): what the same person's reports show.
    "api.v1.list_cycles": EVERYONE,
    "api.v1.get_cycle": EVERYONE,
    "api.v1.list_organisations": EVERYONE,
    "api.v1.get_organisation": EVERYONE,
    "api.v1.list_assessments": EVERYONE,
    "api.v1.get_scores": EVERYONE,
    "api.v1.get_experience": EVERYONE,
    "api.v1.get_benchmark": EVERYONE,
    "api.v1.get_benchmark_peers": EVERYONE,
}

AFTER_CLOSE = {
    "reports.trust_report",
    "reports.radar_json",
    "reports.radar_image",
    "reports.gap_json",
    "reports.board_paper",
    "reports.export",
    "compare.benchmark",
    "compare.teams",
    "api.v1.get_scores",
    "api.v1.get_experience",
    "api.v1.get_benchmark",
    "api.v1.get_benchmark_peers",
}

#: Differences between the application and the table, reported to the owners of those routes:
#: role -> (endpoint, request). Each must still be a difference: when one is put right, remove it.
KNOWN_GAPS: dict[str, list[tuple[str, str]]] = {}


def _bearer(db: Any, user: Any) -> dict[str, str]:
    """An API token of ``user``'s, when the API's tokens are part of the application."""
    if importlib.util.find_spec("valuedcare.data.api_tokens") is None:
        return {}
    from valuedcare.data import api_tokens

    token, _ = api_tokens.create_token(user.id, "role table")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _respondent_link(app: Flask, rule: Any) -> bool:
    return getattr(app.view_functions[rule.endpoint], "_access_rule", None) == "respondent_link"


def _is_open(values: dict[str, Any], estate: Estate) -> bool:
    return (
        values.get("assessment_id") == estate.a.open_assessment_id
        or values.get("cycle_id") == estate.open_cycle_id
    )


def _known_gaps(app: Flask, role: str, estate: Estate) -> set[str]:
    return {
        request.format(
            closed=estate.a.closed_assessment_id,
            open=estate.a.open_assessment_id,
            organisation=estate.a.organisation_id,
            open_cycle=estate.open_cycle_id,
        )
        for endpoint, request in KNOWN_GAPS.get(role, [])
        if endpoint in app.view_functions
    }


def test_the_table_names_every_route_people_sign_in_for(app: Flask) -> None:
    """Whoever adds a route says here which roles may use it."""
    missing = sorted(
        rule.endpoint
        for rule in rules(app)
        if rule.endpoint != "static"
        and not _respondent_link(app, rule)
        and "GET" in (rule.methods or set())
        and rule.endpoint not in ROLE_TABLE
    )
    assert not missing, f"add these endpoints to ROLE_TABLE in {__file__}: {missing}"


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_sees_what_the_table_says(
    app: Flask, client: Any, db: Any, estate: Estate, role: str
) -> None:
    user = estate.platform_admin if role == PA else estate.a.users[role]
    sign_in(client, user)
    headers = _bearer(db, user)
    mismatches = set()
    for rule in rules(app):
        if rule.endpoint not in ROLE_TABLE or rule.endpoint in {"auth.reset_password"}:
            continue
        if "GET" not in (rule.methods or set()):
            continue
        for values in value_sets(rule, estate, estate.a):
            url = app.url_map.bind("localhost").build(rule.endpoint, values)
            allowed = role in ROLE_TABLE[rule.endpoint] and not (
                role in (BM, VI) and rule.endpoint in AFTER_CLOSE and _is_open(values, estate)
            )
            status = client.get(url, headers=headers).status_code
            if allowed and status >= 400:
                mismatches.add(f"GET {url}")
            if not allowed and status not in (403, 404):
                mismatches.add(f"GET {url}")
    known = _known_gaps(app, role, estate)
    unexpected = sorted(mismatches - known)
    assert not unexpected, f"{role} is given or refused, against the table:\n" + "\n".join(
        unexpected
    )
    assert known <= mismatches, f"put right, remove from KNOWN_GAPS: {sorted(known - mismatches)}"


def test_the_allow_list_is_part_of_the_walk() -> None:
    assert "auth.reset_password" in NOT_ORGANISATION_SPECIFIC


def test_a_visitor_reaches_only_public_pages(app: Flask, client: Any, estate: Estate) -> None:
    """Signed out, organisation pages send to sign-in and the API asks for a token."""
    problems = []
    for request in requests_for(app, estate, estate.a, include_post=False):
        rule = request.rule
        if _respondent_link(app, rule) or rule.endpoint not in ROLE_TABLE:
            continue
        view = app.view_functions[rule.endpoint]
        status = client.get(request.url).status_code
        is_public = getattr(view, "_access_rule", None) == "public"
        if is_public and not rule.endpoint.startswith("api.v1."):
            continue
        if status not in (302, 401):
            problems.append(f"GET {request.url}: {status}")
    assert not problems, "\n".join(problems)
