"""Helpers for reading Vega-Lite spec dicts in chart tests, and a shared ingredient list."""

from __future__ import annotations

from typing import Any

INGREDIENTS = [
    ("experts_by_experience", "Experts by experience"),
    ("national_picture", "National picture"),
    ("local_area", "Local area"),
    ("culture", "Culture"),
    ("leadership", "Leadership"),
    ("business_and_resources", "Business and resources"),
    ("improvement_approach", "Improvement approach"),
    ("patient_safety", "Patient safety"),
    ("digitalisation", "Digitalisation"),
    ("innovation", "Innovation"),
]
IDS = [ingredient for ingredient, _ in INGREDIENTS]


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rows(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline data rows a layer draws (before its own transforms).

    Altair moves data shared by every layer up to the top level of the spec.
    """
    data = layer.get("data", spec.get("data"))
    return spec["datasets"][data["name"]]


def find_layer(spec: dict[str, Any], mark: str, **fields: str) -> dict[str, Any]:
    """The single layer with this mark whose encoding channels use the given fields."""
    found = [
        layer
        for layer in spec["layer"]
        if mark_type(layer) == mark
        and all(layer["encoding"].get(ch, {}).get("field") == f for ch, f in fields.items())
    ]
    assert len(found) == 1, f"expected one {mark} layer with {fields}, found {len(found)}"
    return found[0]


def tooltip_fields(layer: dict[str, Any]) -> list[str]:
    return [tip["field"] for tip in layer["encoding"]["tooltip"]]
