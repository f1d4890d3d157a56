"""Release at close: attacks on anonymous figures through time.

An improvement lead reads every output that carries a trust's figures (the report page, its radar
data, the scores download and the API), waits for one more anonymous response, and reads again.
The difference between two reads would be that one person's answers. These tests show that
anonymous figures appear only once the cycle closes, that a second close after a reopening never
publishes figures that differ by fewer than the threshold, and that a lead who pads a small group
with answers of their own learns nothing while the cycle is open and is recorded trying.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.api.conftest import bearer, make_token
from tests.integration.reports.conftest import sign_in

LENS = "partner"


@pytest.fixture
def trust(factories: Any, db: Any) -> dict[str, Any]:
    """An open cycle, a trust with two board responses, its lead, a platform admin and a link."""
    from valuedcare.data.scores import store_response_scores

    cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation(code="RLSA", name="Release Test Trust")
    assessment = factories.assessment(organisation, cycle)
    for level in (2, 4):
        board = factories.response(
            assessment, lens="board", answers={"loc1": (level, float(level), False, None)}
        )
        store_response_scores(board.id)
    lead = factories.user(organisation, role="organisation_admin")
    admin = factories.user(None, role="platform_admin")
    db.session.commit()
    return {"cycle": cycle, "assessment": assessment, "lead": lead, "admin": admin}


def _partner(factories: Any, db: Any, assessment: Any, score: int) -> None:
    """A partner's submitted answers (p1 scores local area), as the respondent journey leaves
    them: submitted, scores stored, not yet released."""
    from valuedcare.data.scores import store_response_scores

    response = factories.response(
        assessment,
        lens=LENS,
        answers={"p1": ("x", float(score), False, None)},
        released=False,
    )
    store_response_scores(response.id)
    db.session.commit()


def _move_cycle(app: Any, admin: Any, cycle: Any, action: str) -> Any:
    client = app.test_client()
    sign_in(client, admin)
    if action == "reopen":
        page = client.post(f"/admin/cycles/{cycle.id}/reopen", data={"reason": "A late board"})
    else:
        page = client.post(f"/admin/cycles/{cycle.id}/{action}")
    assert page.status_code == 302
    return client.get("/admin/cycles")


def _partner_figures(app: Any, db: Any, trust: dict[str, Any]) -> dict[str, Any]:
    """Everything a lead can read of the partner lens: report page, radar data, scores CSV, API."""
    client = app.test_client()
    sign_in(client, trust["lead"])
    base = f"/reports/assessments/{trust['assessment'].id}"
    page = client.get(base)
    assert page.status_code == 200
    radar = client.get(f"{base}/radar.json").get_json()
    csv = client.get(f"{base}/scores.csv").get_data(as_text=True)
    token = make_token(db, trust["lead"])
    organisation_id = trust["assessment"].organisation_id
    api = client.get(
        f"/api/v1/organisations/{organisation_id}/cycles/{trust['cycle'].id}/scores",
        headers=bearer(token),
    ).get_json()
    return {
        "page": _partner_cells(page.get_data(as_text=True)),
        "radar": sorted(
            str(value) for value in _values(radar) if "artner" in str(value) or _is_score(value)
        ),
        "csv": [line for line in csv.splitlines() if ",partner," in line.lower()],
        "api": [row for row in api["items"] if row.get("lens") == LENS],
    }


def _is_score(value: Any) -> bool:
    return isinstance(value, float)


def _values(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [v for value in node.values() for v in _values(value)]
    if isinstance(node, list):
        return [v for value in node for v in _values(value)]
    return [node]


def _partner_cells(html: str) -> list[str]:
    """The numbers on the page that sit in rows or sentences about partners."""
    main = html[html.index("<main") : html.index("</main>")]
    return sorted(re.findall(r"[Pp]artners?[^<]{0,80}</t[hd]>\s*<td[^>]*>([^<]*)<", main))


def _shows_partner_score(figures: dict[str, Any]) -> bool:
    return any(row.get("score") is not None for row in figures["api"])


def test_no_anonymous_figure_is_published_while_the_cycle_is_open(
    app: Any, db: Any, factories: Any, trust: dict[str, Any]
) -> None:
    for score in (1, 2, 2, 3, 3):
        _partner(factories, db, trust["assessment"], score)
    five = _partner_figures(app, db, trust)
    _partner(factories, db, trust["assessment"], 5)
    six = _partner_figures(app, db, trust)

    assert not _shows_partner_score(five)
    assert five == six, "a lead could difference two reads of an open cycle"


def test_closing_the_cycle_releases_the_figures(
    app: Any, db: Any, factories: Any, trust: dict[str, Any]
) -> None:
    for score in (1, 2, 2, 3, 3):
        _partner(factories, db, trust["assessment"], score)
    before = _partner_figures(app, db, trust)

    _move_cycle(app, trust["admin"], trust["cycle"], "close")
    after = _partner_figures(app, db, trust)

    assert not _shows_partner_score(before)
    scores = [row["score"] for row in after["api"] if row["score"] is not None]
    assert scores == [pytest.approx(2.2)]


def test_a_second_close_never_publishes_a_change_of_fewer_than_five(
    app: Any, db: Any, factories: Any, trust: dict[str, Any]
) -> None:
    from valuedcare.data.audit import list_events

    for score in (1, 2, 2, 3, 3):
        _partner(factories, db, trust["assessment"], score)
    _move_cycle(app, trust["admin"], trust["cycle"], "close")
    first = _partner_figures(app, db, trust)

    _move_cycle(app, trust["admin"], trust["cycle"], "reopen")
    _partner(factories, db, trust["assessment"], 5)  # one late partner
    reopened = _partner_figures(app, db, trust)
    cycles_page = _move_cycle(app, trust["admin"], trust["cycle"], "close")
    held_back = _partner_figures(app, db, trust)

    assert reopened == first, "released figures stay frozen while the cycle is open again"
    assert held_back == first, "one new response must not move a published figure"
    assert "were not added to the published results" in cycles_page.get_data(as_text=True)
    released = list_events(action="cycle_released").rows
    assert released[0].detail["groups_held_back"] == 1

    for score in (5, 5, 5, 5):  # four more: five new responses since the last release
        _partner(factories, db, trust["assessment"], score)
    _move_cycle(app, trust["admin"], trust["cycle"], "reopen")
    _move_cycle(app, trust["admin"], trust["cycle"], "close")
    grown = _partner_figures(app, db, trust)

    scores = [row["score"] for row in grown["api"] if row["score"] is not None]
    assert scores == [pytest.approx((11 + 25) / 10)]


def test_a_lead_cannot_pad_a_small_group_through_the_link(
    app: Any, db: Any, factories: Any, trust: dict[str, Any]
) -> None:
    """Attack: the lead holds the partners' link and answers through it while signed in, to take
    a group of 4 to 5 with answers they know."""
    from valuedcare.data import invitations
    from valuedcare.data.audit import list_events
    from valuedcare.data.scope import Scope

    for score in (1, 2, 2, 3):
        _partner(factories, db, trust["assessment"], score)
    scope = Scope(
        user_id=trust["lead"].id,
        role="organisation_admin",
        organisation_id=trust["assessment"].organisation_id,
    )
    _, token = invitations.create_anonymous_link(
        scope, trust["assessment"].id, lens=LENS, label="Partners"
    )
    db.session.commit()
    client = app.test_client()
    sign_in(client, trust["lead"])

    start = client.get(f"/r/{token}")
    begin = client.post(f"/r/{token}/start")

    assert start.status_code == 403 and begin.status_code == 403
    assert "Sign out to answer anonymously" in start.get_data(as_text=True)
    events = list_events(action="anonymous_link_refused").rows
    assert len(events) == 1 and events[0].actor_label == trust["lead"].email
    from valuedcare.models import Response

    assert db.session.query(Response).filter_by(lens=LENS).count() == 4
    # and even a padded group shows nothing until the cycle closes
    _partner(factories, db, trust["assessment"], 5)
    assert not _shows_partner_score(_partner_figures(app, db, trust))


def test_the_report_says_when_anonymous_results_will_be_published(
    app: Any, db: Any, factories: Any, trust: dict[str, Any]
) -> None:
    for score in (1, 2, 2, 3, 3):
        _partner(factories, db, trust["assessment"], score)
    client = app.test_client()
    sign_in(client, trust["lead"])

    page = client.get(f"/reports/assessments/{trust['assessment'].id}").get_data(as_text=True)

    assert "published when the cycle closes" in page
    assert "More responses are published when the cycle closes" in page
