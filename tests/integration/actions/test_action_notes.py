"""Action notes: improvement leads add and delete actions for their own organisation only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.integration.auth.helpers import stored_session


@pytest.fixture
def lead(db, factories):
    from valuedcare.models import User

    organisation = factories.organisation()
    user = User(
        email="lead@example.org",
        role="organisation_admin",
        organisation_id=organisation.id,
        name="Lead",
    )
    db.session.add(user)
    db.session.flush()
    return user, factories.assessment(organisation=organisation)


def _sign_in(client, user):
    values = stored_session(user)
    with client.session_transaction() as session:
        session.update(values)
        session["_fresh"] = True


def _count(db):
    from valuedcare.models import ActionNote

    return db.session.scalar(select(func.count(ActionNote.id)))


def test_a_lead_adds_an_action_and_sees_it_listed(client, db, lead):
    user, assessment = lead
    db.session.commit()
    _sign_in(client, user)
    response = client.post(
        f"/actions/assessments/{assessment.id}",
        data={
            "ingredient": "culture",
            "text": "Run team pulse surveys",
            "owner": "Chief nurse",
            "due_on": "2027-03-31",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Run team pulse surveys" in page and "Chief nurse" in page and "31 March 2027" in page
    assert _count(db) == 1


def test_missing_text_reshows_the_form_with_an_error_and_keeps_other_answers(client, db, lead):
    user, assessment = lead
    db.session.commit()
    _sign_in(client, user)
    response = client.post(
        f"/actions/assessments/{assessment.id}",
        data={"ingredient": "culture", "text": "", "owner": "Chief nurse"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in page and "Enter the action" in page
    assert 'value="Chief nurse"' in page
    assert _count(db) == 0


def test_another_organisations_assessment_is_not_found(client, db, factories, lead):
    user, _ = lead
    other = factories.assessment()
    db.session.commit()
    _sign_in(client, user)
    assert client.get(f"/actions/assessments/{other.id}").status_code == 404
    posted = client.post(
        f"/actions/assessments/{other.id}", data={"ingredient": "culture", "text": "x"}
    )
    assert posted.status_code == 404
    assert _count(db) == 0


def test_deleting_removes_only_a_visible_note(client, db, factories, lead):
    from valuedcare.models import ActionNote

    user, assessment = lead
    other = factories.assessment()
    mine = ActionNote(assessment_id=assessment.id, ingredient="culture", text="Mine")
    theirs = ActionNote(assessment_id=other.id, ingredient="culture", text="Theirs")
    db.session.add_all([mine, theirs])
    db.session.commit()
    _sign_in(client, user)
    assert client.post(f"/actions/notes/{theirs.id}/delete").status_code == 404
    assert client.post(f"/actions/notes/{mine.id}/delete").status_code == 302
    remaining = db.session.scalars(select(ActionNote.text)).all()
    assert remaining == ["Theirs"]


def test_a_viewer_may_not_manage_actions(client, db, factories, lead):
    from valuedcare.models import User

    _, assessment = lead
    viewer = User(
        email="viewer@example.org", role="viewer", organisation_id=assessment.organisation_id
    )
    db.session.add(viewer)
    db.session.commit()
    _sign_in(client, viewer)
    assert client.get(f"/actions/assessments/{assessment.id}").status_code == 403
