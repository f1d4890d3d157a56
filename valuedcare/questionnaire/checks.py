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
from valuedcare.questionnaire.types import (
    QUESTION_TYPES,
    TYPE_SPECIFIC_KEYS,
    SingleChoice,
    types_with,
)
from valuedcare.questionnaire.yamldoc import format_path

Loc = tuple[str | int, ...]


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


def _conditions_of(questionnaire: Questionnaire, loc: Loc, item: Item) -> list[ShowIf]:
    section = questionnaire.sections[int(loc[1])]
    return [each for each in (section.show_if, item.show_if) if each is not None]


def _single_answer(questionnaire: Questionnaire, item_id: str) -> bool:
    ids = {item.id for item in questionnaire.items()}
    return item_id in ids and isinstance(questionnaire.item(item_id).kind, SingleChoice)


def _never_shown_together(
    questionnaire: Questionnaire, first: tuple[Loc, Item], second: tuple[Loc, Item]
) -> bool:
    """True when two items are alternative wordings that can never both be shown: each (or its
    section) is shown only for some answers to the same single-answer item, and the two lists of
    answers have none in common."""
    return any(
        one.item == other.item
        and _exclusive(one, other)
        and _single_answer(questionnaire, one.item)
        for one in _conditions_of(questionnaire, *first)
        for other in _conditions_of(questionnaire, *second)
    )


def _exclusive(one: ShowIf, other: ShowIf) -> bool:
    """Whether no single answer (or skipping) meets both conditions on the same item."""
    if one.any_of and other.any_of:
        return set(one.any_of).isdisjoint(other.any_of)
    if one.any_of and other.none_of:
        return set(one.any_of) <= set(other.none_of)
    if one.none_of and other.any_of:
        return set(other.any_of) <= set(one.none_of)
    return False  # both are shown to someone who skipped the question


def _repeated_measures(questionnaire: Questionnaire) -> list[Finding]:
    """A ``measures`` key may be shared only by alternative wordings of one question (for
    example one for people who use services and one for carers, chosen by an earlier answer),
    which nobody is ever shown together."""
    located = list(_located_items(questionnaire))
    first_ids = {item.id: loc for loc, item in reversed(located)}
    users: dict[str, list[tuple[Loc, Item]]] = {}
    findings = []
    for loc, item in located:
        if first_ids[item.id] != loc:
            continue
        earlier = users.setdefault(item.measures, [])
        clash = next(
            (
                each
                for each in earlier
                if not _never_shown_together(questionnaire, each, (loc, item))
            ),
            None,
        )
        if clash is not None:
            message = (
                f"the measures key {item.measures!r} is already used by {format_path(clash[0])}; "
                "only alternative wordings that are never shown together (each shown for "
                "different answers to the same earlier question) can share a measures key"
            )
            findings.append(Finding((*loc, "measures"), message))
        earlier.append((loc, item))
    return findings


def _duplicates(questionnaire: Questionnaire) -> list[Finding]:
    sections = [(("sections", index, "id"), s.id) for index, s in enumerate(questionnaire.sections)]
    items = [((*loc, "id"), item.id) for loc, item in _located_items(questionnaire)]
    return (
        _repeated(sections, "section id")
        + _repeated(items, "item id")
        + _repeated_measures(questionnaire)
    )


#: What a file must add when a type needs a key it lacks ("{type}" is the item's type).
_NEEDS = {
    "levels": "a {type} item needs five levels (Beginning to Leading)",
    "options": "a {type} item needs options",
    "min": "a {type} item needs min",
    "max": "a {type} item needs max",
    "max_length": "a {type} item needs max_length (the most characters allowed)",
}


def _is_set(value: object) -> bool:
    return value is not None and value is not False and value != ()


def _only(key: str) -> str:
    labels = list(dict.fromkeys(QUESTION_TYPES[name].label for name in types_with(key)))
    names = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"only {names} items have {key}"


def _type_shape(item: Item) -> list[tuple[str, str]]:
    """Keys the item's type needs but lacks, and keys it has that its type does not use."""
    kind = item.kind
    found = []
    for key in TYPE_SPECIFIC_KEYS:
        present = _is_set(getattr(item, key))
        if key in kind.required_keys and not present:
            found.append((key, _NEEDS[key].format(type=item.type)))
        elif key not in kind.keys and present:
            found.append((key, _only(key)))
    if item.min is not None and item.max is not None and item.min >= item.max:
        found.append(("max", f"max ({item.max}) must be greater than min ({item.min})"))
    return found


