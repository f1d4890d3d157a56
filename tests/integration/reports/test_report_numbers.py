"""The trust report's numbers for the hand-computed trust in ``trust_fixture``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.reports.trust_fixture import EVERYONE, build_trust
from valuedcare.data.scope import Scope
from valuedcare.reports import service
from valuedcare.reports.model import TargetGap


@pytest.fixture
def trust(factories: Any):
    return build_trust(factories)


def _row(report, ingredient: str):
    return next(row for row in report.table if row.ingredient == ingredient)


def _card(report, ingredient: str):
    return next(card for card in report.cards if card.ingredient == ingredient)


def test_scores_table_by_lens_with_suppression_and_peer_median(trust) -> None:
    report = service.build_trust_report(EVERYONE, trust.assessment_id)
    ebe = _row(report, "experts_by_experience")
    # the agreed position covers 3 of 55 statements: provisional, so no agreed ingredient score
    assert report.agreed_progress.text == "Provisional: 3 of 55 statements agreed"
    assert [cell.text for cell in ebe.cells] == [
        "2.8",
        "not recorded",
        "fewer than 5 responses",
        "not asked",  # partner feedback asks about the local area only
    ]
    assert ebe.cells[0].score == pytest.approx(8.5 / 3)
    assert ebe.cells[2].score is None and ebe.cells[2].respondents is None
    assert ebe.peer_median.score == pytest.approx(4.0)
    assert ebe.peer_median.respondents == 5  # organisations
    local = _row(report, "local_area")
    assert [cell.text for cell in local.cells] == ["3.0", "not recorded", "no responses", "2.2"]
    assert local.peer_median.text == "not shown"
    culture = _row(report, "culture")
    assert [cell.text for cell in culture.cells][:2] == ["3.0", "not recorded"]
    assert report.respondents == {
        "board": 3,
        "board_agreed": 1,
        "experts_by_experience": 3,
        "partner": 5,
    }
    assert report.previous_cycle == "2024/25"
    assert report.peer_shown


def test_ingredient_cards(trust) -> None:
    report = service.build_trust_report(EVERYONE, trust.assessment_id)
    ebe = _card(report, "experts_by_experience")
    board = ebe.lines[0]
    assert (board.cell.text, board.cell.level, board.cell.respondents) == ("2.8", "Emerging", 3)
    assert board.change.text == "+0.8 (improved)"  # the board is a census: 0.5 is enough
    assert board.change.previous_score == pytest.approx(2.0)
    assert board.peer_median.text == "4.0"
    assert ebe.strongest.item_id == "ebe1" and ebe.strongest.score == pytest.approx(10 / 3)
    assert ebe.weakest.item_id == "ebe2" and ebe.weakest.score == pytest.approx(2.5)
    # members' targets while the agreed position is provisional: ebe1 current (4+2+4)/3, target
    # (5+4)/2; ebe2 current (2+3)/2, target 3 -> ingredient 2.917 to 3.75; culture 3.0 to 3.5
    gap = ebe.target_gap
    assert gap.lens == "board"
    assert (gap.current, gap.target, gap.gap) == pytest.approx((35 / 12, 3.75, 3.75 - 35 / 12))
    assert _card(report, "culture").target_gap == TargetGap("board", 3.0, 3.5, 0.5)
    suppressed = ebe.lines[2]
    assert suppressed.cell.suppressed and suppressed.change.label == "not comparable"


def test_gaps_disagreement_agreed_position_and_comments(trust) -> None:
    report = service.build_trust_report(EVERYONE, trust.assessment_id)
    # partners and experts by experience answer no question that mirrors a board statement
    # here, so no perception gap is worked out (see test_perception for mirrored questions)
    assert report.perception_gaps == ()
    assert [(d.item_id, d.lowest, d.highest, d.members) for d in report.disagreements] == [
        ("ebe1", 2, 4, 3),
        ("loc1", 2, 4, 3),
        ("cul1", 1, 5, 3),
    ]
    assert [(a.item_id, a.level, a.target) for a in report.agreed] == [
        ("ebe1", 3, 4),
        ("ebe2", 2, 3),
        ("cul1", 3, 4),
    ]
    assert report.agreed[1].rationale == "Two members had no evidence of gap measurement."
    texts = [c.text for c in report.comments]
    assert sorted(texts) == sorted(
        ["=HYPERLINK(1)"] + [f"Partner comment {i}" for i in range(1, 5)]
    )
    assert all(c.lens == "partner" for c in report.comments)


def test_other_organisations_are_out_of_scope(trust) -> None:
    own = Scope(user_id=1, role="viewer", organisation_id=trust.organisation_id)
    assert service.build_trust_report(own, trust.assessment_id) is not None
    assert service.build_trust_report(own, trust.other_assessment_id) is None
    assert service.build_trust_report(own, 999_999) is None


def test_board_members_wait_for_the_cycle_to_close(factories: Any) -> None:
    trust = build_trust(factories, current_status="open")
    member = Scope(user_id=1, role="board_member", organisation_id=trust.organisation_id)
    with pytest.raises(service.ReportNotReleased):
        service.build_trust_report(member, trust.assessment_id)
    assert service.build_trust_report(member, trust.previous_assessment_id) is not None
    lead = Scope(user_id=2, role="organisation_admin", organisation_id=trust.organisation_id)
    assert service.build_trust_report(lead, trust.assessment_id) is not None
    listed = [info.assessment_id for info in service.list_reports(member)]
    assert listed == [trust.previous_assessment_id]


def test_an_assessment_without_responses_still_has_a_report(app: Any, factories: Any) -> None:
    from datetime import date

    from valuedcare.reports.paper import build_board_paper

    assessment = factories.assessment()
    report = service.build_trust_report(EVERYONE, assessment.id)
    assert report.columns == () and report.previous_cycle is None
    assert {cell.text for row in report.table for cell in row.cells} == {
        "no responses",
        "not recorded",
    }
    assert report.cards[0].strongest is None and report.disagreements == ()
    assert service.radar_spec(report)["description"].startswith("Radar chart")
    with app.test_request_context():
        pdf = build_board_paper(
            report, radar_svg=service.radar_svg(report), prepared_on=date(2026, 1, 5)
        )
    assert pdf.startswith(b"%PDF")


def test_provisional_agreement_and_dont_know_on_the_page_and_the_paper(
    app,
    client,
    factories,
    db,
) -> None:
    """The fixture's board agreed 3 of 55 statements and one member said "don't know" to EBE2:
    the page and the board paper say the position is provisional, list the ingredients agreed in
    part, and flag the "don't know" for follow-up."""
    import re

    from tests.integration.reports.conftest import sign_in
    from tests.integration.reports.trust_fixture import build_trust
    from tests.unit.reports.pdf_text import pdf_text
    from valuedcare.models import Organisation

    built = build_trust(factories)
    lead = factories.user(db.session.get(Organisation, built.organisation_id), role="viewer")
    db.session.commit()
    sign_in(client, lead)
    html = client.get(f"/reports/assessments/{built.assessment_id}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Provisional: 3 of 55 statements agreed" in text
    assert "Experts by experience: 2 of 6 statements" in text
    assert "Culture: 1 of 6 statements" in text
    assert "EBE2:" in text and "1 of 3 members" in text
    paper = pdf_text(client.get(f"/reports/assessments/{built.assessment_id}/board-paper.pdf").data)
    paper = re.sub(r"\s+", " ", paper)
    assert "Provisional: 3 of 55 statements agreed" in paper
    assert "1 of 3 members" in paper and "to follow up" in paper


def test_agreed_progress_in_words() -> None:
    from valuedcare.reports.model import AgreedProgress

    per = {"culture": (5, 5), "leadership": (0, 5)}
    assert AgreedProgress(0, 10, per).text == "Not recorded yet"
    partial = AgreedProgress(5, 10, per)
    assert partial.text == "Provisional: 5 of 10 statements agreed" and partial.is_provisional
    assert partial.complete("culture") and not partial.complete("leadership")
    assert AgreedProgress(10, 10, per).text == "Agreed: all 10 statements"
    assert not AgreedProgress(0, 0).complete("culture")


def test_no_output_carries_an_agreed_score_from_part_of_an_ingredient(trust, db) -> None:
    """The stored scores every page, export and the API read: no agreed-position score for an
    ingredient whose statements are agreed only in part (the fixture agreed 2 of 6 EBE
    statements and 1 of 5 culture statements)."""
    from sqlalchemy import select

    from valuedcare.models import ResponseScore

    stored = db.session.scalars(
        select(ResponseScore.ingredient).where(ResponseScore.lens == "board_agreed")
    ).all()
    assert stored == []
