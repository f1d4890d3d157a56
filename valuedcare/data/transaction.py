"""The one place that ends a database transaction.

Data functions add and flush and never commit. A request commits once, after its response has
been built, and only when the response is a success or a redirect (:func:`end_request`, called
after every request by ``security``); a command line command commits through
:func:`committed`. Anything that fails rolls back here: an error page (:func:`rollback`), a
command that stops, a save that lost a race. Only one thing commits in the middle of a request:
the record of a refused request (``audit.record_refusal``), through :func:`commit_now`, because
the refused request itself will not commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from valuedcare.extensions import db

log = logging.getLogger(__name__)


def end_request(succeeded: bool) -> BaseException | None:
    """Commit the request's work when it ``succeeded`` (a success or a redirect), else roll it
    back. Returns the error when the database could not be reached at the commit (the caller
    shows the 503 page); any other error at the commit is raised."""
    from valuedcare.data import health

    if not succeeded:
        rollback()
        return None
    try:
        db.session.commit()
    except Exception as error:
        if not health.is_database_unavailable(error):
            raise
        rollback()
        return error
    return None


def rollback() -> None:
    """Roll the session back, whatever state its connection is in."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.warning("Rollback failed", exc_info=True)


def commit_now() -> None:
    """Commit what has been flushed so far (the record of a refused request only)."""
    db.session.commit()


@contextmanager
def committed() -> Iterator[None]:
    """Commit the block's work when it ends normally; roll it back if anything escapes it
    (an error, or ``sys.exit`` after a message), so a command never leaves half its work."""
    try:
        yield
    except BaseException:
        rollback()
        raise
    db.session.commit()


__all__ = ["commit_now", "committed", "end_request", "rollback"]
