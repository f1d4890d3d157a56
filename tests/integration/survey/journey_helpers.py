"""Helpers for driving the respondent journey through the Flask test client."""

from __future__ import annotations

import re
from typing import Any

from valuedcare.questionnaire import MATURITY_LEVELS

REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"')


def revision_of(html: str) -> str:
    match = REVISION.search(html)
    assert match, "the page has no revision field"
    return match.group(1)


def start(client: Any, url: str) -> Any:
    """Press "Start now" on a link's start page; returns the redirect response."""
    response = client.post(f"{url}/start", data={"new": "1"})
    assert response.status_code == 302, response.text
    return response


def save(
    client: Any,
    url: str,
    section: str,
    answers: dict[str, Any],
    *,
    action: str = "continue",
    revision: str | None = None,
) -> Any:
    """GET the section page (for its revision) unless given, then POST ``answers``."""
    if revision is None:
        page = client.get(f"{url}/sections/{section}")
        assert page.status_code == 200, page.text
        revision = revision_of(page.text)
    return client.post(
        f"{url}/sections/{section}", data={"revision": revision, "action": action, **answers}
    )


def board_answers(questionnaire: Any, section_id: str, level: int = 3) -> dict[str, str]:
    section = next(s for s in questionnaire.sections if s.id == section_id)
    return {item.id: str(level) for item in section.items}


def stored(db: Any, response_id: int | None = None) -> list[Any]:
    """Every stored answer (of one response), ordered by id."""
    from sqlalchemy import select

    from valuedcare.models import Answer

    db.session.expire_all()
    statement = select(Answer).order_by(Answer.id)
    if response_id is not None:
        statement = statement.where(Answer.response_id == response_id)
    return list(db.session.scalars(statement))


def all_responses(db: Any) -> list[Any]:
    from sqlalchemy import select

    from valuedcare.models import Response

    db.session.expire_all()
    return list(db.session.scalars(select(Response).order_by(Response.id)))


def level_name(level: int) -> str:
    return MATURITY_LEVELS[level - 1]
