"""``flask export answers|scores``: columns, formats, formula safety, readable Excel files, and the
board's scores recomputed independently from the answers export with the formula in the README.
Anonymous lenses are never exported row by row (see test_question_summaries and
tests/integration/security/test_export_disclosure)."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
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
    "section",
    "item_id",
    "item_type",
    "ingredient",
    "ingredient_title",
    "statement",
    "answer",
    "answer_label",
    "score",
    "weight",
    "not_known",
    "target",
    "target_label",
    "comment",
    "submitted_at",
]
SCORE_HEADER = [
    "organisation_code",
    "cycle",
    "lens",
    "ingredient",
    "ingredient_title",
    "score",
    "respondents",
    "respondents_band",
    "suppressed",
    "experience_actual",
    "experience_hoped",
    "experience_gap",
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


def _statements_per_ingredient() -> dict[str, int]:
    """Statements of each ingredient in the board questionnaire file, read independently."""
    from valuedcare.questionnaire.load import load_questionnaire

    path = Path(__file__).resolve().parents[3] / "questionnaires" / "board-self-assessment.yaml"
    counts: dict[str, int] = {}
    for item in load_questionnaire(path).items():
        if item.scored and item.effective_ingredient:
            counts[item.effective_ingredient] = counts.get(item.effective_ingredient, 0) + 1
    return counts


def recompute_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """The documented formula, written out independently of ``valuedcare.scoring``.

    An answer counts when it has a value, is not "don't know", has an ingredient and a weight
    above 0. A response's ingredient score is sum(weight x value) / sum(weight) of its counting
    answers (none when it has only "don't know" answers). The organisation's score is the mean of
    its responses' scores, rounded half up to one decimal place, and respondents how many
    responses have one. The agreed position (board_agreed) scores an ingredient only when every
    statement of it is agreed. Only board lenses are in the answers export.
    """
    rows = answers[answers["ingredient"].notna()].copy()
    rows["counts"] = rows["score"].notna() & ~rows["not_known"] & (rows["weight"] > 0)
    rows = rows[rows["counts"] | rows["not_known"]]
    rows["wv"] = np.where(rows["counts"], rows["weight"] * rows["score"].fillna(0), 0.0)
    rows["w"] = np.where(rows["counts"], rows["weight"], 0.0)
    # the agreed position scores an ingredient only once all its statements are agreed
    statements = _statements_per_ingredient()
    given = rows.groupby([*KEYS, "response_id"])["item_id"].transform("nunique")
    partial = rows["lens"].eq("board_agreed") & (given < rows["ingredient"].map(statements))
    rows = rows[~partial]
    per_response = rows.groupby([*KEYS, "response_id"], as_index=False)[["wv", "w"]].sum()
    per_response["response_score"] = per_response["wv"] / per_response["w"].replace(0, np.nan)
    grouped = per_response.groupby(KEYS)["response_score"]
    scores = pd.DataFrame({"score": grouped.mean(), "respondents": grouped.count()}).reset_index()
    scores["score"] = [
        float(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))
        for value in scores["score"]
    ]
    scores["suppressed"] = False
    return scores


def test_scores_export_equals_a_recomputation_from_the_answers_export(exported) -> None:
    answers = pd.read_csv(exported["answers.csv"], dtype={"organisation_code": str})
    assert list(answers.columns) == ANSWER_HEADER
    answers["organisation_code"] = answers["organisation_code"].str.removeprefix("'")
    expected = recompute_scores(answers)
    actual = pd.read_csv(exported["scores.csv"], dtype={"organisation_code": str})
    assert list(actual.columns) == SCORE_HEADER
    actual["organisation_code"] = actual["organisation_code"].str.removeprefix("'")
    named = actual[~actual["lens"].isin(ANONYMOUS)]
    merged = expected.merge(named, on=KEYS, how="outer", indicator=True, suffixes=("", "_x"))
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    assert (merged["score"] == merged["score_x"]).all()  # both to one decimal place
    assert np.array_equal(merged["respondents"], merged["respondents_x"], equal_nan=True)
    assert (merged["suppressed"] == merged["suppressed_x"]).all()
    # the fixture's hand-computed cells are among them
    trust = actual.set_index(KEYS)
    board = trust.loc[("TSTA", "2025/26", "board", "experts_by_experience")]
    assert board["score"] == 2.8 and board["respondents"] == 3  # 8.5 / 3 = 2.833
    assert board["ingredient_title"] == "Experts by experience"
    hidden = trust.loc[("TSTA", "2025/26", "experts_by_experience", "experts_by_experience")]
    assert hidden["suppressed"] and pd.isna(hidden["score"]) and pd.isna(hidden["respondents"])
    assert pd.isna(hidden["respondents_band"])
    partners = trust.loc[("TSTA", "2025/26", "partner", "local_area")]
    assert partners["score"] == 2.2 and partners["respondents_band"] == "5 to 9"
    assert pd.isna(partners["respondents"])  # no exact count of anonymous people
    # the agreed position covers 2 of the 6 experts-by-experience statements: not scored
    assert ("TSTA", "2025/26", "board_agreed", "experts_by_experience") not in trust.index


def test_xlsx_exports_hold_the_same_rows_as_csv(exported) -> None:
    for kind in ("answers", "scores"):
        csv_rows = _csv_rows(exported[f"{kind}.csv"])
        book = load_workbook(exported[f"{kind}.xlsx"])
        sheet = book.worksheets[0]
        xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert len(xlsx_rows) == len(csv_rows)
        # a frozen header of labels, each explained on the Readme sheet with its CSV name
        assert sheet.freeze_panes == "A2"
        readme = {
            row[0]: row[1]
            for row in book["Readme"].iter_rows(values_only=True)
            if len(row) > 2 and row[1] and row[0] != "Column"
        }
        assert [readme[label] for label in xlsx_rows[0]] == csv_rows[0]
        assert xlsx_rows[0] != csv_rows[0]  # labels, not names
        xlsx_rows, csv_rows = xlsx_rows[1:], csv_rows[1:]
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


def test_text_cells_that_look_like_formulas_are_neutralised(exported) -> None:
    codes = {row[0] for row in _csv_rows(exported["scores.csv"])[1:]}
    assert "'=1+2" in codes and "=1+2" not in codes
    sheet = load_workbook(exported["answers.xlsx"], read_only=True).worksheets[0]
    cells = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert "'=1+2" in cells and "=1+2" not in cells


def test_answers_export_rows(exported) -> None:
    rows = [
        dict(zip(ANSWER_HEADER, row, strict=True)) for row in _csv_rows(exported["answers.csv"])[1:]
    ]
    dont_know = next(r for r in rows if r["item_id"] == "ebe2" and r["not_known"] == "true")
    assert dont_know["answer"] == "dont_know" and dont_know["answer_label"] == "Don't know"
    assert dont_know["score"] == "" and dont_know["ingredient"] == "experts_by_experience"
    assert dont_know["ingredient_title"] == "Experts by experience"
    assert dont_know["questionnaire"] == "board-self-assessment"
    assert dont_know["weight"] == "1.0" and dont_know["cycle"] == "2025/26"
    assert dont_know["item_type"] == "maturity" and dont_know["statement"]
    assert dont_know["section"]
    target = next(r for r in rows if r["item_id"] == "ebe1" and r["target"] == "5")
    assert target["answer"] == "4" and target["score"] == "4.0" and target["lens"] == "board"
    assert target["answer_label"].startswith("Embedded: ")
    assert target["target_label"] == "Leading"
    agreed = next(r for r in rows if r["item_id"] == "ebe2" and r["lens"] == "board_agreed")
    assert agreed["answer"] == "2" and agreed["answer_label"].startswith("Emerging: ")
    # board members are named; experts by experience and partners never leave row by row
    assert {r["lens"] for r in rows} == {"board", "board_agreed"}
    assert "Partner comment 1" not in exported["answers.csv"].read_text(encoding="utf-8")


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


def test_trust_downloads_carry_named_lenses_row_by_row_only(factories: Any) -> None:
    trust = build_trust(factories)
    own = Scope(user_id=1, role="viewer", organisation_id=trust.organisation_id)
    info = get_assessment_info(own, trust.assessment_id)
    answers = service.assessment_export(info, "answers")
    data = to_bytes("csv", answers.header, answers.chunks).decode()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {r["lens"] for r in rows} == {"board", "board_agreed"}
    assert {r["organisation_code"] for r in rows} == {"TSTA"}
    scores = service.assessment_export(info, "scores")
    data = to_bytes("xlsx", scores.header, scores.chunks)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    hidden = [r for r in table if r[2] == "experts_by_experience"]
    assert hidden == [
        [
            "TSTA",
            "2025/26",
            "experts_by_experience",
            "experts_by_experience",
            "Experts by experience",
            None,
            None,
            None,
            True,
        ]
    ]
    assert {r[1] for r in table[1:]} == {"2025/26"}
