"""Typing in one month's values: checked by the same rules as a file, wrong boxes named with
everything typed kept, then the same preview and confirmation."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.integration.auth.helpers import sign_in


def _last_month() -> str:
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def _url(trust: Any) -> str:
    return f"/organisations/{trust.organisation.id}/measures/month"


def _values(db: Any) -> int:
    from valuedcare.models import MeasureValue

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(MeasureValue))


def test_typed_values_are_previewed_then_stored(client: Any, trust: Any, db: Any) -> None:
    sign_in(client, trust.lead)
    page = client.get(_url(trust)).get_data(as_text=True)
    assert "Type in a month" in page and 'id="did_not_attend-numerator"' in page
    response = client.post(
        _url(trust),
        data={
            "month": _last_month(),
            "team": "South locality",
            "length_of_stay-value": "31.5",
            "did_not_attend-numerator": "12",
            "did_not_attend-denominator": "150",
        },
    )
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 values, 2 new and 0 replacing earlier values" in preview
    assert "Typed in:" in preview
    client.post(response.headers["Location"] + "/confirm")
    assert _values(db) == 2


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"length_of_stay-value": "thirty"}, "length_of_stay-value", "Enter a number, like 12.5"),
        (
            {"did_not_attend-numerator": "20", "did_not_attend-denominator": "10"},
            "did_not_attend-numerator",
            "The numerator cannot be more than the denominator for a share",
        ),
        (
            {"did_not_attend-numerator": "2", "did_not_attend-denominator": "0"},
            "did_not_attend-denominator",
            "The denominator cannot be 0",
        ),
        (
            {"length_of_stay-value": "=1+1"},
            "length_of_stay-value",
            "Type the value itself, not a formula",
        ),
    ],
)
def test_a_wrong_box_is_named_and_every_other_answer_kept(
    client: Any, trust: Any, db: Any, typed: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, trust.lead)
    kept = {"cost_per_occupied_bed_day-value": "512.25"}
    response = client.post(
        _url(trust), data={"month": _last_month(), "team": "North locality", **kept, **typed}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert f'<a href="#{field}">{message}</a>' in body
    assert re.search(rf'id="{field}-error"', body)
    assert 'value="512.25"' in body, "every other answer is kept"
    assert _values(db) == 0


def test_nothing_typed_or_a_made_up_team(client: Any, trust: Any, db: Any) -> None:
    sign_in(client, trust.lead)
    empty = client.post(_url(trust), data={"month": _last_month(), "team": "North locality"})
    assert "Enter at least one value" in empty.get_data(as_text=True)
    forged = client.post(
        _url(trust),
        data={"month": "2099-01", "team": "Elsewhere", "length_of_stay-value": "3"},
    )
    body = forged.get_data(as_text=True)
    assert "Select a month from the list" in body and "Select a team from the list" in body
    assert _values(db) == 0


def test_a_nul_byte_or_control_character_is_named_not_stored(
    client: Any, trust: Any, db: Any
) -> None:
    sign_in(client, trust.lead)
    response = client.post(
        _url(trust),
        data={"month": _last_month(), "team": "North locality", "length_of_stay-value": "3\x000"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a href="#length_of_stay-value">Remove the hidden control characters' in body
    assert _values(db) == 0
