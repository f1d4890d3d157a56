"""A failed SQL statement's error text never carries the values bound to it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError


def test_a_failed_insert_does_not_repeat_its_values(db: Any, factories: Any) -> None:
    from valuedcare.models import Organisation

    factories.organisation(code="DUP01")
    db.session.commit()
    db.session.add(
        Organisation(
            code="DUP01",
            name="A secret answer-like value 7f3a",
            region="London",
            peer_group="Mental health trust",
        )
    )
    with pytest.raises(IntegrityError) as failure:
        db.session.flush()
    db.session.rollback()
    assert "secret answer-like value" not in str(failure.value)
