"""Benchmark figures through the data and service layers, checked against numpy and pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.disclosure_rules import RULES
from tests.integration.compare.conftest import PEER_GROUP, REGION, build_network
from valuedcare.compare.common import CompareSettings
from valuedcare.compare.service import build_benchmark_page
from valuedcare.data.benchmarks import get_cycle_scores
from valuedcare.data.scope import Scope

SETTINGS = CompareSettings(secret="test-secret", rules=RULES)

# Nine organisations' board scores for culture, with ties; one organisation answers twice so its
# score is the mean of its two responses (3.1 and 3.5 give 3.3).
CULTURE = [1.2, 2.0, 2.0, 2.5, 3.1, 3.1, 3.1, 4.0, 4.8]


def _scope(organisation) -> Scope:
    return Scope(user_id=1, role="viewer", organisation_id=organisation.id)


def _row(page, ingredient: str):
    return next(row for row in page.rows if row.ingredient == ingredient)


@pytest.fixture
def network(factories):
    network = build_network(factories, {"culture": CULTURE, "leadership": [3.0] * 9})
    factories.scored_response(network["assessments"][8], lens="board", scores={"culture": 3.5})
    return network


def test_sql_means_and_spreads_match_pandas_on_the_responses(factories, network) -> None:
    responses = pd.DataFrame(
        [(i, score) for i, score in enumerate(CULTURE)] + [(8, 3.5)],
        columns=["index", "score"],
    )
    expected = responses.groupby("index")["score"].agg(["mean", "std", "count"])

    frame = get_cycle_scores(network["cycle"].id, rules=RULES).scores
    culture = frame[(frame["ingredient"] == "culture") & (frame["lens"] == "board")]
    by_id = culture.set_index("organisation_id")
    ids = [organisation.id for organisation in network["organisations"]]

    np.testing.assert_allclose(by_id.loc[ids, "score"], expected["mean"], rtol=1e-12)
    np.testing.assert_allclose(
        by_id.loc[ids, "sd"].fillna(-1), expected["std"].fillna(-1), rtol=1e-9
    )
    assert by_id.loc[ids, "respondents"].tolist() == expected["count"].tolist()


def test_quartiles_match_numpy_and_percentile_ranks_match_pandas(factories, network) -> None:
    organisation_scores = pd.Series(CULTURE[:8] + [np.mean([4.8, 3.5])])
    q1, median, q3 = np.percentile(organisation_scores, [25, 50, 75])
    # mid-rank percentile: pandas' average rank, less a half, as a share of the group
    ranks = (organisation_scores.rank(method="average") - 0.5) / len(organisation_scores) * 100

    for index, organisation in enumerate(network["organisations"]):
        page = build_benchmark_page(
            _scope(organisation),
            organisation.id,
            network["cycle"].id,
            group="all",
            lens="board",
            settings=SETTINGS,
        )
        row = _row(page, "culture")
        assert row.n_organisations == 9
        assert row.lower_quartile == pytest.approx(q1)
        assert row.median == pytest.approx(median)
        assert row.upper_quartile == pytest.approx(q3)
        assert row.score == pytest.approx(organisation_scores[index])
        assert row.percentile_rank == pytest.approx(ranks[index])
        score = organisation_scores[index]
        expected_band = (
            "below the lower quartile"
            if score < q1
            else "above the upper quartile"
            if score > q3
            else "middle 50%"
        )
        assert row.band == expected_band


def test_hand_worked_position_of_one_organisation(factories, network) -> None:
    # sorted: 1.2 2.0 2.0 2.5 3.1 3.1 3.1 4.0 4.15; q1 = 2.0, median = 3.1, q3 = 3.1 (linear)
    viewer = network["organisations"][4]  # scores 3.1: 4 below, 3 equal -> (4 + 1.5) / 9
    page = build_benchmark_page(
        _scope(viewer), viewer.id, network["cycle"].id, group="all", lens=None, settings=SETTINGS
    )
    row = _row(page, "culture")

    assert (row.lower_quartile, row.median, row.upper_quartile) == (2.0, 3.1, 3.1)
    assert row.percentile_rank == pytest.approx(100 * 5.5 / 9)
    assert row.band == "middle 50%"
    # every organisation scores 3.0 for leadership: all tied in the middle
    assert _row(page, "leadership").percentile_rank == pytest.approx(50.0)


def test_an_anonymous_result_from_fewer_than_five_people_never_feeds_the_group(factories) -> None:
    network = build_network(factories, {"culture": [3.0] * 6})
    for index, assessment in enumerate(network["assessments"]):
        people = 4 if index == 5 else 5  # the last organisation has only four respondents
        score = 5.0 if index == 5 else 1.0 + index * 0.5
        for _ in range(people):
            factories.scored_response(
                assessment, lens="experts_by_experience", scores={"culture": score}
            )
    viewer = network["organisations"][0]

    frame = get_cycle_scores(network["cycle"].id, rules=RULES).scores
    small = frame[frame["organisation_id"] == network["organisations"][5].id]
    small = small[small["lens"] == "experts_by_experience"].iloc[0]
    assert bool(small["suppressed"]) and pd.isna(small["score"]) and pd.isna(small["respondents"])

    page = build_benchmark_page(
        _scope(viewer),
        viewer.id,
        network["cycle"].id,
        group="all",
        lens="experts_by_experience",
        settings=SETTINGS,
    )
    row = _row(page, "culture")
    assert row.n_organisations == 5
    # the five usable scores are 1.0, 1.5, 2.0, 2.5, 3.0: 5.0 from the small group is nowhere
    assert (row.lower_quartile, row.median, row.upper_quartile) == (1.5, 2.0, 2.5)
    assert len(page.heatmap.rows) == 5
    assert 5.0 not in {score for each in page.heatmap.rows for score in each.scores}


def test_the_suppressed_viewer_sees_no_score_of_its_own_but_the_group(factories) -> None:
    network = build_network(factories, {"culture": [3.0] * 6})
    for index, assessment in enumerate(network["assessments"]):
        for _ in range(2 if index == 0 else 5):
            factories.scored_response(assessment, lens="partner", scores={"culture": 2.0 + index})
    viewer = network["organisations"][0]

    page = build_benchmark_page(
        _scope(viewer),
        viewer.id,
        network["cycle"].id,
        group="all",
        lens="partner",
        settings=SETTINGS,
    )
    row = _row(page, "culture")
    assert row.score is None and row.band is None and row.percentile_rank is None
    assert (row.n_organisations, row.lower_quartile, row.upper_quartile) == (5, 4.0, 6.0)
    assert [each.label for each in page.heatmap.rows] == [f"Organisation {n}" for n in range(1, 6)]


def test_groups_of_fewer_than_five_organisations_show_no_figure(factories) -> None:
    fields = {i: {"region": "London"} for i in range(4)}  # four in London, five in the Midlands
    network = build_network(
        factories, {"culture": [float(1 + i % 4) for i in range(9)]}, fields=fields
    )
    viewer = network["organisations"][0]

    def page(group: str):
        return build_benchmark_page(
            _scope(viewer),
            viewer.id,
            network["cycle"].id,
            group=group,
            lens="board",
            settings=SETTINGS,
        )

    region, everyone = page("region"), page("all")
    hidden = _row(region, "culture")
    assert not hidden.shown and hidden.n_organisations == 4
    hidden_figures = (hidden.lower_quartile, hidden.median, hidden.upper_quartile)
    assert hidden_figures == (None, None, None) and hidden.percentile_rank is None
    assert hidden.band is None
    assert hidden.score == 1.0  # the organisation's own score is still its own to see
    assert region.strip_spec is None and region.heatmap is None
    assert region.band_rows[0].bands == [None]
    assert _row(everyone, "culture").shown and everyone.heatmap is not None


def test_comparator_groups_follow_region_and_type(factories) -> None:
    fields = {
        0: {},
        1: {},
        2: {},
        3: {},
        4: {},
        5: {"region": "London"},
        6: {"region": "London"},
        7: {"peer_group": "Community trust"},
        8: {"peer_group": "Community trust"},
    }
    network = build_network(factories, {"culture": [3.0] * 9}, fields=fields)
    viewer = network["organisations"][0]

    sizes = {
        group: _row(
            build_benchmark_page(
                _scope(viewer),
                viewer.id,
                network["cycle"].id,
                group=group,
                lens="board",
                settings=SETTINGS,
            ),
            "culture",
        ).n_organisations
        for group in ("all", "region", "peer_group")
    }
    assert sizes == {"all": 9, "region": 7, "peer_group": 7}
    assert REGION != "London" and PEER_GROUP != "Community trust"


def test_organisations_that_do_not_share_neither_feed_nor_see_the_benchmark(factories) -> None:
    network = build_network(
        factories,
        {"culture": [1.0, 2.0, 3.0, 4.0, 5.0, 5.0]},
        fields={5: {"benchmark_opt_in": False}},
    )
    viewer, outsider = network["organisations"][0], network["organisations"][5]

    shared = build_benchmark_page(
        _scope(viewer), viewer.id, network["cycle"].id, group="all", lens=None, settings=SETTINGS
    )
    assert _row(shared, "culture").n_organisations == 5
    assert _row(shared, "culture").upper_quartile == 4.0 and shared.group_size == 5

    private = build_benchmark_page(
        _scope(outsider),
        outsider.id,
        network["cycle"].id,
        group="all",
        lens=None,
        settings=SETTINGS,
    )
    assert not private.participating and private.rows == [] and private.heatmap is None
