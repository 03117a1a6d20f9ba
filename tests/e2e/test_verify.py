"""The verification page's three kinds of answer in the browser, at 1280 and 390 px: the version
in force (green), a superseded version (amber, naming what replaced it) and a spoiled file
(red, without the register's facts). Each passes axe; with SCREENSHOTS set to a directory,
each is saved there as a PNG to look at."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from agreements.models import Agreement
from agreements.printing.render import render_agreement_pdf
from demo.scenario import seed_demo
from tests.support.browser import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def _seed_and_seal() -> dict[str, bytes]:
    """The demo with its history, and versions 1 and 2 sealed, made outside the test's thread:
    Playwright's event loop runs in it, and pyHanko's signing (the demo's sealed PDF too)
    starts a loop of its own."""
    try:
        seed_demo(history=True)
        agreement = Agreement.objects.get()
        return {
            "geldend": render_agreement_pdf(agreement.signed_version, sealed=True)[1],
            "vervangen": render_agreement_pdf(agreement.versions.get(number=1), sealed=True)[1],
        }
    finally:
        connection.close()


def test_the_three_answers_read_well_at_both_widths(page, reference_data, tmp_path):
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdfs = pool.submit(_seed_and_seal).result()
    spoiled = bytearray(pdfs["geldend"])
    spoiled[len(spoiled) // 2] ^= 0x01
    pdfs["gewijzigd"] = bytes(spoiled)
    shots = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    expected = {
        "geldend": "Echt en ongewijzigd. Dit is de versie die geldt.",
        "vervangen": "Echt en ongewijzigd, maar deze versie geldt niet meer.",
        "gewijzigd": "Niet bevestigd.",
    }
    for name, data in pdfs.items():
        # Checked once, then read at each width: the answer does not depend on the screen.
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto("/controleren/")
        page.get_by_label("PDF-bestand").set_input_files(
            files=[{"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": data}]
        )
        page.get_by_role("button", name="Controleren").click()
        box = page.locator(".verification .utrecht-alert")
        expect(box).to_contain_text(expected[name])
        if name == "vervangen":
            expect(box).to_contain_text("Zij is vervangen door versie 2, vastgesteld op")
        if name == "gewijzigd":
            expect(page.get_by_text("Ondertekend door")).to_have_count(0)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert axe_violations(page) == [], f"{name} at {width} px"
            # Nothing wider than the screen: no sideways scrolling at 390 px.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.locator(".verification").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / f"controleren-{name}-{width}.png"), full_page=True)
