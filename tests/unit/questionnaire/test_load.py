"""Loading files: catalogues, cross-file slug checks and where ingredients come from."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.unit.questionnaire.builders import QUESTIONNAIRES, questionnaire_text, write
from valuedcare.questionnaire import QuestionnaireError, load_catalogue, validate_paths

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


def _catalogue_directory(tmp_path: Path) -> Path:
    write(tmp_path / "ingredients.yaml", (QUESTIONNAIRES / "ingredients.yaml").read_text())
    write(tmp_path / "first.yaml", questionnaire_text(BODY, slug="first"))
    write(tmp_path / "second.yaml", questionnaire_text(BODY, slug="second"))
    return tmp_path


def test_same_slug_in_two_files_is_reported_at_the_second(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "same.yaml", questionnaire_text(BODY, slug="same"))
    second = write(tmp_path / "b" / "same.yaml", questionnaire_text(BODY, slug="same"))

    problems = validate_paths([tmp_path / "a", tmp_path / "b"])

    assert [(p.file, p.line, p.path) for p in problems] == [(str(second), 2, "slug")]
    assert problems[0].message == f"the slug 'same' is already used by {first}"


def test_a_file_named_twice_is_validated_once(tmp_path: Path) -> None:
    path = write(tmp_path / "one.yaml", questionnaire_text(BODY, slug="one"))

    assert validate_paths([path, tmp_path, path]) == []


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    problems = validate_paths([tmp_path / "nowhere.yaml"])

    assert [(p.line, p.message) for p in problems] == [(1, "no such file or directory")]


def test_ingredients_beside_the_file_are_used_instead_of_the_canonical_ones(
    tmp_path: Path,
) -> None:
    write(tmp_path / "ingredients.yaml", ONE_INGREDIENT)
    path = write(tmp_path / "example.yaml", questionnaire_text(BODY))

    problems = validate_paths([path])

    assert [(p.path, p.message) for p in problems] == [
        ("sections[0].ingredient", "unknown ingredient 'culture'; known: alpha")
    ]


def test_canonical_ingredients_are_used_when_none_are_beside_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "example.yaml", questionnaire_text(BODY))

    assert validate_paths([path]) == []


def test_problems_in_ingredients_file_are_reported_once(tmp_path: Path) -> None:
    write(tmp_path / "ingredients.yaml", ONE_INGREDIENT.replace("Alpha,", "'',", 1))
    write(tmp_path / "first.yaml", questionnaire_text(BODY, slug="first"))
    write(tmp_path / "second.yaml", questionnaire_text(BODY, slug="second"))

    problems = validate_paths([tmp_path])

    assert [(Path(p.file).name, p.path) for p in problems] == [
        ("ingredients.yaml", "ingredients[0].title")
    ]


def test_catalogue_loads_every_questionnaire_with_its_file_hash(tmp_path: Path) -> None:
    directory = _catalogue_directory(tmp_path)

    catalogue = load_catalogue(directory)

    assert sorted(catalogue.questionnaires) == ["first", "second"]
    raw = (directory / "first.yaml").read_bytes()
    assert catalogue.questionnaires["first"].content_hash == hashlib.sha256(raw).hexdigest()
    assert catalogue.ingredients.ids[0] == "experts_by_experience"


def test_catalogue_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    directory = _catalogue_directory(tmp_path)
    first = load_catalogue(directory)

    assert load_catalogue(directory) is first

    path = directory / "second.yaml"
    path.write_text(questionnaire_text(BODY.replace("Main", "Changed"), slug="second"))
    os.utime(path, ns=(1, 1))
    reloaded = load_catalogue(directory)

    assert reloaded is not first
    assert reloaded.questionnaires["second"].sections[0].title == "Changed"


def test_catalogue_refuses_a_directory_with_problems(tmp_path: Path) -> None:
    directory = _catalogue_directory(tmp_path)
    write(directory / "third.yaml", questionnaire_text(BODY, slug="thrid"))

    with pytest.raises(QuestionnaireError) as raised:
        load_catalogue(directory)

    assert [(Path(p.file).name, p.path) for p in raised.value.problems] == [("third.yaml", "slug")]


def test_catalogue_needs_an_ingredients_file(tmp_path: Path) -> None:
    write(tmp_path / "first.yaml", questionnaire_text(BODY, slug="first"))

    with pytest.raises(QuestionnaireError) as raised:
        load_catalogue(tmp_path)

    assert [Path(p.file).name for p in raised.value.problems] == ["ingredients.yaml"]
    assert raised.value.problems[0].message.startswith("cannot read the file")
