"""Fixtures for the security tests: two organisations with everything an organisation can own.

``estate`` writes organisations A ("Alderbrook") and B ("Brackenfell") through the factories and
the data layer: a closed and an open assessment each, submitted and draft board responses with
comments, experts-by-experience and partner responses with free text, an agreed (moderated)
position, invitation links of both kinds, an action of its plan (with a progress update) and
one user of every organisation role.
Everything B owns carries the marker ``BRACKENFELL`` or B's name or code, so a page shown to A's
users can be searched for any trace of B.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from flask import Flask

from tests.integration.auth.helpers import stored_session
from valuedcare.data.scope import Scope

PLATFORM = Scope(user_id=None, role="platform_admin", organisation_id=None)
ORGANISATION_ROLES = ("organisation_admin", "board_member", "viewer")


@dataclass
class Holdings:
    """The ids of one organisation's data."""

    organisation_id: int
    code: str
    name: str
    closed_assessment_id: int
    open_assessment_id: int
    users: dict[str, Any] = field(default_factory=dict)  # role -> User
    response_ids: list[int] = field(default_factory=list)
    invitation_ids: list[int] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    anonymous_link_ids: list[int] = field(default_factory=list)
    short_codes: list[str] = field(default_factory=list)  # anonymous links' poster codes
    action_ids: list[int] = field(default_factory=list)
    upload_ids: list[int] = field(default_factory=list)
    api_tokens: dict[str, str] = field(default_factory=dict)  # role -> bearer token
    api_token_ids: list[int] = field(default_factory=list)

    @property
    def assessment_ids(self) -> list[int]:
        return [self.closed_assessment_id, self.open_assessment_id]

    @property
    def user_ids(self) -> list[int]:
        return [user.id for user in self.users.values()]


def _measure_uploads(organisation_id: int, marker: str) -> list[int]:
    """Values of a did-not-attend rate for two teams named with the marker (a confirmed upload,
    so the funnel plot and team charts show them), and a pending upload waiting for its preview."""
    from valuedcare.data import measures
    from valuedcare.measures.upload import UploadRow

    teams = (f"{marker} team one", f"{marker} team two")
    rows = [
        UploadRow(
            index, date(2026, month, 1), team, "did_not_attend", 10.0 + month, 10 + month, 100
        )
        for index, (month, team) in enumerate(
            ((month, team) for month in range(1, 7) for team in teams), start=2
        )
    ]
    confirmed = measures.start_upload(
        PLATFORM, organisation_id, filename=f"{marker} values.csv", measure_set_version=1, rows=rows
    )
    assert confirmed is not None
    measures.confirm_upload(PLATFORM, confirmed)
    pending = measures.start_upload(
        PLATFORM,
        organisation_id,
        filename=f"{marker} pending.csv",
        measure_set_version=1,
        rows=[UploadRow(2, date(2026, 7, 1), teams[0], "length_of_stay", 31.0, None, None)],
    )
    assert pending is not None
    return [confirmed, pending]


@dataclass
class Estate:
    a: Holdings
    b: Holdings
    closed_cycle_id: int
    open_cycle_id: int
    platform_admin: Any

    @property
    def cycle_ids(self) -> list[int]:
        return [self.closed_cycle_id, self.open_cycle_id]


def _maturity(level: int, target: int | None = None) -> tuple:
    return (level, float(level), False, target)


def _submit(factories: Any, assessment: Any, lens: str, answers: dict, **fields: Any) -> Any:
    from valuedcare.data.scores import store_response_scores

    response = factories.response(assessment, lens=lens, answers=answers, **fields)
    if response.status == "submitted":
        store_response_scores(response.id)
    return response


def _comment(db: Any, response: Any, item_id: str, text: str) -> None:
    from sqlalchemy import select

    from valuedcare.models import Answer

    answer = db.session.scalars(
        select(Answer).where(Answer.response_id == response.id, Answer.item_id == item_id)
    ).one()
    answer.comment = text


