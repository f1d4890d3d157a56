"""``protect_item_summaries``: no shown figure comes from fewer than the threshold, and no hidden
group can be recovered as "all" minus the groups shown (hypothesis over generated partitions)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from valuedcare.disclosure import DisclosureRules, protect_item_summaries

KEYS = {"organisation_id": 1, "cycle": "2025/26", "questionnaire": "q"}


def _row(lens: str, group: str, value: str, people: int, answered: int) -> dict:
    return {
        **KEYS,
        "lens": lens,
        "group": group,
        "group_value": value,
        "item_id": "p1",
        "group_respondents": people,
        "respondents": answered,
        "scored": answered,
        "mean_score": 3.0,
        "numbered": 0,
        "mean_number": float("nan"),
        "not_known": 0,
        "option_counts": {"agree": answered},
    }


def _frame(sizes: list[int], answered: list[int], lens: str = "partner") -> pd.DataFrame:
    rows = [_row(lens, "all", "all", sum(sizes), sum(answered))]
    rows += [
        _row(lens, "team", f"T{index}", size, count)
        for index, (size, count) in enumerate(zip(sizes, answered, strict=True))
        if size
    ]
    return pd.DataFrame(rows)


groups = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(sizes=groups, data=st.data(), minimum=st.sampled_from([5, 7]))
def test_no_hidden_group_is_all_minus_the_shown_ones(
    sizes: list[int], data: st.DataObject, minimum: int
) -> None:
    answered = [data.draw(st.integers(min_value=0, max_value=size)) for size in sizes]
    answered = [count if count else 0 for count in answered]
    frame = _frame(sizes, answered)
    rules = DisclosureRules(min_respondents=minimum)
    out = protect_item_summaries(frame[frame["respondents"] > 0], rules)
    everyone = out[out["group"] == "all"]
    teams = out[out["group"] == "team"]
    # every shown figure rests on at least the threshold
    assert (teams["respondents"] >= minimum).all()
    assert (teams["group_respondents"] >= minimum).all()
    if everyone.empty or bool(everyone["suppressed"].iloc[0]):
        assert teams.empty
        return
    shown_people = int(teams["group_respondents"].sum())
    shown_answers = int(teams["respondents"].sum())
    hidden_people = sum(sizes) - shown_people
    hidden_answers = sum(answered) - shown_answers
    assert hidden_people == 0 or hidden_people >= minimum
    assert hidden_answers == 0 or hidden_answers >= minimum


def test_board_lenses_are_named_and_never_suppressed() -> None:
    out = protect_item_summaries(_frame([2, 1], [2, 1], lens="board"), DisclosureRules())
    assert not out["suppressed"].any() and len(out) == 3


def test_a_small_mean_is_hidden_while_the_distribution_stays() -> None:
    frame = _frame([8], [8])
    frame["scored"] = 3  # most said "don't know"
    out = protect_item_summaries(frame, DisclosureRules())
    assert out["mean_score"].isna().all()
    assert not out["suppressed"].any() and out["option_counts"].iloc[0] == {"agree": 8}
