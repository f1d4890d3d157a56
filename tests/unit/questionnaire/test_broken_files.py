"""Each broken fixture has exactly one fault, reported at its file, line and path."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.builders import BROKEN
from valuedcare.questionnaire import validate_paths

# file name, line, column, path, a fragment of the message
CASES = [
    ("yaml-syntax-error.yaml", 14, 16, "(document)", "YAML syntax error"),
    ("unknown-key.yaml", 21, 9, "sections[0].items[0].wieght", "did you mean 'weight'?"),
    ("missing-key.yaml", 11, 9, "sections[0].items[0].text", "required key 'text' is missing"),
    ("wrong-type.yaml", 3, 10, "version", "valid integer"),
    ("duplicate-item-id.yaml", 21, 13, "sections[0].items[1].id", "item id 'q1' is already used"),
    ("duplicate-section-id.yaml", 21, 9, "sections[1].id", "section id 'main' is already used"),
    ("duplicate-key.yaml", 21, 9, "sections[0].items[0].text", "appears twice"),
    (
        "show-if-unknown-item.yaml",
        29,
        17,
        "sections[0].items[1].show_if.item",
        "'q9' is not an item",
    ),
    ("show-if-later-item.yaml", 22, 17, "sections[0].items[0].show_if.item", "earlier item"),
    (
        "show-if-unknown-value.yaml",
        30,
        20,
        "sections[0].items[1].show_if.any_of[0]",
        "'strongly_agree' is not an option of 'q1'",
    ),
    ("pair-of-unknown-item.yaml", 29, 18, "sections[0].items[1].pair_of", "'q1_actual' is not"),
    ("unknown-ingredient.yaml", 9, 17, "sections[0].ingredient", "unknown ingredient 'cultures'"),
    ("maturity-four-levels.yaml", 15, 11, "sections[0].items[0].levels", "exactly five levels"),
    ("blank-level.yaml", 17, 13, "sections[0].items[0].levels[2]", "must not be empty"),
    (
        "score-out-of-range.yaml",
        20,
        20,
        "sections[0].items[0].options[1].score",
        "between 1 and 5; found 6",
    ),
    ("non-positive-weight.yaml", 21, 17, "sections[0].items[0].weight", "positive number"),
    ("weight-nan.yaml", 21, 17, "sections[0].items[0].weight", "ordinary number, not nan"),
    ("weight-inf.yaml", 21, 17, "sections[0].items[0].weight", "ordinary number, not inf"),
    (
        "weight-negative-inf.yaml",
        21,
        17,
        "sections[0].items[0].weight",
        "ordinary number, not -inf",
    ),
    ("version-too-large.yaml", 3, 10, "version", "from 1 to 1,000,000; found a number 60 digits"),
    ("blank-text.yaml", 13, 15, "sections[0].items[0].text", "must not be empty"),
    ("blank-option-label.yaml", 19, 20, "sections[0].items[0].options[1].label", "not be empty"),
    ("choice-without-options.yaml", 11, 9, "sections[0].items[0].options", "needs options"),
    ("unknown-option-set.yaml", 14, 18, "sections[0].items[0].options", "no option set called"),
    (
        "scored-without-ingredient.yaml",
        10,
        9,
        "sections[0].items[0].ingredient",
        "scored item needs an ingredient",
    ),
    ("slug-mismatch.yaml", 2, 7, "slug", "expected 'slug-mismatch'"),
    ("unquoted-yes.yaml", 15, 20, "sections[0].items[0].options[0].value", "in quotes"),
    ("not-known-with-score.yaml", 18, 13, "sections[0].items[0].options[1]", "cannot have a score"),
    ("text-without-max-length.yaml", 11, 9, "sections[0].items[0].max_length", "needs max_length"),
    ("invalid-item-id.yaml", 11, 13, "sections[0].items[0].id", "'Q-1' is not a valid id"),
    (
        "next-steps-three-entries.yaml",
        21,
        11,
        "sections[0].items[0].next_steps",
        "next_steps needs 4 entries, one for each level below Leading; found 3",
    ),
    ("next-steps-not-a-list.yaml", 21, 11, "sections[0].items[0].next_steps", "must be a list"),
    ("next-steps-blank.yaml", 22, 13, "sections[0].items[0].next_steps[1]", "must not be empty"),
    ("next-steps-not-text.yaml", 23, 13, "sections[0].items[0].next_steps[2]", "valid string"),
    (
        "next-steps-three-sentences.yaml",
        22,
        13,
        "sections[0].items[0].next_steps[1]",
        "one or two sentences; found 3",
    ),
    (
        "next-steps-too-long.yaml",
        24,
        13,
        "sections[0].items[0].next_steps[3]",
        "at most 45 words; found 47",
    ),
    (
        "next-steps-on-likert.yaml",
        18,
        11,
        "sections[0].items[0].next_steps",
        "only maturity items have next_steps",
    ),
]


def _questionnaire_fixtures() -> list[str]:
    """The broken questionnaire files (``measures-*`` files are covered by test_measures)."""
    return sorted(p.name for p in BROKEN.glob("*.yaml") if not p.name.startswith("measures-"))


def test_every_broken_fixture_has_a_case() -> None:
    assert _questionnaire_fixtures() == sorted(c[0] for c in CASES)
    assert len(CASES) >= 16


@pytest.mark.parametrize(
    ("name", "line", "column", "path", "fragment"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_file_reports_its_one_fault_precisely(
    name: str, line: int, column: int, path: str, fragment: str
) -> None:
    problems = validate_paths([BROKEN / name])

    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    assert problem.file == str(BROKEN / name)
    assert (problem.line, problem.column, problem.path) == (line, column, path)
    assert fragment in problem.message
    assert str(problem).startswith(f"{BROKEN / name}:{line}:{column}: {path}: ")


def test_a_directory_of_broken_files_reports_one_problem_per_file() -> None:
    problems = validate_paths([BROKEN])
    names = sorted(path.name for path in BROKEN.glob("*.yaml"))

    assert sorted({p.file.rsplit("/", 1)[-1] for p in problems}) == names
    assert len(problems) == len(names)
