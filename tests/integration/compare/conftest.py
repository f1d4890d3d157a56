"""Fixtures for the compare pages: signing in, fresh caches and a small network of trusts."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.integration.auth.helpers import stored_session

REGION = "Midlands"
PEER_GROUP = "Mental health and learning disability trust"


def sign_in(client: Any, user: Any) -> None:
    """Sign ``user`` in on the test client, as Flask-Login's session cookie does."""
    values = stored_session(user)
    with client.session_transaction() as session:
        session.update(values)
        session["_fresh"] = True


_SPEC = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def chart_specs(html: str) -> dict[str, dict]:
    """The Vega-Lite specs embedded in a page, by data-block id."""
    return {match[1]: json.loads(match[2]) for match in _SPEC.finditer(html)}


def main_content(html: str) -> str:
    """The page's <main> element (without the header's logo and the footer)."""
    return html[html.index("<main") : html.index("</main>")]


def spec_rows(spec: dict) -> list[dict]:
    """Every inline data row of a (layered) Vega-Lite spec."""
    rows = list(spec.get("datasets", {}).values())
    return [row for dataset in rows for row in dataset]


def build_network(
    factories: Any,
    board_scores: dict[str, list[float]],
    *,
    fields: dict[int, dict] | None = None,
    cycle: Any = None,
) -> dict:
    """Opted-in trusts in one cycle, each with one board response per listed score.

    ``board_scores`` maps an ingredient to one score per organisation (same length for each
    ingredient); ``fields`` overrides organisation fields by position (region, peer group...).
    Returns {"cycle", "organisations", "assessments"}.
    """
    cycle = cycle or factories.cycle(label="2025/26", status="closed")
    count = len(next(iter(board_scores.values())))
    organisations, assessments = [], []
    for index in range(count):
        defaults = {"region": REGION, "peer_group": PEER_GROUP}
        organisation = factories.organisation(**{**defaults, **(fields or {}).get(index, {})})
        assessment = factories.assessment(organisation=organisation, cycle=cycle)
        factories.scored_response(
            assessment,
            lens="board",
            scores={ingredient: scores[index] for ingredient, scores in board_scores.items()},
        )
        organisations.append(organisation)
        assessments.append(assessment)
    return {"cycle": cycle, "organisations": organisations, "assessments": assessments}
