"""The measures file (``kind: measures``): parsed into a MeasureSet, every fault at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.questionnaire.builders import BROKEN, QUESTIONNAIRES, TEN_INGREDIENTS, write
from valuedcare.questionnaire import (
    Measure,
    MeasureSet,
    QuestionnaireError,
    load_catalogue,
    load_ingredients,
    parse_kind,
    parse_measures,
    read_kind,
    validate_paths,
)

MEASURES_FILE = QUESTIONNAIRES / "outcome-measures.yaml"

# file name, line, column, path, a fragment of the message
CASES = [
    ("measures-anchor.yaml", 14, 13, "(document)", "anchors and aliases are not allowed"),
    (
        "measures-duplicate-id.yaml",
        16,
        9,
        "measures[1].id",
        "the measure id 'length_of_stay' is already used by measures[0]",
    ),
    (
        "measures-duplicate-ingredient.yaml",
        26,
        42,
        "measures[1].ingredients[1]",
        "the ingredient 'experts_by_experience' is listed twice",
    ),
    (
        "measures-unknown-ingredient.yaml",
        26,
        42,
        "measures[1].ingredients[1]",
        "unknown ingredient 'digitalization'; did you mean 'digitalisation'?",
    ),
    ("measures-missing-key.yaml", 6, 5, "measures[0].source", "required key 'source' is missing"),
    ("measures-no-ingredients.yaml", 13, 18, "measures[0].ingredients", "at least one entry"),
    (
        "measures-percent-as-value.yaml",
        12,
        12,
        "measures[0].build",
        "a percent measure is a numerator over a denominator: use build: ratio",
    ),
    (
        "measures-percent-target-out-of-range.yaml",
        29,
        13,
        "measures[1].target",
        "a percentage target must be between 0 and 100; found 120",
    ),
    (
        "measures-ratio-without-denominator.yaml",
        16,
        5,
        "measures[1].denominator",
        "a ratio measure needs a denominator",
    ),
    (
        "measures-value-with-numerator.yaml",
        13,
        16,
        "measures[0].numerator",
        "only a ratio measure (build: ratio) has a numerator",
    ),
    (
        "measures-wrong-multiplier.yaml",
        25,
        17,
        "measures[1].multiplier",
        "a percent ratio needs multiplier: 100; found 1000",
    ),
    (
        "measures-target-when-neither-is-better.yaml",
        15,
        13,
        "measures[0].target",
        "a measure with better: neither cannot have a target",
    ),
    ("measures-unknown-key.yaml", 28, 5, "measures[1].comparible", "did you mean 'comparable'?"),
    ("measures-wrong-type.yaml", 15, 13, "measures[0].target", "valid number"),
    ("measures-unknown-unit.yaml", 9, 11, "measures[0].unit", "'rate_per_1000_obd' or 'pounds'"),
    (
        "measures-slug-mismatch.yaml",
        2,
        7,
        "slug",
        "expected 'measures-slug-mismatch', found 'outcome-measures'",
    ),
]

VALID = """\
kind: measures
slug: {slug}
version: {version}
title: Outcome measures
measures:
  - id: violent_incidents
    title: Violent incidents per 1,000 occupied bed days
    definition: Reported incidents of violence on the wards, per 1,000 occupied bed days.
    unit: rate_per_1000_obd
    domain: quality
    better: lower
    build: ratio
    numerator: Incidents reported in the month
    denominator: Occupied bed days in the month
    multiplier: 1000
    ingredients: [patient_safety]
    source: Incident reporting system
