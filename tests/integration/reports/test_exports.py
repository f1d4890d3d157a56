"""``flask export answers|scores``: columns, formats, formula safety, and the scores export
recomputed independently from the answers export with the formula in the README."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.integration.reports.trust_fixture import build_trust
from valuedcare.data.reports import get_assessment_info
from valuedcare.data.scope import Scope
from valuedcare.export_format import to_bytes
from valuedcare.reports import service

ANSWER_HEADER = [
    "organisation_code",
    "cycle",
    "questionnaire",
    "questionnaire_version",
    "lens",
    "response_id",
    "item_id",
    "ingredient",
    "weight",
    "value",
    "not_known",
    "target",
    "submitted_at",
]
SCORE_HEADER = [
    "organisation_code",
    "cycle",
    "lens",
    "ingredient",
    "score",
    "respondents",
    "suppressed",
]
ANONYMOUS = {"experts_by_experience", "partner"}
KEYS = ["organisation_code", "cycle", "lens", "ingredient"]


@pytest.fixture
def exported(factories: Any, db: Any, runner: Any, tmp_path: Path) -> dict[str, Path]:
    build_trust(factories)
    odd = factories.organisation(code="=1+2", peer_group="Odd")
    factories.response(factories.assessment(odd), answers={"cul1": (2, 2.0, False, None)})
    from valuedcare.data.scores import rebuild_all_scores

    rebuild_all_scores()
    db.session.commit()
    paths = {}
    for kind in ("answers", "scores"):
        for extension in ("csv", "xlsx"):
            path = tmp_path / f"{kind}.{extension}"
            result = runner.invoke(args=["export", kind, "--out", str(path)])
            assert result.exit_code == 0, result.output
            assert "Wrote" in result.output
            paths[f"{kind}.{extension}"] = path
    return paths


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def recompute_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """The documented formula, written out independently of ``valuedcare.scoring``.

    An answer counts when it has a value, is not "don't know", has an ingredient and a weight
    above 0. A response's ingredient score is sum(weight x value) / sum(weight) of its counting
    answers (none when it has only "don't know" answers). The organisation's score is the mean of
    its responses' scores and respondents how many responses have one; anonymous lenses with fewer
    than 5 respondents are suppressed (score and respondents empty).
    """
    rows = answers[answers["ingredient"].notna()].copy()
    rows["counts"] = rows["value"].notna() & ~rows["not_known"] & (rows["weight"] > 0)
    rows = rows[rows["counts"] | rows["not_known"]]
    rows["wv"] = np.where(rows["counts"], rows["weight"] * rows["value"].fillna(0), 0.0)
    rows["w"] = np.where(rows["counts"], rows["weight"], 0.0)
    per_response = rows.groupby([*KEYS, "response_id"], as_index=False)[["wv", "w"]].sum()
    per_response["response_score"] = per_response["wv"] / per_response["w"].replace(0, np.nan)
    grouped = per_response.groupby(KEYS)["response_score"]
    scores = pd.DataFrame({"score": grouped.mean(), "respondents": grouped.count()}).reset_index()
    small = scores["lens"].isin(ANONYMOUS) & (scores["respondents"] < 5)
    scores["suppressed"] = small
    scores.loc[small, ["score", "respondents"]] = np.nan
    return scores


def test_scores_export_equals_a_recomputation_from_the_answers_export(exported) -> None:  # noqa: ANN001
    answers = pd.read_csv(exported["answers.csv"], dtype={"organisation_code": str})
    assert list(answers.columns) == ANSWER_HEADER
    answers["organisation_code"] = answers["organisation_code"].str.removeprefix("'")
    expected = recompute_scores(answers)
    actual = pd.read_csv(exported["scores.csv"], dtype={"organisation_code": str})
    assert list(actual.columns) == SCORE_HEADER
    actual["organisation_code"] = actual["organisation_code"].str.removeprefix("'")
    merged = expected.merge(actual, on=KEYS, how="outer", indicator=True, suffixes=("", "_x"))
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    assert np.allclose(merged["score"], merged["score_x"], equal_nan=True, rtol=0, atol=1e-9)
    assert np.array_equal(merged["respondents"], merged["respondents_x"], equal_nan=True)
    assert (merged["suppressed"] == merged["suppressed_x"]).all()
    # the fixture's hand-computed cells are among them
    trust = actual.set_index(KEYS)
    board = trust.loc[("TSTA", "2025/26", "board", "experts_by_experience")]
    assert board["score"] == pytest.approx(8.5 / 3) and board["respondents"] == 3
    hidden = trust.loc[("TSTA", "2025/26", "experts_by_experience", "experts_by_experience")]
    assert hidden["suppressed"] and pd.isna(hidden["score"]) and pd.isna(hidden["respondents"])
    assert trust.loc[("TSTA", "2025/26", "board_agreed", "experts_by_experience")]["score"] == 2.5


def test_xlsx_exports_hold_the_same_rows_as_csv(exported) -> None:  # noqa: ANN001
    for kind in ("answers", "scores"):
        csv_rows = _csv_rows(exported[f"{kind}.csv"])
        sheet = load_workbook(exported[f"{kind}.xlsx"], read_only=True).worksheets[0]
        xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert len(xlsx_rows) == len(csv_rows)
        assert xlsx_rows[0] == csv_rows[0]
        # the same cells once blanks, booleans and numbers are compared the same way
        # (Excel keeps 15-17 significant digits, so numbers are compared to 1e-12)
        for xlsx_row, csv_row in zip(xlsx_rows, csv_rows, strict=True):
            pairs = zip(xlsx_row, csv_row, strict=True)
            assert all(_same_cell(_as_text(left), right) for left, right in pairs), csv_row


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _same_cell(left: str, right: str) -> bool:
    a, b = _number_or_text(left), _number_or_text(right)
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12)
    return a == b


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def test_text_cells_that_look_like_formulas_are_neutralised(exported) -> None:  # noqa: ANN001
    codes = {row[0] for row in _csv_rows(exported["scores.csv"])[1:]}
    assert "'=1+2" in codes and "=1+2" not in codes
    sheet = load_workbook(exported["answers.xlsx"], read_only=True).worksheets[0]
    cells = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert "'=1+2" in cells and "=1+2" not in cells


def test_answers_export_rows(exported) -> None:  # noqa: ANN001
    rows = [
        dict(zip(ANSWER_HEADER, row, strict=True)) for row in _csv_rows(exported["answers.csv"])[1:]
    ]
    dont_know = next(r for r in rows if r["item_id"] == "ebe2" and r["not_known"] == "true")
    assert dont_know["value"] == "" and dont_know["ingredient"] == "experts_by_experience"
    assert dont_know["questionnaire"] == "board-self-assessment"
    assert dont_know["weight"] == "1.0" and dont_know["cycle"] == "2025/26"
    target = next(r for r in rows if r["item_id"] == "ebe1" and r["target"] == "5")
    assert target["value"] == "4.0" and target["lens"] == "board"
    assert {r["lens"] for r in rows} == {
        "board",
        "board_agreed",
        "experts_by_experience",
        "partner",
    }


def test_cycle_option_and_bad_arguments(
    factories: Any, db: Any, runner: Any, tmp_path: Path
) -> None:
    build_trust(factories)
    db.session.commit()
    out = tmp_path / "scores.csv"
    result = runner.invoke(args=["export", "scores", "--cycle", "2024/25", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {row[1] for row in _csv_rows(out)[1:]} == {"2024/25"}
    result = runner.invoke(args=["export", "scores", "--cycle", "1999/00", "--out", str(out)])
    assert result.exit_code != 0 and "no cycle" in result.output
    result = runner.invoke(args=["export", "answers", "--out", str(tmp_path / "a.json")])
    assert result.exit_code != 0 and ".csv or .xlsx" in result.output


def test_trust_downloads_leave_out_small_anonymous_groups(factories: Any) -> None:
    trust = build_trust(factories)
    own = Scope(user_id=1, role="viewer", organisation_id=trust.organisation_id)
    info = get_assessment_info(own, trust.assessment_id)
    answers = service.assessment_export(info, "answers")
    data = to_bytes("csv", answers.header, answers.chunks).decode()
    rows = list(csv.DictReader(io.StringIO(data)))
    lenses = {r["lens"] for r in rows}
    assert "experts_by_experience" not in lenses  # 3 respondents
    assert {"board", "board_agreed", "partner"} <= lenses  # partners: 5 respondents
    assert {r["organisation_code"] for r in rows} == {"TSTA"}
    scores = service.assessment_export(info, "scores")
    data = to_bytes("xlsx", scores.header, scores.chunks)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    hidden = [r for r in table if r[2] == "experts_by_experience"]
    assert hidden == [
        ["TSTA", "2025/26", "experts_by_experience", "experts_by_experience", None, None, True]
    ]
    assert {r[1] for r in table[1:]} == {"2025/26"}
