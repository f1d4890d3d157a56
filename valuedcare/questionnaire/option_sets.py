"""Expanding ``options: <option set name>`` references in raw questionnaire data (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def _raw_items(data: Any) -> Iterator[tuple[int, int, Mapping[str, Any]]]:
    sections = data.get("sections") if isinstance(data, Mapping) else None
    if not isinstance(sections, list):
        return
    for section_index, section in enumerate(sections):
        items = section.get("items") if isinstance(section, Mapping) else None
        for item_index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping):
                yield section_index, item_index, item


def _defined_set(data: Mapping[str, Any], item: Mapping[str, Any]) -> str | None:
    name = item.get("options")
    option_sets = data.get("option_sets")
    if isinstance(name, str) and isinstance(option_sets, Mapping) and name in option_sets:
        return name
    return None


def option_set_references(data: Any) -> set[tuple[int, int]]:
    """Return (section index, item index) for every item whose ``options`` names a defined set."""
    return {
        (section_index, item_index)
        for section_index, item_index, item in _raw_items(data)
        if _defined_set(data, item) is not None
    }


def _expanded_items(data: Mapping[str, Any], items: list[Any]) -> list[Any]:
    expanded = []
    for item in items:
        name = _defined_set(data, item) if isinstance(item, Mapping) else None
        options = data["option_sets"][name] if name is not None else None
        expanded.append({**item, "options": options} if isinstance(options, list) else item)
    return expanded


def expand_option_sets(data: Any) -> Any:
    """Return a copy of raw questionnaire data with option set names replaced by their options.

    Names that are not defined, or that name something other than a list, are left alone for
    validation to report. The input is not changed.
    """
    if not option_set_references(data):
        return data
    sections = [
        {**section, "items": _expanded_items(data, section["items"])}
        if isinstance(section, Mapping) and isinstance(section.get("items"), list)
        else section
        for section in data["sections"]
    ]
    return {**data, "sections": sections}
