"""Adopt, amend, adopt again and compare, in a real browser; the memory pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_adopt_amend_adopt_and_compare(page, reference_data):
    seed_demo()
    agreement = Agreement.objects.get()
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    page.goto(f"/afspraken/{agreement.pk}/")
    follow(page.get_by_role("link", name="Vaststellen"))
    assert axe_violations(page) == [], "adopt page"
    page.get_by_role("button", name="Vaststellen").click()
    # The adoption makes the version's PDF; in tests the task runs at once, in the request.
    expect(page.get_by_role("status")).to_contain_text("Versie 1 is vastgesteld.", timeout=90_000)

    page.get_by_role("button", name="Wijziging beginnen").click()
    expect(page.get_by_role("heading", name=re.compile("Stap 1 van 8"))).to_be_visible()
    result = page.get_by_label("Beoogd resultaat")
    result.fill(result.input_value() + " Daarnaast 500 laadpalen in de regio.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_role("link", name="Terug naar de afspraak").click()
    page.get_by_role("link", name="Vaststellen").click()
    page.get_by_role("button", name="Vaststellen").click()
    expect(
        page.get_by_text("Vanaf versie 2 is een toelichting op de wijziging verplicht.").first
    ).to_be_visible()
    page.get_by_label("Toelichting op deze versie").fill("Laadpalen toegevoegd aan het resultaat")
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.get_by_role("status")).to_contain_text("Versie 2 is vastgesteld.", timeout=90_000)

    page.get_by_role("link", name="Vergelijk de laatste twee versies").click()
    inserted = page.locator("ins")
    expect(inserted.first).to_be_visible()
    assert "laadpalen" in " ".join(inserted.all_inner_texts())
    expect(page.get_by_text("Laadpalen toegevoegd aan het resultaat")).to_be_visible()
    assert axe_violations(page) == [], "compare"

    for path, name in [
        (f"/afspraken/{agreement.pk}/", "detail"),
        (f"/afspraken/{agreement.pk}/versies/1/", "version 1"),
        (f"/afspraken/{agreement.pk}/tijdlijn/", "timeline"),
        (f"/afspraken/{agreement.pk}/besluiten/", "decisions"),
        (f"/afspraken/{agreement.pk}/evaluaties/nieuw/", "new evaluation"),
        (f"/afspraken/{agreement.pk}/briefing/", "briefing"),
        (f"/afspraken/{agreement.pk}/op-datum/?datum=2026-01-01", "as of"),
        ("/", "dashboard"),
    ]:
        page.goto(path)
        assert axe_violations(page) == [], name
    page.goto(f"/afspraken/{agreement.pk}/besluiten/")
    follow(page.get_by_role("button", name="Besluit vastleggen"))
    assert axe_violations(page) == [], "decision form with errors"
