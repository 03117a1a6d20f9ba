"""The API documentation and the admin, seen by staff, at the crawl's four widths: no page wider
than the viewport, no axe WCAG 2.1 A/AA violation (at 1280 and 320 px) and no console error
(the Content-Security-Policy blocks nothing they need). The admin's pages: its index, and per
model it links to the list, the add form and the first object's change form."""

import pytest
from django.urls import reverse

from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.e2e.test_crawl import AXE_WIDTHS, WIDE_ELEMENTS, WIDTHS
from tests.support import cast
from tests.support.browser import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def admin_pages(page) -> list[str]:
    """The admin's pages staff reach from its index: each list and add form it links to, and
    the first object of each list."""
    page.goto(reverse("admin:index"))
    found = page.eval_on_selector_all(
        "#content-main a[href^='/admin/']", "links => links.map(link => link.pathname)"
    )
    paths = [reverse("admin:index"), *dict.fromkeys(found)]
    for path in [path for path in paths if not path.endswith(("/add/", "/admin/"))]:
        page.goto(path)
        first = page.locator("#result_list tbody tr a").first
        if first.count():
            paths.append(first.evaluate("link => link.pathname"))
    return paths


def test_the_api_docs_and_the_admin_reflow_are_accessible_without_console_errors(page):
    seed_demo()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    log_in(page, cast.sita().email, DEMO_PASSWORD)
    paths = [reverse("api:docs"), *admin_pages(page)]
    assert len(paths) > 30, paths  # every model's list, add and change form
    widths = WIDTHS
    page.set_viewport_size({"width": widths[0], "height": 900})
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if path == reverse("api:docs"):
            # Swagger UI draws the operations after loading the schema.
            page.wait_for_load_state("networkidle")
            page.locator(".opblock").first.wait_for()
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{path} at {width}: {page.evaluate(WIDE_ELEMENTS, width)}")
            if width in AXE_WIDTHS:
                for violation in axe_violations(page):
                    problems.append(f"{path} at {width}: {violation}")
        widths = widths[::-1]
    assert problems == [], "\n".join(problems)
