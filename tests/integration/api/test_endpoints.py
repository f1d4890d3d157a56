"""Each API endpoint's content against known data, with the pages' suppression rules."""

from __future__ import annotations

from statistics import median

import pytest

from tests.disclosure_rules import RULES
from tests.integration.api.conftest import CULTURE, bearer, get_json, make_token
from valuedcare.disclosure import round_score

V1 = "/api/v1"


def _scores_url(organisation, cycle) -> str:
    return f"{V1}/organisations/{organisation.id}/cycles/{cycle.id}/scores"


def test_cycles_newest_first_with_dates_and_status(db, client, network):
    token = make_token(db, network.user_a)

    status, body = get_json(client, f"{V1}/cycles", token)

    assert status == 200
    assert [c["label"] for c in body["items"]] == ["2026/27", "2025/26"]
    assert body["items"][1] == {
        "id": network.cycle.id,
        "label": "2025/26",
        "opens_on": "2025-04-01",
        "closes_on": "2026-03-31",
        "status": "closed",
    }
    assert (body["total"], body["page"], body["pages"], body["next"]) == (2, 1, 1, None)
    status, one = get_json(client, f"{V1}/cycles/{network.open_cycle.id}", token)
    assert status == 200 and one["status"] == "open"
    assert get_json(client, f"{V1}/cycles/999999", token)[0] == 404


def test_a_trust_user_sees_only_their_own_organisation(db, client, network):
    token = make_token(db, network.user_a)

    status, body = get_json(client, f"{V1}/organisations", token)

    assert status == 200
    assert body["items"] == [
        {
            "id": network.a.id,
            "code": "ZZ0",
            "name": network.a.name,
            "region": network.a.region,
            "peer_group": network.a.peer_group,
            "benchmark_opt_in": True,
            "named_in_benchmarks": False,
        }
    ]
    assert get_json(client, f"{V1}/organisations/{network.a.id}", token)[1]["code"] == "ZZ0"


def test_a_platform_administrator_sees_every_organisation_by_name(db, client, network):
    token = make_token(db, network.admin)

    body = get_json(client, f"{V1}/organisations", token)[1]

    names = [item["name"] for item in body["items"]]
    assert names == sorted(o.name for o in network.organisations)


def test_assessments_of_an_organisation_newest_first(db, client, network, factories):
    lead = factories.user(network.a, role="organisation_admin")  # reads open cycles too
    token = make_token(db, lead)

    body = get_json(client, f"{V1}/organisations/{network.a.id}/assessments", token)[1]

    assert [(a["cycle_label"], a["cycle_status"]) for a in body["items"]] == [
        ("2026/27", "open"),
        ("2025/26", "closed"),
    ]
    assert body["items"][1]["id"] == network.assessments[0].id


@pytest.mark.parametrize("who", ["board_member_a", "user_a"])  # a board member, a viewer
def test_board_members_and_viewers_see_open_cycles_only_once_they_close(db, client, network, who):
    token = make_token(db, getattr(network, who))

    listed = get_json(client, f"{V1}/organisations/{network.a.id}/assessments", token)[1]
    status, body = get_json(client, _scores_url(network.a, network.open_cycle), token)

    assert [a["cycle_label"] for a in listed["items"]] == ["2025/26"]
    assert status == 403 and body["error"] == "forbidden"
    assert get_json(client, _scores_url(network.a, network.cycle), token)[0] == 200


def test_scores_per_lens_and_ingredient_with_small_groups_suppressed(db, client, network):
    token = make_token(db, network.user_a)

    status, body = get_json(client, _scores_url(network.a, network.cycle), token)

    assert status == 200
    assert body["assessment_id"] == network.assessments[0].id
    assert body["min_respondents"] == 5
    rows = {(r["lens"], r["ingredient"]): r for r in body["items"]}
    assert list(rows) == [
        ("board", "culture"),
        ("board", "leadership"),
        ("experts_by_experience", "culture"),
        ("partner", "culture"),
    ]
    assert rows[("board", "culture")]["score"] == CULTURE[0]
    assert rows[("board", "culture")]["respondents"] == 1
    assert rows[("board", "culture")]["ingredient_title"] == "Culture"
    # Three experts by experience: fewer than five, so nothing but the fact of suppression.
    assert rows[("experts_by_experience", "culture")] == {
        "lens": "experts_by_experience",
        "ingredient": "culture",
        "ingredient_title": "Culture",
        "score": None,
        "respondents": None,
        "respondents_band": None,
        "suppressed": True,
    }
    # Five partners: shown, with their number as a band rather than exactly.
    partner = rows[("partner", "culture")]
    assert (partner["score"], partner["respondents"]) == (3.2, None)
    assert (partner["respondents_band"], partner["suppressed"]) == ("5 to 9", False)
    # Board members are named, so their count stays exact.
    assert rows[("board", "culture")]["respondents_band"] is None


