"""Linkage attack: can trust A's improvement lead tell which anonymous organisation is in A's
region or type of organisation, by combining what the API and the benchmark pages give?

Thirty-five organisations across four regions and two types of organisation share their results
in a closed cycle. Four share A's region, six A's type, and two of those share both, so naming
them would be easy: regions and types are public. Playing trust A's improvement lead, the test
reads everything the API (with a real token) and the benchmark pages give for the comparator
groups "all", "region" and "peer_group", then tries two attacks:

1. Profile matching: find an organisation's scores (an API peer profile, a heatmap row) in a
   region or type-of-organisation view and the same scores in the view of all organisations.
   A profile seen in both is linked to the region or type, whatever its label.
2. Extremes of small groups: a region's lowest or highest score is one organisation's own
   score; if that score belongs to a single organisation in the view of all organisations, that
   organisation is linked to the region.

Before profiles were limited to the group "all" and lowest/highest were dropped, both attacks
linked organisations through the API and through the pages.

The test does not claim more than it checks: the quartiles of a small group are exact scores of
single organisations too (linear interpolation sits on a rank when the group has 5, 9, ...
members), which an attacker could match by probability; see ``test_group_views_give_only``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Any

import pytest

from tests.integration.api.conftest import get_json, make_token
from tests.integration.compare.conftest import build_network, chart_specs, sign_in, spec_rows

INGREDIENTS = ("culture", "leadership", "patient_safety", "innovation")
GROUPS = ("all", "region", "peer_group")
HOME_REGION, HOME_TYPE = "Midlands", "Mental health and learning disability trust"
OTHER_TYPE = "Mental health and community trust"
#: What a region or type-of-organisation view may give per lens and ingredient.
GROUP_FIELDS = {
    "lens",
    "ingredient",
    "ingredient_title",
    "n_organisations",
    "shown",
    "lower_quartile",
    "median",
    "upper_quartile",
    "organisation_score",
    "percentile_rank",
    "band",
}

Profile = tuple[float | None, ...]


def _fields(index: int) -> dict[str, str]:
    """Organisation 0 is trust A. 1-4 share A's region (1 and 2 A's type too); 5-8 share A's
    type elsewhere; the other 26 are in three other regions, of the other type."""
    elsewhere = ("London", "North West", "South West")[index % 3]
    region = HOME_REGION if index <= 4 else elsewhere
    peer_group = HOME_TYPE if index <= 2 or 5 <= index <= 8 else OTHER_TYPE
    return {"region": region, "peer_group": peer_group}


@pytest.fixture
def world(db: Any, factories: Any) -> dict[str, Any]:
    rng = random.Random(2026)
    count = 35
    scores = {i: [round(rng.uniform(1.0, 5.0), 2) for _ in range(count)] for i in INGREDIENTS}
    network = build_network(factories, scores, fields={i: _fields(i) for i in range(count)})
    lead = factories.user(network["organisations"][0], role="organisation_admin")
    db.session.commit()
    return {**network, "lead": lead, "token": make_token(db, lead)}


# --- what the improvement lead collects ----------------------------------------------------------


def _all_items(client: Any, url: str, token: str, **query: Any) -> tuple[int, list[dict]]:
    """Every item of a paged API list (status of the first page, items of all pages)."""
    status, body = get_json(client, url, token, per_page=200, **query)
    if status != 200:
        return status, []
    items = list(body["items"])
    while body["next"]:
        body = client.get(body["next"], headers={"Authorization": f"Bearer {token}"}).get_json()
        items += body["items"]
    return status, items


def _profiles_from_rows(rows: list[dict], label: str, value: str) -> dict[str, Profile]:
    """label -> (culture, leadership, ...) from per-organisation rows of the board lens."""
    cells: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        if row.get("lens", "board") == "board" and row[value] is not None:
            cells[row[label]][row["ingredient"]] = float(row[value])
    return {name: tuple(by.get(i) for i in INGREDIENTS) for name, by in cells.items()}


def _collect_api(client: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    a, cycle, token = world["organisations"][0], world["cycle"], world["token"]
    base = f"/api/v1/organisations/{a.id}/cycles/{cycle.id}/benchmark"
    views = {}
    for group in GROUPS:
        status, peers = _all_items(client, base + "/peers", token, group=group)
        benchmark_status, figures = _all_items(client, base, token, group=group, lens="board")
        assert benchmark_status == 200, group
        views[group] = {
            "peers_status": status,
            "profiles": _profiles_from_rows(peers, "organisation", "score"),
            "figures": figures,
        }
    return views


_HEATMAP_ROW = re.compile(
    r'<th scope="row" class="nhsuk-table__header">([^<]+)</th>(.*?)</tr>', re.S
)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def _number(text: str) -> float | None:
    try:
        return float(re.sub(r"<[^>]+>", "", text).strip())
    except ValueError:
        return None


def _collect_page(client: Any, world: dict[str, Any], group: str) -> dict[str, Any]:
    a, cycle = world["organisations"][0], world["cycle"]
    url = f"/compare/organisations/{a.id}/cycles/{cycle.id}/benchmark?group={group}&lens=board"
    response = client.get(url)
    assert response.status_code == 200, group
    html = response.get_data(as_text=True)
    profiles: dict[str, Profile] = {}
    if "scores by organisation" in html:
        table = html[html.index("scores by organisation") :]
        table = table[: table.index("</table>")]
        for label, cells in _HEATMAP_ROW.findall(table):
            profiles[label.strip()] = tuple(_number(cell) for cell in _CELL.findall(cells))
    specs = chart_specs(html)
    heatmap = specs.get("benchmark-heatmap-spec")
    if heatmap:  # the chart's own data: the same profiles again
        chart_rows = [row for row in spec_rows(heatmap) if "organisation" in row]
        profiles.update(_profiles_from_rows(chart_rows, "organisation", "score"))
    strip = [row for row in spec_rows(specs.get("benchmark-strip-spec", {})) if "ingredient" in row]
    return {"html": html, "profiles": profiles, "strip": strip}


# --- the attacks ---------------------------------------------------------------------------------


def _rounded(profile: Profile) -> Profile:
    return tuple(None if x is None else round(x, 1) for x in profile)


def _match_profiles(everyone: dict[str, Profile], group: dict[str, Profile]) -> set[str]:
    """Labels in the view of all organisations whose profile is seen, uniquely, in ``group``."""
    linked = set()
    for label, profile in group.items():
        if label in ("Your organisation",) or label.endswith("(selected)"):
            continue
        same = [other for other, seen in everyone.items() if _rounded(seen) == _rounded(profile)]
        if len(same) == 1 and same[0] != "Your organisation":
            linked.add(same[0])
    return linked


def _match_extremes(everyone: dict[str, Profile], extremes: list[tuple[str, float]]) -> set[str]:
    """Labels whose score for an ingredient is, uniquely, a group's lowest or highest."""
    column = {ingredient: n for n, ingredient in enumerate(INGREDIENTS)}
    linked = set()
    for ingredient, value in extremes:
        owners = [
            label
            for label, profile in everyone.items()
            if profile[column[ingredient]] is not None
            and round(profile[column[ingredient]], 1) == round(value, 1)
        ]
        if len(owners) == 1 and owners[0] != "Your organisation":
            linked.add(owners[0])
    return linked


