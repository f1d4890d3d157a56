"""Label wrapping, formatting and input checks shared by the builders."""

from __future__ import annotations

import math

import pytest

from valuedcare.charts._common import format_score, ingredient_ids, wrap_label
from valuedcare.formatting import join_names


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Culture", 14, ["Culture"]),
        ("Experts by experience", 14, ["Experts by", "experience"]),
        ("Business and resources", 13, ["Business and", "resources"]),
        ("Digitalisation", 5, ["Digitalisation"]),
    ],
)
def test_wrap_label_breaks_at_spaces_within_the_width(text, width, lines):
    assert wrap_label(text, width) == lines


def test_format_score_rounds_to_one_place_and_dashes_missing():
    assert format_score(3.25) == "3.2"
    assert format_score(4) == "4.0"
    assert format_score(math.nan) == "–"
    assert format_score(None) == "–"


def test_join_names_reads_as_prose():
    assert join_names(["Board"]) == "Board"
    assert join_names(["Board", "Partners"]) == "Board and Partners"
    assert join_names(["A", "B", "C"]) == "A, B and C"


def test_ingredient_ids_must_be_unique():
    with pytest.raises(ValueError, match="unique"):
        ingredient_ids([("culture", "Culture"), ("culture", "Culture again")])
