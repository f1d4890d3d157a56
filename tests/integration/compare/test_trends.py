"""Trends over cycles: labelled changes (the documented rule) and statements across versions."""

from __future__ import annotations

import copy
import hashlib
import re
from datetime import date

import pytest
import yaml

from tests.disclosure_rules import RULES
from tests.integration.compare.conftest import chart_specs, main_content, sign_in, spec_rows
from valuedcare.compare.statements import build_statements_page
from valuedcare.compare.trends import build_trends_page
from valuedcare.data.scope import Scope

# Five board members per cycle: the whole board, a census, so the threshold is half a level
# whatever the spread (a sample's rule would ask for 2 standard errors: 0.693 for culture and
# 2.245 for innovation, which would call both "no clear change" or be needlessly strict).
BOARD = {
    # 2.4 -> 3.4: +1.0: improved
    "culture": ([2, 2, 3, 3, 2], [3, 3, 4, 4, 3]),
    # 3.0 -> 3.2: +0.2: no clear change
    "leadership": ([3, 3, 3, 3, 3], [3, 3, 4, 3, 3]),
    # 4.0 -> 3.0: -1.0: declined
    "patient_safety": ([4, 4, 4, 4, 4], [3, 3, 3, 3, 3]),
    # 3.0 (sd 2) -> 3.6 (sd 1.517): +0.6: improved (the whole board moved, however spread)
    "innovation": ([1, 5, 1, 5, 3], [2, 5, 2, 5, 4]),
}
EXPECTED = {
    "culture": ("improved", 1.0, 0.5),
    "leadership": ("no clear change", 0.2, 0.5),
    "patient_safety": ("declined", -1.0, 0.5),
    "innovation": ("improved", 0.6, 0.5),
}


@pytest.fixture
def history(db, factories):
    organisation = factories.organisation()
    cycles = [
        factories.cycle(label="2024/25", status="closed", opens_on=date(2024, 4, 1)),
        factories.cycle(label="2025/26", status="closed", opens_on=date(2025, 4, 1)),
    ]
    for index, cycle in enumerate(cycles):
        assessment = factories.assessment(organisation=organisation, cycle=cycle)
        for person in range(5):
            scores = {ingredient: float(pair[index][person]) for ingredient, pair in BOARD.items()}
            factories.scored_response(assessment, lens="board", scores=scores)
        # experts by experience: five people in the first cycle, four (suppressed) in the second
        for _ in range(5 - index):
            factories.scored_response(
                assessment, lens="experts_by_experience", scores={"culture": 3.0}
            )
    return organisation, cycles


def _lens(page, lens: str):
    return next(each for each in page.lenses if each.lens == lens)


def test_changes_are_labelled_by_the_documented_rule(history) -> None:
    organisation, _ = history
    scope = Scope(user_id=1, role="viewer", organisation_id=organisation.id)

    page = build_trends_page(scope, organisation.id, rules=RULES)

    rows = {row.ingredient: row for row in _lens(page, "board").rows}
    for ingredient, (label, change, threshold) in EXPECTED.items():
        assert rows[ingredient].change.label == label, ingredient
        assert rows[ingredient].change.change == pytest.approx(change)
        assert rows[ingredient].change.threshold == pytest.approx(threshold, abs=1e-4)
    assert [cell.score for cell in rows["culture"].cells] == pytest.approx([2.4, 3.4])


def test_a_suppressed_cycle_is_not_compared(history) -> None:
    organisation, _ = history
    scope = Scope(user_id=1, role="viewer", organisation_id=organisation.id)

    culture = _lens(
        build_trends_page(scope, organisation.id, rules=RULES), "experts_by_experience"
    ).rows[0]

    assert [(c.score, c.respondents, c.suppressed) for c in culture.cells] == [
        (3.0, 5, False),
        (None, None, True),
    ]
    assert culture.change.label == "not comparable" and culture.change.change is None


def test_the_trend_page_states_the_rule_and_shows_labels_and_charts(
    client, db, factories, history
) -> None:
    organisation, _ = history
    user = factories.user(organisation)
    db.session.commit()
    sign_in(client, user)

    html = client.get(f"/compare/organisations/{organisation.id}/trends").get_data(as_text=True)

    main = re.sub(r"\s+", " ", main_content(html))
    assert "from the whole board, not a sample of it" in main
    assert "at least 0.5 of a level and at least 2 standard errors" in main
    assert "Improved (+1.0; threshold 0.5)" in main
    assert "Declined (-1.0; threshold 0.5)" in main
    assert "Improved (+0.6; threshold 0.5)" in main
    assert "Not comparable" in main
    specs = chart_specs(html)
    assert set(specs) == {
        "trend-lines-spec",
        "trend-heatmap-board-spec",
        "trend-heatmap-experts_by_experience-spec",
    }
    # the suppressed cycle is in no chart
    ebe = [
        row
        for row in spec_rows(specs["trend-heatmap-experts_by_experience-spec"])
        if row["cycle"] == "2025/26"
    ]
    assert ebe and all(row["score"] is None for row in ebe)
    lines = [
        row
        for row in spec_rows(specs["trend-lines-spec"])
        if row["series"] == "Experts by experience"
    ]
    assert [row["cycle"] for row in lines] == ["2024/25"]