def test_scores_leave_rounded_to_one_decimal(db, client, network, factories):
    # board culture of trust A: 2.0 and 2.25 give 2.125, published as 2.1
    factories.scored_response(network.assessments[0], lens="board", scores={"culture": 2.25})
    db.session.commit()
    token = make_token(db, network.user_a)

    body = get_json(client, _scores_url(network.a, network.cycle), token, lens="board")[1]

    culture = next(r for r in body["items"] if r["ingredient"] == "culture")
    assert (culture["score"], culture["respondents"]) == (2.1, 2)


def test_scores_can_be_narrowed_to_one_lens(db, client, network):
    token = make_token(db, network.user_a)

    body = get_json(client, _scores_url(network.a, network.cycle), token, lens="partner")[1]

    assert [(r["lens"], r["ingredient"]) for r in body["items"]] == [("partner", "culture")]
    assert get_json(client, _scores_url(network.a, network.cycle), token, lens="x")[0] == 400


def test_scores_match_the_scores_download(db, client, network, factories):
    """The API and the scores download of the trust report give the same figures."""
    import csv
    import io

    from tests.integration.auth.helpers import sign_in

    token = make_token(db, network.user_a)
    lead = factories.user(network.a, role="organisation_admin")  # downloads are for leads
    db.session.commit()
    sign_in(client, lead)
    download = client.get(f"/reports/assessments/{network.assessments[0].id}/scores.csv")
    assert download.status_code == 200
    text = download.get_data(as_text=True).lstrip("\ufeff")
    csv_rows = {
        (row["lens"], row["ingredient"]): (
            row["score"],
            row["respondents"],
            row["respondents_band"],
            row["suppressed"],
        )
        for row in csv.DictReader(io.StringIO(text))
    }

    body = get_json(client, _scores_url(network.a, network.cycle), token)[1]

    assert set(csv_rows) == {(r["lens"], r["ingredient"]) for r in body["items"]}
    for row in body["items"]:
        score, respondents, band, suppressed = csv_rows[(row["lens"], row["ingredient"])]
        assert (float(score) if score else None) == row["score"]  # both to one decimal
        count = int(respondents) if respondents else None
        if row["lens"] in RULES.anonymous_lenses:
            assert count is None and row["respondents"] is None
            assert (band or None) == row["respondents_band"]
        else:
            assert count == row["respondents"]
        assert suppressed.lower() == str(row["suppressed"]).lower()


def test_benchmark_distribution_as_on_the_benchmark_page(db, client, network):
    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark"

    status, body = get_json(client, url, token)

    assert status == 200
    assert (body["group"], body["participating"], body["min_organisations"]) == ("all", True, 5)
    rows = {(r["lens"], r["ingredient"]): r for r in body["items"]}
    culture = rows[("board", "culture")]
    assert culture["n_organisations"] == 6 and culture["shown"]
    # no lowest or highest: each would be one organisation's own score
    assert "minimum" not in culture and "maximum" not in culture
    assert culture["median"] == round_score(median(CULTURE))
    assert (culture["lower_quartile"], culture["upper_quartile"]) == (2.6, 3.9)  # 2.625, 3.875
    assert culture["organisation_score"] == CULTURE[0]
    assert culture["band"] == "below the lower quartile"
    assert culture["percentile_rank"] == 8.3  # 100 x 0.5 / 6, to one decimal
    # Only trust A has anonymous lenses: one organisation is too few for any group figure.
    partner = rows[("partner", "culture")]
    assert partner["n_organisations"] == 1 and not partner["shown"]
    assert partner["median"] is None and partner["percentile_rank"] is None
    assert partner["organisation_score"] == 3.2
    # A suppressed result never counts as an organisation with a score.
    experts = rows[("experts_by_experience", "culture")]
    assert experts["n_organisations"] == 0 and experts["organisation_score"] is None


def test_benchmark_matches_the_service_of_the_benchmark_page(db, client, network, app):
    """Every figure the page shows for the board lens is the API's figure for that lens, as the
    page prints it (to one decimal place)."""
    from valuedcare.compare.common import CompareSettings
    from valuedcare.compare.service import build_benchmark_page
    from valuedcare.data.scope import Scope

    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark"
    scope = Scope(user_id=network.user_a.id, role="viewer", organisation_id=network.a.id)
    for group in ("all", "region", "peer_group"):
        page = build_benchmark_page(
            scope,
            network.a.id,
            network.cycle.id,
            group=group,
            lens="board",
            settings=CompareSettings.from_config(app.config),
        )
        body = get_json(client, url, token, group=group, lens="board")[1]
        figures = ("lower_quartile", "median", "upper_quartile", "score", "percentile_rank")
        expected = [
            (r.ingredient, r.n_organisations, r.shown, r.band)
            + tuple(round_score(getattr(r, name)) for name in figures)
            for r in page.rows
        ]
        actual = [
            (r["ingredient"], r["n_organisations"], r["shown"], r["band"])
            + (r["lower_quartile"], r["median"], r["upper_quartile"], r["organisation_score"])
            + (r["percentile_rank"],)
            for r in body["items"]
        ]
        assert actual == expected


