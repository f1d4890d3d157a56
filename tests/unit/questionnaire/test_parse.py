"""Parsing: every problem reported with its place, defaults and option sets resolved."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.builders import AGREEMENT, TEN_INGREDIENTS, questionnaire_text
from valuedcare.questionnaire import (
    Problem,
    QuestionnaireError,
    parse_ingredients,
    parse_questionnaire,
)

VALID_BODY = """\
sections:
  - id: main
    title: Main
    ingredient: culture
    items:
      - {id: opinion, type: likert, text: We are listened to, options: agreement}
      - id: safety
        type: likert
        text: We feel safe
        options: agreement
        ingredient: patient_safety
      - id: role
        type: single_choice
        text: Your role
        options: [{value: member, label: Member}, {value: chair, label: Chair}]
      - id: rating
        type: single_choice
        text: Rating
        options: [{value: good, label: Good, score: 4}, {value: poor, label: Poor, score: 2}]
      - {id: level, type: maturity, text: Level, levels: [A, B, C, D, E], measures: level_v1}
      - {id: words, type: text, text: Words, max_length: 100, required: false}
"""

INGREDIENTS = "kind: ingredients\nversion: 1\ningredients:\n" + "".join(
    f"  - {{id: {each}, title: T {each}, short_title: S, description: D}}\n"
    for each in TEN_INGREDIENTS
)


def _problems(text: str, **kwargs: object) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(text, filename="q.yaml", **kwargs)
    return raised.value.problems


def test_problem_formats_as_file_line_column_path_message() -> None:
    problem = Problem("q.yaml", 12, 5, "sections[0].items[1].text", "must not be empty")

    assert str(problem) == "q.yaml:12:5: sections[0].items[1].text: must not be empty"


def test_option_sets_are_expanded_into_items() -> None:
    questionnaire = parse_questionnaire(
        questionnaire_text(VALID_BODY, header=AGREEMENT), filename="q.yaml"
    )

    values = [option.value for option in questionnaire.item("opinion").options]
    assert values == ["strongly_agree", "agree", "disagree", "dont_know"]


def test_parsed_questionnaires_are_equal_and_hashable() -> None:
    text = questionnaire_text(VALID_BODY, header=AGREEMENT)
    first = parse_questionnaire(text, filename="q.yaml")
    second = parse_questionnaire(text, filename="q.yaml")

    assert first == second
    assert hash(first) == hash(second)
    assert {first: "cached"}[second] == "cached"


def test_defaults_are_resolved() -> None:
    questionnaire = parse_questionnaire(
        questionnaire_text(VALID_BODY, header=AGREEMENT), filename="q.yaml"
    )
    item = questionnaire.item

    assert item("opinion").effective_ingredient == "culture"
    assert item("safety").effective_ingredient == "patient_safety"
    assert [item(i).scored for i in ("opinion", "role", "rating", "level", "words")] == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert (item("opinion").measures, item("level").measures) == ("opinion", "level_v1")
    assert (item("opinion").required, item("words").required) == (True, False)
    assert item("opinion").weight == 1.0
    assert questionnaire.section_of("words").id == "main"


def test_every_structural_problem_in_a_file_is_reported_in_line_order() -> None:
    text = questionnaire_text(
        """\
        colour: blue
        sections:
          - id: main
            title: Main
            items:
              - {id: q1, type: likert, text: " ", options: agreement}
              - {id: q2, type: guess, text: Two}
              - {id: q3, text: Three, options: agreement}
        """,
        header=AGREEMENT,
    )

    problems = _problems(text)

    assert [(p.line, p.path) for p in problems] == [
        (12, "colour"),
        (17, "sections[0].items[0].text"),
        (18, "sections[0].items[1].type"),
        (19, "sections[0].items[2].type"),
    ]


def test_every_cross_reference_problem_is_reported() -> None:
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            items:
              - id: q1
                type: likert
                text: One
                options: agreement
                show_if: {item: q2, any_of: [agree]}
              - {id: q2, type: likert, text: Two, options: agreement, pair_of: q7}
              - {id: q2, type: text, text: Three, max_length: 5}
        """,
        header=AGREEMENT,
    )

    problems = _problems(text)

    assert [(p.line, p.path) for p in problems] == [
        (16, "sections[0].items[0].ingredient"),
        (20, "sections[0].items[0].show_if.item"),
        (21, "sections[0].items[1].ingredient"),
        (21, "sections[0].items[1].pair_of"),
        (22, "sections[0].items[2].id"),
    ]


