"""Cycles: added as not open, then opened, closed and reopened (with a reason) by platform
administrators, each step in the audit log."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.integration.auth.helpers import audit_events, main_content, make_user, sign_in
from valuedcare.forms.dates import date_formdata

VALID = {
    "label": "2027/28",
    **date_formdata("opens_on", date(2027, 4, 1)),
    **date_formdata("closes_on", date(2028, 3, 31)),
}


def _status(db, cycle) -> tuple[str, str | None]:
    db.session.refresh(cycle)
    return cycle.status, cycle.status_reason


def test_adding_a_cycle_makes_a_cycle_that_is_not_open_yet(client, db, platform_admin):
    from valuedcare.data.cycles import list_cycles

    response = client.post("/admin/cycles/new", data=VALID)

    assert response.status_code == 302 and response.headers["Location"] == "/admin/cycles"
    [(cycle, assessments)] = list_cycles()
    assert (cycle.label, cycle.opens_on, cycle.closes_on) == (
        "2027/28",
        date(2027, 4, 1),
        date(2028, 3, 31),
    )
    assert cycle.status == "draft" and assessments == 0
    assert audit_events(db, "cycle_created")[-1].detail == {"label": "2027/28"}
    page = client.get("/admin/cycles").get_data(as_text=True)
    assert "Not open yet" in page and f'action="/admin/cycles/{cycle.id}/open"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "2027"}, "Enter the cycle as two years, like 2027/28"),
        ({"label": "2027/29"}, "Enter the cycle as two years, like 2027/28"),
        ({"label": ""}, "Enter the cycle, like 2027/28"),
        (date_formdata("opens_on", ""), "Enter the opening date"),
        (date_formdata("opens_on", "1/April/2027"), "Opening date must be a real date"),
        (date_formdata("opens_on", "1//2027"), "Opening date must include a month"),
        (date_formdata("closes_on", "31/3/28"), "Closing date must include a year with 4 numbers"),
        (
            date_formdata("closes_on", date(2027, 4, 1)),
            "The closing date must be after the opening date",
        ),
    ],
)
def test_a_cycle_with_a_problem_is_shown_again(client, db, platform_admin, changes, message):
    response = client.post("/admin/cycles/new", data={**VALID, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Add a cycle" in page and message in page


def test_the_dates_are_asked_as_day_month_and_year_boxes(client, db, platform_admin):
    page = main_content(client.get("/admin/cycles/new").get_data(as_text=True))
    assert 'type="date"' not in page
    for field in ("opens_on", "closes_on"):
        for part in ("day", "month", "year"):
            assert f'id="{field}-{part}" name="{field}-{part}" type="text"' in page
    assert re.search(
        r'<legend class="nhsuk-fieldset__legend[^"]*">\s*Opening date\s*</legend>', page
    )


def test_an_impossible_date_is_shown_again_with_the_error_summary_and_the_other_answers(
    client, db, platform_admin
):
    from valuedcare.data.cycles import list_cycles

    data = {**VALID, **date_formdata("opens_on", "31/2/2027")}
    response = client.post("/admin/cycles/new", data=data)
    page = main_content(response.get_data(as_text=True))

    assert response.status_code == 200 and list_cycles() == []
    summary = re.search(r'class="nhsuk-error-summary".*?</ul>', page, re.S)
    assert summary, "the page has an error summary"
    assert '<a href="#opens_on-day">Opening date must be a real date</a>' in summary.group(0)
    assert 'value="2027/28"' in page  # the cycle label is kept
    for part, value in (("day", "31"), ("month", "2"), ("year", "2027")):
        assert f'id="opens_on-{part}" name="opens_on-{part}" type="text" value="{value}"' in page
    for part, value in (("day", "31"), ("month", "3"), ("year", "2028")):
        assert f'id="closes_on-{part}" name="closes_on-{part}" type="text" value="{value}"' in page
    only_day = 'class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input"'
    assert page.count("nhsuk-input--error") == 1 and f'{only_day} id="opens_on-day"' in page

    fixed = client.post(
        "/admin/cycles/new", data={**VALID, **date_formdata("opens_on", "28/2/2027")}
    )
    assert fixed.status_code == 302
    [(cycle, _)] = list_cycles()
    assert cycle.opens_on == date(2027, 2, 28)


def test_cycle_labels_are_unique(client, db, factories, platform_admin):
    factories.cycle(label="2027/28")
    db.session.commit()
    page = client.post("/admin/cycles/new", data=VALID).get_data(as_text=True)
    assert "A cycle with this label already exists" in page


def test_a_cycle_is_opened_closed_and_reopened_with_a_reason(client, db, factories, platform_admin):
    cycle = factories.cycle(label="2027/28", status="draft")
    db.session.commit()

    assert client.post(f"/admin/cycles/{cycle.id}/open").status_code == 302
    assert _status(db, cycle) == ("open", None)
    assert client.post(f"/admin/cycles/{cycle.id}/close").status_code == 302
    assert _status(db, cycle) == ("closed", None)

    missing = client.post(f"/admin/cycles/{cycle.id}/reopen", data={"reason": "  "})
    assert missing.status_code == 200
    assert "Enter why you are reopening the cycle" in missing.get_data(as_text=True)
    assert _status(db, cycle) == ("closed", None)

    reason = "Two board members were on leave when it closed"
    assert (
        client.post(f"/admin/cycles/{cycle.id}/reopen", data={"reason": reason}).status_code == 302
    )
    assert _status(db, cycle) == ("open", reason)

    actions = [event.action for event in audit_events(db) if event.action.startswith("cycle_")]
    assert actions == ["cycle_opened", "cycle_closed", "cycle_released", "cycle_reopened"]
    assert audit_events(db, "cycle_reopened")[-1].detail == {"label": "2027/28", "reason": reason}
    assert reason in client.get("/admin/cycles").get_data(as_text=True)


def test_moves_that_make_no_sense_are_refused(client, db, factories, platform_admin):
    draft = factories.cycle(label="2027/28", status="draft")
    closed = factories.cycle(label="2026/27", status="closed")
    db.session.commit()

    client.post(f"/admin/cycles/{draft.id}/close")
    client.post(f"/admin/cycles/{closed.id}/open")
    reopen_draft = client.get(f"/admin/cycles/{draft.id}/reopen")

    assert _status(db, draft) == ("draft", None) and _status(db, closed) == ("closed", None)
    assert reopen_draft.status_code == 302
    page = client.get("/admin/cycles").get_data(as_text=True)
    assert "A cycle that is not open yet cannot become closed" in page
    assert not [event for event in audit_events(db) if event.action.startswith("cycle_")]


def test_an_unknown_cycle_is_not_found(client, db, platform_admin):
    assert client.post("/admin/cycles/999999/open").status_code == 404
    assert client.get("/admin/cycles/999999/reopen").status_code == 404


@pytest.mark.parametrize("role", ["organisation_admin", "board_member", "viewer"])
def test_only_platform_administrators_manage_cycles(client, db, factories, role):
    cycle = factories.cycle(label="2027/28", status="open")
    sign_in(client, make_user(db, role))
    assert client.get("/admin/cycles").status_code == 403
    assert client.post("/admin/cycles/new", data=VALID).status_code == 403
    assert client.post(f"/admin/cycles/{cycle.id}/close").status_code == 403
    assert _status(db, cycle) == ("open", None)