def _store_next_board_version(db) -> None:
    """The next version of the board questionnaire: ebe1 reworded, ebe2 renamed (same measures
    key), and a new statement."""
    from valuedcare.data.questionnaires import get_latest_version, store_version

    current = get_latest_version("board-self-assessment")
    document = yaml.safe_load(current.source)
    document["version"] = current.version + 1
    items = document["sections"][0]["items"]
    items[0]["text"] = "People with lived experience shape improvement work from its first day."
    items[1] = {**items[1], "id": "ebe2_revised", "measures": "ebe2"}
    items.append(
        {
            **copy.deepcopy(items[2]),
            "id": "ebe_new",
            "text": "Experts by experience review every board paper on improvement.",
        }
    )
    source = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    store_version(
        slug="board-self-assessment",
        version=document["version"],
        kind="questionnaire",
        title=document["title"],
        lens="board",
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
    )
    db.session.flush()


def _answers(pairs: dict[str, float]) -> dict:
    return {item: (int(score), float(score), False, None) for item, score in pairs.items()}


def test_statements_are_followed_by_their_measures_key_across_versions(db, factories) -> None:
    organisation = factories.organisation()
    first = factories.cycle(label="2024/25", status="closed", opens_on=date(2024, 4, 1))
    second = factories.cycle(label="2025/26", status="closed", opens_on=date(2025, 4, 1))
    assessment = factories.assessment(organisation=organisation, cycle=first)
    for _ in range(5):
        factories.response(assessment, lens="board", answers=_answers({"ebe1": 2, "ebe2": 3}))
    _store_next_board_version(db)
    assessment = factories.assessment(organisation=organisation, cycle=second)
    for _ in range(5):
        factories.response(
            assessment,
            lens="board",
            answers=_answers({"ebe1": 4, "ebe2_revised": 3, "ebe_new": 5}),
        )
    scope = Scope(user_id=1, role="viewer", organisation_id=organisation.id)

    page = build_statements_page(scope, organisation.id, "experts_by_experience", rules=RULES)

    rows = {row.measures: row for row in _lens(page, "board").rows}
    reworded, renamed, new = rows["ebe1"], rows["ebe2"], rows["ebe_new"]
    assert reworded.text.startswith("People with lived experience shape improvement")
    assert reworded.wording_changed and reworded.change.label == "improved"
    assert [cell.score for cell in reworded.cells] == [2.0, 4.0]
    assert not renamed.wording_changed and renamed.change.label == "no clear change"
    assert [cell.score for cell in renamed.cells] == [3.0, 3.0]
    assert new.cells[0] is None and new.cells[1].score == 5.0
    assert new.change.label == "new"
    assert list(rows)[:3] == ["ebe1", "ebe2", "ebe3"]  # questionnaire order, latest version


def test_the_statement_page_marks_new_and_reworded_statements(client, db, factories) -> None:
    organisation = factories.organisation()
    first = factories.cycle(label="2024/25", status="closed", opens_on=date(2024, 4, 1))
    second = factories.cycle(label="2025/26", status="closed", opens_on=date(2025, 4, 1))
    factories.response(
        factories.assessment(organisation=organisation, cycle=first),
        lens="board",
        answers=_answers({"ebe1": 2}),
    )
    _store_next_board_version(db)
    factories.response(
        factories.assessment(organisation=organisation, cycle=second),
        lens="board",
        answers=_answers({"ebe1": 3, "ebe_new": 4}),
    )
    user = factories.user(organisation)
    db.session.commit()
    sign_in(client, user)

    response = client.get(f"/compare/organisations/{organisation.id}/trends/experts_by_experience")

    main = re.sub(r"\s+", " ", main_content(response.get_data(as_text=True)))
    assert response.status_code == 200
    assert "The wording of this statement changed over time." in main
    assert ">New</strong>" in main and "Not asked" in main
    unknown = client.get(f"/compare/organisations/{organisation.id}/trends/not_an_ingredient")
    assert unknown.status_code == 404


def test_viewers_and_board_members_follow_a_cycle_only_once_it_has_closed(
    client, db, factories
) -> None:
    organisation = factories.organisation()
    closed = factories.cycle(label="2025/26", status="closed", opens_on=date(2025, 4, 1))
    current = factories.cycle(label="2026/27", status="open", opens_on=date(2026, 4, 1))
    for cycle in (closed, current):
        assessment = factories.assessment(organisation=organisation, cycle=cycle)
        factories.scored_response(assessment, lens="board", scores={"culture": 3.0})
    board_member = factories.user(organisation, role="board_member")
    viewer = factories.user(organisation, role="viewer")
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()

    pages = [
        f"/compare/organisations/{organisation.id}",
        f"/compare/organisations/{organisation.id}/trends",
    ]
    for waiting in (board_member, viewer):
        sign_in(client, waiting)
        for path in pages:
            text = main_content(client.get(path).get_data(as_text=True))
            assert "2025/26" in text and "2026/27" not in text, path
        held_back = client.get(
            f"/compare/organisations/{organisation.id}/cycles/{current.id}/benchmark"
        )
        assert held_back.status_code == 403
        assert "not available yet" in held_back.get_data(as_text=True)

    sign_in(client, lead)
    for path in pages:
        assert "2026/27" in main_content(client.get(path).get_data(as_text=True)), path


def test_anonymous_respondents_are_counted_in_bands_never_exactly(
    client, db, factories, history
) -> None:
    organisation, cycles = history
    assessment = factories.assessment(
        organisation=organisation,
        cycle=factories.cycle(label="2026/27", status="closed", opens_on=date(2026, 4, 1)),
    )
    for _ in range(7):
        factories.scored_response(assessment, lens="experts_by_experience", scores={"culture": 4.0})
    user = factories.user(organisation)
    db.session.commit()
    sign_in(client, user)

    html = client.get(f"/compare/organisations/{organisation.id}/trends").get_data(as_text=True)

    main = re.sub(r"\s+", " ", main_content(html))
    assert "5 to 9 responses" in main
    assert "7 responses" not in main
    assert "5 responses" in main  # the board, named, is counted exactly
