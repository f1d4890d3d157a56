"""Hypothesis strategies for ANSWERS frames."""

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from tests.unit.scoring.builders import frame
from valuedcare.scoring.columns import ANSWERS_COLUMNS, LENSES

# (item_id, ingredient, weight): three ingredients, and one item that feeds no ingredient
ITEMS = (
    ("EBE1", "experts_by_experience", 1.0),
    ("EBE2", "experts_by_experience", 2.0),
    ("CUL1", "culture", 1.0),
    ("LOC1", "local_area", 0.5),
    ("C1", None, 1.0),
)

# An answer is a level 1-5, "don't know" or left blank.
_ANSWER = st.one_of(st.integers(1, 5), st.just("not known"), st.none())


@st.composite
def answers_frames(draw: st.DrawFn, max_responses: int = 16) -> pd.DataFrame:
    """ANSWERS frames for up to ``max_responses`` responses across two organisations and teams."""
    rows = []
    for response_id in range(1, draw(st.integers(1, max_responses)) + 1):
        organisation_id = draw(st.sampled_from([1, 2]))
        lens = draw(st.sampled_from(LENSES))
        team = draw(st.sampled_from([None, "north", "south"]))
        for item_id, ingredient, weight in ITEMS:
            answer = draw(_ANSWER)
            not_known = answer == "not known"
            score = float(answer) if isinstance(answer, int) else np.nan
            target = float(draw(st.integers(1, 5))) if lens.startswith("board") else np.nan
            rows.append(
                [response_id, organisation_id, "2025", lens, team, item_id, "maturity"]
                + [ingredient, weight, score, not_known, target]
            )
    return frame(ANSWERS_COLUMNS, rows)


def shuffled(answers: pd.DataFrame, order: list[int]) -> pd.DataFrame:
    """The same answers in another row order, with a fresh index."""
    return answers.iloc[order].reset_index(drop=True)
