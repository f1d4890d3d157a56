"""Parsing questionnaire, ingredients and measures files into typed models (pure: text in,
models out).

Parsing runs in three stages, and each stage reports every problem it finds before stopping:
1. the YAML is read safely (syntax, hostile constructs, duplicate keys);
2. the structure is validated against the models (unknown or missing keys, wrong types, values);
3. cross-references are checked (ids, ``show_if``, ``pair_of``, ingredients, keys per item type).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from valuedcare.questionnaire.checks import find_ingredient_problems, find_problems
from valuedcare.questionnaire.errors import DOCUMENT_PATH, Problem, QuestionnaireError
from valuedcare.questionnaire.ingredients import Ingredient, IngredientsDocument, IngredientSet
from valuedcare.questionnaire.measure_schema import (
    MeasureEntry,
    MeasuresDocument,
    find_measure_problems,
)
from valuedcare.questionnaire.measures import MeasureSet
from valuedcare.questionnaire.option_sets import option_set_references
from valuedcare.questionnaire.schema import Comment, Item, Option, Questionnaire, Section, ShowIf
from valuedcare.questionnaire.yamldoc import YamlDocument, read_yaml

MAX_PROBLEMS = 200

_Model = TypeVar("_Model", bound=BaseModel)
_MODELS: tuple[type[BaseModel], ...] = (
    Questionnaire,
    Section,
    Item,
    Option,
    Comment,
    ShowIf,
    IngredientsDocument,
    Ingredient,
    MeasuresDocument,
    MeasureEntry,
)
_KNOWN_KEYS = sorted({name for model in _MODELS for name in model.model_fields})
_YES_NO_HINT = (
    "; YAML reads unquoted yes, no, on, off, true and false as true/false, "
    "so put the text in quotes"
)


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1)
    return f"unknown key {key!r}" + (f"; did you mean {close[0]!r}?" if close else "")


def _message(error: ErrorDetails) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "missing":
        return f"the required key {loc[-1]!r} is missing"
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping of keys to values"
    if kind in ("tuple_type", "list_type"):
        return "must be a list (one entry per line, each starting with '- ')"
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_type" and isinstance(error.get("input"), bool):
        message += _YES_NO_HINT
    return message


def _error_problem(document: YamlDocument, error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    at_key = error["type"] == "extra_forbidden"
    if loc and loc[-1] == "[key]":
        loc, at_key = loc[:-1], True
    return document.problem(loc, _message(error), at_key=at_key)


def _from_option_set(loc: tuple[int | str, ...], references: Collection[tuple[int, int]]) -> bool:
    """True for errors inside options copied from an option set (reported at the set itself)."""
    return (
        len(loc) > 4
        and loc[0] == "sections"
        and loc[2] == "items"
        and loc[4] == "options"
        and (loc[1], loc[3]) in references
    )


def _capped(problems: list[Problem], filename: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    extra = len(problems) - MAX_PROBLEMS
    note = Problem(filename, 1, 1, DOCUMENT_PATH, f"{extra} more problems are not shown")
    return [*sorted(problems)[:MAX_PROBLEMS], note]


def _validate(
    model: type[_Model],
    document: YamlDocument,
    references: Collection[tuple[int, int]] = (),
) -> _Model:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        kept = [error for error in errors if not _from_option_set(error["loc"], references)]
        problems = [_error_problem(document, error) for error in kept or errors]
        raise QuestionnaireError(_capped(problems, document.filename)) from None


def parse_questionnaire(
    text: str,
    *,
    filename: str,
    ingredients: IngredientSet | None = None,
    expected_slug: str | None = None,
    expected_version: int | None = None,
) -> Questionnaire:
    """Parse and check one questionnaire file's text.

    ``filename`` is used in problem messages. Ingredient ids are checked against ``ingredients``
    when given; ``expected_slug`` (the file name without ``.yaml``) is checked when given, and
    so is ``expected_version`` (for an older version kept in ``previous/``, named
    ``<slug>.v<version>.yaml``).
    Returns the :class:`Questionnaire`, with ``source_text`` and ``content_hash`` set; raises
    :class:`QuestionnaireError` listing every problem found otherwise.
    """
    document = read_yaml(text, filename)
    questionnaire = _validate(Questionnaire, document, option_set_references(document.data))
    findings = find_problems(
        questionnaire, ingredients, expected_slug=expected_slug, expected_version=expected_version
    )
    if findings:
        problems = [document.problem(finding.loc, finding.message) for finding in findings]
        raise QuestionnaireError(_capped(problems, filename))
    questionnaire._source_text = text
    return questionnaire


def parse_ingredients(text: str, *, filename: str) -> IngredientSet:
    """Parse an ingredients file's text into an :class:`IngredientSet` (model order kept).

    Raises :class:`QuestionnaireError` listing every problem found.
    """
    document = read_yaml(text, filename)
    ingredients = _validate(IngredientsDocument, document)
    if findings := find_ingredient_problems(ingredients):
        raise QuestionnaireError([document.problem(each.loc, each.message) for each in findings])
    return IngredientSet.from_document(ingredients)


def parse_measures(
    text: str,
    *,
    filename: str,
    ingredients: IngredientSet | None = None,
    expected_slug: str | None = None,
    expected_version: int | None = None,
) -> MeasureSet:
    """Parse and check a measures file's text (``kind: measures``) into a :class:`MeasureSet`.

    The same three stages as a questionnaire: safe YAML, structure, then the checks across values
    (see ``measure_schema.find_measure_problems``). Ingredient ids are checked against
    ``ingredients`` when given; ``expected_slug`` and ``expected_version`` against the file name as
    for ``parse_questionnaire``. Raises :class:`QuestionnaireError` listing every problem found.
    """
    document = read_yaml(text, filename)
    measures = _validate(MeasuresDocument, document)
    findings = find_measure_problems(
        measures, ingredients, expected_slug=expected_slug, expected_version=expected_version
    )
    if findings:
        problems = [document.problem(finding.loc, finding.message) for finding in findings]
        raise QuestionnaireError(_capped(problems, filename))
    return measures.to_measure_set()


def parse_kind(text: str) -> str | None:
    """The ``kind`` a file's text declares (``questionnaire``, ``ingredients``, ``measures``...),
    or None when the text cannot be read safely or has no text ``kind`` at the top."""
    try:
        data = read_yaml(text, "(kind)").data
    except QuestionnaireError:
        return None
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else None


def locate(text: str, filename: str, loc: tuple[str | int, ...], message: str) -> Problem:
    """Return a :class:`Problem` at ``loc`` in a file's text that is already known to be valid."""
    return read_yaml(text, filename).problem(loc, message)
