"""Queuing messages for the outbox tests, and running a sender as `flask outbox send` does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from valuedcare.data import outbox
from valuedcare.mail.outbox import Tally, send_due
from valuedcare.mail.providers import provider_from_config
from valuedcare.models import OutboxMessage

LINK = "http://localhost/r/personal-token-that-must-never-be-logged"


def address(n: int) -> str:
    return f"person{n}@example.org"


@pytest.fixture
def queue(db: Any) -> Callable[..., list[str]]:
    """Queue ``count`` board invitations to person<n>@example.org and commit; their references."""

    def make(count: int = 1, template: str = "board_invitation", start: int = 0) -> list[str]:
        references = []
        for n in range(start, start + count):
            reference = f"test:{template}:{n}"
            outbox.enqueue(
                reference=reference,
                template=template,
                recipient=address(n),
                personalisation={
                    "name": f"Member {n}",
                    "organisation": "Fictional Trust",
                    "cycle": "2026/27",
                    "link": f"{LINK}-{n}",
                    "closes_on": "31 March 2027",
                    "days_left": "7",
                },
                organisation_id=None,
            )
            references.append(reference)
        db.session.commit()
        return references

    return make


@pytest.fixture
def send(app: Flask, db: Any) -> Callable[..., Tally]:
    """One run of the sender with the application's configured provider, at ``later`` from now."""

    def run(later: timedelta = timedelta(0), limit: int | None = None) -> Tally:
        moment = datetime.now(UTC) + later
        tally = send_due(provider_from_config(app.config), limit=limit, now=lambda: moment)
        db.session.expire_all()
        return tally

    return run


def rows(db: Any) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.query(OutboxMessage).order_by(OutboxMessage.id))
