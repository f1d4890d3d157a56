"""``flask demo seed``: fictional, varied, deterministic demonstration data."""

from __future__ import annotations

from sqlalchemy import func, select


def _signature(db):
    from valuedcare.models import Answer, Organisation, Response

    organisations = db.session.execute(
        select(Organisation.code, Organisation.name).order_by(Organisation.code)
    ).all()
    count, score_sum, target_sum = db.session.execute(
        select(func.count(Answer.id), func.sum(Answer.score), func.sum(Answer.target))
    ).one()
    responses = db.session.scalar(select(func.count(Response.id)))
    # Scale answers score fractions (0 to 10 maps to 1 to 5), so the database's float sum can
    # differ in the last bit with the order it adds rows in: compare to nine decimal places.
    return organisations, (count, round(score_sum, 9), target_sum), responses


def _lens_means(db):
    from valuedcare.models import ResponseScore

    rows = db.session.execute(
        select(ResponseScore.lens, func.avg(ResponseScore.score)).group_by(ResponseScore.lens)
    ).all()
    return dict(rows)


def test_seed_is_deterministic_for_a_given_seed(runner, db):
    from tests import database as testing

    args = ["demo", "seed", "--trusts", "3", "--cycles", "2", "--respondents", "12", "--seed", "7"]
    assert runner.invoke(args=args).exit_code == 0
    first = _signature(db)
    testing.empty_database()
    assert runner.invoke(args=args).exit_code == 0
    assert _signature(db) == first
    testing.empty_database()
    other = runner.invoke(args=[*args[:-1], "8"])
    assert other.exit_code == 0
    assert _signature(db) != first


def test_seeded_data_is_fictional_varied_and_scored(runner, db):
    from valuedcare.models import Organisation, Response, ResponseScore

    result = runner.invoke(
        args=["demo", "seed", "--trusts", "6", "--cycles", "3", "--respondents", "40"]
    )
    assert result.exit_code == 0, result.output
    organisations = db.session.scalars(select(Organisation)).all()
    assert len(organisations) == 6
    assert all(
        o.is_demo and "(fictional)" in o.name and o.code.startswith("DEMO") for o in organisations
    )
    lenses = set(db.session.scalars(select(Response.lens).distinct()))
    assert {"board", "experts_by_experience", "partner"} <= lenses
    means = _lens_means(db)
    assert means["board"] > means["experts_by_experience"] + 0.3
    assert db.session.scalar(select(func.count()).select_from(ResponseScore)) > 0


def test_seed_if_empty_leaves_existing_data_alone(runner, db, factories):
    factories.organisation()
    db.session.commit()
    result = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert result.exit_code == 0
    assert "already exist" in result.output


def test_seed_adds_demo_accounts_and_working_links_once(runner, db, client):
    from valuedcare.data.demo import DEMO_PASSWORD
    from valuedcare.models import User

    args = ["demo", "seed", "--trusts", "2", "--cycles", "2", "--respondents", "6"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    roles = dict(db.session.execute(select(User.email, User.role)).all())
    assert roles == {
        "admin@example.org": "platform_admin",
        "lead@demo01.example.org": "organisation_admin",
        "board@demo01.example.org": "board_member",
        "viewer@demo01.example.org": "viewer",
    }
    assert repr(DEMO_PASSWORD) in result.output
    paths = [line.rsplit(": ", 1)[1] for line in result.output.splitlines() if ": /r/" in line]
    assert len(paths) == 3
    for path in paths:
        assert client.get(path).status_code == 200, path

    signed_in = client.post(
        "/account/sign-in",
        data={"email": "lead@demo01.example.org", "password": DEMO_PASSWORD},
    )
    assert signed_in.status_code in (302, 303)
    assert "sign-in" not in signed_in.headers["Location"]

    again = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(User.id))) == 4


def test_demo_boards_are_realistic_and_one_trust_shows_suppression(runner, db):
    from valuedcare.demo.generate import DEMO_COMMENTS
    from valuedcare.models import Answer, Response

    result = runner.invoke(args=["demo", "seed", "--trusts", "4", "--cycles", "2"])
    assert result.exit_code == 0, result.output

    counts = db.session.execute(
        select(Response.assessment_id, Response.lens, func.count(Response.id)).group_by(
            Response.assessment_id, Response.lens
        )
    ).all()
    boards = [n for _, lens, n in counts if lens == "board"]
    experts = [n for _, lens, n in counts if lens == "experts_by_experience"]
    assert boards and all(8 <= n <= 14 for n in boards)
    assert min(experts) < 5 <= max(experts)
    partner_texts = set(
        db.session.scalars(
            select(Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.lens == "partner", Answer.item_id == "p12")
        )
    )
    assert partner_texts, "partners should have written comments"
    assert partner_texts <= set(DEMO_COMMENTS["partner"])


