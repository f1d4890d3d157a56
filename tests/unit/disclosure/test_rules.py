"""The disclosure rules: thresholds from the configuration, never below the floor."""

import pandas as pd
import pytest

from valuedcare import create_app
from valuedcare.config import ConfigurationError, TestConfig
from valuedcare.disclosure import (
    DisclosureRules,
    DisclosureSettingError,
    band_count,
    blocking_groups,
    chase_count,
    release_allowed,
    round_score,
)


def test_rules_come_from_the_configuration() -> None:
    rules = DisclosureRules.from_config({"MIN_RESPONDENTS": "7", "MIN_ORGANISATIONS": 9})

    assert (rules.min_respondents, rules.min_organisations) == (7, 9)
    assert DisclosureRules.from_config({}) == DisclosureRules()


@pytest.mark.parametrize("raw", [4, "0", -5, "five", 4.5])
def test_a_threshold_below_five_or_not_whole_is_refused(raw: object) -> None:
    with pytest.raises(DisclosureSettingError, match="MIN_RESPONDENTS"):
        DisclosureRules.from_config({"MIN_RESPONDENTS": raw})


def test_the_application_refuses_to_start_below_the_floor() -> None:
    with pytest.raises(ConfigurationError, match="MIN_ORGANISATIONS must be 5 or more"):
        create_app(TestConfig(), MIN_ORGANISATIONS=3)


def test_the_environment_can_raise_the_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    from valuedcare.config import DevelopmentConfig, _read_common_environment

    monkeypatch.setenv("MIN_RESPONDENTS", "7")
    monkeypatch.setenv("MIN_ORGANISATIONS", "8")
    config = DevelopmentConfig.__new__(DevelopmentConfig)
    _read_common_environment(config)

    assert (config.MIN_RESPONDENTS, config.MIN_ORGANISATIONS) == (7, 8)


def test_only_anonymous_lenses_are_hidden() -> None:
    rules = DisclosureRules(min_respondents=7)
    lenses = pd.Series(["board", "partner", "partner", "experts_by_experience"])
    counts = pd.Series([1, 6, 7, None])

    assert rules.hidden_mask(lenses, counts).tolist() == [False, True, False, True]
    assert rules.hides_respondents("partner", 6) and not rules.hides_respondents("board", 1)


def test_scores_are_published_to_one_decimal_half_up() -> None:
    assert [round_score(v) for v in (2.45, 3.04999, 4.0, None, float("nan"))] == [
        2.5,
        3.0,
        4.0,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("threshold", "count", "band"),
    [
        (5, 4, None),
        (5, 5, "5 to 9"),
        (5, 9, "5 to 9"),
        (5, 10, "10 to 19"),
        (5, 19, "10 to 19"),
        (5, 20, "20 or more"),
        (5, 300, "20 or more"),
        (7, 6, None),
        (7, 7, "7 to 9"),
        (12, 12, "12 to 19"),
        (25, 30, "25 or more"),
    ],
)
def test_counts_of_anonymous_respondents_are_banded(threshold: int, count: int, band: str) -> None:
    assert band_count(count, DisclosureRules(min_respondents=threshold)) == band


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, 0), (2, 0), (3, 5), (7, 5), (8, 10), (17, 15), (18, 20)]
)
def test_open_cycle_counts_are_rounded_to_five_below_twenty(count: int, shown: int) -> None:
    assert chase_count(count) == shown
    assert chase_count(20) == 20 and chase_count(23) == 23


def test_a_release_that_changes_a_shown_group_by_fewer_than_the_threshold_is_held_back() -> None:
    rules = DisclosureRules()
    released = {("lens",): 10, ("team", "North"): 6, ("team", "South"): 4}

    same = dict(released)
    plus_five = {("lens",): 15, ("team", "North"): 11, ("team", "South"): 4}
    plus_one = {("lens",): 11, ("team", "North"): 7, ("team", "South"): 4}
    hidden_team_grows = {("lens",): 15, ("team", "North"): 11, ("team", "South"): 5}

    assert release_allowed(released, same, rules)
    assert release_allowed(released, plus_five, rules)
    assert blocking_groups(released, plus_one, rules) == [("lens",), ("team", "North")]
    # South showed nothing before (4 < 5), so its growth by one cannot be differenced
    assert release_allowed(released, hidden_team_grows, rules)
    assert release_allowed({}, {("lens",): 1}, rules)
