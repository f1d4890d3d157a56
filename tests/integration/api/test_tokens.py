"""API tokens through the pages: created and shown once, stored hashed, listed, revoked."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from tests.integration.api.conftest import bearer, get_json, make_token
from tests.integration.auth.helpers import audit_events, main_content, sign_in

_TOKEN = re.compile(r'id="api-token"[^>]*value="(vc_[A-Za-z0-9_-]{43})"')


def _stored_tokens(db):
    from valuedcare.models import ApiToken

    db.session.expire_all()
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def _create(client, name: str = "Power BI dashboard") -> str:
    response = client.post("/api/tokens", data={"name": name})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Token created" in html
    match = _TOKEN.search(html)
    assert match, main_content(html)
    return match[1]


def test_a_created_token_is_shown_once_and_stored_only_as_a_hash(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    sign_in(client, user)

    token = _create(client)

    stored = _stored_tokens(db)
    assert len(stored) == 1
    assert stored[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored[0].prefix == token[:11] and stored[0].user_id == user.id
    assert stored[0].name == "Power BI dashboard"
    listing = client.get("/api/tokens").get_data(as_text=True)
    assert token not in listing
    assert stored[0].prefix in listing and "Power BI dashboard" in listing and "Never" in listing
    assert get_json(client, "/api/v1/cycles", token)[0] == 200


def test_creating_and_revoking_are_audited_without_the_token(db, client, factories):
    user = factories.user(factories.organisation(), role="organisation_admin")
    db.session.commit()
    sign_in(client, user)
    token = _create(client, "R scripts")
    token_id = _stored_tokens(db)[0].id

    response = client.post(f"/api/tokens/{token_id}/revoke")

    assert response.status_code == 302
    created, revoked = audit_events(db, "api_token_created"), audit_events(db, "api_token_revoked")
    assert [(e.actor_id, e.target_id, e.detail) for e in created] == [
        (user.id, str(token_id), {"name": "R scripts"})
    ]
    assert [(e.actor_id, e.target_id) for e in revoked] == [(user.id, str(token_id))]
    assert created[0].organisation_id == user.organisation_id
    for event in created + revoked:
        assert token not in str(event.detail) and token[:11] not in str(event.detail)


def test_a_revoked_token_stops_working_at_once(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    sign_in(client, user)
    token = _create(client)
    assert get_json(client, "/api/v1/cycles", token)[0] == 200
    token_id = _stored_tokens(db)[0].id

    client.post(f"/api/tokens/{token_id}/revoke")

    status, body = get_json(client, "/api/v1/cycles", token)
    assert status == 401 and body["error"] == "unauthorised"
    listing = main_content(client.get("/api/tokens").get_data(as_text=True))
    assert "Revoked" in listing and f"/api/tokens/{token_id}/revoke" not in listing


def test_nobody_can_revoke_someone_elses_token(db, client, factories):
    organisation = factories.organisation()
    owner = factories.user(organisation, role="viewer")
    other = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    token = make_token(db, owner)
    token_id = _stored_tokens(db)[0].id
    sign_in(client, other)

    response = client.post(f"/api/tokens/{token_id}/revoke")

    assert response.status_code == 404
    assert _stored_tokens(db)[0].revoked_at is None
    assert get_json(client, "/api/v1/cycles", token)[0] == 200
    assert "Test token" not in client.get("/api/tokens").get_data(as_text=True)


def test_a_name_is_required(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    sign_in(client, user)

    response = client.post("/api/tokens", data={"name": "  "})

    html = response.get_data(as_text=True)
    assert "<title>Error: API tokens" in html
    assert "Enter a name for the token" in html
    assert 'href="#name"' in html
    assert _stored_tokens(db) == []


def test_the_pages_need_a_signed_in_user(client, db):
    assert client.get("/api/tokens").status_code == 302
    assert client.post("/api/tokens", data={"name": "x"}).status_code == 302


def test_revoking_needs_a_csrf_token(app, db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    token = make_token(db, user)
    token_id = _stored_tokens(db)[0].id
    sign_in(client, user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/api/tokens/{token_id}/revoke")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert response.status_code == 400
    assert _stored_tokens(db)[0].revoked_at is None
    assert get_json(client, "/api/v1/cycles", token)[0] == 200


def test_last_used_is_recorded(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    token = make_token(db, user)
    assert _stored_tokens(db)[0].last_used_at is None

    client.get("/api/v1/cycles", headers=bearer(token))

    assert _stored_tokens(db)[0].last_used_at is not None


def test_missing_unknown_and_malformed_tokens_are_refused(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    token = make_token(db, user)
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer vc_not-a-real-token"},
        {"Authorization": f"Basic {token}"},
        {"Authorization": f"Bearer {token}x"},
        {"Authorization": f"Bearer {hashlib.sha256(token.encode()).hexdigest()}"},
    ):
        response = client.get("/api/v1/organisations", headers=headers)
        assert response.status_code == 401, headers
        assert response.get_json() == {
            "status": 401,
            "error": "unauthorised",
            "message": "Send a valid API token: Authorization: Bearer <token>.",
        }
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_is_not_enough(db, client, factories):
    user = factories.user(factories.organisation(), role="platform_admin")
    db.session.commit()
    sign_in(client, user)

    assert client.get("/api/v1/organisations").status_code == 401


def test_a_deactivated_account_s_tokens_stop_working(db, client, factories):
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    token = make_token(db, user)

    user.active = False
    db.session.commit()

    assert get_json(client, "/api/v1/cycles", token)[0] == 401
