"""Two editors of two parties discuss the mandates step, beside the mandate's row, and the bell
brings the other back."""

import pytest

from agreements.models import Agreement, CommentThread
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def bell(page) -> str:
    return page.locator(".site-bell__count").inner_text().strip()


def test_two_parties_comment_mention_and_resolve_on_the_mandates_step(browser, live_server):
    seed_demo()
    agreement = Agreement.objects.get()
    brabant = cast.piet()
    step_url = f"/afspraken/{agreement.pk}/stappen/tafels/"

    bernheze_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    brabant_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    try:
        # Bernheze's editor asks Brabant about a mandate, on the mandates step.
        bernheze_page = bernheze_context.new_page()
        log_in(bernheze_page, cast.eva().email, DEMO_PASSWORD)
        bernheze_page.goto(step_url)
        bernheze_page.locator("#comments details.comment-new > summary").click()
        bernheze_page.locator("#id_new_tafels_body").fill(
            "Mag de gedeputeerde dit bedrag zonder Provinciale Staten toezeggen?"
        )
        bernheze_page.get_by_label("Gedeeld met alle partijen").check()
        anchor = bernheze_page.locator("#id_new_tafels_anchor")
        mandate_option = anchor.locator("option", has_text="Gedeputeerde").first
        anchor.select_option(mandate_option.get_attribute("value"))
        bernheze_page.locator("#id_new_tafels_mentions").select_option(label=brabant.full_name)
        follow(bernheze_page.locator("#new-thread-tafels-submit"))
        assert "Mag de gedeputeerde dit bedrag" in bernheze_page.content()
        thread = CommentThread.objects.get(agreement=agreement)
        assert thread.step == "tafels" and thread.anchor

        # The thread stands beside the form on a wide screen, and its row links to it.
        row_link = bernheze_page.locator(".row-comments a", has_text="1 opmerking, 1 open")
        assert row_link.count() == 1
        assert row_link.get_attribute("href") == f"#thread-{thread.pk}"
        form = bernheze_page.locator("#step-form").bounding_box()
        panel = bernheze_page.locator(f"#thread-{thread.pk}").bounding_box()
        assert form is not None and panel is not None
        assert panel["x"] >= form["x"] + form["width"], (form, panel)
        bernheze_page.set_viewport_size({"width": 390, "height": 800})
        form = bernheze_page.locator("#step-form").bounding_box()
        panel = bernheze_page.locator(f"#thread-{thread.pk}").bounding_box()
        assert form is not None and panel is not None
        assert panel["y"] >= form["y"] + form["height"], (form, panel)  # on a phone: below
        bernheze_page.set_viewport_size({"width": 1280, "height": 800})

        # Brabant's editor sees the bell count, follows the notification to the thread ...
        brabant_page = brabant_context.new_page()
        log_in(brabant_page, cast.piet().email, DEMO_PASSWORD)
        assert bell(brabant_page) == "1"
        follow(brabant_page.locator(".site-bell"))
        assert axe_violations(brabant_page) == [], "notification list"
        follow(brabant_page.locator(".notification-list__open").first)
        assert f"#thread-{thread.pk}" in brabant_page.url
        assert bell(brabant_page) == "0"
        article = brabant_page.locator(f"#thread-{thread.pk}")
        assert "Mag de gedeputeerde dit bedrag" in article.inner_text()

        # ... replies, and resolves the thread.
        article.locator("details.comment-thread__reply > summary").click()
        article.get_by_label("Reactie").fill("Ja, binnen het mandaat van 28 januari.")
        follow(article.get_by_role("button", name="Reageren"))
        article = brabant_page.locator(f"#thread-{thread.pk}")
        assert "binnen het mandaat" in article.inner_text()
        follow(article.get_by_role("button", name="Afhandelen"))
        thread.refresh_from_db()
        assert thread.resolved_by == brabant
        assert "afgehandeld" in brabant_page.locator(f"#thread-{thread.pk}").inner_text()
        assert axe_violations(brabant_page) == [], "resolved thread"

        # The reply brings Bernheze's editor back: the bell counts it.
        bernheze_page.goto(step_url)
        assert bell(bernheze_page) == "1"
        assert "afgehandeld" in bernheze_page.locator(f"#thread-{thread.pk}").inner_text()
    finally:
        bernheze_context.close()
        brabant_context.close()
