"""The moderation meeting over HTTP: the task list of ingredients, one page per ingredient with
the statements needing discussion first, and the presenting view for a shared screen.

The trust (trust_fixture) has agreed ebe1, ebe2 (experts by experience, 6 statements) and cul1
(culture); members' levels are ebe1 4, 2, 4 (spread 2) and cul1 3, 5, 1.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from tests.integration.reports.trust_fixture import EVERYONE
from valuedcare.reports import moderation

EBE = [f"ebe{number}" for number in range(1, 7)]


def _url(assessment_id: int, suffix: str = "") -> str:
    return f"/reports/assessments/{assessment_id}/moderation{suffix}"


def _statuses(html: str) -> dict[str, str]:
    """Task list: ingredient title -> status text."""
    found = {}
    for item in html.split('<li class="nhsuk-task-list__item')[1:]:
        title = re.search(r'class="nhsuk-task-list__link[^"]*"[^>]*>\s*([^<]+?)\s*<', item)
        status = re.search(r'class="nhsuk-task-list__status[^"]*"[^>]*>(.*?)</div>', item, re.S)
        assert title and status
        found[unescape(title.group(1))] = re.sub(r"<[^>]+>|\s+", " ", status.group(1)).strip()
    return found


def _hint(html: str, title: str) -> str:
    item = next(i for i in html.split('<li class="nhsuk-task-list__item')[1:] if title in i)
    hint = re.search(r'class="nhsuk-task-list__hint"[^>]*>\s*(.*?)\s*</div>', item, re.S)
    assert hint
    return unescape(hint.group(1))


def _order(html: str) -> list[str]:
    """Statement ids in the order their headings appear."""
    return [m.lower() for m in re.findall(r"<h2[^>]*>\s*(EBE\d|CUL\d|LOC\d)\b", html)]


def test_task_list_statuses_follow_what_is_agreed(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    html = client.get(_url(closed_trust.assessment_id)).get_data(as_text=True)
    statuses = _statuses(html)
    assert list(statuses)[:3] == [
        "Experts by experience",
        "Understanding the national picture",
        "Understanding the local area",
    ]
    assert len(statuses) == len(
        moderation.get_moderation_page(EVERYONE, closed_trust.assessment_id).groups
    )
    assert statuses["Experts by experience"] == "In progress"
    assert statuses["Culture"] == "In progress"
    assert statuses["Understanding the local area"] == "Not started"
    assert _hint(html, "Experts by experience") == (
        "2 of 6 statements agreed, 2 need discussion"
    )  # ebe1 spread 2, ebe2 one "don't know" of three
    assert _hint(html, "Understanding the local area").endswith("1 needs discussion")

    form = {"revision": "1", "level_ebe1": "4", "level_ebe2": "2"}
    form |= {f"level_{item}": "1" for item in EBE[2:]}
    saved = client.post(_url(closed_trust.assessment_id, "/experts_by_experience"), data=form)
    assert saved.status_code == 302 and saved.location.endswith(_url(closed_trust.assessment_id))
    after = client.get(_url(closed_trust.assessment_id)).get_data(as_text=True)
    assert "Experts by experience: 6 of 6 statements agreed." in after
    statuses = _statuses(after)
    assert statuses["Experts by experience"] == "Agreed"
    assert statuses["Culture"] == "In progress"  # saving one ingredient keeps the others

    client.post(
        _url(closed_trust.assessment_id, "/local_area"), data={"revision": "2", "level_loc1": "3"}
    )
    assert (
        _statuses(client.get(_url(closed_trust.assessment_id)).get_data(as_text=True))[
            "Understanding the local area"
        ]
        == "In progress"
    )
    position = moderation.get_moderation_page(EVERYONE, closed_trust.assessment_id).position
    assert position.answers["cul1"].level == 3 and position.answers["loc1"].level == 3
    assert position.answers["ebe2"].rationale is None  # this form left it empty


def test_clearing_a_level_on_an_ingredient_page_takes_the_ingredient_back(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    client.post(_url(closed_trust.assessment_id, "/culture"), data={"revision": "1"})
    html = client.get(_url(closed_trust.assessment_id)).get_data(as_text=True)
    assert _statuses(html)["Culture"] == "Not started"
    assert _statuses(html)["Experts by experience"] == "In progress"


def test_statements_with_a_spread_come_first(
    client: Any, factories: Any, db: Any, signed_in: Any
) -> None:
    assessment = factories.assessment()
    for ebe1, ebe3 in ((3, 1), (3, 4)):
        factories.response(
            assessment,
            answers={
                "ebe1": (ebe1, float(ebe1), False, None),
                "ebe3": (ebe3, float(ebe3), False, None),
            },
        )
    db.session.commit()
    signed_in("platform_admin", None)
    html = client.get(_url(assessment.id, "/experts_by_experience")).get_data(as_text=True)
    assert _order(html) == ["ebe3", "ebe1", "ebe2", "ebe4", "ebe5", "ebe6"]
    assert "Levels 2 or more apart" in html
    assert "members&#39; levels are 2 or more apart" in html  # the rule, in words
    present = client.get(_url(assessment.id, "/experts_by_experience/present"))
    shown = present.get_data(as_text=True)
    assert _order(shown) == ["ebe3"]  # only what needs discussion
    assert "1 of 6 statements needs discussion." in shown
    assert "<form" not in shown.split('id="maincontent"')[1]  # read-only


def test_the_page_shows_how_many_members_chose_each_level(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    html = client.get(_url(closed_trust.assessment_id, "/experts_by_experience")).get_data(
        as_text=True
    )
    table = html[html.index("Members' levels for EBE2") :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<th scope=\"row\"[^>]*>([^<]+)</th>\s*<td[^>]*>(\d+)</td>", table)
    assert cells == [
        ("1 Beginning", "0"),
        ("2 Emerging", "1"),
        ("3 Developing", "1"),
        ("4 Embedded", "0"),
        ("5 Leading", "0"),
        ("Don't know", "1"),
    ]
    assert "Many don&#39;t know" in html


def test_a_bad_value_shows_the_errors_and_keeps_every_answer(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    url = _url(closed_trust.assessment_id, "/experts_by_experience")
    form = {
        "revision": "1",
        "level_ebe1": "4",
        "target_ebe1": "5",
        "level_ebe2": "1",
        "rationale_ebe2": "Kept while the meeting talks",
        "target_ebe3": "3",  # a target without a level
        "level_ebe4": "9",  # not a level
    }
    response = client.post(url, data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html and "nhsuk-error-summary" in html
    assert 'href="#target_ebe3"' in html and 'href="#level_ebe4"' in html
    assert "Select the agreed level for statement EBE3 before its target" in html
    ebe1 = html[html.index('id="level_ebe1"') :]
    assert '<option value="4" selected>' in ebe1[: ebe1.index("</select>")]
    ebe1_target = html[html.index('id="target_ebe1"') :]
    assert '<option value="5" selected>' in ebe1_target[: ebe1_target.index("</select>")]
    assert "Kept while the meeting talks" in html
    position = moderation.get_moderation_page(EVERYONE, closed_trust.assessment_id).position
    assert position.revision == 1 and position.answers["ebe1"].level == 3  # nothing saved


def test_save_and_go_to_the_next_ingredient(client: Any, closed_trust: Any, signed_in: Any) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    saved = client.post(
        _url(closed_trust.assessment_id, "/experts_by_experience"),
        data={"revision": "1", "level_ebe1": "4", "then": "next"},
    )
    assert saved.location.endswith(_url(closed_trust.assessment_id, "/national_picture"))


@pytest.mark.parametrize("suffix", ["/not_an_ingredient", "/not_an_ingredient/present"])
def test_an_unknown_ingredient_is_not_found(
    client: Any, closed_trust: Any, signed_in: Any, suffix: str
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    assert client.get(_url(closed_trust.assessment_id, suffix)).status_code == 404


def test_another_organisations_ingredient_page_is_not_found_nor_saved(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.other_organisation_id)
    url = _url(closed_trust.assessment_id, "/culture")
    assert client.get(url).status_code == 404
    assert client.post(url, data={"revision": "1", "level_cul1": "5"}).status_code == 404
    position = moderation.get_moderation_page(EVERYONE, closed_trust.assessment_id).position
    assert position.answers["cul1"].level == 3


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_board_members_and_viewers_cannot_moderate(
    client: Any, closed_trust: Any, signed_in: Any, role: str
) -> None:
    signed_in(role, closed_trust.organisation_id)
    base = closed_trust.assessment_id
    for suffix in ("", "/culture", "/culture/present"):
        assert client.get(_url(base, suffix)).status_code == 403, suffix
    refused = client.post(_url(base, "/culture"), data={"revision": "1", "level_cul1": "5"})
    assert refused.status_code == 403
    position = moderation.get_moderation_page(EVERYONE, base).position
    assert position.answers["cul1"].level == 3
