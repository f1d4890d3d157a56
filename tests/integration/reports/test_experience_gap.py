"""The experts-by-experience gap on the report: what happened, what people hoped for, the gap.

Trust A, cycles 2024/25 and 2025/26 (both closed, responses released):

Both halves of a pair share one scale: not at all 1, a little 2, partly 3, mostly 4,
completely 5.

2025/26, six people answer the pair listened_to (being listened to; ingredient experts by
experience):
    actual 2, 2, 3, 3, 4, 5 -> mean 19/6 = 3.17 -> "3.2"
    hoped  5, 5, 5, 4, 4, 4 -> mean 27/6 = 4.5
    shortfall 3, 3, 2, 1, 0, 0 -> gap 9/6 = 1.5 (hoped minus actual of the means would be 1.3)
  four of them also answer the pair feeling_safe (patient safety): too few, never shown.
  help_quickly (getting help quickly; business and resources) is asked but nobody answers it.
2024/25, six people answer listened_to: actual 1, hoped 5 -> gap 4.0 (sd 0).
  change 1.5 - 4.0 = -2.5; threshold max(0.5, 2 x sqrt(0 + 1.378^2 / 6)) = 1.13 -> "narrowed".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.integration.api.conftest import get_json, make_token
from tests.integration.reports.conftest import main_content
from tests.unit.reports.pdf_text import pdf_text
from valuedcare.data.scores import store_response_scores

EXTENT = {1: "not_at_all", 2: "a_little", 3: "partly", 4: "mostly", 5: "completely"}


def _pair(item: str, actual: int, hoped: int) -> dict[str, tuple]:
    """A pair as the survey saves it: the hoped-for half counts towards no ingredient, so it is
    stored without a score (``data.responses.answer_columns``) and the report scores its value."""
    return {
        f"{item}_actual": (EXTENT[actual], float(actual), False, None),
        f"{item}_hoped": (EXTENT[hoped], None, False, None),
    }


def _submit(factories: Any, assessment: Any, answers: dict[str, tuple]) -> None:
    response = factories.response(assessment, lens="experts_by_experience", answers=answers)
    store_response_scores(response.id)


@pytest.fixture
def trust(factories: Any, db: Any) -> dict[str, int]:
    before = factories.cycle(label="2024/25", status="closed")
    now = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation(name="Gapford Test Trust (fictional)")
    previous = factories.assessment(organisation, before)
    current = factories.assessment(organisation, now)
    for _ in range(6):
        _submit(factories, previous, _pair("listened_to", 1, 5))
    actual = [2, 2, 3, 3, 4, 5]
    hoped = [5, 5, 5, 4, 4, 4]
    for index, (a, h) in enumerate(zip(actual, hoped, strict=True)):
        answers = _pair("listened_to", a, h)
        if index < 4:
            answers |= _pair("feeling_safe", 1, 5)
        _submit(factories, current, answers)
    db.session.commit()
    return {"organisation": organisation.id, "assessment": current.id, "previous": previous.id}


QUESTIONS = "experience-questions-table"


def _row(html: str, title: str, table_id: str = "experience-table") -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    start = table.index(f">{title}</th>")
    return table[start : table.index("</tr>", start)]


def test_the_report_shows_actual_hoped_for_and_the_gap_per_ingredient(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])

    html = main_content(client.get(f"/reports/assessments/{trust['assessment']}").text)

    row = _row(html, "Experts by experience")
    assert [cell for cell in ("3.2", "4.5", "1.5", "-2.5 (narrowed)", "5 to 9") if cell in row] == [
        "3.2",
        "4.5",
        "1.5",
        "-2.5 (narrowed)",
        "5 to 9",
    ]
    # asked, but the pair was answered by four people only
    assert "fewer than 5 responses" in _row(html, "Patient safety")
    # asked, nobody answered
    assert "no responses" in _row(html, "Understanding your business and resources")
    # no pair of questions informs this ingredient
    assert "not asked" in _row(html, "Understanding the national picture")
    assert html.index('id="experience"') < html.index('id="scores"')


def test_each_question_has_its_own_row_and_small_ones_are_never_drawn(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("viewer", trust["organisation"])
    html = main_content(client.get(f"/reports/assessments/{trust['assessment']}").text)

    listened = "How much did staff listen to you and take you seriously?"
    row = _row(html, listened, "experience-questions-table")
    assert "3.2" in row and "4.5" in row and "1.5" in row
    safe = _row(
        html,
        "How much did you feel safe while you used our services?",
        "experience-questions-table",
    )
    assert "fewer than 5 responses" in safe

    spec = client.get(f"/reports/assessments/{trust['assessment']}/experience-gap.json")
    assert spec.status_code == 200
    text = json.dumps(spec.get_json())
    assert listened in text
    assert "feel safe" not in text  # neither half of the suppressed pair
    assert 'src="data:image/svg+xml' in html[html.index('id="experience"') :]


def test_both_wordings_and_the_easy_read_version_combine_in_one_pair(
    client: Any, signed_in: Any, factories: Any, db: Any
) -> None:
    """Six people answer the pair about being listened to, in three questionnaires' wordings
    (two each: the standard version for people who use services, its carers' wording, and the
    easy-read version): actual 2 and hoped 5 for all, so 6 respondents and a gap of 3.0. Two
    people alone would be too few to show."""
    cycle = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    for slug, item in [
        ("experts-by-experience", "listened_to"),
        ("experts-by-experience", "carer_listened_to"),
        ("experts-by-experience-easy-read", "listened_to"),
    ] * 2:
        response = factories.response(
            assessment, lens="experts_by_experience", slug=slug, answers=_pair(item, 2, 5)
        )
        store_response_scores(response.id)
    db.session.commit()
    signed_in("organisation_admin", organisation.id)

    html = main_content(client.get(f"/reports/assessments/{assessment.id}").text)

    row = _row(html, "How much did staff listen to you and take you seriously?", QUESTIONS)
    cells = ("2.0", "5.0", "3.0", "5 to 9")
    assert [cell for cell in cells if cell in row] == list(cells)
    assert "fewer than 5 responses" not in row
    assert "3.0" in _row(html, "Experts by experience")


def test_unreleased_and_missing_answers_show_nothing(
    client: Any, signed_in: Any, factories: Any, db: Any
) -> None:
    cycle = factories.cycle(label="2025/26", status="open")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    for _ in range(6):
        factories.response(
            assessment,
            lens="experts_by_experience",
            answers=_pair("listened_to", 1, 5),
            released=False,
        )
    db.session.commit()
    signed_in("organisation_admin", organisation.id)

    html = main_content(client.get(f"/reports/assessments/{assessment.id}").text)
    section = html[html.index('id="experience"') : html.index('id="scores"')]

    # the answers wait for the cycle to close, so nothing about the pair is published yet
    assert "4.0" not in section
    spec = client.get(f"/reports/assessments/{assessment.id}/experience-gap.json").get_json()
    assert all(not dataset for dataset in spec.get("datasets", {}).values())
    assert "listen to you" not in json.dumps(spec)


def test_another_organisation_cannot_read_the_chart(
    client: Any, signed_in: Any, factories: Any, trust: dict[str, int]
) -> None:
    other = factories.organisation()
    signed_in("organisation_admin", other.id)

    response = client.get(f"/reports/assessments/{trust['assessment']}/experience-gap.json")

    assert response.status_code == 404


def test_the_scores_export_carries_the_gap_for_experts_by_experience_only(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])

    response = client.get(f"/reports/assessments/{trust['assessment']}/scores.csv")

    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_ingredient = {row["ingredient"]: row for row in rows if row["cycle"] == "2025/26"}
    listened = by_ingredient["experts_by_experience"]
    assert (
        listened["experience_actual"],
        listened["experience_hoped"],
        listened["experience_gap"],
    ) == ("3.2", "4.5", "1.5")
    # four people only: neither the score nor the gap leaves the service
    safety = by_ingredient["patient_safety"]
    assert safety["suppressed"] == "true"
    assert safety["experience_actual"] == safety["experience_gap"] == ""


def test_the_api_gives_the_same_figures_and_says_what_was_not_asked(
    client: Any, factories: Any, db: Any, trust: dict[str, int]
) -> None:
    from valuedcare.models import Organisation

    organisation = db.session.get(Organisation, trust["organisation"])
    token = make_token(db, factories.user(organisation, role="viewer"))
    cycle_id = _cycle_id(db, trust["assessment"])

    status, body = get_json(
        client, f"/api/v1/organisations/{organisation.id}/cycles/{cycle_id}/experience", token
    )

    assert status == 200
    rows = {row["ingredient"]: row for row in body["ingredients"]}
    assert [row["ingredient"] for row in body["ingredients"]][0] == "experts_by_experience"
    listened = rows["experts_by_experience"]
    assert (listened["actual"], listened["hoped"], listened["gap"]) == (3.2, 4.5, 1.5)
    assert (listened["change"], listened["change_label"]) == (-2.5, "narrowed")
    assert listened["respondents_band"] == "5 to 9"
    assert rows["patient_safety"]["suppressed"] and rows["patient_safety"]["gap"] is None
    assert rows["national_picture"]["asked"] is False
    assert (
        rows["business_and_resources"]["asked"] and not rows["business_and_resources"]["suppressed"]
    )
    questions = {row["key"]: row for row in body["questions"]}
    assert questions["listened_to_actual"]["gap"] == 1.5
    safe = questions["feeling_safe_actual"]
    assert safe["suppressed"] and safe["actual"] is None
    assert "5.0" not in json.dumps(safe)


def test_the_api_hides_another_organisations_gap(
    client: Any, factories: Any, db: Any, trust: dict[str, int]
) -> None:
    other = factories.organisation()
    token = make_token(db, factories.user(other, role="organisation_admin"))
    cycle_id = _cycle_id(db, trust["assessment"])

    status, _ = get_json(
        client, f"/api/v1/organisations/{trust['organisation']}/cycles/{cycle_id}/experience", token
    )

    assert status == 404


def _cycle_id(db: Any, assessment_id: int) -> int:
    from valuedcare.models import Assessment

    return db.session.get(Assessment, assessment_id).cycle_id


def test_the_board_paper_leads_with_the_gap(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("viewer", trust["organisation"])

    response = client.get(f"/reports/assessments/{trust['assessment']}/board-paper.pdf")

    text = pdf_text(response.data)
    assert "Care compared with what people hoped for" in text
    assert text.index("Care compared with what people hoped for") < text.index(
        "Maturity by ingredient"
    )
    assert "-2.5 (narrowed)" in text
    assert "fewer than 5 responses" in text
    assert "not asked" in text


def test_the_score_table_says_not_asked_where_a_lens_is_never_asked(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])

    html = main_content(client.get(f"/reports/assessments/{trust['assessment']}").text)

    national = _row(html, "Understanding the national picture", "scores-table")
    assert "not asked" in national and "no responses" not in national
    safety = _row(html, "Patient safety", "scores-table")
    assert "not asked" not in safety


def _peer_trusts(factories: Any, gaps: list[int]) -> list[Any]:
    """One assessment per gap, same peer group and cycle: six people each answer listened_to with
    actual 5 - gap and hoped 5, so the organisation's gap is ``gap``."""
    cycle = factories.cycle(label="2025/26", status="closed")
    assessments = []
    for gap in gaps:
        organisation = factories.organisation(peer_group="Gap peers")
        assessment = factories.assessment(organisation, cycle)
        for _ in range(6):
            _submit(factories, assessment, _pair("listened_to", 5 - gap, 5))
        assessments.append(assessment)
    return assessments


