"""Bad input on the respondent pages: each case gets a clear error or is handled safely, and no
answer saved before is lost or duplicated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.auth.helpers import main_content
from tests.integration.survey.journey_helpers import (
    all_responses,
    revision_of,
    save,
    start,
    stored,
)
from tests.integration.survey.links import LinkFixture, make_link

BOARD_SECTION = "experts_by_experience"
ALL_LEVELS = {"ebe1": "4", "ebe2": "3", "ebe3": "2", "ebe4": "5", "ebe5": "dont_know", "ebe6": "1"}


@pytest.fixture
def board(client: Any, board_link: LinkFixture) -> str:
    start(client, board_link.url)
    return board_link.url


def _values(db: Any) -> dict[str, Any]:
    return {answer.item_id: answer.value for answer in stored(db)}


def _assert_error_page(page: Any) -> str:
    assert page.status_code == 200
    assert "<title>Error: " in page.text
    html = main_content(page.text)
    assert 'class="nhsuk-error-summary"' in html
    return html


def test_missing_required_answers_are_listed_and_the_rest_kept(
    client: Any, db: Any, board: str
) -> None:
    posted = {"ebe1": "4", "ebe3": "2", "ebe3__comment": "Policy approved in May"}
    html = _assert_error_page(save(client, board, BOARD_SECTION, posted))
    assert 'href="#ebe2"' in html and 'href="#ebe4"' in html and 'href="#ebe5"' in html
    assert 'href="#ebe1"' not in html
    assert 'id="ebe2-error"' in html and "nhsuk-form-group--error" in html
    assert 'value="4" checked' in html  # ebe1 kept on the page
    assert "Policy approved in May</textarea>" in html
    assert _values(db) == {}  # nothing half-saved by "Save and continue"


def test_save_and_come_back_later_keeps_a_partial_section(client: Any, db: Any, board: str) -> None:
    later = save(client, board, BOARD_SECTION, {"ebe1": "4"}, action="later")
    assert later.status_code == 302 and later.location.endswith("/saved")
    assert _values(db) == {"ebe1": 4}
    tasks = client.get(f"{board}/tasks").text
    assert "In progress" in tasks


def test_value_that_is_not_an_option_is_refused(client: Any, db: Any, board: str) -> None:
    save(client, board, BOARD_SECTION, ALL_LEVELS)
    tampered = {**ALL_LEVELS, "ebe1": "7", "ebe2__target": "99"}
    html = _assert_error_page(save(client, board, BOARD_SECTION, tampered))
    assert "Select one of the levels, or “Don&#39;t know”" in html
    assert "Select one of the levels, or “No target”" in html
    assert _values(db)["ebe1"] == 4  # the earlier answer is untouched


def test_checkbox_value_that_is_not_an_option_is_refused(
    client: Any, db: Any, ebe_link: LinkFixture
) -> None:
    start(client, ebe_link.url)
    save(client, ebe_link.url, "taking_part", {"took_part": "yes"})
    html = _assert_error_page(save(client, ebe_link.url, "part_a", {"a1": ["surveys", "hacked"]}))
    assert "Select only options from the list" in html
    assert "a1" not in _values(db)


@pytest.mark.parametrize("revision", ["", "abc", "-1", "1e9", "99999999999999"])
def test_tampered_revision_gets_a_clear_400_and_loses_nothing(
    client: Any, db: Any, board: str, revision: str
) -> None:
    save(client, board, BOARD_SECTION, ALL_LEVELS)
    page = client.post(
        f"{board}/sections/{BOARD_SECTION}", data={**ALL_LEVELS, "ebe1": "1", "revision": revision}
    )
    assert page.status_code == 400
    assert "Sorry, there is a problem with your request" in page.text
    assert _values(db)["ebe1"] == 4
    check = client.post(f"{board}/submit", data={"revision": revision})
    assert check.status_code == 400
    assert all_responses(db)[0].status == "draft"


def test_fields_for_items_not_on_the_page_are_ignored(client: Any, db: Any, board: str) -> None:
    save(client, board, BOARD_SECTION, {**ALL_LEVELS, "leadership1": "5", "response_id": "1"})
    assert set(_values(db)) == set(ALL_LEVELS)


def test_unknown_section_is_not_found(client: Any, board: str) -> None:
    assert client.get(f"{board}/sections/no_such_section").status_code == 404


def test_over_long_text_is_refused_and_kept_on_the_page(client: Any, db: Any, board: str) -> None:
    long_text = "x" * 2001
    html = _assert_error_page(
        save(client, board, BOARD_SECTION, {**ALL_LEVELS, "ebe1__comment": long_text})
    )
    assert "Evidence must be 2,000 characters or fewer" in html
    assert long_text in html
    assert _values(db) == {}


def test_over_long_free_text_answer(client: Any, db: Any, ebe_link: LinkFixture) -> None:
    start(client, ebe_link.url)
    page = client.get(f"{ebe_link.url}/sections/overall")
    text_fields = [name for name in ("c2", "c3") if f'name="{name}"' in page.text]
    assert text_fields, "the overall section has a free-text question"
    html = _assert_error_page(save(client, ebe_link.url, "overall", {text_fields[0]: "y" * 20000}))
    assert "characters or fewer" in html


@pytest.fixture
def csrf_on(app: Any) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_missing_or_expired_csrf_token_keeps_the_answers_and_saves_nothing(
    client: Any, db: Any, board: str, csrf_on: None
) -> None:
    page = client.get(f"{board}/sections/{BOARD_SECTION}")
    assert 'name="csrf_token"' in page.text
    revision = revision_of(page.text)
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    saved = client.post(
        f"{board}/sections/{BOARD_SECTION}",
        data={**ALL_LEVELS, "revision": revision, "csrf_token": token},
    )
    assert saved.status_code == 302
    changed = {**ALL_LEVELS, "ebe1": "1", "ebe2__comment": "Typed before the page expired"}
    for bad_token in ({}, {"csrf_token": "expired-or-forged"}):
        missing = client.post(
            f"{board}/sections/{BOARD_SECTION}",
            data={**changed, "revision": str(int(revision) + 1), **bad_token},
        )
        html = _assert_error_page(missing)
        assert "This page had expired, so your answers on it have not been saved yet" in html
        assert 'value="1" checked' in html and "Typed before the page expired" in html
        assert 'name="csrf_token" type="hidden" value="' in html  # a fresh token to try again
        assert _values(db)["ebe1"] == 4
    fresh = missing.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    again = client.post(
        f"{board}/sections/{BOARD_SECTION}",
        data={**changed, "revision": revision_of(missing.text), "csrf_token": fresh},
    )
    assert again.status_code == 302
    assert _values(db)["ebe1"] == 1


def test_missing_csrf_token_elsewhere_gets_the_expired_page(
    client: Any, db: Any, board: str, csrf_on: None
) -> None:
    wrong = client.post(f"{board}/submit", data={"revision": "1", "csrf_token": "forged"})
    assert wrong.status_code == 400
    assert "This page has expired" in wrong.text
    assert all_responses(db)[0].status == "draft"
    assert client.post(f"{board}/start").status_code == 400


def test_double_submitted_section_saves_once(client: Any, db: Any, board: str) -> None:
    revision = revision_of(client.get(f"{board}/sections/{BOARD_SECTION}").text)
    first = save(client, board, BOARD_SECTION, ALL_LEVELS, revision=revision)
    second = save(client, board, BOARD_SECTION, ALL_LEVELS, revision=revision)
    assert first.status_code == 302 and second.status_code == 302
    assert first.location == second.location
    answers = stored(db)
    assert len(answers) == len(ALL_LEVELS)
    assert len({a.item_id for a in answers}) == len(answers)


def test_second_tab_with_different_answers_is_told_and_nothing_is_lost(
    client: Any, db: Any, board: str
) -> None:
    tab_one = revision_of(client.get(f"{board}/sections/{BOARD_SECTION}").text)
    tab_two = revision_of(client.get(f"{board}/sections/{BOARD_SECTION}").text)
    assert save(client, board, BOARD_SECTION, ALL_LEVELS, revision=tab_one).status_code == 302
    other = {**ALL_LEVELS, "ebe1": "1", "ebe2__comment": "From the second tab"}
    html = _assert_error_page(save(client, board, BOARD_SECTION, other, revision=tab_two))
    assert "changed in another tab or window" in html
    assert 'value="1" checked' in html and "From the second tab" in html  # its answers kept
    assert _values(db)["ebe1"] == 4  # the first tab's answers kept
    assert len(stored(db)) == len(ALL_LEVELS)
    # Saving again from the refreshed form goes through.
    again = save(client, board, BOARD_SECTION, other, revision=revision_of(html))
    assert again.status_code == 302
    assert _values(db)["ebe1"] == 1


def _complete_board(client: Any, board: str) -> str:
    from valuedcare.data.questionnaires import get_latest_questionnaire

    _, questionnaire = get_latest_questionnaire("board-self-assessment")
    for section in questionnaire.sections:
        save(client, board, section.id, {item.id: "3" for item in section.items})
    return revision_of(client.get(f"{board}/check").text)


def test_double_clicked_submit_submits_once(client: Any, db: Any, board: str) -> None:
    from sqlalchemy import func, select

    from valuedcare.models import AuditEvent, ResponseScore

    revision = _complete_board(client, board)
    first = client.post(f"{board}/submit", data={"revision": revision})
    second = client.post(f"{board}/submit", data={"revision": revision})
    assert first.location.endswith("/confirmation") and second.location.endswith("/confirmation")
    assert [r.status for r in all_responses(db)] == ["submitted"]
    assert db.session.scalar(select(func.count()).select_from(ResponseScore)) == 10
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "response_submitted")
    ).all()
    assert len(events) == 1


def test_submit_from_a_stale_check_page_asks_to_check_again(
    client: Any, db: Any, board: str
) -> None:
    stale = _complete_board(client, board)
    save(client, board, BOARD_SECTION, {**ALL_LEVELS})
    page = client.post(f"{board}/submit", data={"revision": stale})
    html = _assert_error_page(page)
    assert "changed in another tab or window" in html
    assert all_responses(db)[0].status == "draft"
    sent = client.post(f"{board}/submit", data={"revision": revision_of(page.text)})
    assert sent.location.endswith("/confirmation")


def test_submit_with_missing_answers_links_to_them(client: Any, db: Any, board: str) -> None:
    save(client, board, BOARD_SECTION, ALL_LEVELS)
    check = client.get(f"{board}/check")
    page = client.post(f"{board}/submit", data={"revision": revision_of(check.text)})
    html = _assert_error_page(page)
    assert "/sections/national_picture?return=check#" in html
    assert all_responses(db)[0].status == "draft"
    assert len(stored(db)) == len(ALL_LEVELS)


def test_resume_code_errors(client: Any, ebe_link: LinkFixture) -> None:
    empty = client.post(f"{ebe_link.url}/resume", data={"code": ""})
    assert "Enter your resume code" in _assert_error_page(empty)
    bad = client.post(f"{ebe_link.url}/resume", data={"code": "0000-OOOO"})
    assert "Enter the 8-character code you were given" in _assert_error_page(bad)
    assert 'href="#code"' in main_content(bad.text)


def test_a_session_that_ended_while_the_page_was_open_loses_nothing(
    client: Any, app: Any, db: Any, assessment: Any, ebe_link: LinkFixture
) -> None:
    """Sessions end after 30 minutes without a request; the page's signed draft ticket brings
    the anonymous respondent back to their draft with the answers they had just typed."""
    url = ebe_link.url
    start(client, url)
    page = client.get(f"{url}/sections/taking_part").text
    ticket = page.split('name="draft" value="')[1].split('"')[0]
    after_timeout = app.test_client()  # a browser whose session cookie has expired
    saved = after_timeout.post(
        f"{url}/sections/taking_part",
        data={"revision": revision_of(page), "took_part": "yes", "draft": ticket},
    )
    assert saved.status_code == 302 and saved.location.endswith("/sections/part_a")
    assert _values(db) == {"took_part": "yes"}
    assert after_timeout.get(f"{url}/tasks").status_code == 200  # the session is back
    forged = app.test_client().post(
        f"{url}/sections/taking_part",
        data={"revision": "2", "took_part": "no", "draft": ticket[:-2] + "xx"},
    )
    assert forged.status_code == 302 and forged.location.endswith(url)
    other_link = make_link(db, assessment, "experts_by_experience")
    wrong_link = app.test_client().post(
        f"{other_link.url}/sections/taking_part",
        data={"revision": "2", "took_part": "no", "draft": ticket},
    )
    assert wrong_link.location.endswith(other_link.url)
    assert _values(db) == {"took_part": "yes"}


@pytest.mark.parametrize("action", ["continue", "later"])
def test_a_target_below_the_current_level_is_refused_and_the_answers_kept(
    client: Any, db: Any, board: str, action: str
) -> None:
    posted = {**ALL_LEVELS, "ebe1__target": "2", "ebe2__target": "3", "ebe3__comment": "Minutes"}
    html = _assert_error_page(save(client, board, BOARD_SECTION, posted, action=action))
    summary = html[html.index('class="nhsuk-error-summary"') : html.index("</ul>")]
    assert 'href="#ebe1__target"' in summary
    assert (
        "Select a level expected in 12 months that is the same as or higher than the current "
        "level, 4. Embedded" in summary
    )
    assert 'href="#ebe2__target"' not in summary  # the same level is a fine target
    assert 'id="ebe1__target-error"' in html
    for item, value in ALL_LEVELS.items():
        assert re.search(rf'name="{item}"[^>]*value="{value}" checked', html), item
    assert re.search(r'name="ebe1__target"[^>]*value="2" checked', html)
    assert "Minutes</textarea>" in html
    assert _values(db) == {}


def test_a_target_with_dont_know_is_refused_and_the_answers_kept(
    client: Any, db: Any, board: str
) -> None:
    posted = {**ALL_LEVELS, "ebe5__target": "4", "ebe4__target": "5"}
    html = _assert_error_page(save(client, board, BOARD_SECTION, posted))
    summary = html[html.index('class="nhsuk-error-summary"') : html.index("</ul>")]
    assert 'href="#ebe5__target"' in summary and 'href="#ebe4__target"' not in summary
    assert "Select “No target”, or select the current level" in summary
    assert re.search(r'name="ebe5"[^>]*value="dont_know" checked', html)
    assert re.search(r'name="ebe4__target"[^>]*value="5" checked', html)
    assert _values(db) == {}


def test_targets_at_or_above_the_level_and_no_target_with_dont_know_are_kept(
    client: Any, db: Any, board: str
) -> None:
    posted = {**ALL_LEVELS, "ebe1__target": "5", "ebe2__target": "3", "ebe5__target": "none"}
    assert save(client, board, BOARD_SECTION, posted).status_code == 302
    targets = {answer.item_id: answer.target for answer in stored(db)}
    assert targets["ebe1"] == 5 and targets["ebe2"] == 3 and targets["ebe5"] is None