ROLE_WORDINGS = """\
sections:
  - id: role_section
    title: Role
    items:
      - id: role
        type: single_choice
        text: Who are you?
        options:
          - {value: user, label: User}
          - {value: carer, label: Carer}
          - {value: other, label: Other}
      - id: ways
        type: multiple_choice
        text: How?
        options: [{value: user, label: User}, {value: carer, label: Carer}]
  - id: own
    title: Own care
    ingredient: culture
    show_if: {item: role, any_of: [user, other]}
    items:
      - {id: kind, type: likert, text: Staff were kind to me, options: agreement}
  - id: theirs
    title: Their care
    ingredient: culture
    show_if: {item: role, any_of: [carer]}
    items:
      - {id: carer_kind, measures: kind, type: likert, text: Kind to them, options: agreement}
  - id: more
    title: More
    ingredient: culture
    items:
      - id: item_level
        measures: kind
        type: likert
        text: Kind again
        options: agreement
        show_if: {item: role, any_of: [carer]}
      - id: overlapping
        measures: kind
        type: likert
        text: Kind to us
        options: agreement
        show_if: {item: role, any_of: [carer, other]}
      - id: by_ways
        measures: kind
        type: likert
        text: Kind, by ways
        options: agreement
        show_if: {item: ways, any_of: [carer]}
      - {id: unconditional, measures: kind, type: likert, text: Kind, options: agreement}
"""


def test_alternative_wordings_never_shown_together_may_share_a_measures_key() -> None:
    text = questionnaire_text(ROLE_WORDINGS, header=AGREEMENT)

    problems = _problems(text)

    # carer_kind (its section is shown to carers) shares "kind" with kind (shown to users and
    # others): allowed. Each later item could be shown together with an earlier user of the key:
    # the same answer (item_level and carer_kind), overlapping answers (overlapping and kind), a
    # question with several answers (by_ways), or no condition at all (unconditional).
    assert [(p.path, p.message.split(";")[0]) for p in problems] == [
        (
            "sections[3].items[0].measures",
            "the measures key 'kind' is already used by sections[2].items[0]",
        ),
        (
            "sections[3].items[1].measures",
            "the measures key 'kind' is already used by sections[1].items[0]",
        ),
        (
            "sections[3].items[2].measures",
            "the measures key 'kind' is already used by sections[1].items[0]",
        ),
        (
            "sections[3].items[3].measures",
            "the measures key 'kind' is already used by sections[1].items[0]",
        ),
    ]
    allowed = ROLE_WORDINGS.split("  - id: more")[0]
    questionnaire = parse_questionnaire(
        questionnaire_text(allowed, header=AGREEMENT), filename="q.yaml"
    )
    assert questionnaire.item("carer_kind").measures == questionnaire.item("kind").measures


def test_a_fault_in_an_option_set_is_reported_once_at_the_set() -> None:
    header = AGREEMENT.replace("score: 5", "score: 9")
    text = questionnaire_text(VALID_BODY, header=header)

    problems = _problems(text)

    assert [(p.line, p.path) for p in problems] == [(8, "option_sets.agreement[0].score")]


