"""Browser tests: Debian's Chromium through pytest-playwright, against a live local server.

* ``browser_type_launch_args`` points Playwright at ``/usr/bin/chromium`` (``make browser``
  installs it with ``chromium chromium-driver fonts-liberation``); Playwright never downloads one.
* ``live_server`` serves the test ``app`` (tests/conftest.py) on 127.0.0.1 and a free port from a
  background thread, for the whole session, and is also the ``base_url``: ``page.goto("/")`` works.
* ``request_log`` records every request a page makes, lets requests to the live server through,
  aborts any other, and fails the test if a page tried to reach anything but the live server.
* ``assert_accessible(page)`` runs axe-core (npm's pinned axe-core when node_modules has it, else
  the copy bundled with axe-playwright-python); a failure lists each rule, impact and target.
* ``console_errors`` collects console errors and uncaught exceptions (CSP violations show up there).
Every test in this folder is marked ``e2e``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import ConsoleMessage, Error, Page, Request, Route
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: axe-core pinned in package.json; evaluated by Playwright, so the page's CSP does not block it.
NPM_AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: Schemes a page may use without a network request to another host.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Debian's Chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def serve_in_thread(app: Flask) -> tuple[BaseWSGIServer, threading.Thread]:
    """Start ``app`` on 127.0.0.1 and a free port in a daemon thread; returns server and thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:<port>``) of ``app`` served for the whole session."""
    server, thread = serve_in_thread(app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@dataclass
class RequestLog:
    """Every URL a page requested, and which of them went somewhere other than ``origin``."""

    origin: str
    urls: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def route(self, route: Route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    @property
    def external(self) -> list[str]:
        return [url for url in self.urls if not self.is_local(url)]

    def paths(self) -> list[str]:
        return [urlsplit(url).path for url in self.urls if self.is_local(url)]

    def assert_only_local(self) -> None:
        assert not self.external, "Requests left the live server:\n" + "\n".join(self.external)


@pytest.fixture
def request_log(page: Page, live_server: str) -> Iterator[RequestLog]:
    """Record the page's requests; block and report any that leave the live server."""
    log = RequestLog(origin=live_server)
    page.on("request", log.record)
    page.route("**/*", log.route)
    yield log
    log.assert_only_local()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of the page, as text, filled in as they happen."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_page_error(error: Error) -> None:
        errors.append(f"Uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per axe violation: rule id, impact, help text and the CSS targets of its nodes."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation.get("nodes", []))
        impact = violation.get("impact") or "unknown impact"
        lines.append(f"{violation['id']} ({impact}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@cache
def _axe() -> Axe:
    return Axe.from_file(NPM_AXE) if NPM_AXE.exists() else Axe()


def assert_accessible(page: Page, context: str | None = None) -> None:
    """Run axe-core on the page (or the ``context`` selector) and fail on any violation."""
    results = _axe().run(page, context=context)
    violations = results.response.get("violations", [])
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )


@pytest.fixture
def accessible() -> Callable[..., None]:
    """``assert_accessible`` as a fixture, for tests that prefer not to import from conftest."""
    return assert_accessible


@pytest.fixture
def csrf_on(app: Flask) -> Iterator[None]:
    """The live server runs the test application: switch CSRF protection on as in production."""
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = previous


def sign_in_browser(page: Page, app: Flask, live_server: str, user: Any) -> None:
    """Sign ``user`` in in the browser: drop any earlier session, then set the signed session
    cookie that signing in through the form would set."""
    from tests.integration.auth.helpers import stored_session

    page.context.clear_cookies()
    serializer = app.session_interface.get_signing_serializer(app)
    cookie = serializer.dumps({**stored_session(user), "_fresh": True})
    page.context.add_cookies(
        [{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": live_server}]
    )
