"""Attacks on the exports, as an improvement lead with the download links would try them.

1. Recompute a suppressed figure from the row-level answers: a question only 3 of 6 experts by
   experience answered is suppressed on the report; the old answers download gave their 3 values.
2. Difference a group from "all": a partner who is the only police officer among 7 partners, or a
   team of 2, must not be recoverable as "all" minus the groups shown.
3. Link a quasi-identifier to answers through a response id across rows.
4. Read anonymous answers before they are released (an open cycle).
Each runs through the HTTP download a lead uses, and the ``flask export`` commands.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.integration.reports.conftest import sign_in

AGREE = ["strongly_disagree", "disagree", "neither", "agree", "strongly_agree"]
EXTENT = ["not_at_all", "a_little", "partly", "mostly", "completely"]
BANDS = {"", "5 to 9", "10 to 19", "20 or more"}


def _partner(p1: int, organisation_type: str | None = None, p2: int | None = None) -> dict:
    answers = {"p1": (AGREE[p1 - 1], float(p1), False, None)}
    if organisation_type:
        answers["p0_type"] = (organisation_type, None, False, None)
    if p2 is not None:
        answers["p2"] = (AGREE[p2 - 1], float(p2), False, None)
    return answers


def _place(factories: Any, status: str = "closed") -> tuple[Any, Any]:
    cycle = factories.cycle(label="2025/26", status=status)
    organisation = factories.organisation(code="ATTK")
    return organisation, factories.assessment(organisation, cycle)


def _lead(factories: Any, db: Any, client: Any, organisation: Any) -> None:
    from valuedcare.data.scores import rebuild_all_scores

    rebuild_all_scores()
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    sign_in(client, lead)


def _downloads(client: Any, assessment: Any) -> dict[str, str]:
    """Every export of the assessment, as text (Excel files as their cell values)."""
    base = f"/reports/assessments/{assessment.id}"
    out = {}
    for kind in ("answers", "scores", "summaries"):
        response = client.get(f"{base}/{kind}.csv")
        assert response.status_code == 200
        out[f"{kind}.csv"] = response.get_data(as_text=True)
        book = load_workbook(io.BytesIO(client.get(f"{base}/{kind}.xlsx").data))
        out[f"{kind}.xlsx"] = repr(
            [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        )
    return out


def _summaries(client: Any, assessment: Any) -> list[dict[str, str]]:
    text = client.get(f"/reports/assessments/{assessment.id}/summaries.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


def _rescore(db: Any, response_ids: list[int], item_id: str, values: list[str]) -> None:
    from valuedcare.data.scores import store_response_scores
    from valuedcare.models import Answer

    for response_id in response_ids:
        answer = db.session.query(Answer).filter_by(response_id=response_id, item_id=item_id).one()
        new = 1 if answer.score != 1 else 5
        answer.score, answer.value = float(new), values[new - 1]
        store_response_scores(response_id)
    db.session.commit()


def test_a_question_few_answered_cannot_be_recomputed_from_any_export(
    factories: Any, db: Any, client: Any
) -> None:
    """Six experts by experience; only three answer respect_actual (the only culture question
    any of them answers)."""
    organisation, assessment = _place(factories)
    few = []
    for index in range(6):
        answers = {"a2": (AGREE[3], 4.0, False, None)}
        if index < 3:
            answers["respect_actual"] = (EXTENT[index + 1], float(index + 2), False, None)
        response = factories.response(assessment, lens="experts_by_experience", answers=answers)
        if index < 3:
            few.append(response.id)
    _lead(factories, db, client, organisation)

    before = _downloads(client, assessment)
    rows = [r for r in _summaries(client, assessment) if r["item_id"] == "respect_actual"]
    assert len(rows) == 1 and rows[0]["suppressed"] == "true"
    assert rows[0]["mean_score"] == rows[0]["option_percent"] == rows[0]["respondents"] == ""
    shown = [r for r in _summaries(client, assessment) if r["item_id"] == "a2"]
    assert {r["suppressed"] for r in shown} == {"false"}  # the lens itself is large enough
    lenses = {r["lens"] for r in csv.DictReader(io.StringIO(before["answers.csv"]))}
    assert "experts_by_experience" not in lenses

    _rescore(db, few, "respect_actual", EXTENT)  # the three answer differently: nothing may move
    after = _downloads(client, assessment)
    for name, text in before.items():
        assert text == after[name], f"{name} moved with 3 people's answers"


@pytest.mark.parametrize(
    ("types", "shown"),
    [
        # 6 housing and 1 police officer: police is too small, and "housing" would give it away
        ({"housing": 6, "police": 1}, set()),
        # 6 housing, 5 police, 2 who did not say: the 2 are hidden, and so is police (the smallest
        # shown group), or "all" minus housing minus police would give the 2 away
        ({"housing": 6, "police": 5, None: 2}, {"Housing provider or housing authority"}),
        ({"housing": 6, "police": 5}, {"Housing provider or housing authority", "Police"}),
    ],
)
def test_no_group_can_be_recovered_from_all_minus_the_groups_shown(
    factories: Any, db: Any, client: Any, types: dict, shown: set[str]
) -> None:
    organisation, assessment = _place(factories)
    for organisation_type, count in types.items():
        for index in range(count):
            factories.response(
                assessment, lens="partner", answers=_partner(1 + index % 5, organisation_type)
            )
    _lead(factories, db, client, organisation)
    rows = _summaries(client, assessment)
    groups = {r["group_value"] for r in rows if r["group"] == "p0_type"}
    assert groups == shown
    everyone = [r for r in rows if r["group"] == "all" and r["item_id"] == "p1"]
    assert everyone and {r["suppressed"] for r in everyone} == {"false"}
    assert {r["respondents"] for r in rows} <= BANDS  # no exact counts of anonymous people
    assert {r["group_respondents"] for r in rows} <= BANDS


def test_teams_are_protected_the_same_way(factories: Any, db: Any, client: Any) -> None:
    organisation, assessment = _place(factories)
    for team, count in (("North", 6), ("South", 6), ("West", 2)):
        for index in range(count):
            factories.response(
                assessment, lens="partner", team=team, answers=_partner(index % 5 + 1)
            )
    _lead(factories, db, client, organisation)
    rows = _summaries(client, assessment)
    # West (2) is hidden; North and South tie at 6, so the first by name goes with it
    assert {r["group_value"] for r in rows if r["group"] == "team"} == {"South"}


def test_no_export_links_answers_of_one_anonymous_person(
    factories: Any, db: Any, client: Any
) -> None:
    organisation, assessment = _place(factories)
    for index in range(8):
        factories.response(assessment, lens="partner", answers=_partner(index % 5 + 1, "housing"))
    _lead(factories, db, client, organisation)
    downloads = _downloads(client, assessment)
    header = next(csv.reader(io.StringIO(downloads["summaries.csv"])))
    assert "response_id" not in header and "submitted_at" not in header
    answers = list(csv.DictReader(io.StringIO(downloads["answers.csv"])))
    assert answers == []  # only board answers leave row by row, and there are none


def test_nothing_anonymous_is_exported_before_release(
    factories: Any, db: Any, client: Any, runner: Any, tmp_path: Any
) -> None:
    organisation, assessment = _place(factories, status="open")
    for index in range(8):
        factories.response(
            assessment, lens="partner", released=False, answers=_partner(index % 5 + 1)
        )
    _lead(factories, db, client, organisation)
    assert _summaries(client, assessment) == []
    out = tmp_path / "summaries.csv"
    result = runner.invoke(args=["export", "summaries", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_command_line_answers_export_has_no_anonymous_rows(
    factories: Any, db: Any, runner: Any, tmp_path: Any
) -> None:
    organisation, assessment = _place(factories)
    for index in range(25):
        factories.response(assessment, lens="partner", answers=_partner(index % 5 + 1))
    factories.response(assessment, lens="board", answers={"ebe1": (3, 3.0, False, None)})
    db.session.commit()
    out = tmp_path / "answers.csv"
    result = runner.invoke(args=["export", "answers", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, newline="", encoding="utf-8") as stream:
        lenses = {row["lens"] for row in csv.DictReader(stream)}
    assert lenses == {"board"}
