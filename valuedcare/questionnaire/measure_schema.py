"""Typed models of a measures file (``kind: measures``) and the checks across its values (pure).

The models mirror the YAML keys one for one (see ``questionnaires/README.md``), are frozen and
refuse unknown keys. ``find_measure_problems`` then checks what a single value cannot show: ids
used twice, ingredients that do not exist, and the keys each ``unit`` and ``build`` needs.
``parse_measures`` (in ``parse``) runs both and returns the plain :class:`MeasureSet`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict

from valuedcare.questionnaire.checks import (
    Finding,
    Loc,
    find_naming_problems,
    unknown_ingredient_message,
)
from valuedcare.questionnaire.fields import (
    Flag,
    Identifier,
    NonEmpty,
    Number,
    Slug,
    Text,
    Version,
    Weight,
)
from valuedcare.questionnaire.ingredients import IngredientSet
from valuedcare.questionnaire.measures import Better, Build, Domain, Measure, MeasureSet, Unit
from valuedcare.questionnaire.yamldoc import format_path

#: The multiplier a ratio of each unit must use; other units may use any (1 by default).
REQUIRED_MULTIPLIERS: dict[str, float] = {"percent": 100.0, "rate_per_1000_obd": 1000.0}
#: Units that only make sense as a numerator over a denominator.
RATIO_UNITS = frozenset(REQUIRED_MULTIPLIERS)
_RATIO_KEYS = ("numerator", "denominator", "multiplier")


class MeasureEntry(BaseModel):
    """One entry of ``measures:``. Which keys it needs depends on ``build`` and ``unit``; that is
    checked by ``find_measure_problems``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    title: Text
    definition: Text
    unit: Unit
    domain: Domain
    better: Better
    build: Build
    numerator: Text | None = None
    denominator: Text | None = None
    multiplier: Weight | None = None
    ingredients: Annotated[tuple[Identifier, ...], NonEmpty]
    source: Text
    target: Number | None = None
    comparable: Flag = False

    def to_measure(self) -> Measure:
        """The plain :class:`Measure` (a missing multiplier is 1)."""
        return Measure(
            id=self.id,
            title=self.title,
            definition=self.definition,
            unit=self.unit,
            domain=self.domain,
            better=self.better,
            build=self.build,
            ingredients=self.ingredients,
            source=self.source,
            target=self.target,
            comparable=self.comparable,
            multiplier=1.0 if self.multiplier is None else self.multiplier,
            numerator=self.numerator,
            denominator=self.denominator,
        )


class MeasuresDocument(BaseModel):
    """A whole measures file: ``kind: measures``, a ``slug``, an integer ``version``, a ``title``
    and at least one measure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["measures"]
    slug: Slug
    version: Version
    title: Text
    measures: Annotated[tuple[MeasureEntry, ...], NonEmpty]

    def to_measure_set(self) -> MeasureSet:
        """The plain :class:`MeasureSet`, measures in file order."""
        return MeasureSet(
            slug=self.slug,
            version=self.version,
            title=self.title,
            measures=tuple(entry.to_measure() for entry in self.measures),
        )


def _first_uses(pairs: Iterable[tuple[Loc, str]], what: str) -> list[Finding]:
    first: dict[str, Loc] = {}
    findings = []
    for loc, value in pairs:
        if value in first:
            where = format_path(first[value][:-1])
            findings.append(Finding(loc, f"the {what} {value!r} is already used by {where}"))
        else:
            first[value] = loc
    return findings


def _ingredient_problems(
    loc: Loc, entry: MeasureEntry, known: IngredientSet | None
) -> list[Finding]:
    findings = []
    seen: set[str] = set()
    for index, value in enumerate(entry.ingredients):
        where = (*loc, "ingredients", index)
        if value in seen:
            findings.append(Finding(where, f"the ingredient {value!r} is listed twice"))
        elif known is not None and value not in known:
            findings.append(Finding(where, unknown_ingredient_message(value, known)))
        seen.add(value)
    return findings


def _ratio_problems(loc: Loc, entry: MeasureEntry) -> list[Finding]:
    if entry.build == "value":
        return [
            Finding((*loc, key), f"only a ratio measure (build: ratio) has a {key}")
            for key in _RATIO_KEYS
            if getattr(entry, key) is not None
        ]
    findings = [
        Finding((*loc, key), f"a ratio measure needs a {key}: what it counts, in words")
        for key in ("numerator", "denominator")
        if getattr(entry, key) is None
    ]
    required = REQUIRED_MULTIPLIERS.get(entry.unit)
    if required is not None and entry.multiplier != required:
        found = "none" if entry.multiplier is None else f"{entry.multiplier:g}"
        message = f"a {entry.unit} ratio needs multiplier: {required:g}; found {found}"
        findings.append(Finding((*loc, "multiplier"), message))
    return findings


def _unit_problems(loc: Loc, entry: MeasureEntry) -> list[Finding]:
    findings = []
    if entry.unit in RATIO_UNITS and entry.build != "ratio":
        message = f"a {entry.unit} measure is a numerator over a denominator: use build: ratio"
        findings.append(Finding((*loc, "build"), message))
    if entry.target is None:
        return findings
    if entry.better == "neither":
        message = (
            "a measure with better: neither cannot have a target; remove the target or say "
            "which way is better"
        )
        findings.append(Finding((*loc, "target"), message))
    elif entry.unit == "percent" and not 0 <= entry.target <= 100:
        message = f"a percentage target must be between 0 and 100; found {entry.target:g}"
        findings.append(Finding((*loc, "target"), message))
    return findings


def find_measure_problems(
    document: MeasuresDocument,
    ingredients: IngredientSet | None = None,
    *,
    expected_slug: str | None = None,
    expected_version: int | None = None,
) -> list[Finding]:
    """Return every problem across the values of a structurally valid measures file.

    Ingredient ids are checked only when ``ingredients`` is given; the slug and version against
    the file name only when ``expected_slug`` and ``expected_version`` are given (as for
    questionnaires).
    """
    findings = find_naming_problems(
        document.slug,
        document.version,
        expected_slug=expected_slug,
        expected_version=expected_version,
    )
    located = [(("measures", index), entry) for index, entry in enumerate(document.measures)]
    findings += _first_uses((((*loc, "id"), entry.id) for loc, entry in located), "measure id")
    for loc, entry in located:
        findings += _unit_problems(loc, entry) + _ratio_problems(loc, entry)
        findings += _ingredient_problems(loc, entry, ingredients)
    return findings
