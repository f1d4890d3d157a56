"""Organisations: platform administrators list, add and change them; nobody else can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.auth.helpers import audit_events, main_content, make_user, sign_in

VALID = {
    "code": "rx4 ",
    "name": "Riverside Trust (fictional)",
    "region": "North West",
    "peer_group": "Mental health trust",
    "benchmark_opt_in": "yes",
    "named_in_benchmarks": "no",
}


def _organisation(db, code: str):
    from valuedcare.models import Organisation

    db.session.expire_all()
    return db.session.scalars(select(Organisation).where(Organisation.code == code)).first()


def test_the_list_shows_each_organisation_and_its_users(client, db, factories, platform_admin):
    organisation = factories.organisation(code="AAA1", name="Alpha Trust (fictional)")
    make_user(db, "viewer", organisation)
    make_user(db, "board_member", organisation)

    page = main_content(client.get("/admin/organisations").get_data(as_text=True))

    row = page[page.index("AAA1") : page.index("</tr>", page.index("AAA1"))]
    assert "Alpha Trust (fictional)" in row and "<td>2</td>" in row
    assert f'href="/admin/organisations/{organisation.id}"' in row


def test_adding_an_organisation_stores_it_and_records_it(client, db, platform_admin):
    response = client.post("/admin/organisations/new", data=VALID)

    assert response.status_code == 302 and response.headers["Location"] == "/admin/organisations"
    organisation = _organisation(db, "RX4")
    assert (
        organisation.name == "Riverside Trust (fictional)" and organisation.region == "North West"
    )
    assert organisation.benchmark_opt_in is True and organisation.named_in_benchmarks is False
    assert organisation.is_demo is False
    event = audit_events(db, "organisation_created")[-1]
    assert event.organisation_id == organisation.id and event.actor_id == platform_admin.id


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "R-4"}, "code", "Code must be 2 to 12 letters or numbers"),
        ({"name": ""}, "name", "Enter the name"),
        ({"name": "x" * 201}, "name", "Name must be 200 characters or fewer"),
        ({"benchmark_opt_in": ""}, "benchmark_opt_in", "Select whether to include it"),
        (
            {"benchmark_opt_in": "no", "named_in_benchmarks": "yes"},
            "named_in_benchmarks",
            "An organisation can only be named if it is in benchmarks",
        ),
    ],
)
def test_a_form_with_a_problem_is_shown_again(client, db, platform_admin, changes, field, message):
    response = client.post("/admin/organisations/new", data={**VALID, **changes})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Add an organisation" in page
    assert message in page and f'href="#{field}"' in page
    assert _organisation(db, "RX4") is None


def test_codes_are_unique(client, db, factories, platform_admin):
    factories.organisation(code="RX4")
    db.session.commit()
    page = client.post("/admin/organisations/new", data=VALID).get_data(as_text=True)
    assert "Another organisation already has this code" in page


def test_changing_an_organisation_records_which_fields_changed(
    client, db, factories, platform_admin
):
    organisation = factories.organisation(code="RX4", benchmark_opt_in=False)
    db.session.commit()
    url = f"/admin/organisations/{organisation.id}"
    form = client.get(url).get_data(as_text=True)
    assert 'value="RX4"' in form and 'value="no" checked' in form

    response = client.post(url, data={**VALID, "region": "Midlands", "named_in_benchmarks": "yes"})

    assert response.status_code == 302
    changed = _organisation(db, "RX4")
    assert changed.region == "Midlands" and changed.named_in_benchmarks is True
    event = audit_events(db, "organisation_updated")[-1]
    assert event.detail["changed"] == [
        "benchmark_opt_in",
        "name",
        "named_in_benchmarks",
        "peer_group",
        "region",
    ]


def test_an_unknown_organisation_is_not_found(client, db, platform_admin):
    assert client.get("/admin/organisations/999999").status_code == 404


@pytest.mark.parametrize("role", ["organisation_admin", "board_member", "viewer"])
def test_only_platform_administrators_manage_organisations(client, db, factories, role):
    organisation = factories.organisation()
    sign_in(client, make_user(db, role, organisation))
    for url in [
        "/admin/organisations",
        "/admin/organisations/new",
        f"/admin/organisations/{organisation.id}",
    ]:
        assert client.get(url).status_code == 403
    assert client.post("/admin/organisations/new", data=VALID).status_code == 403
    assert _organisation(db, "RX4") is None
