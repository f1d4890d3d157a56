"""The question summaries export: every answer type of the anonymous questionnaires, in words,
with figures worked out by hand below, through the download route and ``flask export``.

Six experts by experience (a closed cycle) answer:
    person  took_part a1 (several)      a2 likert        c1 (0-10) c3_role  actual / hoped
    1       yes       surveys, meetings strongly_agree 5  7        carer    completely 5 / mostly
    2       yes       surveys           agree 4           8        carer    mostly 4 / mostly
    3       yes       surveys, panels   agree 4           6        carer    completely 5 / partly
    4       yes       meetings          not_sure          9        carer    partly 3 / mostly
    5       yes       surveys           disagree 2        10       carer    mostly 4 / mostly
    6       no        -                 agree 4           3        carer    completely 5 / -
    actual / hoped: the pair about being listened to. Everyone is a carer, so it is the carers'
    wording, carer_listened_to_actual and carer_listened_to_hoped (one scale, not at all 1 to
    completely 5; the hoped half is not scored). completely 3/6 = 50%, mean score 26/6 = 4.3.
    a2: not_sure is "don't know" here (no score): 5 scored, mean (5+4+4+2+4)/5 = 3.8;
        shares of 6: agree 3/6 = 50%, not_sure 17%, strongly_agree 17%, disagree 17%.
    c1: mean answer 43/6 = 7.17 -> 7.2; scores 1 + 0.4 v: mean 1 + 0.4 x 7.1667 = 3.87 -> 3.9.
    a1: 5 answered; surveys 4/5 = 80%, meetings_or_groups 2/5 = 40%, interview_panels 20%.
    took_part groups: yes 5, no 1 -> "no" is too small, and "yes" would give it away (6 - 5):
        neither is shown. c3_role: everyone is a carer, so "carer" (6) is shown.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.integration.reports.conftest import sign_in
from valuedcare.data.question_summaries import SUMMARY_COLUMNS

AGREE = {"strongly_agree": 5.0, "agree": 4.0, "not_sure": None, "disagree": 2.0}
EXTENT = {"completely": 5.0, "mostly": 4.0, "partly": 3.0}
PEOPLE = [
    ("yes", ["surveys", "meetings_or_groups"], "strongly_agree", 7, "completely", "mostly"),
    ("yes", ["surveys"], "agree", 8, "mostly", "mostly"),
    ("yes", ["surveys", "interview_panels"], "agree", 6, "completely", "partly"),
    ("yes", ["meetings_or_groups"], "not_sure", 9, "partly", "mostly"),
    ("yes", ["surveys"], "disagree", 10, "mostly", "mostly"),
    ("no", None, "agree", 3, "completely", None),
]


def _answers(person: tuple) -> dict[str, tuple]:
    took_part, chosen, agree, scale, actual, hoped = person
    answers = {
        "took_part": (took_part, None, False, None),
        "a2": (agree, AGREE[agree], agree == "not_sure", None),
        "c1": (scale, 1 + 0.4 * scale, False, None),
        "c2": ("A private thought", None, False, None),
        "c3_role": ("carer", None, False, None),
        "carer_listened_to_actual": (actual, EXTENT[actual], False, None),
    }
    if chosen:
        answers["a1"] = (chosen, None, False, None)
    if hoped:
        answers["carer_listened_to_hoped"] = (hoped, None, False, None)
    return answers


@pytest.fixture
def summarised(factories: Any, db: Any, client: Any) -> Any:
    cycle = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation(code="SUMA")
    assessment = factories.assessment(organisation, cycle)
    for person in PEOPLE:
        factories.response(assessment, lens="experts_by_experience", answers=_answers(person))
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    sign_in(client, lead)
    return assessment


def _download(client: Any, assessment: Any, extension: str) -> Any:
    response = client.get(f"/reports/assessments/{assessment.id}/summaries.{extension}")
    assert response.status_code == 200
    return response


def _rows(client: Any, assessment: Any) -> list[dict[str, str]]:
    text = _download(client, assessment, "csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


def _item(rows: list[dict], item_id: str, group: str = "all") -> list[dict]:
    return [r for r in rows if r["item_id"] == item_id and r["group"] == group]


def test_every_answer_type_is_summarised_in_words(client: Any, summarised: Any) -> None:
    rows = _rows(client, summarised)
    assert tuple(rows[0]) == SUMMARY_COLUMNS
    assert "response_id" not in rows[0]

    likert = {r["option_value"]: r for r in _item(rows, "a2")}
    assert list(likert) == ["strongly_agree", "agree", "disagree", "strongly_disagree", "not_sure"]
    first = likert["agree"]
    assert first["respondents"] == "5 to 9" and first["group_respondents"] == "5 to 9"
    assert first["mean_score"] == "3.8" and first["mean_answer"] == ""
    assert first["dont_know_percent"] == "17"
    assert first["option_label"] == "Agree" and first["option_percent"] == "50"
    assert first["ingredient"] == "experts_by_experience"
    assert first["ingredient_title"] == "Experts by experience"
    assert first["statement"].startswith("I felt") or first["statement"]
    assert [likert[key]["option_percent"] for key in ("strongly_agree", "not_sure")] == ["17"] * 2
    assert likert["strongly_disagree"]["option_percent"] == "0"

    scale = _item(rows, "c1")
    assert [r["option_value"] for r in scale] == [str(n) for n in range(11)]
    assert {r["mean_answer"] for r in scale} == {"7.2"}
    assert {r["mean_score"] for r in scale} == {"3.9"}
    assert scale[7]["option_percent"] == "17" and scale[0]["option_percent"] == "0"
    assert scale[0]["option_label"].startswith("0 (")

    several = {r["option_value"]: r["option_percent"] for r in _item(rows, "a1")}
    assert several["surveys"] == "80" and several["meetings_or_groups"] == "40"
    assert several["interview_panels"] == "20"
    assert {r["ingredient"] for r in _item(rows, "a1")} == {""}  # not scored

    actual = {r["option_value"]: r for r in _item(rows, "carer_listened_to_actual")}
    assert actual["completely"]["option_percent"] == "50"
    assert actual["completely"]["mean_score"] == str(round(26 / 6, 1))
    hoped = _item(rows, "carer_listened_to_hoped")
    assert hoped and {r["mean_score"] for r in hoped} == {""}  # what people wanted is not scored

    assert not _item(rows, "c2"), "free text is never in the summaries"
    assert "A private thought" not in str(rows)


def test_groups_are_shown_only_when_no_small_group_can_be_derived(
    client: Any, summarised: Any
) -> None:
    rows = _rows(client, summarised)
    assert not [r for r in rows if r["group"] == "took_part"]
    carers = _item(rows, "a2", "c3_role")
    assert {r["group_value"] for r in carers} == {"I am a carer"}
    assert [r["option_percent"] for r in carers] == [r["option_percent"] for r in _item(rows, "a2")]
    # the questions that describe people are summarised for everyone, like any other
    assert {r["option_value"]: r["option_percent"] for r in _item(rows, "took_part")} == {
        "yes": "83",
        "no": "17",
    }


def test_excel_file_has_a_frozen_labelled_header_and_a_readme(client: Any, summarised: Any) -> None:
    book = load_workbook(io.BytesIO(_download(client, summarised, "xlsx").data))
    assert book.sheetnames == ["Question summaries", "Readme"]
    data = book["Question summaries"]
    assert data.freeze_panes == "A2"
    header = [cell.value for cell in data[1]]
    assert header[:3] == ["Organisation code", "Cycle", "Lens"]
    assert "Chose this option (%)" in header and "option_percent" not in header
    assert all(cell.font.bold for cell in data[1])
    readme = [[cell for cell in row] for row in book["Readme"].iter_rows(values_only=True)]
    explained = {row[1]: row[2] for row in readme if row and len(row) > 2 and row[1]}
    assert set(SUMMARY_COLUMNS) <= set(explained)
    assert "fewer than 5 people" in " ".join(str(row[0]) for row in readme if row)
    csv_rows = _rows(client, summarised)
    assert data.max_row == len(csv_rows) + 1


def test_command_line_export_gives_the_same_rows(
    client: Any, summarised: Any, runner: Any, tmp_path: Any
) -> None:
    out = tmp_path / "summaries.csv"
    result = runner.invoke(args=["export", "summaries", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, newline="", encoding="utf-8") as stream:
        from_command = list(csv.DictReader(stream))
    assert from_command == _rows(client, summarised)
