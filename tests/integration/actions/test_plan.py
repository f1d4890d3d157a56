"""The improvement plan: improvement leads turn suggestions (or a blank) into owned, dated
actions, keep dated progress updates, and everyone of the organisation reads the plan on a page.
Actions are carried from cycle to cycle until done or dropped."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.integration.auth.helpers import sign_in
from tests.plan import action_form


def _board_response(factories: Any, assessment: Any, level: int) -> None:
    """A board member's submitted answers, with their stored scores: ebe1 at ``level`` aiming
    for 4, cul1 at 3 aiming for 3."""
    from valuedcare.data.scores import store_response_scores

    response = factories.response(
        assessment,
        answers={"ebe1": (level, float(level), False, 4), "cul1": (3, 3.0, False, 3)},
    )
    store_response_scores(response.id)


@pytest.fixture
def trust(db: Any, factories: Any) -> Any:
    """An organisation with a closed cycle (board members scored ebe1 low, aiming high) and an
    open one, its improvement lead, a board member and a viewer, and another organisation's
    lead."""
    from types import SimpleNamespace

    organisation = factories.organisation(code="PLAN1", name="Plan Trust")
    other = factories.organisation(code="OTHER", name="Other Trust")
    closed = factories.cycle(label="2025/26", status="closed")
    opened = factories.cycle(label="2026/27", status="open")
    earlier = factories.assessment(organisation, closed)
    current = factories.assessment(organisation, opened)
    for level in (1, 1, 2):
        _board_response(factories, earlier, level)
    people = SimpleNamespace(
        organisation=organisation,
        earlier=earlier,
        current=current,
        lead=factories.user(organisation, role="organisation_admin", name="Lena Lead"),
        board=factories.user(organisation, role="board_member", name="Bo Board"),
        viewer=factories.user(organisation, role="viewer", name="Vi Viewer"),
        stranger=factories.user(other, role="organisation_admin", name="Sam Stranger"),
    )
    db.session.commit()
    return people


def _count(db: Any, name: str = "Action") -> int:
    import valuedcare.models as models

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(getattr(models, name)))


def _new(trust: Any, **query: str) -> str:
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/organisations/{trust.organisation.id}/plan/new" + (f"?{suffix}" if suffix else "")


def _add(client: Any, trust: Any, **fields: Any) -> Any:
    return client.post(_new(trust, ingredient="culture"), data=action_form(**fields))


def _only_action(db: Any) -> Any:
    from valuedcare.models import Action

    db.session.expire_all()
    return db.session.scalars(select(Action)).one()


def test_a_lead_chooses_an_ingredient_then_adds_an_owned_dated_action(client, db, trust):
    sign_in(client, trust.lead)
    choose = client.get(_new(trust))
    assert choose.status_code == 200 and "Which ingredient is the action for?" in choose.text
    form = client.get(_new(trust, ingredient="culture"))
    assert "Add an action" in form.text and "Lena Lead" in form.text
    due = date.today() + timedelta(days=90)
    response = _add(client, trust, owner=str(trust.board.id), due=due, statements=("cul1",))
    assert response.status_code == 302
    action = _only_action(db)
    assert (action.organisation_id, action.assessment_id) == (
        trust.organisation.id,
        trust.current.id,
    )
    assert (action.owner_id, action.due_on, action.status, action.target_level) == (
        trust.board.id,
        due,
        "not_started",
        3,
    )
    assert action.statements == ["cul1"]
    page = client.get(f"/organisations/{trust.organisation.id}/plan")
    assert "Run team pulse surveys every quarter" in page.text and "Bo Board" in page.text
    from tests.integration.auth.helpers import audit_events

    assert [event.target_id for event in audit_events(db, "action_added")] == [str(action.id)]


def test_an_action_made_from_a_suggestion_carries_its_reason_and_statements(client, db, trust):
    sign_in(client, trust.lead)
    report = client.get(f"/reports/assessments/{trust.earlier.id}")
    assert "Suggested priorities" in report.text
    found = re.search(r"\(EBE1\)\.</strong>.*?suggestion=(\d+)", report.text, re.S)
    assert found, "the suggestion about statement ebe1 offers to make an action"
    url = _new(trust, assessment=str(trust.earlier.id), suggestion=found.group(1))
    form = client.get(url)
    assert "From the 2025/26 report's suggested priorities" in form.text
    assert 'value="ebe1" checked' in form.text
    response = client.post(
        url, data=action_form(ingredient="experts_by_experience", statements=("ebe1",))
    )
    assert response.status_code == 302
    action = _only_action(db)
    assert (action.assessment_id, action.ingredient, action.statements) == (
        trust.earlier.id,
        "experts_by_experience",
        ["ebe1"],
    )
    assert action.reason


def test_a_tampered_suggestion_number_gives_a_blank_action_not_an_error(client, db, trust):
    sign_in(client, trust.lead)
    for query in (
        {"assessment": str(trust.earlier.id), "suggestion": "999"},
        {"assessment": "99999999", "suggestion": "1"},
        {"assessment": "x", "suggestion": "-1"},
    ):
        page = client.get(_new(trust, **query))
        assert page.status_code == 200 and "Which ingredient is the action for?" in page.text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": ""}, "text", "Enter what will be done"),
        ({"text": "x" * 2001}, "text", "What will be done must be 2,000 characters or fewer"),
        ({"owner_role": ""}, "owner_role", "Enter the role of the owner"),
        ({"owner_role": "r" * 201}, "owner_role", "Role of the owner must be 200 characters"),
        ({"status": "finished"}, "status", "Not a valid choice"),
        ({"target_level": "9"}, "target_level", "Not a valid choice"),
        ({"ingredient": "world_peace"}, "ingredient", "not one of the model"),
        ({"statements": ["p1"]}, "statements", "not a valid choice"),
        ({"due": date.today() - timedelta(days=1)}, "due_on", "must be today or in the future"),
        ({"due": "31/2/2027"}, "due_on-day", "Due date must be a real date"),
        ({"due": "1//2027"}, "due_on-month", "Due date must include a month"),
        ({"due": "1/March/2027"}, "due_on-month", "Due date must be a real date"),
        ({"due": "1/3/27"}, "due_on-year", "Due date must include a year with 4 numbers"),
        ({"due": "//"}, "due_on-day", "Enter the due date"),
    ],
)
def test_bad_input_reshows_the_form_with_an_error_summary_and_keeps_the_rest(
    client, db, trust, fields, field, message
):
    sign_in(client, trust.lead)
    typed = {"text": "Keep this wording", "owner_role": "Keep this role", **fields}
    response = _add(client, trust, **typed)
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    summary = response.text.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert message.lower() in summary.lower()
    if field != "ingredient":  # a hidden field: only a tampered request changes it
        assert f'href="#{field}' in summary
    for kept in ("Keep this wording", "Keep this role"):
        if kept in typed.values():
            assert kept in response.text
    assert _count(db) == 0


def test_an_owner_from_another_organisation_is_refused(client, db, trust):
    sign_in(client, trust.lead)
    response = _add(client, trust, owner=str(trust.stranger.id), text="Kept wording")
    assert response.status_code == 200 and "<title>Error: " in response.text
    summary = response.text.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert 'href="#owner' in summary
    assert "Kept wording" in response.text
    assert "Sam Stranger" not in response.text
    assert _count(db) == 0


def test_an_owner_outside_the_organisation_is_refused_by_the_data_layer_too(db, trust):
    from valuedcare.data import actions
    from valuedcare.data.scope import Scope

    scope = Scope(trust.lead.id, "organisation_admin", trust.organisation.id)
    fields = actions.ActionFields(
        "culture", (), "Text", trust.stranger.id, None, None, "on_track", None
    )
    with pytest.raises(actions.OwnerNotAllowed):
        actions.add_action(scope, trust.organisation.id, trust.current.id, fields)
    assert _count(db) == 0


def test_a_missing_csrf_token_is_refused_and_nothing_stored(app, client, db, trust, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    sign_in(client, trust.lead)
    response = _add(client, trust)
    assert response.status_code == 400
    assert _count(db) == 0


def _progress(client: Any, action: Any, status: str, note: str, revision: int | None = None):
    return client.post(
        f"/actions/{action.id}/progress",
        data={"status": status, "note": note, "revision": str(revision or action.revision)},
    )


def test_progress_updates_are_kept_with_dates_and_authors_and_audited(client, db, trust):
    from tests.integration.auth.helpers import audit_events

    sign_in(client, trust.lead)
    _add(client, trust)
    action = _only_action(db)
    assert _progress(client, action, "on_track", "Surveys designed").status_code == 302
    action = _only_action(db)
    assert _progress(client, action, "at_risk", "Two teams have not started").status_code == 302
    action = _only_action(db)
    assert action.status == "at_risk" and action.revision == 3
    notes = [(update.status, update.note) for update in action.updates]
    assert notes == [
        ("not_started", None),
        ("on_track", "Surveys designed"),
        ("at_risk", "Two teams have not started"),
    ]
    page = client.get(f"/actions/{action.id}")
    assert "Surveys designed" in page.text and "Two teams have not started" in page.text
    assert "Status: On track to At risk" in page.text and "by Lena Lead" in page.text
    assert len(audit_events(db, "action_progress")) == 2


def test_an_update_that_changes_nothing_asks_for_a_note(client, db, trust):
    sign_in(client, trust.lead)
    _add(client, trust)
    action = _only_action(db)
    response = _progress(client, action, "not_started", "")
    assert response.status_code == 200 and "Enter what has happened" in response.text
    assert _count(db, "ActionUpdate") == 1


def test_two_people_editing_at_once_the_second_is_told_and_keeps_what_they_typed(client, db, trust):
    sign_in(client, trust.lead)
    _add(client, trust)
    action = _only_action(db)
    drawn_at = action.revision
    assert (
        _progress(client, action, "on_track", "First person's update", drawn_at).status_code == 302
    )
    second = _progress(client, action, "dropped", "Second person's words", drawn_at)
    assert second.status_code == 200
    assert "Someone else changed this action" in second.text
    assert "Second person&#39;s words" in second.text or "Second person's words" in second.text
    action = _only_action(db)
    assert (
        action.status == "on_track"
        and [u.note for u in action.updates][-1] == "First person's update"
    )
    edit = client.post(
        f"/actions/{action.id}/edit",
        data=action_form(text="A rewording typed against an old page", revision=str(drawn_at)),
    )
    assert edit.status_code == 200 and "Someone else changed this action" in edit.text
    assert "A rewording typed against an old page" in edit.text
    assert _only_action(db).text == "Run team pulse surveys every quarter"


def test_a_tampered_revision_is_refused(client, db, trust):
    sign_in(client, trust.lead)
    _add(client, trust)
    action = _only_action(db)
    response = client.post(
        f"/actions/{action.id}/progress", data={"status": "done", "note": "x", "revision": "abc"}
    )
    assert response.status_code == 400
    assert _only_action(db).status == "not_started"


def test_an_edit_records_what_changed_in_words(client, db, trust):
    sign_in(client, trust.lead)
    _add(client, trust)
    action = _only_action(db)
    drawn = client.get(f"/actions/{action.id}/edit").text
    year = re.search(r'<input[^>]*id="due_on-year"[^>]*>', drawn)
    assert year and f'value="{action.due_on.year}"' in year.group(0)
    new_due = date.today() + timedelta(days=200)
    response = client.post(
        f"/actions/{action.id}/edit",
        data=action_form(
            owner=str(trust.viewer.id),
            due=new_due,
            status="on_track",
            revision=str(action.revision),
        ),
    )
    assert response.status_code == 302
    changes = _only_action(db).updates[-1].changes
    assert "Owner: Director of nursing to Vi Viewer" in changes
    assert "Status: Not started to On track" in changes and "Due: " in changes


def _stored_action(db: Any, trust: Any, *, due: date | None, status: str, assessment=None) -> Any:
    from valuedcare.data import actions
    from valuedcare.data.scope import Scope

    scope = Scope(trust.lead.id, "organisation_admin", trust.organisation.id)
    fields = actions.ActionFields(
        "experts_by_experience",
        ("ebe1",),
        f"Action {status}",
        None,
        "Chief executive",
        due,
        status,
        4,
    )
    action = actions.add_action(
        scope, trust.organisation.id, (assessment or trust.earlier).id, fields
    )
    db.session.commit()
    return action


def test_overdue_actions_are_flagged_and_done_ones_are_not(client, db, trust):
    yesterday = date.today() - timedelta(days=1)
    _stored_action(db, trust, due=yesterday, status="at_risk")
    _stored_action(db, trust, due=yesterday, status="done")
    sign_in(client, trust.viewer)
    page = client.get(f"/organisations/{trust.organisation.id}/plan")
    assert page.text.count(">Overdue</strong>") == 1
    counts = page.text.split("Overdue</dt>", 1)[1].split("</dd>", 1)[0]
    assert ">1" in counts


def test_actions_are_carried_into_the_next_cycle_and_the_report_says_what_changed(
    client, db, trust, factories
):
    later_cycle = factories.cycle(label="2027/28", status="closed")
    later = factories.assessment(trust.organisation, later_cycle)
    for level in (3, 3, 4):
        _board_response(factories, later, level)
    db.session.commit()
    _stored_action(db, trust, due=None, status="on_track")
    sign_in(client, trust.board)
    plan = client.get(f"/organisations/{trust.organisation.id}/plan")
    assert "Action on_track" in plan.text and "2025/26" in plan.text
    report = client.get(f"/reports/assessments/{later.id}")
    assert "What earlier plans said, and what changed" in report.text
    review = report.text.split('id="plan-review-caption"', 1)[1].split("</table>", 1)[0]
    assert "Action on_track" in review and "On track" in review
    assert "+" in review, "the ingredient's score rose from 1.3 to 3.3 since 2025/26"


def test_board_members_and_viewers_read_but_cannot_change_the_plan(client, db, trust):
    action = _stored_action(db, trust, due=None, status="on_track")
    for user in (trust.board, trust.viewer):
        sign_in(client, user)
        assert client.get(f"/organisations/{trust.organisation.id}/plan").status_code == 200
        assert client.get(f"/actions/{action.id}").status_code == 200
        assert client.get(f"/actions/{action.id}/edit").status_code == 403
        assert _progress(client, action, "done", "Done").status_code == 403
        assert client.post(_new(trust, ingredient="culture"), data=action_form()).status_code == 403
    assert _count(db) == 1


def test_the_plan_downloads_neutralise_formulas(client, db, trust):
    sign_in(client, trust.lead)
    _add(client, trust, text='=HYPERLINK("http://evil.example","Click")', owner_role="+Chief")
    response = client.get(f"/organisations/{trust.organisation.id}/plan.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["action_id", "ingredient", "statements", "action"]
    assert rows[1][3].startswith("'=") and rows[1][4].startswith("'+")
    workbook = client.get(f"/organisations/{trust.organisation.id}/plan.xlsx")
    assert workbook.status_code == 200
    with zipfile.ZipFile(io.BytesIO(workbook.get_data())) as archive:
        sheets = b"".join(archive.read(name) for name in archive.namelist() if "worksheets" in name)
    assert b"<f>" not in sheets and b"HYPERLINK" in sheets


def test_the_old_action_notes_address_leads_to_the_plan(client, db, trust):
    sign_in(client, trust.lead)
    response = client.get(f"/actions/assessments/{trust.earlier.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisations/{trust.organisation.id}/plan")


def test_the_report_and_the_action_form_show_how_to_reach_each_statements_next_level(
    client, db, trust
):
    from valuedcare.data.questionnaires import get_latest_definition

    ebe1 = get_latest_definition("board-self-assessment").item("ebe1")
    # Members scored ebe1 1, 1 and 2: a mean of 1.3, Beginning, so the first next step applies.
    step = ebe1.next_step(1)
    assert step
    sign_in(client, trust.lead)
    report = client.get(f"/reports/assessments/{trust.earlier.id}").text
    assert "Each statement's level and how to reach the next" in report
    assert f"Board members&#39; mean: 1.3 (Beginning). Next level: {html.escape(step)}" in report
    form = client.get(
        _new(trust, ingredient="experts_by_experience", assessment=str(trust.earlier.id))
    )
    assert html.escape(step) in form.text
    response = client.post(
        _new(trust, ingredient="experts_by_experience"),
        data=action_form(ingredient="experts_by_experience", statements=("ebe1",)),
    )
    page = client.get(response.headers["Location"]).text
    assert "How to reach the next level" in page and html.escape(step) in page
