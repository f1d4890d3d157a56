"""Rate limits of the respondent journey: people who share an address can all answer, and links
and resume codes still cannot be guessed.

Thirty people at a community venue, or a board meeting on the trust's wifi, reach the service
from one address. One limit per address over every respondent page (the old scheme: 60 a minute)
refused most of them. So each request of the journey is counted against three limits, each shared
by every respondent-link route (``respondent_link_limit``):

- **Per respondent** (``RESPONDENT_LIMIT``, 120 a minute): keyed by the drafts this browser is
  answering, which the signed session cookie holds; a browser with no draft yet (the start page,
  "Start now", a personal board link) is keyed by the link and its address. A copied cookie shares
  its owner's count, so replaying it from many clients gains nothing.
- **Guessing** (``UNKNOWN_LINK_LIMIT``, 30 a minute per address): counted only on answers that
  say the link does not exist (404). People following real links never add to it, so a venue is
  not refused because it is busy; someone trying tokens or short codes is refused after 30 tries
  a minute, which makes a 40-bit short code (about a million million) impossible to find by
  trying.
- **Per address** (``ADDRESS_CEILING``, 1,500 a minute): a ceiling over all respondent pages, so
  one address cannot flood the service, set far above what a room of people can do (about 20
  requests each a minute at most).

``resume_code_limit``: 10 resume-code attempts a minute from one address (POST only), so a code
cannot be guessed by trying many. People resuming at a venue are few, and each needs one try.

Keys never hold a token or a code: a link is keyed by part of its SHA-256 hash (Flask-Limiter logs
the key of a limit that is exceeded).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import request
from flask.wrappers import Response
from flask_limiter.util import get_remote_address

from valuedcare.extensions import limiter
from valuedcare.survey import journey

F = TypeVar("F", bound=Callable[..., Any])

RESPONDENT_LIMIT = "120 per minute"
UNKNOWN_LINK_LIMIT = "30 per minute"
ADDRESS_CEILING = "1500 per minute"
RESUME_CODE_LIMIT = "10 per minute"

#: Status of the page that says a link does not exist (``LinkProblem`` for an unknown link).
UNKNOWN_LINK_STATUS = 404
#: Hex digits of a link's SHA-256 kept in a key: enough to keep links apart, never the token.
LINK_KEY_DIGITS = 16


def respondent_key() -> str:
    """The respondent a request comes from: their drafts, or the link they opened and where from."""
    drafts = journey.draft_ids()
    if drafts:
        return "respondent:" + ",".join(str(draft) for draft in drafts)
    token = str((request.view_args or {}).get("token", ""))
    link = hashlib.sha256(token.encode()).hexdigest()[:LINK_KEY_DIGITS]
    return f"link:{link}:{get_remote_address()}"


def _unknown_link(response: Response) -> bool:
    return response.status_code == UNKNOWN_LINK_STATUS


_per_respondent = limiter.shared_limit(
    RESPONDENT_LIMIT, scope="respondent", key_func=respondent_key
)
_guessing = limiter.shared_limit(
    UNKNOWN_LINK_LIMIT,
    scope="unknown-link",
    key_func=get_remote_address,
    deduct_when=_unknown_link,
)
_per_address = limiter.shared_limit(
    ADDRESS_CEILING, scope="respondent-address", key_func=get_remote_address
)


def respondent_link_limit(view: F) -> F:
    """All three respondent-journey limits, for a route that takes a respondent's link."""
    return _per_address(_guessing(_per_respondent(view)))  # type: ignore[return-value]


resume_code_limit = limiter.limit(RESUME_CODE_LIMIT, key_func=get_remote_address, methods=["POST"])
