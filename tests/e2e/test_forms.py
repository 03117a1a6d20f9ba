"""The error summary in the browser, on three forms (login, a new agreement, a builder step):
it is focused when the page loads, the page's title starts with "Fout: ", and following one of
its links moves the focus to the field."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ERROR_TITLE = re.compile(r"^Fout: ")


def assert_summary_leads_to(page, link_text: str, field_id: str) -> None:
    """The summary has the focus and the title says "Fout: "; its link focuses the field."""
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(ERROR_TITLE)
    assert summary.get_by_role("heading").inner_text() == "Er is een probleem"
    summary.get_by_role("link", name=link_text).click()
    # Playwright's own polling: the page's CSP allows no evaluated strings.
    expect(page.locator(f"#{field_id}")).to_be_focused()


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(page):
    seed_demo()
    agreement = Agreement.objects.get()
    eva = cast.eva()

    log_in(page, eva.email, "verkeerd-wachtwoord")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(ERROR_TITLE)
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet" in summary.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == eva.email

    log_in(page, eva.email, DEMO_PASSWORD)
    expect(page).not_to_have_title(ERROR_TITLE)
    page.goto("/afspraken/nieuw/")
    assert page.locator("[data-error-summary]").count() == 0
    follow(page.get_by_role("button", name="Afspraak aanmaken"))
    assert_summary_leads_to(page, "Titel: Dit veld is verplicht.", "id_title")

    page.goto(f"/afspraken/{agreement.pk}/stappen/looptijd/")
    page.get_by_label("Einddatum").fill("2020-01-01")
    follow(page.get_by_role("button", name="Opslaan", exact=True))
    assert_summary_leads_to(
        page, "Einddatum: De einddatum ligt vóór de ingangsdatum.", "id_end_date"
    )
    # What was typed is kept, and the task list says the step's save was refused.
    assert page.locator("#id_end_date").input_value() == "2020-01-01"
    assert page.locator("#status-looptijd").inner_text() == "Fouten"