def test_the_peer_median_gap_is_shown_only_from_five_organisations(
    client: Any, signed_in: Any, factories: Any, db: Any
) -> None:
    first, *_ = _peer_trusts(factories, [1, 2, 3, 4, 0])
    db.session.commit()
    signed_in("viewer", first.organisation_id)

    html = main_content(client.get(f"/reports/assessments/{first.id}").text)

    assert "Peer median gap" in html
    row = _row(html, "Experts by experience")
    assert "2.0" in row  # the median of 0, 1, 2, 3 and 4


def test_four_organisations_give_no_peer_median_gap(
    client: Any, signed_in: Any, factories: Any, db: Any
) -> None:
    first, *_ = _peer_trusts(factories, [1, 2, 3, 4])
    db.session.commit()
    signed_in("viewer", first.organisation_id)

    html = main_content(client.get(f"/reports/assessments/{first.id}").text)

    assert "Peer median gap" not in html


def test_the_trends_page_shows_whether_the_gap_narrows(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("viewer", trust["organisation"])

    html = main_content(client.get(f"/compare/organisations/{trust['organisation']}/trends").text)

    section = html[html.index('id="experience-gap"') :]
    row = section[section.index(">Experts by experience</th>") :]
    row = row[: row.index("</tr>")]
    assert "4.0" in row and "1.5" in row
    assert "Narrowed (-2.5; threshold" in " ".join(row.split())
    safety = section[section.index(">Patient safety</th>") :]
    assert "Not shown" in safety[: safety.index("</tr>")]
