"""Outcome measures through the API: the organisation's own summary and values only."""

from __future__ import annotations

from tests.integration.api.conftest import get_json, make_token


def _path(organisation, suffix: str = "") -> str:
    return f"/api/v1/organisations/{organisation.id}/measures{suffix}"


def test_the_summary_reads_each_measure_as_an_xmr_chart(db, client, network):
    token = make_token(db, network.user_a)
    status, body = get_json(client, _path(network.a), token, per_page=50)
    assert status == 200 and body["total"] == 10
    by_id = {item["id"]: item for item in body["items"]}
    rate = by_id["did_not_attend"]
    # Eleven months of 40 to 42 missed of 400 for each team, then 80 of 400: 20%, far above.
    assert rate["months"] == 12 and rate["latest_month"] == "2025-12"
    assert rate["latest_value"] == 20.0
    assert rate["variation"] == "concern_high"
    assert rate["variation_text"] == "Special cause variation: concern (higher values)"
    assert rate["assurance"] is None and rate["provisional"] is False
    assert rate["ingredients"] == [
        "experts_by_experience",
        "business_and_resources",
        "digitalisation",
    ]
    stay = by_id["length_of_stay"]
    assert (stay["months"], stay["variation"], stay["provisional"]) == (1, None, True)
    empty = by_id["wait_to_first_contact"]
    assert (empty["months"], empty["latest_value"], empty["provisional"]) == (0, None, False)
    assert network.b.name not in str(body)


def test_values_by_team_and_month_with_a_team_filter(db, client, network):
    token = make_token(db, network.user_a)
    status, body = get_json(client, _path(network.a, "/did_not_attend/values"), token)
    assert status == 200 and body["total"] == 24
    first = body["items"][0]
    assert first == {
        "team": f"{network.a.name} north",
        "month": "2025-01",
        "value": 10.25,
        "numerator": 41.0,
        "denominator": 400.0,
    }
    team = f"{network.a.name} south"
    status, body = get_json(client, _path(network.a, "/did_not_attend/values"), token, team=team)
    assert body["total"] == 12 and {item["team"] for item in body["items"]} == {team}
    stay = get_json(client, _path(network.a, "/length_of_stay/values"), token)[1]["items"]
    assert stay[0]["numerator"] is None and stay[0]["value"] == 31.5


def test_another_organisations_measures_and_an_unknown_measure_are_not_found(db, client, network):
    token = make_token(db, network.user_a)
    for path in (_path(network.b), _path(network.b, "/did_not_attend/values")):
        status, body = get_json(client, path, token)
        assert status == 404 and network.b.name not in str(body)
    status, _ = get_json(client, _path(network.a, "/no_such_measure/values"), token)
    assert status == 404
