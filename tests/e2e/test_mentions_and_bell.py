"""Mentioning someone by typing "@" and choosing from the suggestions, by mouse and by
keyboard; the person's bell, on a page they have open, counts it without a reload."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_mention_by_autocomplete_reaches_the_bell_without_a_reload(
    browser, live_server, settings
):
    settings.BELL_POLL_SECONDS = 1
    seed_demo()
    agreement = Agreement.objects.get()
    contexts = [browser.new_context(base_url=live_server.url, locale="nl-NL") for _ in range(2)]
    try:
        sanne, eva = (context.new_page() for context in contexts)
        log_in(sanne, cast.sanne().email, DEMO_PASSWORD)
        sanne.goto(f"/afspraken/{agreement.pk}/")
        bell = sanne.locator(".site-bell__count")
        before = int(bell.inner_text())

        log_in(eva, cast.eva().email, DEMO_PASSWORD)
        eva.goto(f"/afspraken/{agreement.pk}/stappen/tafels/")
        new = eva.locator("details.comment-new").first
        new.locator("summary").click()
        text = new.locator("textarea[name=body]")
        picker = new.locator("select[name=mentions]")
        # By keyboard: "@kee", arrow down to the suggestion, Enter.
        text.click()
        text.press_sequentially("Akkoord, @kee")
        suggestion = new.locator(".mention-suggestions button", has_text="Kees van Dijk")
        expect(suggestion).to_be_visible()
        assert axe_violations(eva) == []
        text.press("ArrowDown")
        expect(suggestion).to_be_focused()
        suggestion.press("Enter")
        expect(text).to_be_focused()
        # By mouse: "@San", click.
        text.press_sequentially("en @San")
        new.locator(".mention-suggestions button", has_text="Sanne Verbeek").click()
        assert text.input_value() == "Akkoord, @Kees van Dijk en @Sanne Verbeek "
        chosen = picker.evaluate("s => [...s.selectedOptions].map(o => o.textContent.trim())")
        assert sorted(chosen) == ["Kees van Dijk", "Sanne Verbeek"]
        follow(new.get_by_role("button", name="Opmerking plaatsen"))
        posted = eva.get_by_role("paragraph").filter(has_text="Akkoord, @Kees van Dijk")
        expect(posted).to_be_visible()

        # Sanne's page was not reloaded: its bell asks for the count by itself.
        expect(bell).to_have_text(str(before + 1))
    finally:
        for context in contexts:
            context.close()
