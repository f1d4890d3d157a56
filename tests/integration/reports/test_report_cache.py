"""The trust report is cached by the data it is built from: every change a reader could see gives
a new key, so a cached report is never stale (a wrong number is worse than a slow page)."""

from __future__ import annotations

from typing import Any

from tests.integration.reports.conftest import main_content
from tests.integration.reports.trust_fixture import EVERYONE


def _page(client: Any, trust: Any) -> str:
    response = client.get(f"/reports/assessments/{trust.assessment_id}")
    assert response.status_code == 200
    return main_content(response.get_data(as_text=True))


def test_a_new_submission_changes_the_cached_report(client, db, factories, closed_trust, signed_in):
    from valuedcare.data.scores import store_response_scores
    from valuedcare.models import Assessment

    signed_in("platform_admin", None)
    before = _page(client, closed_trust)
    assert _page(client, closed_trust) == before, "the second read is the cached report"
    assert "2.8" in before
    assessment = db.session.get(Assessment, closed_trust.assessment_id)
    response = factories.response(assessment, answers={"ebe1": (5, 5.0, False, None)})
    store_response_scores(response.id)
    db.session.commit()
    after = _page(client, closed_trust)
    assert after != before
    assert "4 responses" in after and "3 responses" not in after


def test_a_review_decision_changes_what_the_cached_report_quotes(
    app, client, db, closed_trust, signed_in
):
    from valuedcare.data import free_text
    from valuedcare.data.reports import get_assessment_info
    from valuedcare.disclosure import DisclosureRules
    from valuedcare.risk import risk_words

    signed_in("platform_admin", None)
    assert "Partner comment 1" in _page(client, closed_trust)
    info = get_assessment_info(EVERYONE, closed_trust.assessment_id)
    secret = app.config["SECRET_KEY"]
    comments = free_text.list_for_review(
        info, rules=DisclosureRules.from_config(app.config), words=risk_words(), secret=secret
    )
    ref = next(each.ref for each in comments if each.text == "Partner comment 1")
    free_text.review(info, ref, "withhold", phrase=None, user_id=None, secret=secret)
    db.session.commit()
    assert "Partner comment 1" not in _page(client, closed_trust)


def test_a_renamed_organisation_is_named_at_once(client, db, closed_trust, signed_in):
    from valuedcare.models import Organisation

    signed_in("platform_admin", None)
    _page(client, closed_trust)
    db.session.get(Organisation, closed_trust.organisation_id).name = "Renamed Trust (fictional)"
    db.session.commit()
    assert "Renamed Trust (fictional)" in _page(client, closed_trust)


def test_a_new_action_shows_on_the_cached_report_at_once(client, db, closed_trust, signed_in):
    from valuedcare.data import actions
    from valuedcare.data.scope import Scope

    signed_in("platform_admin", None)
    assert "The plan has 0 open actions" in _page(client, closed_trust)
    fields = actions.ActionFields(
        "culture", (), "Start team huddles", None, "Chief nurse", None, "on_track", None
    )
    actions.add_action(
        Scope(None, "platform_admin", None),
        closed_trust.organisation_id,
        closed_trust.assessment_id,
        fields,
    )
    db.session.commit()
    assert "The plan has 1 open action," in _page(client, closed_trust)
