"""A crawl of every page the demo's roles can reach, in a real browser, at four widths.

The pages: every URL of the permission matrix (tests/support/matrix.py) that answers a role's
GET with an HTML page of its own, in the matrix's scene, and the builder's other steps and the
comparison of two versions. Per role and page, loaded once, then resized to each width:

- no page is wider than the viewport (WCAG 2.1, 1.4.10 Reflow): a wide table or diagram
  scrolls inside a region of its own, the page does not scroll sideways;
- no link on the page leads the role to a 404 or 403;
- no error in the console;
- no axe-core WCAG 2.1 A/AA violation, at 1280 and at 320 px.

A page whose content (`main`) one role saw already is not measured again for the next role
(its links still are, for that role): the four member roles see much the same pages.
"""

import hashlib
import re
from functools import partial
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from agreements.document.outline import SECTIONS
from tests.support.browser import axe_violations
from tests.support.matrix import ACTORS, get_expectation, url_names, url_of
from tests.support.scenes import build_matrix_scene

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768, 390, 320]
# axe at one width of each band between the style sheets' breakpoints that the widths fall in:
# 390 px lies in the band of 320 (test_crawl_widths.py), so the same rules of the same style
# sheets apply; the reflow is measured at all four.
AXE_WIDTHS = {1280, 768, 320}

# What is not an HTML page of the application: the API, the admin (a crawl of their own),
# files, feeds, redirects and the parts a page fetches.
NOT_A_PAGE = re.compile(
    r"^(api:|admin:)|_(pdf|csv|metadata)$|^(health|decision_attachment|signature_scan|public_feed"
    r"|public_sitemap|public_sitemap_section|robots"
    r"|version_print_preview|agreement_step_presence|set_language|logout|notification_open)$"
)

# Failures the lead has accepted for now, as (check, url name, actor or "*") -> reason. Each
# belongs to another part of the work (issue 17); the crawl reports any it no longer sees.
KNOWN: dict[tuple[str, str, str], str] = {}


def pages_to_visit(scene: dict) -> list[tuple[str, str, list[str]]]:
    """(url name, path, the actors who get 200 on GET), for every page of the crawl."""
    pages = []
    for name, pattern in url_names():
        expected = get_expectation(name)
        if expected is None or NOT_A_PAGE.search(name):
            continue
        actors = [actor for actor in ACTORS if expected[actor] == 200]
        if not actors:
            continue
        path = url_of(name, pattern, scene)
        pages.append((name, path, actors))
        if name == "agreement_step":
            for slug in [section.step for section in SECTIONS] + ["controle"]:
                if slug != scene["step_slug"]:
                    step = path.replace(f"/{scene['step_slug']}/", f"/{slug}/")
                    pages.append((name, step, actors))
        if name == "version_compare":
            pages.append((name, f"{path}?van=1&naar=2", actors))
    return pages


class LinkChecker:
    """The answer a role gets on a link. A URL of the matrix's scene has the matrix's answer
    (tests/test_permission_matrix.py asserts it); any other is asked once per role and URL with
    the role's session through Django's test client. Files are not fetched (a PDF would be
    rendered here): their answer is the matrix's."""

    def __init__(self, scene: dict):
        self.scene = scene
        self.answers: dict[tuple[str, str], int] = {}
        self.expected: dict[str, dict[str, int]] = {}
        for name, pattern in url_names():
            expected = get_expectation(name)
            if expected is not None and not name.startswith("admin:"):
                self.expected[url_of(name, pattern, scene)] = expected

    def status(self, actor: str, path: str) -> int:
        if path in self.expected:
            return self.expected[path][actor]
        key = (actor, path)
        if key not in self.answers:
            self.answers[key] = self._ask(actor, path)
        return self.answers[key]

    def _ask(self, actor: str, path: str) -> int:
        try:
            name = resolve(urlsplit(path).path).view_name
        except Resolver404:
            return 404
        if NOT_A_PAGE.search(name) and not name.startswith(("admin:", "api:")):
            expected = get_expectation(name)
            if expected is not None:
                return expected[actor]
        client = Client()
        if actor != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.scene["sessions"][actor]
        return client.get(path).status_code


