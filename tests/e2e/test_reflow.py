"""Reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS pixels wide, in a real browser;
and from 1024 px up no table needs to scroll at all.

The test seeds fictional demonstration data, signs in as each role and follows every link it
finds on the service's own pages, breadth first. Every page must fit 320 px: wide tables scroll
inside their own labelled box, never the page. The first page of each kind (the same address
with different numbers) is also checked with axe-core at that width. At 1024 px, with every
"show more" opened, no table's box may scroll sideways: a reader sees every column at once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import assert_accessible

WIDTH = 320
#: From this width up, no table needs to scroll sideways.
WIDE = 1024
SKIP = re.compile(r"sign-out|\.(csv|xlsx|pdf|png|svg|json)$|/r/|/api/|/self-assessment/\d+/open")
MOST_PAGES = 90


@pytest.fixture
def demo(db: Any) -> Any:
    from valuedcare.data import demo
    from valuedcare.demo.generate import DemoParameters

    parameters = DemoParameters(trusts=5, cycles=2, respondents=12, seed=11)
    demo.seed_demo(parameters, as_of=date(2026, 12, 1))
    access = demo.seed_demo_access()
    db.session.commit()
    return access


#: Boxes that scroll sideways, with every details element opened: (caption or label, widths).
SCROLLING_BOXES = """() => {
  document.querySelectorAll('details').forEach(each => { each.open = true; });
  return [...document.querySelectorAll('.app-table-scroll, [role=region]')]
    .filter(box => box.scrollWidth > box.clientWidth)
    .map(box => ((box.querySelector('caption') || box).getAttribute('aria-label')
      || (box.querySelector('caption') || box).textContent).trim().slice(0, 80)
      + ': ' + box.scrollWidth + ' > ' + box.clientWidth);
}"""


def _problems(page: Page, path: str, width: int, kinds: set[str]) -> list[tuple[str, object]]:
    """What is wrong with the open page at ``width``: the page wider than the window; from
    1024 px up, table boxes that scroll; below, axe-core on the first page of each kind."""
    found: list[tuple[str, object]] = []
    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width > width:
        found.append((path, page_width))
    if width >= WIDE:
        if scrolling := page.evaluate(SCROLLING_BOXES):
            found.append((path, scrolling))
        return found
    kind = re.sub(r"\d+", "N", path.split("?")[0])
    if kind not in kinds:
        kinds.add(kind)
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{path} at {width} px: {error}") from None
    return found


def _crawl(page: Page, width: int = WIDTH) -> tuple[list[tuple[str, object]], int]:
    """Follow every local link from the home page; return what ``_problems`` finds."""
    too_wide: list[tuple[str, object]] = []
    seen: set[str] = set()
    kinds: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        too_wide += _problems(page, path, width, kinds)
        for href in page.eval_on_selector_all(
            "a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
        ):
            href = href.split("#")[0]
            if href and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return too_wide, len(seen)


@pytest.mark.parametrize(
    "email",
    [
        "lead@demo01.example.org",
        "admin@example.org",
        "viewer@demo01.example.org",
        "board@demo01.example.org",
        None,  # signed out: the start page, sign-in, the statements
    ],
)
def test_no_page_scrolls_sideways_at_320_pixels(page: Page, demo: Any, email: str | None) -> None:
    from valuedcare.data.demo import DEMO_PASSWORD

    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    if email is not None:
        page.goto("/account/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    too_wide, visited = _crawl(page)
    assert visited >= 4, f"only {visited} pages reached as {email}"
    assert too_wide == [], f"pages wider than {WIDTH} px as {email}: {too_wide}"


@pytest.mark.parametrize("email", ["lead@demo01.example.org", "admin@example.org"])
def test_no_table_scrolls_sideways_from_1024_pixels(page: Page, demo: Any, email: str) -> None:
    from valuedcare.data.demo import DEMO_PASSWORD

    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": WIDE, "height": 800})
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    too_wide, visited = _crawl(page, WIDE)
    assert visited >= 4, f"only {visited} pages reached as {email}"
    assert too_wide == [], f"tables that scroll at {WIDE} px as {email}: {too_wide}"
