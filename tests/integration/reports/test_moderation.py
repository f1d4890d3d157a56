"""Moderation: members' spread per statement, and recording the board's agreed position."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.integration.reports.trust_fixture import EVERYONE, build_trust
from valuedcare.data.moderation import StaleAgreedPosition
from valuedcare.data.scope import Scope
from valuedcare.reports import moderation, service


@pytest.fixture
def trust(factories: Any):
    return build_trust(factories)


def _statement(page: moderation.ModerationPage, item_id: str) -> moderation.StatementSpread:
    return next(s for g in page.groups for s in g.statements if s.item_id == item_id)


def test_spread_of_members_levels(trust, factories: Any) -> None:
    page = moderation.get_moderation_page(EVERYONE, trust.assessment_id)
    assert page.members == 3
    ebe1 = _statement(page, "ebe1")  # members chose 4, 2, 4
    assert ebe1.counts == (0, 1, 0, 2, 0)
    assert (ebe1.lowest, ebe1.highest, ebe1.median, ebe1.dont_know) == (2, 4, 4.0, 0)
    ebe2 = _statement(page, "ebe2")  # 2, don't know, 3
    assert ebe2.counts == (0, 1, 1, 0, 0) and ebe2.dont_know == 1 and ebe2.median == 2.5
    assert [g.ingredient for g in page.groups][:3] == [
        "experts_by_experience",
        "national_picture",
        "local_area",
    ]
    assert page.position is not None and page.position.answers["ebe1"].level == 3


def test_members_comments_are_listed_alphabetically(trust, factories: Any, db: Any) -> None:
    from valuedcare.models import Answer, Response

    answers = (
        db.session.query(Answer)
        .join(Response)
        .filter(
            Response.assessment_id == trust.assessment_id,
            Response.lens == "board",
            Answer.item_id == "cul1",
        )
        .all()
    )
    for answer, text in zip(answers, ["Zebra crossing", "Apple evidence", None], strict=True):
        answer.comment = text
    db.session.flush()
    page = moderation.get_moderation_page(EVERYONE, trust.assessment_id)
    assert _statement(page, "cul1").comments == ("Apple evidence", "Zebra crossing")


def test_moderation_is_scoped_to_the_organisation(trust) -> None:
    lead = Scope(user_id=1, role="organisation_admin", organisation_id=trust.organisation_id)
    assert moderation.get_moderation_page(lead, trust.assessment_id) is not None
    assert moderation.get_moderation_page(lead, trust.other_assessment_id) is None


def _post(app: Flask, page: moderation.ModerationPage, data: dict[str, str]):
    with app.test_request_context(method="POST", data=data):
        form = moderation.build_form(page, submitted=True)
        valid = form.validate()
        return form, valid


def test_rationale_is_required_far_from_the_median_and_targets_not_below_level(
    app: Flask,
    trust,
) -> None:
    page = moderation.get_moderation_page(EVERYONE, trust.assessment_id)
    revision = str(page.position.revision)
    form, valid = _post(
        app,
        page,
        {
            "revision": revision,
            "level_ebe1": "2",
            "target_ebe1": "1",
            "level_cul1": "3",
            "target_loc1": "4",
        },
    )
    assert not valid
    assert form.rationale_ebe1.errors == [
        "Give the reason for agreeing level 2 for statement EBE1, as members' answers centred "
        "on 4.0"
    ]
    assert form.target_ebe1.errors == [
        "The target for statement EBE1 must be the same as or higher than the agreed level"
    ]
    assert form.target_loc1.errors == [
        "Select the agreed level for statement LOC1 before its target"
    ]
    assert not form.rationale_cul1.errors  # median 3: level 3 needs no reason
    form, valid = _post(
        app,
        page,
        {"revision": revision, "level_ebe1": "4", "target_ebe1": "5", "rationale_ebe2": "x" * 501},
    )
    assert not valid and form.rationale_ebe2.errors == [
        "The rationale for statement EBE2 must be 500 characters or fewer"
    ]


def test_saving_replaces_the_agreed_position_and_its_scores(app: Flask, trust) -> None:
    page = moderation.get_moderation_page(EVERYONE, trust.assessment_id)
    data = {
        "revision": str(page.position.revision),
        "level_ebe1": "4",
        "target_ebe1": "5",
        "level_ebe2": "1",
        "rationale_ebe2": "No measurement of the gap yet.",
        "level_loc1": "3",
        **{f"level_ebe{n}": "2" for n in (3, 4, 5, 6)},
    }
    form, valid = _post(app, page, data)
    assert valid, form.errors
    assert moderation.save_agreed_position(page, form, user_id=None) == 7
    report = service.build_trust_report(EVERYONE, trust.assessment_id)
    assert report.agreed_progress.text == "Provisional: 7 of 55 statements agreed"
    ebe = next(row for row in report.table if row.ingredient == "experts_by_experience")
    assert ebe.cells[1].text == "2.2"  # all six agreed: (4 + 1 + 2 + 2 + 2 + 2) / 6
    local = next(row for row in report.table if row.ingredient == "local_area")
    assert local.cells[1].text == "not recorded"  # 1 of its 5 statements: not scored
    culture = next(row for row in report.table if row.ingredient == "culture")
    assert culture.cells[1].text == "not recorded"  # cul1 no longer agreed
    assert [(a.item_id, a.level, a.target, a.rationale) for a in report.agreed][:3] == [
        ("ebe1", 4, 5, None),
        ("ebe2", 1, None, "No measurement of the gap yet."),
        ("ebe3", 2, None, None),
    ]
    assert report.respondents["board_agreed"] == 1
    # the form was built from the old revision: saving it again is refused
    with pytest.raises(StaleAgreedPosition):
        moderation.save_agreed_position(page, form, user_id=None)


def test_first_agreed_position_of_an_assessment(app: Flask, factories: Any) -> None:
    assessment = factories.assessment()
    factories.response(assessment, answers={"ebe1": (3, 3.0, False, None)})
    page = moderation.get_moderation_page(EVERYONE, assessment.id)
    assert page.position is None
    form, valid = _post(app, page, {"revision": "", "level_ebe1": "3", "target_ebe1": "4"})
    assert valid
    assert moderation.save_agreed_position(page, form, user_id=None) == 1
    again = moderation.get_moderation_page(EVERYONE, assessment.id)
    assert again.position.revision == 1
    assert again.position.answers["ebe1"].target == 4


def test_form_opens_with_the_recorded_position(app: Flask, trust) -> None:
    page = moderation.get_moderation_page(EVERYONE, trust.assessment_id)
    with app.test_request_context():
        form = moderation.build_form(page, submitted=False)
    assert form.revision.data == str(page.position.revision)
    assert (form.level_ebe2.data, form.target_ebe2.data) == ("2", "3")
    assert form.rationale_ebe2.data == "Two members had no evidence of gap measurement."
    assert form.level_nat1.data == ""
