"""A token of trust A never sees trust B's identifiable data or ids."""

from __future__ import annotations

import json

import pytest

from tests.integration.api.conftest import get_json, make_token

V1 = "/api/v1"


def _paths(network, organisation) -> list[str]:
    base = f"{V1}/organisations/{organisation.id}"
    cycles = [network.cycle.id, network.open_cycle.id]
    return [
        base,
        base + "/assessments",
        base + "/measures",
        base + "/measures/did_not_attend/values",
        *(f"{base}/cycles/{cycle}/scores" for cycle in cycles),
        *(f"{base}/cycles/{cycle}/benchmark" for cycle in cycles),
        *(f"{base}/cycles/{cycle}/benchmark/peers" for cycle in cycles),
    ]


def test_another_trusts_ids_answer_404_as_if_they_did_not_exist(db, client, network):
    token = make_token(db, network.user_a)

    for path in _paths(network, network.b):
        status, body = get_json(client, path, token)
        assert (status, body["error"]) == (404, "not_found"), path
        missing = path.replace(f"/organisations/{network.b.id}", "/organisations/2147483000")
        assert get_json(client, missing, token)[1] == body, "a 404 must not tell the two apart"


def _everything_a_can_read(client, network, token) -> str:
    bodies = [get_json(client, f"{V1}/cycles", token)[1]]
    organisations = get_json(client, f"{V1}/organisations", token)[1]
    assert [item["id"] for item in organisations["items"]] == [network.a.id]
    bodies.append(organisations)
    for path in _paths(network, network.a):
        for query in ({}, {"group": "region"}, {"group": "peer_group"}):
            status, body = get_json(client, path, token, **query)
            if path.endswith("/peers") and query:  # individual scores: the "all" group only
                assert status == 400, path
                continue
            assert status == 200 or (status == 403 and "/cycles/" in path), path  # open cycle
            bodies.append(body)
    return json.dumps(bodies)


@pytest.mark.parametrize("user", ["user_a", "board_member_a", "lead"])
def test_nothing_a_trust_reads_names_or_numbers_another_trust(db, client, network, factories, user):
    if user == "lead":
        person = factories.user(network.a, role="organisation_admin")
    else:
        person = getattr(network, user)
    token = make_token(db, person)

    text = _everything_a_can_read(client, network, token)

    for other in network.organisations[1:]:
        assert other.name not in text
        assert f'"{other.code}"' not in text
        assert f'"organisation_id": {other.id},' not in text
        assert f"/organisations/{other.id}/" not in text
    # B's open-cycle board score exists, but A's view of that cycle has no peer rows at all.
    peers = f"{V1}/organisations/{network.a.id}/cycles/{network.open_cycle.id}/benchmark/peers"
    status, body = get_json(client, peers, token)
    if user != "lead":  # viewers and board members see an open cycle only after it closes
        assert status == 403
    else:
        assert body["items"] == []


def test_trust_b_cannot_see_trust_a_either(db, client, network):
    token = make_token(db, network.user_b)

    for path in _paths(network, network.a):
        assert get_json(client, path, token)[0] == 404, path
    listed = get_json(client, f"{V1}/organisations", token)[1]
    assert [item["id"] for item in listed["items"]] == [network.b.id]


def test_a_user_without_an_organisation_sees_none(db, client, network, factories):
    orphan = factories.user(None, role="viewer")
    db.session.commit()
    token = make_token(db, orphan)

    body = get_json(client, f"{V1}/organisations", token)[1]

    assert body["items"] == [] and body["total"] == 0
    assert get_json(client, f"{V1}/organisations/{network.a.id}", token)[0] == 404


def test_a_token_follows_its_owners_organisation_and_role_now(db, client, network):
    """Moving a user to another trust moves their token with them at the next request."""
    token = make_token(db, network.user_a)
    assert get_json(client, f"{V1}/organisations/{network.a.id}", token)[0] == 200

    network.user_a.organisation_id = network.b.id
    db.session.commit()

    assert get_json(client, f"{V1}/organisations/{network.a.id}", token)[0] == 404
    assert get_json(client, f"{V1}/organisations/{network.b.id}", token)[0] == 200
