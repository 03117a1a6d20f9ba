"""Printing to PDF with WeasyPrint, safely.

The HTML is rendered by Django templates (user text is always escaped); WeasyPrint then fetches
only `data:` URLs and the application's own static files through `StaticOnlyFetcher`. Every other
URL — `file:`, `http:`, other hosts — is refused, so user text cannot make the renderer read local
files or reach the network.
"""

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
