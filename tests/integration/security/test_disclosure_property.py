"""Property: no output carries anything from fewer than the configured number of anonymous people.

Hypothesis draws closed cycles: a trust whose experts by experience and partners number anywhere
from 0 to 9, with any answers. For each anonymous lens with fewer respondents than the threshold,
the test then changes every one of those people's answers and reads every output again: the
report page (with its embedded chart data), the radar data and images, the PDF board paper, the
CSV and Excel downloads (answers, scores, question summaries), the API and the comparison pages
must be exactly the same. If any figure were derived from those people, some output would move.
Their free-text comments carry a marker that must appear nowhere. It runs with the threshold at 5
and at 7.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.api.conftest import bearer, make_token
from tests.integration.reports.conftest import sign_in
from tests.unit.reports.pdf_text import pdf_text

LENS_ITEMS = {"experts_by_experience": ("a2", "c2"), "partner": ("p1", "p12")}
AGREEMENT = ["strongly_disagree", "disagree", "not_sure", "agree", "strongly_agree"]
MARKER = "ZQXSMALLGROUPMARKER"

# What changes between two reads whatever the data: nonces, CSRF tokens, the sign-out time.
VARIES_WITH_TIME = re.compile(
    r'nonce="[^"]*"|csrf_token" value="[^"]*"|<span class="app-session-notice".*?</span>', re.S
)

lens_sizes = st.integers(min_value=0, max_value=9)
scores = st.lists(st.integers(min_value=1, max_value=5), min_size=9, max_size=9)


@contextmanager
def threshold(app: Any, value: int) -> Iterator[None]:
    before = app.config["MIN_RESPONDENTS"]
    app.config["MIN_RESPONDENTS"] = value
    try:
        yield
    finally:
        app.config["MIN_RESPONDENTS"] = before


#: Experts by experience also answer a "what happened" / "what I hoped for" pair (the gap).
PAIR = ("listened_to_actual", "listened_to_hoped")


def _answers(lens: str, score: int, comment: str) -> dict[str, tuple]:
    scored, text = LENS_ITEMS[lens]
    answers = {
        scored: (AGREEMENT[score - 1], float(score), False, None),
        text: (comment, None, False, None),
    }
    if lens == "experts_by_experience":
        actual, hoped = PAIR
        answers[actual] = ("x", float(score), False, None)
        answers[hoped] = ("y", 5.0, False, None)
    return answers


def _approve_comments(db: Any, response_ids: list[int]) -> None:
    """A lead approves every comment, so only the small-number rule keeps them out."""
    from valuedcare.models import Answer, FreeTextReview

    for answer in db.session.query(Answer).filter(Answer.response_id.in_(response_ids)):
        if isinstance(answer.value, str) and answer.value.startswith(MARKER):
            db.session.add(
                FreeTextReview(
                    answer_id=answer.id, field="value", status="approved", shown_text=answer.value
                )
            )


def _build(factories: Any, db: Any, sizes: dict[str, int], drawn: list[int]) -> dict[str, Any]:
    from valuedcare.data.scores import store_response_scores

    cycle = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation(code="PROP", name="Property Test Trust")
    assessment = factories.assessment(organisation, cycle)
    for level in (2, 3, 4):
        board = factories.response(
            assessment, lens="board", answers={"ebe1": (level, float(level), False, None)}
        )
        store_response_scores(board.id)
    people: dict[str, list[int]] = {}
    for lens, size in sizes.items():
        people[lens] = []
        for index in range(size):
            comment = f"{MARKER} {lens} {index}" if size else ""
            response = factories.response(
                assessment, lens=lens, answers=_answers(lens, drawn[index], comment)
            )
            store_response_scores(response.id)
            people[lens].append(response.id)
        _approve_comments(db, people[lens])
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    return {"assessment": assessment, "cycle": cycle, "lead": lead, "people": people}


def _change_answers(db: Any, response_ids: list[int], lens: str) -> None:
    """Give every one of these people different answers (and rescore them)."""
    from valuedcare.data.scores import store_response_scores
    from valuedcare.models import Answer

    scored, _ = LENS_ITEMS[lens]
    for response_id in response_ids:
        answer = db.session.query(Answer).filter_by(response_id=response_id, item_id=scored).one()
        new = 1 if answer.score != 1 else 5
        answer.score = float(new)
        answer.value = AGREEMENT[new - 1]
        if lens == "experts_by_experience":
            actual = (
                db.session.query(Answer).filter_by(response_id=response_id, item_id=PAIR[0]).one()
            )
            actual.score = float(1 if actual.score != 1 else 5)
        store_response_scores(response_id)
    db.session.commit()


def _outputs(app: Any, db: Any, built: dict[str, Any]) -> dict[str, str]:
    from openpyxl import load_workbook

    client = app.test_client()
    sign_in(client, built["lead"])
    assessment, cycle = built["assessment"], built["cycle"]
    base = f"/reports/assessments/{assessment.id}"
    org = f"/organisations/{assessment.organisation_id}"
    compare = f"/compare{org}"
    token = make_token(db, built["lead"])
    outputs: dict[str, str] = {}
    for path in (
        base,
        f"{base}/comments",
        f"{base}/experience-gap.json",
        f"{base}/radar.json",
        f"{base}/radar.svg",
        f"{base}/scores.csv",
        f"{base}/answers.csv",
        f"{base}/summaries.csv",
        f"{compare}/trends",
        f"{compare}/cycles/{cycle.id}/teams",
        f"{compare}/cycles/{cycle.id}/benchmark",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        text = page.get_data(as_text=True)
        outputs[path] = re.sub(VARIES_WITH_TIME, "", text)
    pdf = client.get(f"{base}/board-paper.pdf")
    outputs["pdf"] = pdf_text(pdf.get_data())
    for kind in ("scores", "answers", "summaries"):
        book = load_workbook(io.BytesIO(client.get(f"{base}/{kind}.xlsx").get_data()))
        outputs[f"{kind}.xlsx"] = repr(
            [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        )
    api = f"/api/v1{org}/cycles/{cycle.id}"
    for path in (f"{api}/scores", f"{api}/benchmark", f"{api}/experience"):
        outputs[path] = client.get(path, headers=bearer(token)).get_data(as_text=True)
    return outputs


def _diff(before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return "\n".join(list(lines)[:40])


@pytest.mark.parametrize("minimum", [5, 7])
@settings(
    max_examples=int(os.environ.get("DISCLOSURE_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ebe=lens_sizes, partners=lens_sizes, drawn=scores)
def test_no_output_carries_a_figure_from_fewer_than_the_threshold(
    app: Any, db: Any, factories: Any, minimum: int, ebe: int, partners: int, drawn: list[int]
) -> None:
    from tests import database as testing

    testing.empty_database()
    sizes = {"experts_by_experience": ebe, "partner": partners}
    small = [lens for lens, size in sizes.items() if 0 < size < minimum]
    with threshold(app, minimum):
        built = _build(factories, db, sizes, drawn)
        before = _outputs(app, db, built)
        for lens in small:
            _change_answers(db, built["people"][lens], lens)
        after = _outputs(app, db, built)

    for name, text in before.items():
        assert text == after[name], (
            f"{name} changed with a small group's answers: {_diff(text, after[name])}"
        )
        for lens in small:
            assert f"{MARKER} {lens}" not in text, f"{name} shows a small group's comment"
