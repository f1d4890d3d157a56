"""The ingredients of the model, as read from ``questionnaires/ingredients.yaml`` (pure)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict

from valuedcare.questionnaire.fields import Identifier, NonEmpty, ShortTitle, Text, Version


class Ingredient(BaseModel):
    """One ingredient: a stable ``id``, a ``title``, a ``short_title`` for chart axes and a
    plain-English ``description``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    title: Text
    short_title: ShortTitle
    description: Text


class IngredientsDocument(BaseModel):
    """The ingredients file: ``kind: ingredients``, an integer ``version`` and the ingredients in
    model order. Ids used twice are reported by ``parse_ingredients``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["ingredients"]
    version: Version
    ingredients: Annotated[tuple[Ingredient, ...], NonEmpty]


@dataclass(frozen=True)
class IngredientSet:
    """The ingredients in model order; iterating yields :class:`Ingredient` objects in order."""

    version: int
    ingredients: tuple[Ingredient, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The ingredient ids in model order."""
        return tuple(ingredient.id for ingredient in self.ingredients)

    def get(self, ingredient_id: str) -> Ingredient | None:
        """Return the ingredient with this id, or None if there is none."""
        return next((each for each in self.ingredients if each.id == ingredient_id), None)

    def __iter__(self) -> Iterator[Ingredient]:
        return iter(self.ingredients)

    def __len__(self) -> int:
        return len(self.ingredients)

    def __contains__(self, ingredient_id: object) -> bool:
        return any(each.id == ingredient_id for each in self.ingredients)

    @classmethod
    def from_document(cls, document: IngredientsDocument) -> IngredientSet:
        """Build the set from a validated ingredients document."""
        return cls(version=document.version, ingredients=document.ingredients)
