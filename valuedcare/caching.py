"""The one in-process cache facility of the service.

Every cache is a :class:`Cache` made by :func:`cache`, which records it by name together with its
*rule*: why a cached value can never outlive the data it was built from. There are three rules.

``CONTENT``
    The key holds everything the value is built from, or a digest of it (a frame's content, a
    stored questionnaire's hash, a directory's file signature, the options of a rendered
    component). Changed data means a new key, so an entry is never stale; old entries age out,
    least recently used first.
``DEPLOY``
    The value depends only on the code and files deployed with this process (the OpenAPI
    document, the migration heads, the timing-equaliser hash). It lives as long as the process.
``GENERATION``
    The value is read from the database, which other processes change, and the key holds the
    *generation* of that data, a counter stored beside it and raised in the same transaction
    as every change (table ``score_generations``: see ``valuedcare.data.generations``). A reader
    reads the counter (one primary-key lookup) before it uses the cache, so the first page after
    a change commits, in any process, shows the new figures.

Caches are bounded and thread-safe. ``clear_all`` empties every cache of this process (tests use
it between cases, because a fresh database reuses ids). This module imports nothing from the web
or database stack, so the pure core may use it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum
from functools import wraps
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


class Rule(Enum):
    """Why a cache's entries are never stale (see the module's documentation)."""

    CONTENT = "the key holds a digest of every input"
    DEPLOY = "depends only on the deployed code and files"
    GENERATION = "the key holds the data's stored generation, raised by every change"


@dataclass(eq=False)
class Cache:
    """A bounded, thread-safe, least-recently-used map from keys to built values."""

    name: str
    rule: Rule
    size: int
    _items: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value for ``key``, built by ``build()`` (outside the lock) when absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_REGISTRY: dict[str, Cache] = {}
_registry_lock = threading.Lock()


def cache(name: str, *, rule: Rule, size: int) -> Cache:
    """The cache called ``name`` (made on first use; one per name in the process)."""
    with _registry_lock:
        existing = _REGISTRY.get(name)
        if existing is None:
            existing = _REGISTRY[name] = Cache(name, rule, size)
        elif existing.rule is not rule:
            raise ValueError(f"cache {name!r} already exists with rule {existing.rule.name}")
        return existing


def memoize(name: str, *, rule: Rule, size: int = 64) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a function of hashable positional arguments so its results are kept in the
    cache ``name``. For ``CONTENT`` caches the arguments must hold every input."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        store = cache(name, rule=rule, size=size)

        @wraps(function)
        def cached(*args: P.args, **kwargs: P.kwargs) -> T:
            if kwargs:
                raise TypeError(f"{function.__name__} is memoized: pass positional arguments")
            return store.get_or_build(args, lambda: function(*args, **kwargs))

        return cached

    return decorate


def caches() -> dict[str, Cache]:
    """Every cache made so far, by name (for the documentation test and for diagnosis)."""
    with _registry_lock:
        return dict(_REGISTRY)


def clear_all() -> None:
    """Empty every cache of this process."""
    for store in caches().values():
        store.clear()


__all__ = ["Cache", "Rule", "cache", "caches", "clear_all", "memoize"]
