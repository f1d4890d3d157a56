"""The questionnaires in questionnaires/ are valid and every scored answer lands on 1-5."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import pytest

from tests.unit.questionnaire.builders import QUESTIONNAIRES, TEN_INGREDIENTS
from valuedcare.questionnaire import (
    Item,
    Questionnaire,
    load_catalogue,
    load_questionnaire,
    previous_files,
    read_kind,
    validate_paths,
)

ROLES = ("uses_services", "carer", "family_member", "prefer_not_to_say")
QUESTIONNAIRE_FILES = [
    path
    for path in sorted(QUESTIONNAIRES.glob("*.yaml")) + previous_files(QUESTIONNAIRES)
    if read_kind(path) == "questionnaire"
]


@cache
def _load(path: Path) -> Questionnaire:
    return load_questionnaire(path)


def _valid_answer(item: Item) -> object:
    """One valid answer per item type; for choice items, a scored option when there is one."""
    if item.type == "maturity":
        return 4
    if item.type == "scale":
        return item.max
    if item.type == "number":
        return item.min or 0
    if item.type == "text":
        return "A short answer."
    if item.type == "multiple_choice":
        return [item.options[0].value]
    scored = [option for option in item.options if option.score is not None]
    return (scored or list(item.options))[0].value


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(QUESTIONNAIRES)


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda path: path.name)
def test_questionnaire_file_validates_without_problems(path: Path) -> None:
    assert validate_paths([path]) == []


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda path: path.name)
def test_complete_response_scores_every_scored_item_within_1_to_5(path: Path) -> None:
    questionnaire = _load(path)
    answers = {item.id: _valid_answer(item) for item in questionnaire.items()}
    scored = [item for item in questionnaire.items() if item.scored]
    assert scored
    for item in scored:
        score = item.score_for(answers[item.id])
        assert score is not None and 1 <= score <= 5, item.id
        assert item.effective_ingredient in TEN_INGREDIENTS, item.id


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda path: path.name)
def test_every_option_of_a_scored_item_is_unscored_or_on_the_scale(path: Path) -> None:
    questionnaire = _load(path)
    for item in questionnaire.items():
        for option in item.options:
            score = item.score_for(option.value)
            if option.not_known:
                assert score is None
            else:
                assert score is None or 1 <= score <= 5


def test_directory_validates_as_a_whole() -> None:
    assert validate_paths([QUESTIONNAIRES]) == []


def test_catalogue_holds_the_questionnaires_by_slug(catalogue) -> None:
    """Two current questionnaires may share a lens: the easy-read version beside the standard."""
    lenses = {slug: q.lens for slug, q in catalogue.questionnaires.items()}
    assert lenses == {
        "board-self-assessment": "board",
        "experts-by-experience": "experts_by_experience",
        "experts-by-experience-easy-read": "experts_by_experience",
        "partner-feedback": "partner",
    }


def test_catalogue_questionnaires_carry_source_and_hash_of_the_file_bytes(catalogue) -> None:
    for slug, questionnaire in catalogue.questionnaires.items():
        raw = (QUESTIONNAIRES / f"{slug}.yaml").read_bytes()
        assert questionnaire.source_text == raw.decode("utf-8")
        assert questionnaire.content_hash == hashlib.sha256(raw).hexdigest()


def test_ingredients_are_the_ten_in_model_order(catalogue) -> None:
    assert catalogue.ingredients.ids == TEN_INGREDIENTS
    assert all(len(each.short_title) <= 28 for each in catalogue.ingredients)


def test_board_has_five_or_six_maturity_statements_per_ingredient(catalogue) -> None:
    board: Questionnaire = catalogue.questionnaires["board-self-assessment"]
    assert [section.ingredient for section in board.sections] == list(TEN_INGREDIENTS)
    for section in board.sections:
        assert 5 <= len(section.items) <= 6, section.id
    for item in board.items():
        assert item.type == "maturity" and item.levels is not None
        assert item.allow_dont_know and item.ask_target and item.required
        assert item.comment is not None and item.comment.max_length == 2000


def test_board_levels_say_what_is_in_place_in_full_sentences(catalogue) -> None:
    """Every level is met by a trust at any higher level (the cumulative rule), so no descriptor
    describes a shortfall, and each is a sentence rather than a word or two."""
    board: Questionnaire = catalogue.questionnaires["board-self-assessment"]
    for item in board.items():
        for number, level in enumerate(item.levels or (), start=1):
            words = level.split()
            assert 10 <= len(words) <= 32 and level.endswith("."), (item.id, number)
            assert not re.search(r"\b(none|not yet)\b", level, re.IGNORECASE), (item.id, number)


def test_every_board_statement_says_how_to_reach_each_level_above(catalogue) -> None:
    """Four next steps per statement, Beginning to Embedded, each a plain instruction of one or
    two full sentences; Leading has none."""
    board: Questionnaire = catalogue.questionnaires["board-self-assessment"]
    steps = [step for item in board.items() for step in item.next_steps or ()]
    assert len(steps) == 4 * len(board.items()) == 220
    for item in board.items():
        assert item.next_steps is not None and len(item.next_steps) == 4, item.id
        assert item.next_step(5) is None
        for level in range(1, 5):
            step = item.next_step(level)
            assert step is not None and step.endswith("."), (item.id, level)
            assert 8 <= len(step.split()) <= 45, (item.id, level)
    assert len(set(steps)) == len(steps)


def test_board_acronyms_are_spelt_out_on_first_use_in_each_statement(catalogue) -> None:
    board: Questionnaire = catalogue.questionnaires["board-self-assessment"]
    for item in board.items():
        wording = " ".join(
            [item.text, item.help or "", *(item.levels or ()), *(item.next_steps or ())]
        )
        for acronym in set(re.findall(r"\b[A-Z]{2,}\b", wording)):
            first = re.search(rf"\b{acronym}\b", wording)
            assert first is not None
            spelt_out = wording[first.start() - 1 : first.end() + 1] == f"({acronym})"
            assert spelt_out and first.start() > 1, (item.id, acronym)


PAIR_TOPICS = (
    "help_quickly",
    "listened_to",
    "say_in_decisions",
    "family_included",
    "everyday_life",
    "respect",
    "crisis_help",
    "feeling_safe",
)


def test_experts_by_experience_pairs_each_actual_with_an_unscored_hoped_item(catalogue) -> None:
    """Each pair asks what happened (scored) and what the person wanted (not scored) on one
    scale, in the words of someone who uses services and again in a carer's words, and the two
    wordings share their measures keys."""
    ebe: Questionnaire = catalogue.questionnaires["experts-by-experience"]
    for topic in PAIR_TOPICS:
        for wording in ("", "carer_"):
            actual = ebe.item(f"{wording}{topic}_actual")
            hoped = ebe.item(f"{wording}{topic}_hoped")
            assert actual.type == "likert" and actual.scored
            assert hoped.pair_of == actual.id and not hoped.scored
            assert hoped.options == actual.options
            assert hoped.score_for("completely") == 5.0
            assert actual.is_not_known("not_applicable")
            assert (actual.measures, hoped.measures) == (f"{topic}_actual", f"{topic}_hoped")
    assert len([item for item in ebe.items() if item.pair_of]) == 2 * len(PAIR_TOPICS)
    assert not any(item.required for item in ebe.items())


def test_experts_by_experience_asks_the_role_first_and_words_questions_for_it(catalogue) -> None:
    ebe: Questionnaire = catalogue.questionnaires["experts-by-experience"]
    assert ebe.items()[0].id == "c3_role"
    shown = {role: ebe.visible_item_ids({"c3_role": role}) for role in ROLES}
    assert shown["prefer_not_to_say"] == shown["uses_services"]
    assert shown["family_member"] == shown["carer"]
    users, carers = shown["uses_services"], shown["carer"]
    assert "help_quickly_actual" in users - carers
    assert "carer_help_quickly_actual" in carers - users
    for only in (users - carers, carers - users):
        assert len({ebe.item(item_id).measures for item_id in only}) == len(only)
    # both wordings measure the same things, so each person answers every measure once
    assert {ebe.item(i).measures for i in users} == {ebe.item(i).measures for i in carers}


def test_the_not_sure_answer_is_the_same_everywhere_in_a_questionnaire(catalogue) -> None:
    for questionnaire in catalogue.questionnaires.values():
        unsure = {
            option
            for item in questionnaire.items()
            for option in item.options
            if option.value == "not_sure" or option.label.casefold() == "not sure"
        }
        assert len(unsure) <= 1, questionnaire.slug
        assert all(option.not_known and option.score is None for option in unsure)


def test_experts_by_experience_part_a_only_after_a_yes(catalogue) -> None:
    ebe: Questionnaire = catalogue.questionnaires["experts-by-experience"]
    part_a = {item.id for item in ebe.section_of("a2").items}
    assert part_a <= ebe.visible_item_ids({"took_part": "yes"})
    assert not part_a & ebe.visible_item_ids({"took_part": "no"})
    assert not part_a & ebe.visible_item_ids({})


def test_partner_sector_items_follow_organisation_type(catalogue) -> None:
    partner: Questionnaire = catalogue.questionnaires["partner-feedback"]
    sectors = ["housing", "police", "primary_care", "social_care", "voluntary_sector"]
    without = ["integrated_care_board", "ambulance_service", "education", "public_health"]
    values = [o.value for o in partner.item("p0_type").options]
    assert values == [*sectors, *without, "other"]
    for sector in sectors:
        shown = partner.visible_item_ids({"p0_type": sector})
        assert {item for item in shown if item.startswith("p11_")} == {f"p11_{sector}"}
    for sector in [*without, "other"]:
        shown = partner.visible_item_ids({"p0_type": sector})
        assert not any(item.startswith("p11_") for item in shown), sector
    assert partner.item("p10").score_for(10) == 5.0


def test_every_mirror_names_a_board_statement_of_the_same_ingredient(catalogue) -> None:
    board: Questionnaire = catalogue.questionnaires["board-self-assessment"]
    statements = {item.measures: item for item in board.items()}
    for questionnaire in catalogue.questionnaires.values():
        for item in questionnaire.items():
            if item.mirrors is not None:
                where = (questionnaire.slug, item.id)
                assert item.mirrors in statements, where
                assert statements[item.mirrors].effective_ingredient == item.effective_ingredient


MIRRORED = {
    "partner-feedback": {
        "local_area",
        "leadership",
        "culture",
        "digitalisation",
        "improvement_approach",
    },
    "experts-by-experience-easy-read": {"experts_by_experience", "culture"},
    "experts-by-experience": {
        "experts_by_experience",
        "local_area",
        "culture",
        "business_and_resources",
        "improvement_approach",
        "patient_safety",
        "digitalisation",
    },
}


@pytest.mark.parametrize("slug", list(MIRRORED))
def test_each_ingredient_its_people_can_judge_has_one_to_three_mirrored_statements(
    catalogue, slug: str
) -> None:
    questionnaire: Questionnaire = catalogue.questionnaires[slug]
    mirrored: dict[str, set[str]] = {}
    for item in questionnaire.items():
        if item.mirrors is not None:
            mirrored.setdefault(item.effective_ingredient or "", set()).add(item.measures)
    assert MIRRORED[slug] <= set(mirrored)
    assert "national_picture" not in mirrored
    assert all(1 <= len(keys) <= 3 for keys in mirrored.values()), mirrored


def _options(item: Item) -> list[tuple[object, object, bool]]:
    return [(option.value, option.score, option.not_known) for option in item.options]


def test_the_easy_read_version_asks_fewer_questions_that_measure_the_same_things(
    catalogue,
) -> None:
    standard: Questionnaire = catalogue.questionnaires["experts-by-experience"]
    easy: Questionnaire = catalogue.questionnaires["experts-by-experience-easy-read"]
    assert (easy.lens, easy.reading_age, standard.reading_age) == ("experts_by_experience", 8, 9)
    assert easy.items()[0].id == "c3_role"
    twins = {item.measures: item for item in standard.items()}
    for item in easy.items():
        twin = twins[item.measures]
        assert (item.type, item.effective_ingredient, item.scored, item.mirrors) == (
            twin.type,
            twin.effective_ingredient,
            twin.scored,
            twin.mirrors,
        ), item.id
        assert _options(item) == _options(twin), item.id
        assert (item.min, item.max) == (twin.min, twin.max), item.id
        if item.pair_of is not None:
            assert easy.item(item.pair_of).measures == standard.item(twin.pair_of or "").measures
    pairs = {easy.item(item.pair_of).measures for item in easy.items() if item.pair_of}
    assert pairs == {f"{topic}_actual" for topic in PAIR_TOPICS[:3] + ("feeling_safe",)}
    for role in ROLES:
        assert 12 <= len(easy.visible_item_ids({"c3_role": role})) <= 15, role
    assert not any(item.required for item in easy.items())
