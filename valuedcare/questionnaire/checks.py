"""Cross-reference checks on a structurally valid questionnaire (pure).

The pydantic models check each value on its own; these checks look across values: ids used twice,
``show_if`` and ``pair_of`` references, which keys suit which item type, scoring and ingredients.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from valuedcare.questionnaire.ingredients import IngredientsDocument, IngredientSet
from valuedcare.questionnaire.schema import Item, Questionnaire, ShowIf
from valuedcare.questionnaire.yamldoc import format_path

Loc = tuple[str | int, ...]
_UNSCORABLE = frozenset({"text", "number", "multiple_choice"})


@dataclass(frozen=True)
class Finding:
    """A problem at ``loc`` (a location tuple such as ``("sections", 0, "items", 2, "id")``)."""

    loc: Loc
    message: str


def _located_items(questionnaire: Questionnaire) -> Iterator[tuple[Loc, Item]]:
    for section_index, section in enumerate(questionnaire.sections):
        for item_index, item in enumerate(section.items):
            yield ("sections", section_index, "items", item_index), item


def _repeated(pairs: Iterable[tuple[Loc, str]], what: str) -> list[Finding]:
    first: dict[str, Loc] = {}
    findings = []
    for loc, value in pairs:
        if value in first:
            where = format_path(first[value][:-1])
            findings.append(Finding(loc, f"the {what} {value!r} is already used by {where}"))
        else:
            first[value] = loc
    return findings


def _duplicates(questionnaire: Questionnaire) -> list[Finding]:
    sections = [(("sections", index, "id"), s.id) for index, s in enumerate(questionnaire.sections)]
    items = [((*loc, "id"), item.id) for loc, item in _located_items(questionnaire)]
    first_ids = {item.id: loc for loc, item in reversed(list(_located_items(questionnaire)))}
    measures = [
        ((*loc, "measures"), item.measures)
        for loc, item in _located_items(questionnaire)
        if first_ids[item.id] == loc
    ]
    return (
        _repeated(sections, "section id")
        + _repeated(items, "item id")
        + _repeated(measures, "measures key")
    )


def _maturity_shape(item: Item) -> list[tuple[str, str]]:
    if item.type == "maturity":
        if item.levels is None:
            return [("levels", "a maturity item needs five levels (Beginning to Leading)")]
        return []
    found = [(key, f"only maturity items have {key}") for key in ("levels",) if item.levels]
    found += [
        (key, f"only maturity items can use {key}")
        for key in ("allow_dont_know", "ask_target")
        if getattr(item, key)
    ]
    return found


def _choice_shape(item: Item) -> list[tuple[str, str]]:
    if item.is_choice and not item.options:
        return [("options", f"a {item.type} item needs options")]
    if not item.is_choice and item.options:
        return [("options", "only likert, frequency and choice items have options")]
    return []


def _range_shape(item: Item) -> list[tuple[str, str]]:
    found = [
        (key, f"a scale item needs {key}")
        for key in ("min", "max")
        if item.type == "scale" and getattr(item, key) is None
    ]
    found += [
        (key, f"only scale and number items have {key}")
        for key in ("min", "max")
        if item.type not in ("scale", "number") and getattr(item, key) is not None
    ]
    found += [
        (key, f"only scale items have {key}")
        for key in ("min_label", "max_label")
        if item.type != "scale" and getattr(item, key) is not None
    ]
    if item.min is not None and item.max is not None and item.min >= item.max:
        found.append(("max", f"max ({item.max}) must be greater than min ({item.min})"))
    return found


def _text_shape(item: Item) -> list[tuple[str, str]]:
    if item.type == "text" and item.max_length is None:
        return [("max_length", "a text item needs max_length (the most characters allowed)")]
    if item.type != "text" and item.max_length is not None:
        return [("max_length", "only text items have max_length")]
    return []


def _scoring_shape(item: Item) -> list[tuple[str, str]]:
    if item.scored and item.type in _UNSCORABLE:
        return [("scored", f"{item.type} items cannot be scored; set scored: false")]
    if item.scored and item.options and all(option.score is None for option in item.options):
        return [("options", "the item is scored but none of its options has a score")]
    if not item.scored and item.weight != 1:
        return [("weight", "only scored items have a weight")]
    return []


def _shapes(questionnaire: Questionnaire) -> list[Finding]:
    rules = (_maturity_shape, _choice_shape, _range_shape, _text_shape, _scoring_shape)
    return [
        Finding((*loc, key), message)
        for loc, item in _located_items(questionnaire)
        for rule in rules
        for key, message in rule(item)
    ]


def _condition(
    questionnaire: Questionnaire, loc: Loc, condition: ShowIf, position: int, order: dict[str, int]
) -> list[Finding]:
    name = condition.item
    if name not in order:
        return [Finding((*loc, "item"), f"{name!r} is not an item in this questionnaire")]
    if order[name] >= position:
        message = f"show_if must refer to an earlier item; {name!r} comes later"
        return [Finding((*loc, "item"), message)]
    values = [option.value for option in questionnaire.item(name).options]
    if not values:
        message = f"{name!r} has no options to match; show_if must refer to a choice item"
        return [Finding((*loc, "item"), message)]
    listed = "options: " + ", ".join(values)
    return [
        Finding((*loc, "any_of", index), f"{value!r} is not an option of {name!r} ({listed})")
        for index, value in enumerate(condition.any_of)
        if value not in values
    ]


def _conditions(questionnaire: Questionnaire) -> list[Finding]:
    items = list(_located_items(questionnaire))
    order: dict[str, int] = {}
    for index, (_, item) in enumerate(items):
        order.setdefault(item.id, index)
    findings: list[Finding] = []
    first = 0
    for section_index, section in enumerate(questionnaire.sections):
        if section.show_if is not None:
            where: Loc = ("sections", section_index, "show_if")
            findings += _condition(questionnaire, where, section.show_if, first, order)
        first += len(section.items)
    for index, (loc, item) in enumerate(items):
        if item.show_if is not None:
            findings += _condition(questionnaire, (*loc, "show_if"), item.show_if, index, order)
    return findings


def _pairs(questionnaire: Questionnaire) -> list[Finding]:
    ids = {item.id for item in questionnaire.items()}
    findings = []
    for loc, item in _located_items(questionnaire):
        if item.pair_of is not None and item.pair_of not in ids:
            message = f"{item.pair_of!r} is not an item in this questionnaire"
            findings.append(Finding((*loc, "pair_of"), message))
        elif item.pair_of == item.id:
            findings.append(Finding((*loc, "pair_of"), "an item cannot be paired with itself"))
    return findings


def _unknown_ingredient(value: str, ingredients: IngredientSet) -> str:
    close = difflib.get_close_matches(value, ingredients.ids, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(ingredients.ids)
    return f"unknown ingredient {value!r}; {hint}"


def _ingredients(questionnaire: Questionnaire, ingredients: IngredientSet | None) -> list[Finding]:
    named: list[tuple[Loc, str | None]] = [
        (("sections", index, "ingredient"), section.ingredient)
        for index, section in enumerate(questionnaire.sections)
    ]
    named += [
        ((*loc, "ingredient"), item.ingredient) for loc, item in _located_items(questionnaire)
    ]
    findings = [
        Finding(loc, _unknown_ingredient(value, ingredients))
        for loc, value in named
        if ingredients is not None and value is not None and value not in ingredients
    ]
    findings += [
        Finding((*loc, "ingredient"), "a scored item needs an ingredient (on it or its section)")
        for loc, item in _located_items(questionnaire)
        if item.scored and item.effective_ingredient is None
    ]
    return findings


def find_ingredient_problems(document: IngredientsDocument) -> list[Finding]:
    """Return a finding for every ingredient id already used earlier in the file."""
    pairs = [(("ingredients", i, "id"), each.id) for i, each in enumerate(document.ingredients)]
    return _repeated(pairs, "ingredient id")


def find_problems(
    questionnaire: Questionnaire,
    ingredients: IngredientSet | None = None,
    *,
    expected_slug: str | None = None,
) -> list[Finding]:
    """Return every cross-reference problem in ``questionnaire``, in document order.

    Ingredient ids are checked only when ``ingredients`` is given, and the slug only when
    ``expected_slug`` (normally the file name without ``.yaml``) is given.
    """
    findings = []
    if expected_slug is not None and questionnaire.slug != expected_slug:
        message = (
            f"the slug must match the file name: expected {expected_slug!r}, "
            f"found {questionnaire.slug!r}"
        )
        findings.append(Finding(("slug",), message))
    findings += _duplicates(questionnaire) + _shapes(questionnaire) + _conditions(questionnaire)
    findings += _pairs(questionnaire) + _ingredients(questionnaire, ingredients)
    return findings
