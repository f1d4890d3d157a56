"""The improvement plan through the API: the organisation's own actions, with their updates."""

from __future__ import annotations

from tests.integration.api.conftest import get_json, make_token


def _path(organisation) -> str:
    return f"/api/v1/organisations/{organisation.id}/actions"


def test_the_plan_lists_the_organisations_own_actions_with_their_updates(db, client, network):
    token = make_token(db, network.user_a)
    status, body = get_json(client, _path(network.a), token)
    assert status == 200 and body["total"] == 1
    action = body["items"][0]
    assert action["text"] == f"{network.a.name} plan action"
    assert (action["status"], action["owner"], action["target_level"]) == (
        "on_track",
        "Chief nurse",
        4,
    )
    assert action["agreed_in_cycle_label"] == "2025/26" and action["overdue"] is False
    assert [update["note"] for update in action["updates"]] == [None, "Progress"]
    assert network.b.name not in str(body)


def test_another_organisations_plan_is_not_found(db, client, network):
    token = make_token(db, network.user_a)
    status, body = get_json(client, _path(network.b), token)
    assert status == 404 and network.b.name not in str(body)


def test_the_plan_can_be_filtered_by_status_and_a_bad_status_is_refused(db, client, network):
    token = make_token(db, network.user_a)
    assert get_json(client, _path(network.a), token, status="open")[1]["total"] == 1
    assert get_json(client, _path(network.a), token, status="done")[1]["total"] == 0
    status, body = get_json(client, _path(network.a), token, status="finished")
    assert status == 400 and "status must be one of" in body["message"]