def _api_extremes(figures: list[dict]) -> list[tuple[str, float]]:
    return [
        (row["ingredient"], row[name])
        for row in figures
        for name in ("minimum", "maximum")
        if row.get(name) is not None
    ]


def _page_extremes(page: dict[str, Any]) -> list[tuple[str, float]]:
    """Lowest and highest per ingredient, from the strip chart's data and the page's table."""
    found = [
        (row["ingredient"], row[name])
        for row in page["strip"]
        for name in ("min", "max")
        if row.get(name) is not None
    ]
    html = page["html"]
    if "Lowest</th>" in html:
        table = html[html.index("Lowest</th>") :]
        table = table[: table.index("</table>")]
        titles = {"Culture": "culture", "Leadership": "leadership", "Innovation": "innovation"}
        for title, cells in _HEATMAP_ROW.findall(table):
            numbers = [_number(cell) for cell in _CELL.findall(cells)]
            ingredient = titles.get(title.strip(), "patient_safety")
            # columns: own score, organisations, lowest, lower quartile, median, upper, highest
            found += [(ingredient, numbers[i]) for i in (2, 6) if numbers[i] is not None]
    return found


def test_no_organisation_can_be_linked_to_trust_as_region_or_type(client, world) -> None:
    api = _collect_api(client, world)
    sign_in(client, world["lead"])
    pages = {group: _collect_page(client, world, group) for group in GROUPS}
    everyone_api = api["all"]["profiles"]
    everyone_page = pages["all"]["profiles"]
    # The attacker does have every organisation's (rounded) profile among all organisations.
    assert len(everyone_api) == len(everyone_page) == 35

    links: dict[str, set[str]] = {}
    for group in ("region", "peer_group"):
        links[f"api {group} profiles"] = _match_profiles(everyone_api, api[group]["profiles"])
        links[f"page {group} profiles"] = _match_profiles(everyone_page, pages[group]["profiles"])
        extremes = _api_extremes(api[group]["figures"])
        links[f"api {group} lowest/highest"] = _match_extremes(everyone_api, extremes)
        links[f"page {group} lowest/highest"] = _match_extremes(
            everyone_page, _page_extremes(pages[group])
        )

    assert {attack: found for attack, found in links.items() if found} == {}
    in_both = _match_profiles(everyone_api, api["region"]["profiles"]) & _match_profiles(
        everyone_api, api["peer_group"]["profiles"]
    )
    assert in_both == set()


def test_group_views_give_only_group_figures_and_this_organisations_place(client, world) -> None:
    api = _collect_api(client, world)
    sign_in(client, world["lead"])
    for group in ("region", "peer_group"):
        assert api[group]["peers_status"] == 400 and api[group]["profiles"] == {}
        for row in api[group]["figures"]:
            assert set(row) <= GROUP_FIELDS, row
        page = _collect_page(client, world, group)
        assert page["profiles"] == {}
        assert "Organisation 1" not in page["html"]
        for row in page["strip"]:
            assert set(row) <= {"ingredient", "label", "q1", "median", "q3", "this_score"}, row
    sizes = {group: {row["n_organisations"] for row in api[group]["figures"]} for group in GROUPS}
    assert sizes == {"all": {35}, "region": {5}, "peer_group": {7}}
