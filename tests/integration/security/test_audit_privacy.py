"""The audit log records who did what and when, and never answer content, secrets or anything that
identifies an anonymous respondent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from tests.integration.security.conftest import Estate, sign_in
from tests.integration.security.routes import requests_for
from tests.plan import action_form


@pytest.mark.parametrize(
    "key", ["answer", "comment", "free_text", "text", "value", "password", "token", "email", "ip"]
)
def test_record_refuses_detail_that_could_carry_content_or_identify_someone(
    db: Any, key: str
) -> None:
    from valuedcare.data import audit

    with pytest.raises(ValueError, match="never records"):
        audit.record("something", **{key: "x"})
    with pytest.raises(ValueError):
        audit.record("something", detail={key.upper(): "x"})


def test_record_keeps_only_short_scalars(db: Any) -> None:
    from sqlalchemy import select

    from valuedcare.data import audit
    from valuedcare.models import AuditEvent

    audit.record("something", label="x" * 1000, changed=["name", "code"], count=3)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "something")).one()
    assert event.detail == {
        "label": "x" * audit.MAX_DETAIL_TEXT,
        "changed": ["name", "code"],
        "count": 3,
    }
    with pytest.raises(TypeError):
        audit.record("something", nested={"answer": "secret"})


def _secrets(estate: Estate) -> list[str]:
    """Answer content, comments, free text and link tokens of both organisations."""
    marks = [
        "board evidence",
        "partner comment",
        "agreed rationale",
        "plan action text",
        "progress note",
        "secret plan",
    ]
    for held in (estate.a, estate.b):
        marks += held.tokens + list(held.api_tokens.values())
    return marks


def test_a_busy_day_leaves_no_content_or_secret_in_the_audit_log(
    app: Flask, client: Any, db: Any, estate: Estate
) -> None:
    """Sign-ins that fail, every page and download of A's, notes added and deleted, links made
    and closed, a role changed: then no audit event holds answer content, comments, free text,
    tokens or the email address someone failed to sign in with."""
    from valuedcare.models import Action, AuditEvent

    client.post("/account/sign-in", data={"email": "Nobody@Example.org", "password": "guess 1"})
    lead = estate.a.users["organisation_admin"]
    sign_in(client, lead)
    for request in requests_for(app, estate, estate.a, include_post=False):
        if request.rule.endpoint != "auth.sign_in":
            client.get(request.url)
    added = client.post(
        f"/organisations/{estate.a.organisation_id}/plan/new?ingredient=culture",
        data=action_form(text="action secret plan", owner_role="Chief"),
    )
    assert added.status_code == 302, added.status_code
    action_id = estate.a.action_ids[0]
    revision = db.session.get(Action, action_id).revision
    updated = client.post(
        f"/actions/{action_id}/progress",
        data={"status": "at_risk", "note": "progress secret plan", "revision": str(revision)},
    )
    assert updated.status_code == 302, updated.status_code
    if "survey.new_link" in app.view_functions:
        client.post(
            f"/assessments/{estate.a.open_assessment_id}/invitations/anonymous",
            data={"lens": "partner", "label": "Partners"},
        )
        client.post(f"/invitations/{estate.a.invitation_ids[0]}/close")
    viewer = estate.a.users["viewer"]
    client.post(f"/admin/users/{viewer.id}", data={"role": "board_member"})

    db.session.expire_all()
    events = db.session.query(AuditEvent).all()
    actions = {event.action for event in events}
    assert {"sign_in_failed", "export", "action_added", "action_progress", "role_changed"} <= (
        actions
    ), actions
    stored = json.dumps(
        [[event.action, event.actor_label, event.target_id, event.detail] for event in events]
    ).lower()
    for secret in _secrets(estate) + ["nobody@example.org", "secret plan", "guess 1"]:
        assert secret.lower() not in stored, f"the audit log holds {secret!r}"


def test_only_platform_administrators_read_the_audit_log(
    client: Any, db: Any, estate: Estate
) -> None:
    for role, user in estate.a.users.items():
        sign_in(client, user)
        assert client.get("/admin/audit").status_code == 403, role
    sign_in(client, estate.platform_admin)
    assert client.get("/admin/audit").status_code == 200