def test_ingredient_ids_are_checked_only_when_ingredients_are_given() -> None:
    text = questionnaire_text(VALID_BODY.replace("culture", "kultur"), header=AGREEMENT)
    ingredients = parse_ingredients(INGREDIENTS, filename="ingredients.yaml")

    assert parse_questionnaire(text, filename="q.yaml").sections[0].ingredient == "kultur"
    problems = _problems(text, ingredients=ingredients)
    assert [(p.path, p.message) for p in problems] == [
        ("sections[0].ingredient", "unknown ingredient 'kultur'; did you mean 'culture'?")
    ]


def test_item_keys_that_do_not_suit_the_type_are_reported() -> None:
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - {id: q1, type: likert, text: One, options: agreement, levels: [A, B, C, D, E]}
              - {id: q2, type: scale, text: Two, min: 5, max: 5, max_length: 3}
              - {id: q3, type: text, text: Three, max_length: 5, scored: true}
        """,
        header=AGREEMENT,
    )

    assert [(p.path, p.message) for p in _problems(text)] == [
        ("sections[0].items[0].levels", "only maturity items have levels"),
        ("sections[0].items[1].max", "max (5) must be greater than min (5)"),
        ("sections[0].items[1].max_length", "only text items have max_length"),
        ("sections[0].items[2].scored", "text items cannot be scored; set scored: false"),
    ]


NEXT_STEPS_BODY = """\
    sections:
      - id: main
        title: Main
        ingredient: culture
        items:
          - id: q1
            type: maturity
            text: One
            levels: [A, B, C, D, E]
            next_steps:
              - Log every concern.
              - Act on each concern. Tell staff what changed.
              - Make speaking up part of team meetings, for example 2.5 minutes at each huddle.
              - Ask leaders to invite challenge (e.g. at open forums) and share the learning.
          - {id: q2, type: maturity, text: Two, levels: [A, B, C, D, E]}
    """


def test_next_step_leads_from_each_level_to_the_one_above() -> None:
    questionnaire = parse_questionnaire(questionnaire_text(NEXT_STEPS_BODY), filename="q.yaml")
    guided, plain = questionnaire.item("q1"), questionnaire.item("q2")

    assert guided.next_step(1) == "Log every concern."
    assert guided.next_step(2) == "Act on each concern. Tell staff what changed."
    assert guided.next_step(4) == guided.next_steps[3]  # type: ignore[index]
    assert guided.next_step(5) is None  # Leading has no next step
    assert [plain.next_step(level) for level in range(1, 6)] == [None] * 5
    for level in (0, 6, True, 2.0):
        with pytest.raises(ValueError, match="whole number from 1 to 5"):
            guided.next_step(level)  # type: ignore[arg-type]


def test_every_next_steps_problem_is_reported_at_its_entry() -> None:
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - id: q1
                type: maturity
                text: One
                levels: [A, B, C, D, E]
                next_steps: [One., "  ", 7, Four. Five. Six.]
              - id: q2
                type: maturity
                text: Two
                levels: [A, B, C, D, E]
                next_steps: [Only one.]
        """,
    )

    assert [(p.path, p.message) for p in _problems(text)] == [
        ("sections[0].items[0].next_steps[1]", "must not be empty or only spaces"),
        ("sections[0].items[0].next_steps[2]", "Input should be a valid string"),
        ("sections[0].items[0].next_steps[3]", "a next step must be one or two sentences; found 3"),
        (
            "sections[0].items[1].next_steps",
            "next_steps needs 4 entries, one for each level below Leading; found 1",
        ),
    ]