def test_seeded_trusts_have_plans_with_done_overdue_and_carried_over_actions(runner, db):
    from datetime import date

    from valuedcare.models import Action, ActionUpdate, Assessment, Cycle

    result = runner.invoke(
        args=["demo", "seed", "--trusts", "4", "--cycles", "5", "--respondents", "12"]
    )
    assert result.exit_code == 0, result.output
    rows = db.session.execute(
        select(Action, Cycle.status)
        .join(Assessment, Assessment.id == Action.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
    ).all()
    per_trust = {}
    for action, _ in rows:
        per_trust[action.organisation_id] = per_trust.get(action.organisation_id, 0) + 1
    assert len(per_trust) == 4 and all(count == 20 for count in per_trust.values())
    statuses = {action.status for action, _ in rows}
    assert {"done", "on_track", "at_risk"} <= statuses
    open_statuses = {"not_started", "on_track", "at_risk"}
    assert any(
        action.status in open_statuses and action.due_on < date.today() for action, _ in rows
    ), "some actions are overdue"
    assert any(action.status in open_statuses and cycle == "closed" for action, cycle in rows), (
        "some actions agreed in a closed cycle are carried over"
    )
    assert db.session.scalar(select(func.count(ActionUpdate.id))) > len(rows)


def test_seeded_trusts_have_three_years_of_measures_with_shifts_and_a_standout_team(runner, db):
    from valuedcare.data.questionnaires import get_measures
    from valuedcare.data.scope import Scope
    from valuedcare.models import MeasureValue, Organisation
    from valuedcare.scoring.funnel import funnel
    from valuedcare.scoring.outcomes import summarise, team_totals

    result = runner.invoke(args=["demo", "seed", "--trusts", "2", "--cycles", "1"])
    assert result.exit_code == 0, result.output
    measure_set = get_measures()
    organisation_id = db.session.scalar(select(func.min(Organisation.id)))
    months = db.session.scalar(
        select(func.count(func.distinct(MeasureValue.month))).where(
            MeasureValue.organisation_id == organisation_id
        )
    )
    assert months == 36
    from valuedcare.data.measures import read_values

    values = read_values(Scope(None, "platform_admin", None), organisation_id)
    assert len(values) == 36 * 4 * len(measure_set)
    variations = {summary.result.variation for summary in summarise(values, measure_set)}
    assert "common_cause" in variations
    assert variations - {"common_cause", None}, "some series show special cause variation"
    outside = set()
    for measure in measure_set:
        if measure.is_ratio and measure.better != "neither":
            kind = "share" if measure.is_share else "rate"
            totals = team_totals(values, measure)
            outside |= set(funnel(totals, kind=kind, multiplier=measure.multiplier).outside)
    assert outside == {"North locality"}, "one team of the first trust stands out, only one"


def test_a_demo_trust_never_agrees_the_same_action_twice(runner, db):
    from valuedcare.models import Action

    result = runner.invoke(
        args=["demo", "seed", "--trusts", "3", "--cycles", "5", "--respondents", "6"]
    )
    assert result.exit_code == 0, result.output
    rows = db.session.execute(select(Action.organisation_id, Action.text)).all()
    assert len(rows) == 60
    for organisation_id in {row.organisation_id for row in rows}:
        texts = [row.text for row in rows if row.organisation_id == organisation_id]
        assert len(texts) == len(set(texts)), texts


def test_demo_experts_by_experience_hope_for_more_than_they_got(runner, db):
    """The gap between the care people hoped for and what happened is the model's measure of the
    distance to cover, so the demo's reports show one: the report's own reader finds each
    hoped-for answer (saved without a score) and the mean shortfall is clearly above nothing."""
    from valuedcare.data import reports

    result = runner.invoke(args=["demo", "seed", "--trusts", "2", "--cycles", "2"])
    assert result.exit_code == 0, result.output
    frame, pairs = reports.experience_pairs_where(lambda statement: statement)
    answered = frame.dropna(subset=["actual", "hoped"])
    assert pairs and len(answered) > len(frame) / 2
    assert (answered["hoped"] - answered["actual"]).clip(lower=0).mean() > 0.5
