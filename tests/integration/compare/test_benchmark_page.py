"""The benchmark page: who may see it, what it names and what it never shows."""

from __future__ import annotations

import hashlib
import re

from tests.integration.compare.conftest import (
    build_network,
    chart_specs,
    main_content,
    sign_in,
    spec_rows,
)
from valuedcare.compare.service import labelling_key

SCORES = {"culture": [2.0, 2.5, 3.0, 3.5, 4.0, 1.5, 4.5, 2.2, 3.8], "leadership": [3.0] * 9}


def _url(organisation, cycle, **query: str) -> str:
    path = f"/compare/organisations/{organisation.id}/cycles/{cycle.id}/benchmark"
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _network(db, factories, **options):
    network = build_network(factories, SCORES, **options)
    viewer = network["organisations"][0]
    user = factories.user(viewer, role="board_member")
    db.session.commit()
    return network, viewer, user


def test_a_trust_user_sees_the_distribution_but_no_other_organisation(client, db, factories):
    network, viewer, user = _network(db, factories)
    sign_in(client, user)

    response = client.get(_url(viewer, network["cycle"]))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Your organisation" in html and "Organisation 8" in html
    for other in network["organisations"][1:]:
        assert other.name not in html
        assert other.code not in html
        assert f"/organisations/{other.id}/" not in html
    specs = chart_specs(html)
    assert set(specs) == {"benchmark-strip-spec", "benchmark-heatmap-spec"}
    labels = {row.get("organisation") for row in spec_rows(specs["benchmark-heatmap-spec"])}
    assert labels == {"Your organisation", *(f"Organisation {n}" for n in range(1, 9))}


def test_organisations_are_listed_by_keyed_hash_never_by_score(client, db, factories, app):
    network, viewer, user = _network(db, factories)
    sign_in(client, user)

    html = client.get(_url(viewer, network["cycle"])).get_data(as_text=True)

    key = labelling_key(app.config["SECRET_KEY"], network["cycle"].id)
    others = sorted(
        network["organisations"][1:],
        key=lambda o: hashlib.sha256(f"{key}{o.id}".encode()).hexdigest(),
    )
    culture = dict(zip([o.id for o in network["organisations"]], SCORES["culture"], strict=True))
    expected = [culture[o.id] for o in others]
    table = html[html.index("scores by organisation") :]
    rows = re.findall(
        r'<th scope="row" class="nhsuk-table__header">([^<]+)</th>\s*<td[^>]*>([\d.]+)', table
    )
    assert [label for label, _ in rows] == [
        "Your organisation",
        *(f"Organisation {n}" for n in range(1, 9)),
    ]
    assert [float(score) for _, score in rows[1:]] == expected


def test_the_numbering_changes_from_one_cycle_to_the_next(client, db, factories):
    first = build_network(factories, SCORES)
    later = factories.cycle(label="2026/27", status="closed")
    for organisation, score in zip(first["organisations"], SCORES["culture"], strict=True):
        assessment = factories.assessment(organisation=organisation, cycle=later)
        factories.scored_response(assessment, lens="board", scores={"culture": score})
    viewer = first["organisations"][0]
    user = factories.user(viewer)
    db.session.commit()
    sign_in(client, user)

    def label_of_score(cycle) -> dict[float, str]:
        html = client.get(_url(viewer, cycle)).get_data(as_text=True)
        rows = spec_rows(chart_specs(html)["benchmark-heatmap-spec"])
        return {row["score"]: row["organisation"] for row in rows if row["ingredient"] == "culture"}

    # each organisation keeps its (distinct) culture score, so the score says who is who
    before, after = label_of_score(first["cycle"]), label_of_score(later)
    assert set(before.values()) == set(after.values())
    assert before[SCORES["culture"][0]] == after[SCORES["culture"][0]] == "Your organisation"
    assert before != after


def test_a_platform_administrator_sees_only_names_that_were_agreed(client, db, factories):
    network = build_network(factories, SCORES, fields={3: {"named_in_benchmarks": True}})
    admin = factories.user(None, role="platform_admin")
    db.session.commit()
    sign_in(client, admin)
    viewer, named = network["organisations"][0], network["organisations"][3]

    html = client.get(_url(viewer, network["cycle"])).get_data(as_text=True)

    assert f"{viewer.name} (selected)" in html
    assert named.name in html
    for other in network["organisations"][1:]:
        if other is not named:
            assert other.name not in html
    assert "Organisation 7" in html and "Organisation 8" not in html  # 9 less the chosen and named