def test_peers_are_anonymous_and_labelled_as_on_the_page(db, client, network, app):
    from valuedcare.compare.service import labelling_key, organisation_labels
    from valuedcare.data.benchmarks import get_cycle_scores, get_organisation
    from valuedcare.data.scope import Scope

    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark/peers"

    status, body = get_json(client, url, token)

    assert status == 200
    text = str(body)
    for other in network.organisations[1:]:
        assert other.name not in text and other.code not in text
    # Labels and their order are those of the benchmark page's heatmap.
    scope = Scope(user_id=None, role="viewer", organisation_id=network.a.id)
    members = get_cycle_scores(network.cycle.id, rules=RULES).organisations
    key = labelling_key(app.config["SECRET_KEY"], network.cycle.id)
    labels = organisation_labels(
        members, get_organisation(scope, network.a.id), key=key, named=False
    )
    culture = {o.id: s for o, s in zip(network.organisations, CULTURE, strict=True)}
    expected = [(label, culture[i]) for i, label in labels.items()]
    rows = [(r["organisation"], r["score"]) for r in body["items"] if r["ingredient"] == "culture"]
    assert rows == expected
    assert rows[0][0] == "Your organisation"
    # Only ingredients and lenses whose group figures are shown: no partner or experts rows.
    assert {r["lens"] for r in body["items"]} == {"board"}


def test_administrators_see_names_only_of_organisations_that_agreed(db, client, network):
    token = make_token(db, network.admin)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark/peers"

    body = get_json(client, url, token, lens="board")[1]

    labels = list(dict.fromkeys(r["organisation"] for r in body["items"]))
    named = network.organisations[2]
    assert labels[0] == f"{network.a.name} (selected)"
    assert named.name in labels
    for other in (o for o in network.organisations[1:] if o is not named):
        assert other.name not in labels
    assert sum(label.startswith("Organisation ") for label in labels) == 4


def test_an_organisation_not_in_benchmarks_gets_no_benchmark(db, client, network):
    network.a.benchmark_opt_in = False
    db.session.commit()
    token = make_token(db, network.user_a)
    base = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark"

    body = get_json(client, base, token)[1]
    peers = get_json(client, base + "/peers", token)[1]

    assert body["participating"] is False and body["items"] == []
    assert peers["items"] == []


def test_benchmark_for_a_cycle_without_an_assessment_is_not_found(db, client, network, factories):
    other_cycle = factories.cycle(label="2024/25", status="closed")
    db.session.commit()
    token = make_token(db, network.user_a)

    url = f"{V1}/organisations/{network.a.id}/cycles/{other_cycle.id}/benchmark"
    status, body = get_json(client, url, token)

    assert (status, body["error"]) == (404, "not_found")
    assert get_json(client, url.replace("/benchmark", "/scores"), token)[0] == 404


def test_invalid_choices_are_bad_requests(db, client, network):
    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark"

    status, body = get_json(client, url, token, group="everyone")

    assert status == 400
    assert body == {
        "status": 400,
        "error": "bad_request",
        "message": "group must be one of: all, region, peer_group.",
    }


def test_responses_are_not_cached_and_set_no_cookie(db, client, network):
    token = make_token(db, network.user_a)

    response = client.get(f"{V1}/cycles", headers=bearer(token))

    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("group", ["region", "peer_group"])
def test_peers_are_given_for_all_organisations_only(db, client, network, group):
    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark/peers"

    status, body = get_json(client, url, token, group=group)

    assert (status, body["error"]) == (400, "bad_request")
    assert 'given for the group "all" only' in body["message"]
    assert get_json(client, url, token, group="all")[1]["group"] == "all"


def test_peer_scores_leave_rounded_to_one_decimal(db, client, network, factories):
    # trust B's board culture: 3.0 and 3.25 give 3.125, published as 3.1
    factories.scored_response(network.assessments[1], lens="board", scores={"culture": 3.25})
    db.session.commit()
    token = make_token(db, network.user_a)
    url = f"{V1}/organisations/{network.a.id}/cycles/{network.cycle.id}/benchmark/peers"

    body = get_json(client, url, token, lens="board")[1]

    scores = {r["score"] for r in body["items"] if r["ingredient"] == "culture"}
    assert 3.1 in scores and 3.125 not in scores
    assert all(r["score"] == round_score(r["score"]) for r in body["items"])
