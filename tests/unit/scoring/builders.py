"""Builders for the small frames the scoring and benchmarks tests compare against."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from valuedcare.scoring.columns import ANSWERS_COLUMNS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "responses"

# The dtypes the frame contracts promise, by column name.
DTYPES: Mapping[str, str] = {
    "response_id": "int64",
    "organisation_id": "int64",
    "weight": "float64",
    "score": "float64",
    "target": "float64",
    "not_known": "bool",
    "items_scored": "int64",
    "items_not_known": "int64",
    "median": "float64",
    "sd": "float64",
    "min": "float64",
    "max": "float64",
    "respondents": "Int64",
    "not_known_share": "float64",
    "suppressed": "bool",
    "current": "float64",
    "gap": "float64",
    "members": "int64",
    "range": "float64",
    "disagree": "bool",
}

_ITEM_INGREDIENTS = {
    "EBE": "experts_by_experience",
    "LOC": "local_area",
    "CUL": "culture",
    "LEA": "leadership",
    "SAF": "patient_safety",
}


def frame(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """A frame from rows, with the contract dtype for every column that has one."""
    built = pd.DataFrame([list(row) for row in rows], columns=list(columns))
    return built.astype({c: DTYPES[c] for c in built.columns if c in DTYPES})


def load_fixture(name: str) -> dict[str, pd.DataFrame]:
    """The frames in ``tests/fixtures/responses/<name>.yaml``: answers and each expected one."""
    spec = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    frames = {"answers": frame(**spec["answers"])}
    frames.update({key: frame(**table) for key, table in spec["expected"].items()})
    return frames


def answers_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """An ANSWERS frame from short rows: each needs response_id and item_id, the rest has defaults.

    The ingredient defaults from the item id's prefix (EBE1 -> experts_by_experience, CUL2 ->
    culture, ...); organisation 10, cycle "2025", lens board, no team, weight 1 and no target.
    """
    defaults = {
        "organisation_id": 10,
        "cycle": "2025",
        "lens": "board",
        "team": None,
        "measures": "maturity",
        "weight": 1.0,
        "score": np.nan,
        "not_known": False,
        "target": np.nan,
    }
    full = [
        {**defaults, "ingredient": _ITEM_INGREDIENTS.get(row["item_id"][:3]), **row} for row in rows
    ]
    return frame(ANSWERS_COLUMNS, [[row[c] for c in ANSWERS_COLUMNS] for row in full])
