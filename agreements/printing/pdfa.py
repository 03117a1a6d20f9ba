"""Printing to PDF with WeasyPrint, safely, as PDF/A.

The HTML is rendered by Django templates (user text is always escaped); WeasyPrint then fetches
only `data:` URLs and the application's own static files through `StaticOnlyFetcher`. Every other
URL — `file:`, `http:`, other hosts — is refused, so user text cannot make the renderer read local
files or reach the network. `write_archival_pdf` writes PDF/A-3a (tagged, so screen readers can
follow it), with the canonical JSON embedded as an attached file when given, its creation and
modification date in the document info and the XMP metadata, the running header and footer
marked as artifacts and the contents tagged as a table of contents (`tagging.finish_tags`).
`archival_pdf(html)` does all of that for any print template's HTML: the agreement's and the
briefing's PDFs go through the same pipeline.
"""

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML, Attachment
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from agreements.printing.tagging import finish_tags

# A base URL that resolves nowhere: relative URLs in print templates land under it, and the
# fetcher maps its /static/ paths onto the static files finders.
PRINT_BASE_URL = "https://print.spelregels.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and the app's static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False, timeout=1)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = PRINT_BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(static_prefix):
            relative = url[len(static_prefix) :].split("?")[0].split("#")[0]
            found = finders.find(relative) if ".." not in Path(relative).parts else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"Spelregels print refuses to fetch {url!r}")


def render_pdf(template_name: str, context: dict[str, Any]) -> tuple[str, bytes]:
    """The print HTML and its PDF."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return html, document.write_pdf()


PDF_VARIANT = "pdf/a-3a"


# The name of the canonical JSON inside a version's PDF; verification looks for it.
EMBEDDED_JSON_NAME = "spelregels-afspraak.json"
# Beside it, which agreement and version the PDF is (versions/identity.py).
EMBEDDED_IDENTITY_NAME = "spelregels-versie.json"


# CSS px to PDF points.
PX_TO_PT = 0.75


def render_document(html: str) -> Document:
    """Lay out print HTML (fetching only what `StaticOnlyFetcher` allows)."""
    return HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()


def write_archival_pdf(
    document: Document, *, embedded_json: str | None = None, identity_json: str | None = None
) -> bytes:
    """PDF/A-3a bytes, with the canonical JSON attached when given, and the version's identity.

    The creation and modification date are the moment of rendering (unless the HTML names
    them with `<meta name="dcterms.created">`), in the info dictionary and the XMP alike.
    """
    moment = timezone.now().replace(microsecond=0).isoformat()
    document.metadata.created = document.metadata.created or moment
    document.metadata.modified = document.metadata.modified or document.metadata.created
    attached = (
        (
            embedded_json,
            EMBEDDED_JSON_NAME,
            _("De vastgestelde afspraak als canonieke JSON"),
            "Source",
        ),
        (
            identity_json,
            EMBEDDED_IDENTITY_NAME,
            _("Welke afspraak en welke versie dit is, met hun vingerafdruk"),
            "Supplement",
        ),
    )
    attachments = [
        Attachment(
            string=content,
            name=name,
            description=description,
            relationship=relationship,
            url_fetcher=StaticOnlyFetcher(),
        )
        for content, name, description, relationship in attached
        if content is not None
    ]
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)
    return finish_tags(pdf)


def archival_pdf(html: str, *, embedded_json: str | None = None) -> bytes:
    """Print HTML as PDF/A-3a: laid out by `render_document`, written by `write_archival_pdf`.

    For any print template (the agreement, the briefing): the template needs `<html lang=…>`,
    a `<title>`, and `<nav class="toc">` with an `<ol>` of links for contents tagged as a TOC.
    """
    return write_archival_pdf(render_document(html), embedded_json=embedded_json)


def element_box(
    document: Document, element_id: str
) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page index and PDF box (x1, y1, x2, y2 in points, origin bottom left) of an element."""
    for index, page in enumerate(document.pages):
        height = page.height * PX_TO_PT
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == element_id and box.element_tag:
                x = box.border_box_x() * PX_TO_PT
                y = box.border_box_y() * PX_TO_PT
                width = box.border_width() * PX_TO_PT
                box_height = box.border_height() * PX_TO_PT
                return index, (x, height - y - box_height, x + width, height - y)
    return None