def _scoring_shape(item: Item) -> list[tuple[str, str]]:
    if item.scored and not item.kind.scorable:
        return [("scored", f"{item.type} items cannot be scored; set scored: false")]
    if item.scored and item.options and all(option.score is None for option in item.options):
        return [("options", "the item is scored but none of its options has a score")]
    if not item.scored and item.weight != 1:
        return [("weight", "only scored items have a weight")]
    return []


def _shapes(questionnaire: Questionnaire) -> list[Finding]:
    rules = (_type_shape, _scoring_shape)
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
    key = "any_of" if condition.any_of else "none_of"
    return [
        Finding((*loc, key, index), f"{value!r} is not an option of {name!r} ({listed})")
        for index, value in enumerate(condition.values)
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
        if item.mirrors is not None:
            findings += _mirror(questionnaire, loc, item)
    return findings + _breakdowns(questionnaire)


def _breakdowns(questionnaire: Questionnaire) -> list[Finding]:
    """``breakdown: true`` (results shown for each answer, such as each type of organisation)
    suits one unscored single choice question per questionnaire, of an anonymous lens."""
    findings = []
    seen = False
    for loc, item in _located_items(questionnaire):
        if not item.breakdown:
            continue
        where = (*loc, "breakdown")
        if item.type != "single_choice" or item.scored:
            findings.append(
                Finding(where, "only an unscored single_choice item can break down results")
            )
        elif questionnaire.lens not in ("experts_by_experience", "partner"):
            findings.append(
                Finding(where, "only experts by experience and partner results are broken down")
            )
        elif seen:
            findings.append(
                Finding(where, "only one item per questionnaire can break down results")
            )
        else:
            seen = True
    return findings


#: Item types whose answers may be set beside a board's maturity level: agreement with a
#: statement of what is in place. A frequency ("how often") answer measures something else.
MIRROR_TYPES = ("likert",)


def _mirror(questionnaire: Questionnaire, loc: Loc, item: Item) -> list[Finding]:
    where = (*loc, "mirrors")
    if questionnaire.lens not in ("experts_by_experience", "partner"):
        return [Finding(where, "only experts by experience and partner items mirror the board")]
    if item.type not in MIRROR_TYPES:
        return [
            Finding(
                where,
                f"a {item.type} item cannot mirror a maturity statement: only an agreement "
                "(likert) statement about what is in place compares like with like",
            )
        ]
    if not item.scored:
        return [Finding(where, "a mirroring item must be scored")]
    return []


def unknown_ingredient_message(value: str, ingredients: IngredientSet) -> str:
    """Why ``value`` is not an ingredient id, with the closest id (or every id) as a hint."""
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
        Finding(loc, unknown_ingredient_message(value, ingredients))
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


#: How an older version kept in ``previous/`` is named, for the naming messages.
PREVIOUS_NAMING = "a file in previous/ is named <slug>.v<version>.yaml"


def find_naming_problems(
    slug: str, version: int, *, expected_slug: str | None, expected_version: int | None
) -> list[Finding]:
    """The file name check: a current file is ``<slug>.yaml``; an older version kept in
    ``previous/`` is ``<slug>.v<version>.yaml`` (``expected_version`` is then given). Used for
    questionnaire and measures files alike."""
    rule = "" if expected_version is None else f" ({PREVIOUS_NAMING})"
    findings = []
    if expected_slug is not None and slug != expected_slug:
        message = (
            f"the slug must match the file name{rule}: expected {expected_slug!r}, found {slug!r}"
        )
        findings.append(Finding(("slug",), message))
    if expected_version is not None and version != expected_version:
        message = (
            f"the version must match the file name{rule}: expected {expected_version}, "
            f"found {version}"
        )
        findings.append(Finding(("version",), message))
    return findings


def find_problems(
    questionnaire: Questionnaire,
    ingredients: IngredientSet | None = None,
    *,
    expected_slug: str | None = None,
    expected_version: int | None = None,
) -> list[Finding]:
    """Return every cross-reference problem in ``questionnaire``, in document order.

    Ingredient ids are checked only when ``ingredients`` is given, and the slug only when
    ``expected_slug`` is given: the file name without ``.yaml`` for a current file, or without
    ``.v<version>.yaml`` for an older version kept in ``previous/``, whose ``expected_version``
    (from the file name) is checked too.
    """
    findings = find_naming_problems(
        questionnaire.slug,
        questionnaire.version,
        expected_slug=expected_slug,
        expected_version=expected_version,
    )
    findings += _duplicates(questionnaire) + _shapes(questionnaire) + _conditions(questionnaire)
    findings += _pairs(questionnaire) + _ingredients(questionnaire, ingredients)
    return findings
