"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser(demo_database):
    """Chromium, for the browser tests of this package only.

    Playwright's sync API runs an event loop in the test thread for as long as it is started;
    Django refuses ORM calls in a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set. The calls of these tests (their bodies, the database flush after each) are still
    synchronous and safe, so it is set here, before Playwright starts, and removed again when
    the last browser test of the worker is done: every other test runs without it.

    While the loop runs, the thread also gets database connections of its own: the shared
    demo (tests/support/demo.py), open on the thread's first connection, is rolled back first.
    """
    from playwright.sync_api import sync_playwright

    demo_database.close()

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium ontbreekt: installeer het met `make setup` (apt-get install chromium)."
        )
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()