def test_only_maturity_items_have_next_steps() -> None:
    """Checked with the other keys that do not suit a type, once the structure is valid."""
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - {id: q1, type: maturity, text: One, levels: [A, B, C, D, E]}
              - {id: q2, type: likert, text: Two, options: agreement, next_steps: [A, B, C, D]}
        """,
        header=AGREEMENT,
    )

    assert [(p.path, p.message) for p in _problems(text)] == [
        ("sections[0].items[1].next_steps", "only maturity items have next_steps")
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Log every concern.", 1),
        ("Log every concern", 1),
        ("Log every concern. Reply to it within 2 weeks.", 2),
        ("Agree a 2.5% target, e.g. for waits. Then report it!", 2),
        ('Ask "what matters to you?" Then act. Then tell people.', 3),
    ],
)
def test_sentences_are_counted_at_full_stops_before_a_new_sentence(
    text: str, sentences: int
) -> None:
    from valuedcare.questionnaire.fields import count_sentences

    assert count_sentences(text) == sentences


def test_ingredients_keep_model_order_and_can_be_looked_up() -> None:
    ingredients = parse_ingredients(INGREDIENTS, filename="ingredients.yaml")

    assert ingredients.ids == TEN_INGREDIENTS
    assert [each.id for each in ingredients] == list(TEN_INGREDIENTS)
    assert ingredients.get("culture").title == "T culture"
    assert ingredients.get("unknown") is None
    assert "leadership" in ingredients and len(ingredients) == 10


def test_ingredient_short_title_over_28_characters_is_reported() -> None:
    text = (
        "kind: ingredients\nversion: 1\ningredients:\n"
        "  - id: culture\n    title: Culture\n"
        "    short_title: A title far too long for the axis\n    description: D\n"
    )

    with pytest.raises(QuestionnaireError) as raised:
        parse_ingredients(text, filename="ingredients.yaml")

    assert [(p.line, p.path, p.message) for p in raised.value.problems] == [
        (
            6,
            "ingredients[0].short_title",
            "must be at most 28 characters so it fits on chart axes; found 33",
        )
    ]


def test_ingredient_ids_used_twice_are_reported() -> None:
    text = (
        "kind: ingredients\nversion: 1\ningredients:\n"
        "  - {id: culture, title: Culture, short_title: Culture, description: D}\n"
        "  - {id: culture, title: Again, short_title: Again, description: D}\n"
    )

    with pytest.raises(QuestionnaireError) as raised:
        parse_ingredients(text, filename="ingredients.yaml")

    assert [(p.line, p.path, p.message) for p in raised.value.problems] == [
        (5, "ingredients[1].id", "the ingredient id 'culture' is already used by ingredients[0]")
    ]


@pytest.mark.parametrize("name", ["revision", "action", "draft", "csrf_token"])
def test_an_item_may_not_take_a_name_the_section_form_uses(name: str) -> None:
    body = VALID_BODY.replace("id: opinion,", f"id: {name},")
    found = _problems(questionnaire_text(body, header=AGREEMENT))
    assert [(p.path, p.message) for p in found] == [
        ("sections[0].items[0].id", f"'{name}' is a reserved name")
    ]


def test_only_a_scored_agreement_statement_can_mirror_the_board() -> None:
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - {id: q1, type: likert, text: One, options: agreement, mirrors: cul1}
              - id: q2
                type: frequency
                text: Two
                options: [{value: often, label: Often, score: 4}]
                mirrors: cul2
              - {id: q3, type: likert, text: T, options: agreement, scored: false, mirrors: cul3}
        """,
        header=AGREEMENT,
    )

    problems = _problems(text)

    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("sections[0].items[1].mirrors", "a frequency item cannot mirror a maturity statement"),
        ("sections[0].items[2].mirrors", "a mirroring item must be scored"),
    ]


def test_only_one_unscored_single_choice_question_breaks_down_results() -> None:
    text = questionnaire_text(
        """\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - {id: q1, type: likert, text: One, options: agreement, breakdown: true}
              - id: q2
                type: single_choice
                text: Two
                options: [{value: police, label: Police}]
                breakdown: true
              - id: q3
                type: single_choice
                text: Three
                options: [{value: housing, label: Housing}]
                breakdown: true
        """,
        header=AGREEMENT,
    )

    problems = _problems(text)

    assert [(p.path, p.message) for p in problems] == [
        (
            "sections[0].items[0].breakdown",
            "only an unscored single_choice item can break down results",
        ),
        (
            "sections[0].items[2].breakdown",
            "only one item per questionnaire can break down results",
        ),
    ]
