"""Invitation links for tests: made through the data layer, committed, token kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valuedcare.data.scope import Scope

LEAD_SCOPE = Scope(user_id=None, role="platform_admin", organisation_id=None)


@dataclass
class LinkFixture:
    token: str
    invitation_id: int
    assessment_id: int
    organisation_id: int

    @property
    def url(self) -> str:
        return f"/r/{self.token}"


def make_link(db: Any, assessment: Any, lens: str, **fields: Any) -> LinkFixture:
    from valuedcare.data import invitations

    if lens == "board":
        invitation, token = invitations.invite_board_member(
            LEAD_SCOPE, assessment.id, name=fields.get("name", "A. Member")
        )
    else:
        invitation, token = invitations.create_anonymous_link(
            LEAD_SCOPE,
            assessment.id,
            lens=lens,
            label=fields.get("label", "Link"),
            team=fields.get("team"),
        )
    db.session.commit()
    return LinkFixture(token, invitation.id, assessment.id, assessment.organisation_id)