def same_site_links(page, origin: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = set()
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


# The outermost elements that reach past the viewport's right edge: what to fix.
WIDE_ELEMENTS = """width => {
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].slice(0, 2).map(c => '.' + c).join('');
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    const parent = el.parentElement;
    if (right > width + 1 && parent.getBoundingClientRect().right <= width + 1) {
      found.push(`${name(parent)} > ${name(el)}: ${Math.round(right)}`);
    }
  }
  return found.slice(0, 3);
}"""


def content_key(page, path: str) -> str:
    main = page.evaluate("document.querySelector('main')?.innerHTML ?? document.body.innerHTML")
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return path + hashlib.sha256(main.encode()).hexdigest()


def test_every_page_reflows_links_well_and_passes_axe(browser, live_server, monkeypatch):
    # The PDFs are not crawled, and pyHanko cannot seal inside Playwright's event loop.
    monkeypatch.setattr("demo.scenario._archive_pdfs", lambda version: None)
    monkeypatch.setattr("tests.support.scenes.request_pdf", lambda **kwargs: None)
    monkeypatch.setattr("agreements.printing.archive.request_pdf", lambda **kwargs: None)
    scene = build_matrix_scene()
    pages = pages_to_visit(scene)
    links = LinkChecker(scene)
    failures: list[tuple[str, str, str, object]] = []  # (check, url name, actor, detail)
    seen: set[str] = set()
    measured = 0
    for actor in ACTORS:
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        if actor != "anonymous":
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": scene["sessions"][actor],
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        widths = WIDTHS  # from the width the page is at: one resize fewer per page
        page.set_viewport_size({"width": widths[0], "height": 900})
        errors: list[str] = []
        page.on("console", partial(_console_error, errors))
        page.on("pageerror", partial(_page_error, errors))
        first = True
        for name, path, actors in pages:
            if actor not in actors:
                continue
            errors.clear()
            response = page.goto(path)
            assert response is not None and response.status == 200, (actor, path)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            page.evaluate("document.fonts.ready.then(() => true)")  # measured in its own face
            for link in sorted(same_site_links(page, live_server.url)):
                status = links.status(actor, link)
                if status in (403, 404):
                    failures.append(("link", name, actor, f"{path} -> {link}: {status}"))
            key = content_key(page, path)
            if key not in seen or first:
                seen.add(key)
                measured += 1
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 900})
                    scroll_width = page.evaluate("document.documentElement.scrollWidth")
                    if scroll_width > width:
                        wide = page.evaluate(WIDE_ELEMENTS, width)
                        failures.append(
                            ("reflow", name, actor, f"{path} at {width}: {scroll_width} {wide}")
                        )
                    if width in AXE_WIDTHS:
                        for violation in axe_violations(page):
                            failures.append(("axe", name, actor, f"{path} at {width}: {violation}"))
                widths = widths[::-1]
            if errors:
                failures.append(("console", name, actor, f"{path}: {errors}"))
            first = False
        context.close()
    assert measured > 40, measured  # the crawl saw the pages, not a login page 40 times
    _the_checks_can_fail(browser, live_server, links)
    known = [f for f in failures if _known(f)]
    unexpected = [f for f in failures if not _known(f)]
    assert unexpected == [], "\n".join(map(str, unexpected))
    gone = {key for key in KNOWN if not any(_matches(key, f) for f in known)}
    assert gone == set(), f"KNOWN lists failures the crawl no longer sees: {gone}"


def _console_error(errors: list[str], message) -> None:
    if message.type == "error":
        errors.append(message.text)


def _page_error(errors: list[str], error) -> None:
    errors.append(str(error))


def _the_checks_can_fail(browser, live_server, links: LinkChecker) -> None:
    """What the crawl measures would show a page made too wide and a link to nowhere."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.goto("/inloggen/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.evaluate(
        "() => { const wide = document.createElement('div'); wide.style.inlineSize = '40rem';"
        " wide.textContent = 'breed';"
        " document.querySelector('main').append(wide); }"
    )
    assert page.evaluate("document.documentElement.scrollWidth") > 320
    assert page.evaluate(WIDE_ELEMENTS, 320) != []
    context.close()
    assert links.status("lezer", "/afspraken/nieuw/") == 404
    assert links.status("anonymous", "/bestaat-niet/") == 404


def _matches(key: tuple[str, str, str], failure: tuple[str, str, str, object]) -> bool:
    check, name, actor = key
    return failure[0] == check and failure[1] == name and actor in ("*", failure[2])


def _known(failure) -> bool:
    return any(_matches(key, failure) for key in KNOWN)
