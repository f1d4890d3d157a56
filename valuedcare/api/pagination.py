"""Pages of a list: ``page`` (from 1) and ``per_page`` (1 to ``MAX_PER_PAGE``) query parameters.

A page past the end is empty (200) with ``next`` null and ``previous`` pointing back, so a client
that follows ``next`` until it is null always stops. ``next`` and ``previous`` are full URLs that
keep the request's other query parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request, url_for

from valuedcare.api.errors import ApiError

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
#: Largest page number accepted (keeps every offset a small number).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int


def _integer(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        raise ApiError(400, f"{name} must be a whole number from 1 to {maximum:,}.")
    number = int(raw)
    if not 1 <= number <= maximum:
        raise ApiError(400, f"{name} must be a whole number from 1 to {maximum:,}.")
    return number


def page_request() -> PageRequest:
    """The request's page and page size; ``ApiError(400)`` when either is not valid."""
    return PageRequest(
        page=_integer("page", 1, MAX_PAGE),
        per_page=_integer("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def _link(page: int, per_page: int) -> str:
    others = {k: v for k, v in request.args.items() if k not in {"page", "per_page"}}
    arguments: dict[str, Any] = {"page": page, "per_page": per_page, **others}
    return url_for(request.endpoint or "", **(request.view_args or {}), **arguments, _external=True)


def paginate(items: Sequence[Any], wanted: PageRequest) -> dict[str, Any]:
    """The fields of a list response (``schemas._Page``) for one page of ``items``."""
    total = len(items)
    pages = max(1, -(-total // wanted.per_page))
    start = (wanted.page - 1) * wanted.per_page
    return {
        "items": list(items[start : start + wanted.per_page]),
        "page": wanted.page,
        "per_page": wanted.per_page,
        "total": total,
        "pages": pages,
        "next": _link(wanted.page + 1, wanted.per_page) if wanted.page < pages else None,
        "previous": _link(min(wanted.page - 1, pages), wanted.per_page)
        if wanted.page > 1
        else None,
    }
