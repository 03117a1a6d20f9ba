"""The theme: the typeface really loads and is really used (pages, diagrams, PDFs), one page
grid, a header in one row from 1024 px, a language menu that works by keyboard without script,
and the theme chosen by a setting."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from agreements.models import Agreement
from agreements.printing.pdfa import archival_pdf
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import follow, log_in
from tests.support.pdf import run_poppler

ROOT = Path(__file__).resolve().parents[2]


def fonts_settled(page) -> None:
    """Lay the page out (which starts the loads of the faces it needs) and wait for them."""
    page.evaluate(
        "async () => { document.body.getBoundingClientRect(); await document.fonts.ready; }"
    )


def drawn_with(page, selector: str) -> dict[str, bool]:
    """{family: is a web font} of the fonts Chromium used for the first node matching `selector`
    (DevTools' CSS.getPlatformFontsForNode: the faces that really drew its glyphs)."""
    fonts_settled(page)
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no {selector} on {page.url}"
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return {font["familyName"]: font["isCustomFont"] for font in fonts}
    finally:
        session.detach()


def loaded_faces(page) -> set[str]:
    """The @font-face rules the page has loaded, as 'family weight style'."""
    fonts_settled(page)
    return set(
        page.evaluate(
            """() => {
              return [...document.fonts].filter(f => f.status === 'loaded')
                .map(f => `${f.family.replaceAll('"', '')} ${f.weight} ${f.style}`);
            }"""
        )
    )


def first_family(page, selector: str) -> str:
    family = page.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily")
    return family.split(",")[0].strip().strip('"')


def header_in_one_row(page) -> tuple[bool, float, float]:
    """Whether every item of the header shares one row, the header's height and its bound.

    One row: every item's vertical middle lies inside every other item's box. The bound: the
    tallest item plus the header's own vertical padding (so two rows can never fit under it).
    """
    return tuple(
        page.evaluate(
            """() => {
              const content = document.querySelector('.site-header__content');
              const items = [...content.children].filter(e => e.getClientRects().length);
              const boxes = items.map(e => e.getBoundingClientRect());
              const oneRow = boxes.every(a => boxes.every(
                b => a.top + a.height / 2 > b.top && a.top + a.height / 2 < b.bottom));
              const style = getComputedStyle(content);
              const bound = Math.max(...boxes.map(b => b.height))
                + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + 1;
              return [oneRow, content.getBoundingClientRect().height, bound];
            }"""
        )
    )


def left_edges(page) -> dict[str, float]:
    """The left edge of the header's content, of the main content and of the footer's text."""
    return page.evaluate(
        """() => ({
          header: document.querySelector('.site-header__name').getBoundingClientRect().left,
          main: document.querySelector('main h1').getBoundingClientRect().left,
          footer: document.querySelector('.site-footer p').getBoundingClientRect().left,
        })"""
    )


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - innerWidth")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_typeface_the_grid_and_the_header(page):
    seed_demo()
    agreement = Agreement.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, cast.eva().email, DEMO_PASSWORD)

    # The typeface: asked for, loaded from our own static files, and drawing the text.
    assert first_family(page, "body") == "Noto Sans"
    assert first_family(page, "main h1") == "Noto Serif"
    faces = loaded_faces(page)
    assert {"Noto Sans 400 normal", "Noto Sans 700 normal", "Noto Serif 700 normal"} <= faces
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans\"')")
    assert drawn_with(page, "main p") == {"Noto Sans": True}
    assert drawn_with(page, "main h1") == {"Noto Serif": True}

    for path in ["/", "/afspraken/", f"/afspraken/{agreement.pk}/"]:
        page.goto(path)
        for width in (1280, 1024):
            page.set_viewport_size({"width": width, "height": 900})
            one_row, height, bound = header_in_one_row(page)
            assert one_row, (width, path)
            assert height <= bound, (width, path, height, bound)
            edges = left_edges(page)
            assert edges["header"] == edges["main"] == edges["footer"], (width, path, edges)
            header_overflow = page.eval_on_selector(
                ".site-header__content", "e => e.scrollWidth - e.clientWidth"
            )
            assert header_overflow == 0, (width, path)
        page.set_viewport_size({"width": 1280, "height": 900})

    # The diagrams' text is drawn in the same face (the agreement page is open).
    assert page.locator("svg.diagram").count() > 0
    assert drawn_with(page, "svg.diagram text") == {"Noto Sans": True}

    # On phones the grid holds too, and the header does not widen the page.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/")
        edges = left_edges(page)
        assert edges["header"] == edges["main"] == edges["footer"], (width, edges)
        assert overflow(page) <= 0, width
        one_row, _, _ = header_in_one_row(page)
        assert not one_row, "the menu wraps below the name on a phone"