"""


def _valid(slug: str = "outcome-measures", version: int = 1) -> str:
    return VALID.format(slug=slug, version=version)


def _ingredients():
    return load_ingredients(QUESTIONNAIRES / "ingredients.yaml")


def test_the_starter_file_parses_into_ten_measures() -> None:
    measures = parse_measures(
        MEASURES_FILE.read_text(encoding="utf-8"),
        filename=str(MEASURES_FILE),
        ingredients=_ingredients(),
    )

    assert isinstance(measures, MeasureSet)
    assert (measures.slug, measures.version, measures.title) == (
        "outcome-measures",
        1,
        "Outcome measures",
    )
    assert len(measures) == 10
    assert all(isinstance(each, Measure) for each in measures)
    assert {ingredient for each in measures for ingredient in each.ingredients} <= set(
        TEN_INGREDIENTS
    )


def test_the_starter_file_keeps_its_rules() -> None:
    measures = parse_measures(MEASURES_FILE.read_text(encoding="utf-8"), filename="x.yaml")

    for each in measures:
        assert len(each.definition.split()) >= 15, each.id
        if each.unit == "percent":
            assert (each.build, each.multiplier) == ("ratio", 100.0), each.id
        if each.unit == "rate_per_1000_obd":
            assert (each.build, each.multiplier) == ("ratio", 1000.0), each.id
        if each.build == "value":
            assert each.numerator is None and each.denominator is None, each.id
    occupancy = measures.get("bed_occupancy")
    assert occupancy is not None and occupancy.better == "neither" and occupancy.target is None
    sickness = measures.get("sickness_absence")
    assert sickness is not None and sickness.target == 4.5 and sickness.is_share
    cost = measures.get("cost_per_occupied_bed_day")
    assert cost is not None and (cost.unit, cost.build, cost.comparable) == (
        "pounds",
        "value",
        False,
    )


def test_a_value_measure_is_converted_with_its_defaults() -> None:
    text = _valid().replace("    multiplier: 1000\n", "    multiplier: 1000\n    target: 12\n")

    measure = parse_measures(text, filename="m.yaml").get("violent_incidents")

    assert measure == Measure(
        id="violent_incidents",
        title="Violent incidents per 1,000 occupied bed days",
        definition="Reported incidents of violence on the wards, per 1,000 occupied bed days.",
        unit="rate_per_1000_obd",
        domain="quality",
        better="lower",
        build="ratio",
        ingredients=("patient_safety",),
        source="Incident reporting system",
        target=12.0,
        comparable=False,
        multiplier=1000.0,
        numerator="Incidents reported in the month",
        denominator="Occupied bed days in the month",
    )
    assert measure.shown(3, 1500) == 2.0


def test_a_file_declares_its_kind() -> None:
    assert parse_kind(_valid()) == "measures"
    assert read_kind(MEASURES_FILE) == "measures"
    assert read_kind(QUESTIONNAIRES / "partner-feedback.yaml") == "questionnaire"
    assert parse_kind("- a list\n") is None
    assert parse_kind("kind: [measures]\n") is None
    assert parse_kind("kind: &a measures\n") is None


def test_every_broken_measures_fixture_has_a_case() -> None:
    names = sorted(path.name for path in BROKEN.glob("measures-*.yaml"))
    assert names == sorted(case[0] for case in CASES)


@pytest.mark.parametrize(
    ("name", "line", "column", "path", "fragment"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_measures_file_reports_its_one_fault_precisely(
    name: str, line: int, column: int, path: str, fragment: str
) -> None:
    problems = validate_paths([BROKEN / name])

    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    assert problem.file == str(BROKEN / name)
    assert (problem.line, problem.column, problem.path) == (line, column, path)
    assert fragment in problem.message
    assert str(problem).startswith(f"{BROKEN / name}:{line}:{column}: {path}: ")


def test_the_structure_is_checked_before_the_rules_across_values() -> None:
    text = _valid().replace("    multiplier: 1000\n", "").replace("domain: quality", "domain: q")

    with pytest.raises(QuestionnaireError) as raised:
        parse_measures(text, filename="m.yaml")

    assert [(p.line, p.path) for p in raised.value.problems] == [(10, "measures[0].domain")]
    fixed = text.replace("domain: q", "domain: quality")
    with pytest.raises(QuestionnaireError) as raised:
        parse_measures(fixed, filename="m.yaml")
    assert [(p.line, p.column, p.path) for p in raised.value.problems] == [
        (6, 5, "measures[0].multiplier")
    ]
    assert "needs multiplier: 1000; found none" in raised.value.problems[0].message


def test_ingredients_are_checked_only_when_given() -> None:
    text = _valid().replace("[patient_safety]", "[safety]")

    assert parse_measures(text, filename="m.yaml").measures[0].ingredients == ("safety",)
    with pytest.raises(QuestionnaireError, match="unknown ingredient 'safety'"):
        parse_measures(text, filename="m.yaml", ingredients=_ingredients())


def test_a_python_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = _valid().replace(
        "title: Outcome measures", f'title: !!python/object/apply:os.system ["touch {marker}"]'
    )

    with pytest.raises(QuestionnaireError) as raised:
        parse_measures(text, filename="hostile.yaml")
    problems = validate_paths([write(tmp_path / "outcome-measures.yaml", text)])

    assert [(p.line, p.column) for p in raised.value.problems] == [(4, 8)]
    assert "is not allowed" in raised.value.problems[0].message
    assert [p.message for p in problems] == [raised.value.problems[0].message]
    assert not marker.exists()


def test_the_catalogue_holds_the_measures_beside_the_questionnaires() -> None:
    catalogue = load_catalogue(QUESTIONNAIRES)

    assert catalogue.measures is not None and catalogue.measures.slug == "outcome-measures"
    assert "outcome-measures" not in catalogue.questionnaires


def test_a_catalogue_without_a_measures_file_has_none(tmp_path: Path) -> None:
    write(tmp_path / "ingredients.yaml", (QUESTIONNAIRES / "ingredients.yaml").read_text())

    assert load_catalogue(tmp_path).measures is None


def test_older_measures_versions_follow_the_previous_folder_rules(tmp_path: Path) -> None:
    write(tmp_path / "outcome-measures.yaml", _valid(version=3))
    write(tmp_path / "previous" / "outcome-measures.v2.yaml", _valid(version=2))
    assert validate_paths([tmp_path]) == []

    write(tmp_path / "previous" / "outcome-measures.v4.yaml", _valid(version=4))
    write(tmp_path / "previous" / "outcome-measures.v1.yaml", _valid(version=5))
    problems = validate_paths([tmp_path])

    found = [(Path(p.file).name, p.path, p.message) for p in problems]
    assert [(name, path) for name, path, _ in found] == [
        ("outcome-measures.v1.yaml", "version"),
        ("outcome-measures.v4.yaml", "version"),
    ]
    assert "expected 1, found 5" in found[0][2]
    assert "must have a lower version than the current file" in found[1][2]


def test_a_folder_holds_one_measures_file(tmp_path: Path) -> None:
    write(tmp_path / "outcome-measures.yaml", _valid())
    write(tmp_path / "more-measures.yaml", _valid(slug="more-measures"))

    problems = validate_paths([tmp_path])

    assert [(Path(p.file).name, p.line, p.path) for p in problems] == [
        ("outcome-measures.yaml", 1, "kind")
    ]
    assert "a folder holds one measures file" in problems[0].message