def _holdings(
    db: Any, factories: Any, closed: Any, opened: Any, *, code: str, name: str, marker: str
) -> Holdings:
    from valuedcare.address_lists import Contact
    from valuedcare.data import actions, address_lists, invitations
    from valuedcare.data.board_papers import save_cover_sheet
    from valuedcare.data.moderation import (
        AgreedAnswer,
        get_board_questionnaire,
        save_agreed_position,
    )
    from valuedcare.data.records import CoverSheet
    from valuedcare.data.reports import get_assessment_info

    organisation = factories.organisation(code=code, name=name, peer_group="Isolation peers")
    closed_assessment = factories.assessment(organisation, closed)
    open_assessment = factories.assessment(organisation, opened)
    held = Holdings(organisation.id, code, name, closed_assessment.id, open_assessment.id)

    for role in ORGANISATION_ROLES:
        held.users[role] = factories.user(
            organisation,
            role=role,
            name=f"{marker.title()} {role.replace('_', ' ').title()}",
            email=f"{role}@{marker.lower()}.example.org",
        )
        _api_token(held, role)

    for assessment in (closed_assessment, open_assessment):
        for level in (2, 3, 4):
            board = _submit(
                factories,
                assessment,
                "board",
                {"ebe1": _maturity(level, 5), "loc1": _maturity(level), "cul1": _maturity(3)},
            )
            _comment(db, board, "ebe1", f"{marker} board evidence {level}")
            held.response_ids.append(board.id)
        draft = _submit(factories, assessment, "board", {"ebe1": _maturity(1)}, status="draft")
        held.response_ids.append(draft.id)
        for index in range(5):
            partner = _submit(
                factories,
                assessment,
                "partner",
                {
                    "p1": ("x", float(index % 5 + 1), False, None),
                    "p12": (f"{marker} partner comment {index}", None, False, None),
                },
            )
            held.response_ids.append(partner.id)
            ebe = _submit(
                factories,
                assessment,
                "experts_by_experience",
                {"listened_to_actual": ("mostly", 4.0, False, None)},
            )
            held.response_ids.append(ebe.id)

    board_invite, board_token = invitations.invite_board_member(
        PLATFORM,
        open_assessment.id,
        name=f"{marker} board invitee",
        email=f"invitee@{marker.lower()}.example.org",
    )
    # Its emailed invitation, whose state (and failure reason) the invitations page shows.
    invitations.email_board_invitation(
        PLATFORM, board_invite.id, lambda token: f"https://{marker.lower()}.example.org/r/{token}"
    )
    anonymous, anonymous_token = invitations.create_anonymous_link(
        PLATFORM, open_assessment.id, lens="partner", label=f"{marker} partner link"
    )
    held.invitation_ids += [board_invite.id, anonymous.id]
    held.tokens += [board_token, anonymous_token]
    coded = invitations.short_code(PLATFORM, anonymous.id)
    assert coded is not None
    held.short_codes.append(coded.code)
    held.anonymous_link_ids.append(anonymous.id)
    # An address list: its people's single-use links are credentials like any token.
    single_use: list[str] = []
    address_lists.add_addresses(
        PLATFORM,
        anonymous.id,
        [Contact("email", f"person{n}@{marker.lower()}.example.org") for n in range(2)]
        + [Contact("sms", "07700900001")],
        lambda token: single_use.append(token) or f"https://{marker.lower()}.example.org/r/{token}",
        date.today(),
    )
    held.tokens += single_use

    action = actions.add_action(
        PLATFORM,
        organisation.id,
        closed_assessment.id,
        actions.ActionFields(
            ingredient="culture",
            statements=("cul1",),
            text=f"{marker} plan action text",
            owner_id=held.users["board_member"].id,
            owner_role=None,
            due_on=None,
            status="on_track",
            target_level=4,
        ),
        reason=f"{marker} reason",
    )
    assert action is not None
    changed = actions.change_action(
        PLATFORM,
        action.id,
        actions.fields_of(action),
        expected_revision=action.revision,
        note=f"{marker} progress note",
        titles={},
    )
    assert changed is not None
    held.action_ids.append(action.id)
    held.upload_ids += _measure_uploads(organisation.id, marker)

    info = get_assessment_info(PLATFORM, closed_assessment.id)
    version_id, _ = get_board_questionnaire(info)
    agreed = save_agreed_position(
        info,
        version_id,
        {"ebe1": AgreedAnswer(3, 4, f"{marker} agreed rationale")},
        expected_revision=None,
        user_id=None,
    )
    held.response_ids.append(agreed)
    save_cover_sheet(
        info,
        CoverSheet(meeting=f"{marker} board meeting", recommendation=f"{marker} recommendation"),
        user_id=None,
    )
    db.session.flush()
    return held


def _api_token(held: Holdings, role: str) -> None:
    """An API token for the user, when the API's tokens are part of the application."""
    if importlib.util.find_spec("valuedcare.data.api_tokens") is None:
        return
    from valuedcare.data import api_tokens

    token, info = api_tokens.create_token(held.users[role].id, f"{role} token")
    held.api_tokens[role] = token
    held.api_token_ids.append(info.id)


def build_estate(db: Any, factories: Any) -> Estate:
    closed = factories.cycle(label="2024/25", status="closed")
    opened = factories.cycle(label="2025/26", status="open")
    a = _holdings(
        db,
        factories,
        closed,
        opened,
        code="ISOA",
        name="Alderbrook Isolation Trust (fictional)",
        marker="ALDERBROOK",
    )
    b = _holdings(
        db,
        factories,
        closed,
        opened,
        code="ISOB",
        name="Brackenfell Isolation Trust (fictional)",
        marker="BRACKENFELL",
    )
    admin = factories.user(None, role="platform_admin", name="Petra Platform")
    db.session.commit()
    return Estate(a, b, closed.id, opened.id, admin)


@pytest.fixture
def estate(db: Any, factories: Any) -> Estate:
    return build_estate(db, factories)


def sign_in(client: Any, user: Any) -> None:
    """Put ``user``'s session straight into the client's cookie (as the auth tests do)."""
    values = stored_session(user)
    with client.session_transaction() as session:
        session.clear()
        session.update(values)
        session["_fresh"] = True
        session.permanent = True


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: Any) -> str:
    """A valid CSRF token of the client's session, read from a page's sign-out form."""
    page = client.get("/account/").get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, "the account page should carry a CSRF token"
    return match.group(1)


@pytest.fixture(autouse=True)
def _limiter_state_kept() -> Iterator[None]:
    """Flask-Limiter keeps its on/off switch and counts on the one ``limiter`` object, and every
    ``create_app`` sets them from its configuration: a test here that builds another application
    (production, rate limits on) must not leave limits on for the tests that follow it."""
    from valuedcare.extensions import limiter

    enabled = limiter.enabled
    yield
    if limiter.initialized:
        limiter.reset()
    limiter.enabled = enabled


@pytest.fixture
def csrf_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """CSRF protection switched on for the shared test application (read at request time)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    yield
