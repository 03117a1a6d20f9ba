"""The briefing in a real browser, on a desktop and on a phone: a day is chosen in its form,
the page passes axe, and nothing but a table's own scroll area is wider than the screen."""

import os

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set to a directory to keep a screenshot of each width there (to look at the page).
SCREENSHOTS = os.environ.get("BRIEFING_SCREENSHOTS")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_briefing_on_a_chosen_day_at_every_width(page, reference_data, width, monkeypatch):
    # The version's PDFs are not needed here, and pyHanko cannot seal inside Playwright's loop.
    monkeypatch.setattr("demo.scenario._archive_pdfs", lambda version: None)
    seed_demo(history=True)
    agreement = Agreement.objects.get()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    page.goto(f"/afspraken/{agreement.pk}/briefing/")
    expect(page.get_by_role("heading", name="Stand op", exact=False)).to_be_visible()
    expect(page.get_by_text("Volgens versie 2, in werking sinds 26 juni 2025.")).to_be_visible()

    page.get_by_label("Stand op", exact=True).fill("2024-02-20")
    follow(page.get_by_role("button", name="Toon"))
    assert page.url.endswith("?op=2024-02-20&submit=Toon") or "op=2024-02-20" in page.url
    expect(page.get_by_role("heading", name="Stand op 20 februari 2024")).to_be_visible()
    expect(page.get_by_text("2 van 8 partijen hebben ondertekend", exact=False)).to_be_visible()
    expect(page.get_by_label("Stand op", exact=True)).to_have_value("2024-02-20")
    assert axe_violations(page) == [], f"briefing at {width}px"
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"briefing-{width}.png"), full_page=True)
    # The briefing never makes the page scroll sideways: only a wide table scrolls, inside its
    # own wrapper. (The site header is the base layout's, not the briefing's.)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-wrapper'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == [], f"wider than the screen at {width}px: {wide}"
