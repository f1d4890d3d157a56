"""The cycle benchmark cache: fresh for a few seconds, then checked, then read again."""

from __future__ import annotations

from sqlalchemy import update

from tests.disclosure_rules import RULES
from tests.integration.compare.conftest import build_network
from valuedcare.data import benchmarks


def _culture(cycle_id: int, organisation_id: int) -> float:
    frame = benchmarks.get_cycle_scores(cycle_id, rules=RULES).scores
    row = frame[(frame["organisation_id"] == organisation_id) & (frame["ingredient"] == "culture")]
    return float(row["score"].iloc[0])


def test_a_new_submission_shows_once_the_fresh_period_is_over(db, factories, monkeypatch):
    network = build_network(factories, {"culture": [2.0] * 5})
    cycle, first = network["cycle"], network["organisations"][0]
    assert _culture(cycle.id, first.id) == 2.0

    factories.scored_response(network["assessments"][0], lens="board", scores={"culture": 4.0})
    assert _culture(cycle.id, first.id) == 2.0  # within FRESH_SECONDS: no query at all

    monkeypatch.setattr(benchmarks, "FRESH_SECONDS", 0.0)
    assert _culture(cycle.id, first.id) == 3.0  # the count changed: read again


def test_a_rebuild_with_the_same_count_shows_after_the_cache_period(db, factories, monkeypatch):
    from valuedcare.models import ResponseScore

    network = build_network(factories, {"culture": [2.0] * 5})
    cycle, first = network["cycle"], network["organisations"][0]
    monkeypatch.setattr(benchmarks, "FRESH_SECONDS", 0.0)
    assert _culture(cycle.id, first.id) == 2.0

    db.session.execute(update(ResponseScore).values(score=3.0))
    assert _culture(cycle.id, first.id) == 2.0  # same count, same settings: cached

    monkeypatch.setattr(benchmarks, "CACHE_SECONDS", 0.0)
    assert _culture(cycle.id, first.id) == 3.0


def test_a_changed_benchmark_setting_shows_once_checked(db, factories, monkeypatch):
    from valuedcare.models import Organisation

    network = build_network(factories, {"culture": [2.0] * 5})
    cycle, last = network["cycle"], network["organisations"][4]
    monkeypatch.setattr(benchmarks, "FRESH_SECONDS", 0.0)
    assert len(benchmarks.get_cycle_scores(cycle.id, rules=RULES).organisations) == 5

    db.session.execute(
        update(Organisation).where(Organisation.id == last.id).values(benchmark_opt_in=False)
    )
    assert len(benchmarks.get_cycle_scores(cycle.id, rules=RULES).organisations) == 4
