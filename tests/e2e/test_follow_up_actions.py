"""An editor records an evaluation with a follow-up action in the browser: the mistakes are
named beside their fields and nothing typed is lost; the action is then moved on and comes due
on the start page."""

import os
from pathlib import Path

import pytest

from agreements.models import ActionStatus, Agreement, FollowUpAction
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTION = "Agenda stuurgroep beperken tot besluitpunten"
# Set to a directory to keep screenshots of the pages (for a look by eye).
SCREENSHOTS = os.environ.get("SPELREGELS_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_an_action_is_corrected_recorded_moved_on_and_comes_due(page):
    seed_demo()
    agreement = Agreement.objects.get()
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    page.goto(f"/afspraken/{agreement.pk}/evaluaties/nieuw/")
    page.get_by_label("Datum evaluatie").fill("2025-04-03")
    for aspect, note in (
        ("Inhoud", "Zoekgebieden op koers"),
        ("Proces", "Stuurgroep agendeert te veel"),
        ("Relatie", "Schuurt over netkosten"),
    ):
        page.get_by_role("group", name=f"{aspect}: hoe gaat het?").get_by_label(
            "3 — redelijk"
        ).check()
        page.get_by_label(f"{aspect}: toelichting").fill(note)
    first = page.get_by_role("group", name="Actie 1")
    first.get_by_label("Vervolgactie").fill(ACTION)
    first.get_by_label("Uiterlijk").fill("2025-03-01")
    follow(page.get_by_role("button", name="Evaluatie vastleggen"))

    # Both mistakes beside their fields; everything typed is still there.
    first = page.get_by_role("group", name="Actie 1")
    assert "Kies welke partij eigenaar is van deze actie." in first.inner_text()
    assert "De uiterste datum ligt vóór de evaluatie van 3 april 2025." in first.inner_text()
    assert first.get_by_label("Vervolgactie").input_value() == ACTION
    assert first.get_by_label("Uiterlijk").input_value() == "2025-03-01"
    assert page.get_by_label("Proces: toelichting").input_value() == "Stuurgroep agendeert te veel"
    assert axe_violations(page) == [], "the evaluation form with errors"
    shot(page, "evaluatie-fouten")

    first.get_by_label("Eigenaar (partij)").select_option(label="Gemeente Oss")
    first.get_by_label("Trekker (niet verplicht)").select_option(
        label=cast.person("oss", "opsteller").full_name
    )
    first.get_by_label("Uiterlijk").fill("2025-06-01")
    follow(page.get_by_role("button", name="Evaluatie vastleggen"))
    assert "De evaluatie is vastgelegd." in page.content()
    action = FollowUpAction.objects.get()
    assert (action.owner, action.status) == (cast.oss(), ActionStatus.OPEN)

    # Eva (an opsteller of the agreement) moves it on, on the evaluation's page.
    page.get_by_label(f"Status van ‘{ACTION}’").select_option("bezig")
    follow(page.get_by_role("button", name="Status bijwerken"))
    assert f"‘{ACTION}’ staat nu op bezig." in page.content()
    assert axe_violations(page) == [], "the evaluation page"
    shot(page, "evaluatie")
    action.refresh_from_db()
    assert action.status == ActionStatus.BEZIG

    # Open and overdue: on the start page, with its date in words.
    page.goto("/")
    due = page.locator(".due-list").inner_text()
    assert f"1 juni 2025 verstreken: Vervolgactie: {ACTION} (Gemeente Oss)" in due
    shot(page, "start")
