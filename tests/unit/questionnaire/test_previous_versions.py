"""Older versions kept in ``previous/``: named ``<slug>.v<version>.yaml``, below a current file."""

from __future__ import annotations

from pathlib import Path

from tests.unit.questionnaire.builders import questionnaire_text, write
from valuedcare.questionnaire import load_catalogue, validate_paths

BODY = """\
sections:
  - id: main
    title: Main
    ingredient: culture
    items:
      - id: q1
        type: single_choice
        text: Staff feel safe to speak up.
        options:
          - {value: agree, label: Agree, score: 4}
          - {value: disagree, label: Disagree, score: 2}
"""

ONE_INGREDIENT = (
    "kind: ingredients\nversion: 1\ningredients:\n"
    "  - {id: alpha, title: Alpha, short_title: Alpha, description: The first.}\n"
)


def _version(version: int, slug: str = "survey", body: str = BODY) -> str:
    return questionnaire_text(body, slug=slug).replace("version: 1\n", f"version: {version}\n")


def _directory(tmp_path: Path, *, current: int | None = 3, **previous: int) -> Path:
    """``survey.yaml`` at version ``current``, and ``previous/<name>.yaml`` at each version."""
    if current is not None:
        write(tmp_path / "survey.yaml", _version(current))
    for name, version in previous.items():
        write(tmp_path / "previous" / f"{name}.yaml", _version(version))
    return tmp_path


def _found(problems) -> list[tuple[str, int, int, str]]:
    return [(Path(p.file).name, p.line, p.column, p.path) for p in problems]


def test_older_versions_below_the_current_file_are_valid(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"survey.v1": 1, "survey.v2": 2})

    assert validate_paths([directory]) == []


def test_slugs_are_unique_across_current_files_only(tmp_path: Path) -> None:
    first = _directory(tmp_path / "a", **{"survey.v1": 1})
    second = _directory(tmp_path / "b", **{"survey.v2": 2})

    problems = validate_paths([first, second])

    assert [(Path(p.file).relative_to(tmp_path), p.path) for p in problems] == [
        (Path("b/survey.yaml"), "slug")
    ]
    assert problems[0].message == f"the slug 'survey' is already used by {first / 'survey.yaml'}"


def test_an_older_version_must_be_lower_than_the_current_one(tmp_path: Path) -> None:
    directory = _directory(tmp_path, current=2, **{"survey.v2": 2, "survey.v5": 5})

    problems = validate_paths([directory])

    assert _found(problems) == [
        ("survey.v2.yaml", 3, 10, "version"),
        ("survey.v5.yaml", 3, 10, "version"),
    ]
    current = directory / "survey.yaml"
    assert problems[0].message == (
        f"a file in previous/ must have a lower version than the current file {current}, "
        "which is version 2"
    )


def test_an_older_version_needs_a_current_file_of_its_slug(tmp_path: Path) -> None:
    directory = _directory(tmp_path, current=None, **{"survey.v1": 1})

    problems = validate_paths([directory])

    assert _found(problems) == [("survey.v1.yaml", 2, 7, "slug")]
    assert problems[0].message == (
        "'survey' has no current file: a file in previous/ keeps an older version of a "
        f"questionnaire whose current version is {directory / 'survey.yaml'}"
    )


def test_an_older_version_is_named_after_its_slug_and_version(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"survey": 1, "survey-old": 2})

    problems = validate_paths([directory])

    assert _found(problems) == [
        ("survey-old.yaml", 3, 10, "version"),
        ("survey.yaml", 3, 10, "version"),
    ]
    assert [p.message for p in problems] == [
        "a file in previous/ is named <slug>.v<version>.yaml, so this file should be called "
        "'survey.v2.yaml'",
        "a file in previous/ is named <slug>.v<version>.yaml, so this file should be called "
        "'survey.v1.yaml'",
    ]


def test_the_version_in_the_name_must_match_the_file(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"survey.v1": 2, "survey.v01": 1})

    problems = validate_paths([directory])

    assert _found(problems) == [
        ("survey.v01.yaml", 3, 10, "version"),
        ("survey.v1.yaml", 3, 10, "version"),
    ]
    assert problems[0].message.endswith("should be called 'survey.v1.yaml'")
    assert problems[1].message == (
        "the version must match the file name (a file in previous/ is named "
        "<slug>.v<version>.yaml): expected 1, found 2"
    )


def test_the_slug_in_the_name_must_match_the_file(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"servey.v1": 1})

    problems = validate_paths([directory])

    assert _found(problems) == [("servey.v1.yaml", 2, 7, "slug")]
    assert problems[0].message == (
        "the slug must match the file name (a file in previous/ is named "
        "<slug>.v<version>.yaml): expected 'servey', found 'survey'"
    )


def test_a_misnamed_file_with_other_problems_reports_them_all(tmp_path: Path) -> None:
    path = write(
        tmp_path / "previous" / "survey-old.yaml",
        _version(1, body=BODY.replace("title: Main", "title: ''")),
    )
    write(tmp_path / "survey.yaml", _version(2))

    problems = validate_paths([tmp_path])

    assert _found(problems) == [
        ("survey-old.yaml", 1, 1, "(document)"),
        ("survey-old.yaml", 8, 12, "sections[0].title"),
    ]
    assert problems[0].message == "a file in previous/ is named <slug>.v<version>.yaml"
    assert Path(problems[0].file) == path


def test_one_older_file_is_checked_against_the_current_file_on_disk(tmp_path: Path) -> None:
    directory = _directory(tmp_path, current=2, **{"survey.v1": 1, "survey.v2": 2})
    previous = directory / "previous"

    problems = validate_paths([previous / "survey.v2.yaml"])

    assert _found(problems) == [("survey.v2.yaml", 3, 10, "version")]
    assert validate_paths([previous / "survey.v1.yaml"]) == []
    assert validate_paths([previous]) == problems


def test_an_older_version_uses_the_ingredients_of_the_folder_above(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"survey.v1": 1})
    write(directory / "ingredients.yaml", ONE_INGREDIENT)

    problems = validate_paths([directory / "previous" / "survey.v1.yaml"])

    assert [(p.path, p.message) for p in problems] == [
        ("sections[0].ingredient", "unknown ingredient 'culture'; known: alpha")
    ]


def test_the_catalogue_holds_only_the_current_versions(tmp_path: Path) -> None:
    directory = _directory(tmp_path, **{"survey.v1": 1})
    ingredients = Path(__file__).resolve().parents[3] / "questionnaires" / "ingredients.yaml"
    write(directory / "ingredients.yaml", ingredients.read_text())

    catalogue = load_catalogue(directory)

    assert list(catalogue.questionnaires) == ["survey"]
    assert catalogue.questionnaires["survey"].version == 3
