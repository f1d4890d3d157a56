"""Variation between teams: the small-number rule plus secondary suppression, on page and chart."""

from __future__ import annotations

import re

import pytest

from tests.disclosure_rules import RULES
from tests.integration.compare.conftest import chart_specs, main_content, sign_in, spec_rows
from valuedcare.compare.common import CompareSettings
from valuedcare.compare.teams import build_teams_page
from valuedcare.data.scope import Scope

# Partners by team: Central 8 (scores 4), East 6 (3), North 3 (1, too few), West 7 (2).
# Whole organisation: 24. Hiding only North would leave 24 - (8 + 6 + 7) = 3 < 5 people to be
# worked out by subtraction, so the smallest shown team (East) is hidden as well.
TEAMS = {"Central": (8, 4.0), "East": (6, 3.0), "North": (3, 1.0), "West": (7, 2.0)}


@pytest.fixture
def trust(db, factories):
    organisation = factories.organisation()
    cycle = factories.cycle(label="2025/26", status="closed")
    assessment = factories.assessment(organisation=organisation, cycle=cycle)
    for team, (people, score) in TEAMS.items():
        for _ in range(people):
            factories.scored_response(
                assessment, lens="partner", team=team, scores={"local_area": score}
            )
    for _ in range(5):  # the board names no team: not part of this page
        factories.scored_response(assessment, lens="board", scores={"local_area": 3.0})
    return organisation, cycle


def test_small_teams_and_their_complement_are_hidden(trust) -> None:
    organisation, cycle = trust
    scope = Scope(user_id=1, role="viewer", organisation_id=organisation.id)

    page = build_teams_page(scope, organisation.id, cycle.id, settings=CompareSettings("s", RULES))

    assert [lens.lens for lens in page.lenses] == ["partner"]
    partner = page.lenses[0]
    assert partner.teams == ["Central", "East", "North", "West"]
    row = partner.rows[0]
    # whole organisation: (8 x 4 + 6 x 3 + 3 x 1 + 7 x 2) / 24 = 67 / 24
    assert (row.whole.score, row.whole.respondents) == (pytest.approx(67 / 24), 24)
    cells = dict(zip(partner.teams, row.teams, strict=True))
    assert (cells["Central"].score, cells["Central"].respondents) == (4.0, 8)
    assert (cells["West"].score, cells["West"].respondents) == (2.0, 7)
    assert cells["North"].suppressed and not cells["North"].complement
    assert cells["North"].score is None and cells["North"].respondents is None
    assert cells["East"].suppressed and cells["East"].complement and cells["East"].score is None
    assert page.any_complement


def test_the_teams_page_and_its_chart_show_no_hidden_figure(client, db, factories, trust):
    organisation, cycle = trust
    user = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    sign_in(client, user)

    response = client.get(f"/compare/organisations/{organisation.id}/cycles/{cycle.id}/teams")

    html = response.get_data(as_text=True)
    main = re.sub(r"\s+", " ", main_content(html))
    assert response.status_code == 200
    assert '4.0<br><span class="nhsuk-body-s">8 responses' in main
    assert "3.0<br>" not in main and "1.0<br>" not in main
    assert "6 responses" not in main and "3 responses" not in main
    assert "hidden to protect a smaller team" in main
    rows = spec_rows(chart_specs(html)["teams-heatmap-partner-spec"])
    scores = {row["team_label"]: row["score"] for row in rows}
    assert scores == {"Central": 4.0, "East": None, "North": None, "West": 2.0}


def test_another_organisations_teams_are_not_found(client, db, factories, trust):
    organisation, cycle = trust
    stranger = factories.user(factories.organisation())
    db.session.commit()
    sign_in(client, stranger)

    response = client.get(f"/compare/organisations/{organisation.id}/cycles/{cycle.id}/teams")

    assert response.status_code == 404
