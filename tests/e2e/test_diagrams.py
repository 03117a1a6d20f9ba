"""The diagrams in a real browser: drawn, visible, and no axe violations on their pages."""

import pytest

from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_demo_agreement_and_the_comparison_show_their_diagrams(
    page, tmp_path_factory, monkeypatch
):
    # The sealed PDF is not needed here, and pyHanko cannot seal inside Playwright's event loop.
    monkeypatch.setattr("demo.scenario._archive_pdfs", lambda version: None)
    seed_demo(history=True)
    agreement = Agreement.objects.get()
    shots = tmp_path_factory.mktemp("diagrams")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    for name, path, count in [
        ("afspraak", f"/afspraken/{agreement.pk}/", 3),
        ("vergelijking", f"/afspraken/{agreement.pk}/vergelijken/?van=1&naar=2", 2),
    ]:
        page.goto(path)
        diagrams = page.locator("svg.diagram")
        assert diagrams.count() == count, name
        for index in range(count):
            diagram = diagrams.nth(index)
            diagram.scroll_into_view_if_needed()
            box = diagram.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100, (name, box)
        # The accessible name of the picture is its <title>.
        assert diagrams.first.get_attribute("role") == "img"
        page.locator("svg.diagram").first.screenshot(path=str(shots / f"{name}-figuur.png"))
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        assert axe_violations(page) == [], name
    print(f"screenshots in {shots}")  # noqa: T201 -- for a person to look at