def test_a_group_of_fewer_than_five_is_not_shown_and_the_page_says_why(client, db, factories):
    network, viewer, user = _network(
        db, factories, fields={i: {"region": "London"} for i in range(4)}
    )
    sign_in(client, user)

    html = client.get(_url(viewer, network["cycle"], group="region")).get_data(as_text=True)

    assert "fewer than 5 organisations in this group have a result" in html
    assert chart_specs(html) == {}
    # the only culture score on the page is the organisation's own (2.0; the others are 2.5-3.5)
    main = main_content(html)
    assert "Lower quartile" in main and "2.0" in main
    assert "Lowest" not in main and "Highest" not in main
    assert "2.5" not in main and "3.5" not in main


def test_other_organisations_and_cycles_answer_not_found(client, db, factories):
    network, viewer, user = _network(db, factories)
    other = network["organisations"][1]
    unknown_cycle = factories.cycle(label="2030/31")
    db.session.commit()
    sign_in(client, user)

    assert client.get(_url(other, network["cycle"])).status_code == 404
    assert client.get(f"/compare/organisations/{other.id}/trends").status_code == 404
    assert (
        client.get(_url(other, network["cycle"]).replace("benchmark", "teams")).status_code == 404
    )
    assert client.get(_url(viewer, unknown_cycle)).status_code == 404
    assert client.get(_url(viewer, network["cycle"], group="league")).status_code == 404
    assert client.get(_url(viewer, network["cycle"], lens="partner")).status_code == 404
    assert client.get(_url(viewer, network["cycle"], lens="board")).status_code == 200


def test_signed_out_visitors_cannot_see_a_benchmark(client, db, factories):
    network = build_network(factories, SCORES)
    db.session.commit()

    response = client.get(_url(network["organisations"][0], network["cycle"]))

    assert response.status_code in (302, 401)
    assert "Organisation 1" not in response.get_data(as_text=True)


def test_the_compare_start_page_sends_trust_users_to_their_organisation(client, db, factories):
    network, viewer, user = _network(db, factories)
    sign_in(client, user)

    start = client.get("/compare/")
    home = client.get(f"/compare/organisations/{viewer.id}")

    assert start.status_code == 302
    assert start.headers["Location"].endswith(f"/compare/organisations/{viewer.id}")
    assert home.status_code == 200
    assert _url(viewer, network["cycle"]) in home.get_data(as_text=True)


def test_a_platform_administrator_chooses_an_organisation_by_name(client, db, factories):
    network = build_network(factories, SCORES)
    admin = factories.user(None, role="platform_admin")
    db.session.commit()
    sign_in(client, admin)

    html = client.get("/compare/").get_data(as_text=True)

    names = [o.name for o in network["organisations"]]
    positions = [html.index(name) for name in sorted(names)]
    assert positions == sorted(positions)


def test_charts_print_the_same_rounded_scores_as_the_tables(client, db, factories):
    # 1.95 is stored as 1.94999...: binary rounding would print 1.9, the tables print 2.0
    network, viewer, user = _network(db, factories)
    factories.scored_response(network["assessments"][0], lens="board", scores={"culture": 1.9})
    db.session.commit()
    sign_in(client, user)

    html = client.get(_url(viewer, network["cycle"])).get_data(as_text=True)

    rows = spec_rows(chart_specs(html)["benchmark-heatmap-spec"])
    own = next(
        r for r in rows if r["organisation"] == "Your organisation" and r["ingredient"] == "culture"
    )
    assert (own["score"], own["text"]) == (2.0, "2.0")
    table = main_content(html)[main_content(html).index("scores by organisation") :]
    assert re.search(r"Your organisation</th>\s*<td[^>]*>2.0</td>", table)


def test_each_organisations_own_scores_appear_only_among_all_organisations(client, db, factories):
    network, viewer, user = _network(db, factories)
    sign_in(client, user)

    for group in ("region", "peer_group"):
        html = client.get(_url(viewer, network["cycle"], group=group)).get_data(as_text=True)
        main = main_content(html)
        assert set(chart_specs(html)) == {"benchmark-strip-spec"}, group
        assert "Organisation 1" not in main and "scores by organisation" not in main
        assert "compare with all participating organisations" in main
        # the strip chart holds group statistics and this organisation's score, nothing else
        for row in spec_rows(chart_specs(html)["benchmark-strip-spec"]):
            assert set(row) <= {"ingredient", "label", "q1", "median", "q3", "this_score"}, row
    html = client.get(_url(viewer, network["cycle"], group="all")).get_data(as_text=True)
    assert set(chart_specs(html)) == {"benchmark-strip-spec", "benchmark-heatmap-spec"}
