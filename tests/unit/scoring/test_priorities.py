"""Suggested priorities: worked examples for each rule and the ranking, then properties."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valuedcare.formatting import one_dp, percentage
from valuedcare.scoring.columns import INGREDIENT_ORDER
from valuedcare.scoring.priorities import (
    KINDS,
    IngredientFacts,
    LensComparison,
    StatementFacts,
    Suggestion,
    Thresholds,
    suggest_priorities,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABELS = {"experts_by_experience": "Experts by experience", "partner": "Partners"}


def statement(
    item_id: str = "CUL1",
    *,
    ingredient: str = "culture",
    current: float | None = 3.0,
    target: float | None = None,
    members: int = 6,
    lowest: int | None = 3,
    highest: int | None = 3,
    not_known: int = 0,
) -> StatementFacts:
    return StatementFacts(
        ingredient=ingredient,
        item_id=item_id,
        text=f"Statement {item_id}",
        current=current,
        target=target,
        members=members,
        lowest=lowest,
        highest=highest,
        not_known=not_known,
    )


def ingredient(
    ingredient_id: str = "culture",
    *,
    current: float | None = None,
    target: float | None = None,
    perception: tuple[LensComparison, ...] = (),
    score: float | None = None,
    lower_quartile: float | None = None,
    group_shown: bool = False,
) -> IngredientFacts:
    return IngredientFacts(
        ingredient=ingredient_id,
        title=ingredient_id.replace("_", " ").capitalize(),
        current=current,
        target=target,
        perception=perception,
        score=score,
        lower_quartile=lower_quartile,
        group_shown=group_shown,
    )


def lens(
    lens_id: str = "experts_by_experience",
    board: float | None = 3.8,
    other: float | None = 2.9,
    *,
    shown: bool = True,
) -> LensComparison:
    return LensComparison(lens_id, LABELS[lens_id], board, other, shown)


def shown(value: float) -> Decimal:
    return Decimal(one_dp(value))


# Worked examples, one rule at a time


def test_statement_target_gap() -> None:
    (suggestion,) = suggest_priorities([], [statement(current=2.0, target=3.5)])

    assert suggestion == Suggestion(
        kind="target_gap",
        ingredient="culture",
        item_ids=("CUL1",),
        reason=(
            "The board's target for this statement is 3.5 but its current level is 2.0: "
            "a gap of 1.5 levels."
        ),
        size=1.5,
        rank=1,
        title="culture",
        statement="Statement CUL1",
    )


def test_target_gaps_use_the_figures_as_shown() -> None:
    # 3.44 and 2.46 show as 3.4 and 2.5: 0.9 apart, under the 1.0 threshold (raw gap 0.98)
    assert suggest_priorities([], [statement(current=2.46, target=3.44)]) == ()
    # 2.45 shows as 2.5 (half up), so 3.5 is exactly 1.0 level above it
    (suggestion,) = suggest_priorities([], [statement(current=2.45, target=3.5)])
    assert suggestion.size == 1.0
    assert suggestion.reason.endswith("current level is 2.5: a gap of 1.0 level.")


def test_ingredient_target_gap_has_its_own_threshold() -> None:
    facts = [ingredient(current=2.5, target=3.0), ingredient("leadership", current=2.6, target=3.0)]

    (suggestion,) = suggest_priorities(facts, [])

    assert (suggestion.kind, suggestion.ingredient, suggestion.item_ids) == (
        "target_gap",
        "culture",
        (),
    )
    assert suggestion.size == 0.5
    assert suggestion.title == "Culture"
    assert "ingredient is 3.0 but its current level is 2.5: a gap of 0.5 levels" in (
        suggestion.reason
    )


def test_target_above_current_only() -> None:
    assert suggest_priorities([ingredient(current=4.0, target=2.0)], []) == ()
    assert suggest_priorities([], [statement(current=4.0, target=2.0)]) == ()


def test_perception_gap_where_the_other_lens_scores_lower() -> None:
    facts = ingredient(perception=(lens(board=3.8, other=2.9), lens("partner", 3.0, 3.5)))

    (suggestion,) = suggest_priorities([facts], [])

    assert suggestion.kind == "perception_gap"
    assert suggestion.lens == "experts_by_experience"
    assert suggestion.size == 0.9
    assert suggestion.reason == (
        "Experts by experience agreed with this ingredient's statements at 2.9 on the 1 to 5 "
        "scale, below board members' own level of 3.8: a gap of 0.9 levels."
    )


def test_a_suppressed_lens_suggests_nothing_however_large_the_gap() -> None:
    facts = ingredient(perception=(lens(board=5.0, other=1.0, shown=False),))

    assert suggest_priorities([facts], []) == ()


def test_perception_gap_threshold() -> None:
    small = ingredient(perception=(lens(board=3.4, other=3.0),))
    enough = ingredient(perception=(lens("partner", board=3.5, other=3.0),))

    assert suggest_priorities([small], []) == ()
    assert [s.size for s in suggest_priorities([enough], [])] == [0.5]


def test_disagreement_of_two_levels_or_more() -> None:
    facts = [
        statement("CUL1", lowest=1, highest=4),
        statement("CUL2", lowest=2, highest=3),
        statement("CUL3", lowest=None, highest=None, members=0),
    ]

    (suggestion,) = suggest_priorities([], facts)

    assert (suggestion.kind, suggestion.item_ids, suggestion.size) == (
        "disagreement",
        ("CUL1",),
        2.0,
    )
    assert suggestion.reason == (
        "Board members' levels for this statement range from 1 to 4: 3 levels apart among "
        "6 members."
    )


def test_below_the_lower_quartile_only_where_the_group_is_shown() -> None:
    below = ingredient(score=2.3, lower_quartile=2.8, group_shown=True)
    hidden = ingredient("leadership", score=1.0, lower_quartile=4.0, group_shown=False)

    (suggestion,) = suggest_priorities([below, hidden], [])

    assert (suggestion.kind, suggestion.ingredient, suggestion.size) == (
        "below_peers",
        "culture",
        0.5,
    )
    assert suggestion.reason == (
        "This ingredient's score of 2.3 is below its comparator group's lower quartile of 2.8: "
        "0.5 levels below."
    )


def test_below_the_lower_quartile_needs_a_shortfall_the_reader_can_see() -> None:
    # 2.76 < 2.79, but both show as 2.8
    same = ingredient(score=2.76, lower_quartile=2.79, group_shown=True)

    assert suggest_priorities([same], []) == ()


def test_a_high_share_of_dont_know() -> None:
    facts = [
        statement("CUL1", members=5, not_known=3),  # 3 of 8: 38%
        statement("CUL2", members=3, not_known=1),  # 1 of 4: 25%, just enough
        statement("CUL3", members=4, not_known=1),  # 1 of 5: 20%
        statement("CUL4", members=0, not_known=1, current=None, lowest=None, highest=None),
    ]

    suggestions = suggest_priorities([], facts)

    assert [(s.item_ids, s.size) for s in suggestions] == [(("CUL1",), 0.75), (("CUL2",), 0.5)]
    assert suggestions[0].reason == (
        '3 of the 8 board members who answered this statement (38%) said "don\'t know".'
    )


def test_missing_values_never_make_a_suggestion() -> None:
    nan = float("nan")
    facts = ingredient(
        current=None,
        target=5.0,
        perception=(lens(board=None, other=1.0), lens("partner", board=5.0, other=nan)),
        score=None,
        lower_quartile=4.0,
        group_shown=True,
    )

    assert suggest_priorities([facts], [statement(current=None, target=5.0)]) == ()
    assert suggest_priorities([], [statement(current=1.0, target=nan)]) == ()


# The ranking


def ranked_example() -> tuple[list[IngredientFacts], list[StatementFacts]]:
    ingredients = [
        ingredient("leadership", current=2.0, target=3.0),  # target gap 1.0
        ingredient(
            "experts_by_experience",
            perception=(lens(board=4.0, other=2.0),),  # perception gap 2.0
            score=2.0,
            lower_quartile=3.0,
            group_shown=True,  # below peers 1.0
        ),
    ]
    statements = [
        statement("CUL2", current=2.0, target=3.0),  # target gap 1.0
        statement("CUL1", lowest=2, highest=4),  # disagreement 1.0
        statement("CUL3", current=1.0, target=4.0),  # target gap 3.0
        statement("LEA1", ingredient="leadership", members=1, not_known=3),  # not known 1.5
    ]
    return ingredients, statements


def test_ranking_by_size_then_model_order_then_kind_then_statement() -> None:
    suggestions = suggest_priorities(*ranked_example())

    assert [(s.rank, s.kind, s.ingredient, s.item_ids, s.size) for s in suggestions] == [
        (1, "target_gap", "culture", ("CUL3",), 3.0),
        (2, "perception_gap", "experts_by_experience", (), 2.0),
        (3, "not_known", "leadership", ("LEA1",), 1.5),
        (4, "below_peers", "experts_by_experience", (), 1.0),
        (5, "target_gap", "culture", ("CUL2",), 1.0),
        (6, "disagreement", "culture", ("CUL1",), 1.0),
        (7, "target_gap", "leadership", (), 1.0),
    ]
    assert suggestions[2].title == "Leadership"


def test_limit_keeps_the_first_suggestions() -> None:
    everything = suggest_priorities(*ranked_example())

    assert suggest_priorities(*ranked_example(), limit=3) == everything[:3]
    assert suggest_priorities(*ranked_example(), limit=0) == ()
    with pytest.raises(ValueError, match="limit"):
        suggest_priorities(*ranked_example(), limit=-1)


def test_thresholds_can_be_changed() -> None:
    ingredients, statements = ranked_example()
    strict = Thresholds(statement_target_gap=2.0, disagreement_range=3, not_known_share=0.8)

    kinds = [(s.kind, s.item_ids) for s in suggest_priorities(ingredients, statements, strict)]

    assert kinds == [
        ("target_gap", ("CUL3",)),
        ("perception_gap", ()),
        ("below_peers", ()),
        ("target_gap", ()),
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"statement_target_gap": 0},
        {"ingredient_target_gap": -1},
        {"perception_gap": 0},
        {"below_peers": 0},
        {"disagreement_range": 1},
        {"not_known_share": 0},
        {"not_known_share": 1.5},
        {"not_known_min_answers": 0},
    ],
)
def test_thresholds_that_would_suggest_nothing_to_do_are_refused(changes: dict) -> None:
    with pytest.raises(ValueError):
        Thresholds(**changes)


def test_unknown_ingredients_rank_after_the_model_ones() -> None:
    facts = [
        statement("ZZZ1", ingredient="zz_unknown", current=1.0, target=2.0),
        statement("INN1", ingredient="innovation", current=1.0, target=2.0),
    ]

    assert [s.ingredient for s in suggest_priorities([], facts)] == ["innovation", "zz_unknown"]


# Properties

_LEVEL = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.floats(1, 5, allow_nan=False),
    st.integers(10, 50).map(lambda tenths: tenths / 10),
)
_WHOLE_LEVEL = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def lens_comparisons(draw: st.DrawFn) -> tuple[LensComparison, ...]:
    lenses = draw(st.lists(st.sampled_from(sorted(LABELS)), unique=True, max_size=2))
    return tuple(
        lens(name, draw(_LEVEL), draw(_LEVEL), shown=draw(st.booleans())) for name in lenses
    )


@st.composite
def ingredient_facts(draw: st.DrawFn) -> list[IngredientFacts]:
    ids = draw(st.lists(st.sampled_from(INGREDIENT_ORDER), unique=True, max_size=5))
    return [
        ingredient(
            ingredient_id,
            current=draw(_LEVEL),
            target=draw(_LEVEL),
            perception=draw(lens_comparisons()),
            score=draw(_LEVEL),
            lower_quartile=draw(_LEVEL),
            group_shown=draw(st.booleans()),
        )
        for ingredient_id in ids
    ]


@st.composite
def statement_facts(draw: st.DrawFn) -> list[StatementFacts]:
    count = draw(st.integers(0, 8))
    facts = []
    for number in range(count):
        low, high = sorted([draw(_WHOLE_LEVEL) or 0, draw(_WHOLE_LEVEL) or 0])
        members = draw(st.integers(0, 10))
        facts.append(
            statement(
                f"S{number}",
                ingredient=draw(st.sampled_from(INGREDIENT_ORDER[:4])),
                current=draw(_LEVEL),
                target=draw(_LEVEL),
                members=members,
                lowest=low or None,
                highest=high or None,
                not_known=draw(st.integers(0, 6)),
            )
        )
    return facts


thresholds = st.builds(
    Thresholds,
    statement_target_gap=st.integers(1, 30).map(lambda tenths: tenths / 10),
    ingredient_target_gap=st.integers(1, 30).map(lambda tenths: tenths / 10),
    perception_gap=st.integers(1, 30).map(lambda tenths: tenths / 10),
    disagreement_range=st.integers(2, 4),
    below_peers=st.integers(1, 30).map(lambda tenths: tenths / 10),
    not_known_share=st.integers(1, 100).map(lambda hundredths: hundredths / 100),
    not_known_min_answers=st.integers(1, 5),
)


def expected(
    suggestion: Suggestion,
    ingredients: list[IngredientFacts],
    statements: list[StatementFacts],
    rules: Thresholds,
) -> tuple[float, float, list[str]]:
    """(size by the documented formula, its threshold, the numbers its reason must name)."""
    if suggestion.item_ids:
        (facts,) = [s for s in statements if (s.item_id,) == suggestion.item_ids]
        if suggestion.kind == "target_gap":
            assert facts.target is not None and facts.current is not None
            gap = float(shown(facts.target) - shown(facts.current))
            return (
                gap,
                rules.statement_target_gap,
                [one_dp(n) for n in (facts.target, facts.current, gap)],
            )
        if suggestion.kind == "disagreement":
            assert facts.lowest is not None and facts.highest is not None
            spread = facts.highest - facts.lowest
            return (
                spread - 1,
                rules.disagreement_range - 1,
                [str(n) for n in (facts.lowest, facts.highest, spread)],
            )
        assert suggestion.kind == "not_known"
        answers = facts.members + facts.not_known
        share = facts.not_known / answers
        assert answers >= rules.not_known_min_answers
        return (
            2 * share,
            2 * rules.not_known_share,
            [str(facts.not_known), str(answers), percentage(share)],
        )
    (facts,) = [i for i in ingredients if i.ingredient == suggestion.ingredient]
    if suggestion.kind == "target_gap":
        assert facts.target is not None and facts.current is not None
        gap = float(shown(facts.target) - shown(facts.current))
        return (
            gap,
            rules.ingredient_target_gap,
            [one_dp(n) for n in (facts.target, facts.current, gap)],
        )
    if suggestion.kind == "perception_gap":
        (other,) = [p for p in facts.perception if p.lens == suggestion.lens]
        assert other.shown and other.board is not None and other.other is not None
        gap = float(shown(other.board) - shown(other.other))
        return (
            gap,
            rules.perception_gap,
            [other.label, *(one_dp(n) for n in (other.board, other.other, gap))],
        )
    assert suggestion.kind == "below_peers"
    assert facts.group_shown and facts.score is not None and facts.lower_quartile is not None
    gap = float(shown(facts.lower_quartile) - shown(facts.score))
    return gap, rules.below_peers, [one_dp(n) for n in (facts.score, facts.lower_quartile, gap)]


@FAST
@given(ingredient_facts(), statement_facts(), thresholds)
def test_every_suggestion_follows_its_documented_rule(
    ingredients: list[IngredientFacts], statements: list[StatementFacts], rules: Thresholds
) -> None:
    suggestions = suggest_priorities(ingredients, statements, rules)

    assert [s.rank for s in suggestions] == list(range(1, len(suggestions) + 1))
    assert [s.size for s in suggestions] == sorted((s.size for s in suggestions), reverse=True)
    for suggestion in suggestions:
        assert suggestion.kind in KINDS
        size, threshold, numbers = expected(suggestion, ingredients, statements, rules)
        assert suggestion.size == pytest.approx(size)
        assert suggestion.size >= threshold - 1e-9
        assert suggestion.size > 0
        for number in numbers:
            assert number in suggestion.reason


@FAST
@given(ingredient_facts(), statement_facts(), st.data())
def test_the_order_of_the_inputs_never_changes_the_result(
    ingredients: list[IngredientFacts], statements: list[StatementFacts], data: st.DataObject
) -> None:
    other_ingredients = data.draw(st.permutations(ingredients))
    other_statements = data.draw(st.permutations(statements))

    assert suggest_priorities(other_ingredients, other_statements) == suggest_priorities(
        ingredients, statements
    )


@FAST
@given(ingredient_facts(), st.floats(1, 5), st.floats(1, 5))
def test_a_suppressed_lens_never_produces_a_suggestion(
    ingredients: list[IngredientFacts], board: float, other: float
) -> None:
    hidden = [
        replace(
            facts,
            perception=tuple(
                replace(p, board=max(board, other), other=min(board, other) - 4, shown=False)
                for p in facts.perception
            ),
        )
        for facts in ingredients
    ]

    suggestions = suggest_priorities(hidden, [], Thresholds(perception_gap=0.1))

    assert not [s for s in suggestions if s.kind == "perception_gap"]


@FAST
@given(ingredient_facts())
def test_a_hidden_group_never_produces_below_peers(ingredients: list[IngredientFacts]) -> None:
    hidden = [
        replace(facts, score=1.0, lower_quartile=5.0, group_shown=False) for facts in ingredients
    ]

    assert not [s for s in suggest_priorities(hidden, []) if s.kind == "below_peers"]


@FAST
@given(
    ingredient_facts(),
    statement_facts(),
    st.data(),
    st.floats(0, 4),
    st.one_of(st.none(), st.integers(0, 10)),
)
def test_a_wider_target_gap_never_loses_its_place(
    ingredients: list[IngredientFacts],
    statements: list[StatementFacts],
    data: st.DataObject,
    raise_by: float,
    limit: int | None,
) -> None:
    before = suggest_priorities(ingredients, statements, limit=limit)
    gaps = [s for s in before if s.kind == "target_gap" and s.item_ids]
    if not gaps:
        return
    chosen = data.draw(st.sampled_from(gaps))
    index = next(i for i, s in enumerate(statements) if (s.item_id,) == chosen.item_ids)
    wider = list(statements)
    target = statements[index].target
    assert target is not None
    wider[index] = replace(statements[index], target=target + raise_by)

    after = suggest_priorities(ingredients, wider, limit=limit)

    (same,) = [s for s in after if s.kind == "target_gap" and s.item_ids == chosen.item_ids]
    assert same.rank <= chosen.rank
    assert same.size >= chosen.size