def shown(locator) -> str:
    """The text of the element's children that take up more than a pixel on screen."""
    return locator.evaluate(
        """e => [...e.children].filter(c => c.getBoundingClientRect().width > 1)
                 .map(c => c.textContent.trim()).join(' ')"""
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_language_menu_works_by_keyboard_without_script(browser, live_server):
    seed_demo()
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto("/inloggen/")
        toggle = page.locator(".language-menu summary")
        # The button's name says both; it shows "Taal" on a phone, the language from 80em.
        assert " ".join(toggle.text_content().split()) == "Taal: Nederlands"
        assert shown(toggle) == "Taal"
        english = page.get_by_role("button", name="English")
        assert not english.is_visible()
        toggle.focus()
        page.keyboard.press("Enter")
        assert english.is_visible()
        current = page.get_by_role("button", name="Nederlands")
        assert current.get_attribute("aria-current") == "true"
        english.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith("/inloggen/")
        page.set_viewport_size({"width": 1280, "height": 800})
        assert shown(page.locator(".language-menu summary")) == "English"
        page.locator(".language-menu summary").click()
        follow(page.get_by_role("button", name="Nederlands"))
        assert page.locator("html").get_attribute("lang") == "nl"
    finally:
        context.close()


# --- The theme setting, without a browser ------------------------------------------------------


def test_the_default_theme_is_ours(client):
    html = client.get("/inloggen/").content.decode()
    assert '<html lang="nl" class="spelregels-theme">' in html
    assert "/static/css/theme.css" in html
    assert "vendor/voorbeeld/theme.css" not in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


@override_settings(THEME="voorbeeld")
def test_the_setting_switches_to_the_example_theme(client):
    html = client.get("/inloggen/").content.decode()
    assert '<html lang="nl" class="voorbeeld-theme">' in html
    assert "/static/vendor/voorbeeld/theme.css" in html
    assert "/static/css/theme.css" not in html


def settings_theme(value: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SECRET_KEY": "x", "SPELREGELS_THEME": value}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.THEME)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_environment_chooses_the_theme_and_refuses_an_unknown_one():
    chosen = settings_theme("voorbeeld")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() == "voorbeeld"
    unknown = settings_theme("paars")
    assert unknown.returncode != 0
    assert "SPELREGELS_THEME moet 'spelregels' of 'voorbeeld' zijn." in unknown.stderr


def test_the_theme_defines_the_select_chevron_and_the_tokens_the_components_read():
    theme = (ROOT / "static" / "css" / "theme.css").read_text()
    assert '--utrecht-select-background-image: url("data:image/svg+xml,' in theme
    for token in [
        "--utrecht-document-font-family",
        "--utrecht-button-primary-action-background-color",
        "--utrecht-link-color",
        "--utrecht-heading-1-font-family",
        "--utrecht-form-field-error-message-color",
        "--basis-text-font-family-default",
    ]:
        assert f"  {token}:" in theme, token
    assert "--voorbeeld-" not in theme


def test_the_pdf_embeds_the_typeface():
    html = (
        '<!DOCTYPE html><html lang="nl"><head><title>Proef</title>'
        '<link rel="stylesheet" href="/static/print/print.css"></head><body>'
        "<h1>Artikel 1</h1><p>Tekst, € 75.000, <em>cursief</em> en <strong>vet</strong>; "
        "een lange samenwerkingsovereenkomst.</p>"
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" '
        'font-family="Noto Sans, DejaVu Sans, sans-serif"><text x="4" y="20">Tekst</text></svg>'
        '<nav class="toc"><ol><li><a href="#x">x</a></li></ol></nav></body></html>'
    )
    output = run_poppler("pdffonts", archival_pdf(html))
    fonts = {line.split()[0].split("+")[-1] for line in output.splitlines()[2:]}
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic", "Noto-Serif-Bold"} <= fonts
