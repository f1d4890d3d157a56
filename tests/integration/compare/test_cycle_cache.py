"""Cached benchmark figures never outlive a change: every writer raises the cycle's generation.

The cache of a cycle's frames is keyed by ``score_generations`` (``valuedcare.data.generations``),
so these tests change data through the service's own writers and read again at once, with no
clearing of caches and no waiting.
"""

from __future__ import annotations

from sqlalchemy import select, update

from tests.disclosure_rules import RULES
from tests.integration.compare.conftest import build_network, sign_in
from valuedcare.data import benchmarks

CULTURE_ITEM = "cul1"


def _culture(cycle_id: int, organisation_id: int) -> float:
    frame = benchmarks.get_cycle_scores(cycle_id, rules=RULES).scores
    row = frame[(frame["organisation_id"] == organisation_id) & (frame["ingredient"] == "culture")]
    return float(row["score"].iloc[0])


def _answered_network(db, factories, levels):
    """Opted-in trusts, each with one board response answering the first culture statement."""
    cycle = factories.cycle(label="2025/26", status="closed")
    organisations, responses = [], []
    for level in levels:
        organisation = factories.organisation(region="Midlands")
        assessment = factories.assessment(organisation=organisation, cycle=cycle)
        answers = {CULTURE_ITEM: (level, float(level), False, None)}
        responses.append(factories.response(assessment, answers=answers))
        organisations.append(organisation)
    from valuedcare.data.scores import rebuild_all_scores

    rebuild_all_scores()
    db.session.commit()
    return cycle, organisations, responses


def _benchmark_page(client, organisation, cycle) -> str:
    url = f"/compare/organisations/{organisation.id}/cycles/{cycle.id}/benchmark"
    page = client.get(url)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_page_after_a_score_rebuild_shows_the_new_figures(client, db, factories, runner):
    """The acceptance case: `flask scores rebuild` keeps the number of stored scores, so only
    the generation tells a warm cache that every figure changed."""
    from valuedcare.models import Answer

    cycle, organisations, _ = _answered_network(db, factories, [2, 2, 2, 2, 2, 2])
    viewer = organisations[0]
    user = factories.user(viewer, role="board_member")
    db.session.commit()
    sign_in(client, user)
    before = _benchmark_page(client, viewer, cycle)
    assert _culture(cycle.id, viewer.id) == 2.0

    db.session.execute(update(Answer).values(value=4, score=4.0))
    db.session.commit()
    assert _benchmark_page(client, viewer, cycle) == before  # nothing stored has changed yet

    result = runner.invoke(args=["scores", "rebuild"])
    assert result.exit_code == 0, result.output

    after = _benchmark_page(client, viewer, cycle)
    assert after != before
    assert _culture(cycle.id, viewer.id) == 4.0


def test_a_submission_shows_at_once(db, factories):
    network = build_network(factories, {"culture": [2.0] * 5})
    cycle, first = network["cycle"], network["organisations"][0]
    assert _culture(cycle.id, first.id) == 2.0

    factories.scored_response(network["assessments"][0], lens="board", scores={"culture": 4.0})

    assert _culture(cycle.id, first.id) == 3.0


def test_rewriting_one_response_s_scores_with_the_same_count_shows_at_once(db, factories):
    """An agreed board position is re-scored in place: same rows, new values."""
    from valuedcare.data.scores import store_response_scores
    from valuedcare.models import Answer

    cycle, organisations, responses = _answered_network(db, factories, [2, 3, 3, 3, 3])
    assert _culture(cycle.id, organisations[0].id) == 2.0

    db.session.execute(
        update(Answer).where(Answer.response_id == responses[0].id).values(value=5, score=5.0)
    )
    store_response_scores(responses[0].id)

    assert _culture(cycle.id, organisations[0].id) == 5.0


def test_a_changed_benchmark_setting_shows_at_once(db, factories):
    from valuedcare.data.organisations import OrganisationFields, update_organisation
    from valuedcare.data.scope import Scope

    network = build_network(factories, {"culture": [2.0] * 5})
    cycle, last = network["cycle"], network["organisations"][4]
    assert len(benchmarks.get_cycle_scores(cycle.id, rules=RULES).organisations) == 5

    fields = OrganisationFields(
        code=last.code,
        name=last.name,
        region=last.region,
        peer_group=last.peer_group,
        benchmark_opt_in=False,
        named_in_benchmarks=last.named_in_benchmarks,
    )
    admin = Scope(user_id=None, role="platform_admin", organisation_id=None)
    assert update_organisation(admin, last.id, fields)

    assert len(benchmarks.get_cycle_scores(cycle.id, rules=RULES).organisations) == 4


def test_a_rolled_back_change_leaves_the_generation_and_the_figures(db, factories):
    from valuedcare.data.generations import scores_generation

    network = build_network(factories, {"culture": [2.0] * 5})
    db.session.commit()
    cycle, first = network["cycle"], network["organisations"][0]
    generation = scores_generation(cycle.id)
    assert _culture(cycle.id, first.id) == 2.0

    factories.scored_response(network["assessments"][0], lens="board", scores={"culture": 4.0})
    assert scores_generation(cycle.id) == generation + 1
    db.session.rollback()

    assert scores_generation(cycle.id) == generation
    assert _culture(cycle.id, first.id) == 2.0


def test_a_change_committed_by_another_process_shows_at_once(app, db, factories):
    """Another worker (or the command line) writes through its own connection: this process's
    cache has never heard of it, and still reads the new figures next time."""
    from valuedcare.data.generations import raise_all
    from valuedcare.extensions import db as database
    from valuedcare.models import ResponseScore

    network = build_network(factories, {"culture": [2.0] * 5})
    db.session.commit()
    cycle, first = network["cycle"], network["organisations"][0]
    assert _culture(cycle.id, first.id) == 2.0
    db.session.commit()  # end this session's read transaction, as a request's end does

    with database.engine.begin() as other:
        other.execute(update(ResponseScore).values(score=3.0))
        raise_all(other)

    assert _culture(cycle.id, first.id) == 3.0


def test_releasing_responses_at_close_raises_the_generation(db, factories):
    from valuedcare.data.generations import scores_generation
    from valuedcare.data.releases import release_cycle
    from valuedcare.models import ResponseScore

    cycle = factories.cycle(label="2025/26", status="open")
    assessment = factories.assessment(cycle=cycle)
    for _ in range(5):
        factories.scored_response(
            assessment, lens="partner", scores={"culture": 3.0}, released=False
        )
    generation = scores_generation(cycle.id)

    result = release_cycle(cycle.id, RULES)

    assert sum(result.released.values()) == 5
    assert scores_generation(cycle.id) == generation + 1
    released = db.session.scalars(select(ResponseScore.released)).all()
    assert released == [True] * 5
