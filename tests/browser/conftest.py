"""Playwright fixtures: one headless Chromium per test session, a fresh context per test.

The browser talks to pytest-django's `live_server` (a transactional database, so the server
thread sees the rows a test creates). Chromium is Debian's `/usr/bin/chromium`; PyPI's
`playwright` drives it without `playwright install`. The tests skip only when that binary or
the Python packages are missing, and `tests/conftest.py` turns such a skip into a failure
under `CI=true`.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PASSWORD = "demo-pass-123"
# Timeouts short enough that a missing element fails fast instead of stalling CI.
ACTION_TIMEOUT_MS = 5_000
NAVIGATION_TIMEOUT_MS = 15_000
# WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

try:
    from axe_playwright_python.base import AxeResults
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None
    Axe = None

MISSING = (
    "playwright / axe-playwright-python are not installed"
    if sync_playwright is None or Axe is None
    else (None if Path(CHROMIUM).exists() or shutil.which(CHROMIUM) else f"{CHROMIUM} is missing")
)


def pytest_collection_modifyitems(config, items):
    if not MISSING:
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium and Playwright: {MISSING}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if MISSING:
        pytest.skip(MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """`new_context(viewport=...)` opens an isolated browser context (own cookies) on the
    live server; every context is closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, locale="de-DE"):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale=locale, reduced_motion="reduce"
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def login(page, user, password=PASSWORD):
    """Log in through the real login form and wait for the page behind it."""
    page.goto("/konto/anmelden/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    assert "/konto/anmelden/" not in page.url, f"login as {user.email} failed: {page.url}"
    return page


if Axe is not None:

    class PageAxe(Axe):
        """axe-playwright-python's runner, injecting axe-core once per document instead of
        before every run (a page is checked at two widths)."""

        def run(self, page, context=None, options=None):
            if not page.evaluate("typeof window.axe !== 'undefined'"):
                page.evaluate(self.axe_script)
            return AxeResults(page.evaluate("options => axe.run(document, options)", options))

    AXE = PageAxe()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; WCAG 2.0/2.1 A and AA rules only."""
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
            "reporter": "no-passes",
            "iframes": False,
        },
    )
    return results.response["violations"]


def format_violations(violations: list[dict], where: str = "") -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{where}[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"    {target}\n      {node['html'][:200]}\n      {summary[:400]}")
    return "\n".join(lines)


def check_a11y(page) -> None:
    """Assert that axe-core finds no WCAG 2.0/2.1 A/AA violation on the current page."""
    violations = axe_violations(page)
    assert not violations, (
        "axe-core violations on " + page.url + ":\n" + format_violations(violations)
    )
