"""Printing to PDF with WeasyPrint, safely.

The HTML is rendered by Django templates (user text is always escaped); WeasyPrint then fetches
only `data:` URLs and the application's own static files through `StaticOnlyFetcher`. Every other
URL — `file:`, `http:`, other hosts — is refused, so user text cannot make the renderer read local
files or reach the network.

An agreement prints as PDF/A-3a (tagged, so screen readers can follow it) with its title,
language and parties in the document metadata and, for a version, the canonical JSON embedded
as an attached file: the archived PDF alone is enough to read the agreement back.
"""

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML, Attachment
from weasyprint.document import Document
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


PDF_VARIANT = "pdf/a-3a"
# The name of the canonical JSON inside a version's PDF; verification looks for it.
EMBEDDED_JSON_NAME = "spelregels-afspraak.json"
# CSS px to PDF points.
PX_TO_PT = 0.75


def _sections() -> list[tuple[str, str]]:
    return [
        ("s-task", "1. " + _("Opgave en doel")),
        ("s-parties", "2. " + _("Partijen en rollen")),
        ("s-ownership", "3. " + _("Eigenaarschap")),
        ("s-governance", "4. " + _("Tafels en mandaten")),
        ("s-escalation", "5. " + _("Escalatieladder")),
        ("s-values", "6. " + _("Waarden en samenwerking")),
        ("s-term", "7. " + _("Looptijd, evaluatie en wijziging")),
        ("s-signatures", "8. " + _("Ondertekening")),
    ]


def public_notice() -> str:
    """What the publieksversie says on its cover and in its metadata (the PDF's subject)."""
    return _(
        "Openbare versie (Woo) — persoonsgegevens van ambtelijke contactpersonen zijn weggelaten"
    )


def agreement_html(
    document: dict[str, Any],
    *,
    version=None,
    signature_blocks=(),
    completion: bool = False,
    public: bool = False,
) -> str:
    """The print HTML of a version (or, without `version`, of a draft marked CONCEPT).

    `public`: the publieksversie, marked as such on the cover, in the footer of every page and
    in the metadata; `document` is then the public document.
    """
    from .diagrams import structure
    from .presentation import readable

    sections = _sections()
    if completion:
        sections.append(("s-completion", _("Verklaring van voltooiing")))
    return render_to_string(
        "agreements/print/agreement.html",
        {
            "doc": readable(document),
            "structure": structure(document),
            "version": version,
            "concept": version is None,
            "sections": sections,
            "signature_blocks": signature_blocks,
            "completion": completion,
            "public_notice": public_notice() if public else "",
        },
    )


def render_document(html: str) -> Document:
    """Lay out print HTML (fetching only what `StaticOnlyFetcher` allows)."""
    return HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()


def write_archival_pdf(document: Document, *, embedded_json: str | None = None) -> bytes:
    """PDF/A-3a bytes, with the canonical JSON attached when given."""
    attachments = []
    if embedded_json is not None:
        attachments.append(
            Attachment(
                string=embedded_json,
                name=EMBEDDED_JSON_NAME,
                description=_("De vastgestelde afspraak als canonieke JSON"),
                relationship="Source",
                url_fetcher=StaticOnlyFetcher(),
            )
        )
    return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)


def element_box(document: Document, element_id: str) -> tuple[int, tuple[float, ...]] | None:
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


def render_draft_pdf(agreement) -> tuple[str, bytes]:
    """The draft as it stands, marked CONCEPT on every page."""
    from .document import build_document, load_agreement
    from .signing import party_signatures

    document = build_document(load_agreement(agreement.pk))
    blocks = party_signatures(document, official_names=True)
    html = agreement_html(document, signature_blocks=blocks)
    return html, write_archival_pdf(render_document(html))


def signature_blocks(version, *, signed: bool) -> list:
    """Per party of the version, its signature block (filled in when `signed`)."""
    from .signing import party_signatures

    signatures = version.signatures.all() if signed else ()
    return party_signatures(version.document, signatures, official_names=True)


def render_agreement_pdf(version, *, sealed: bool = False) -> tuple[str, bytes]:
    """A version as archival PDF: its print HTML and the PDF/A bytes with the JSON inside.

    Unsealed, the signature blocks are empty (to print and sign on paper). Sealed (once every
    party has signed), they hold the signatures, a certificate of completion follows, and the
    file carries the application's PAdES seal.
    """
    from .versioning import canonical_json

    html = agreement_html(
        version.document,
        version=version,
        signature_blocks=signature_blocks(version, signed=sealed),
        completion=sealed,
    )
    document = render_document(html)
    pdf = write_archival_pdf(document, embedded_json=canonical_json(version.document))
    if sealed:
        from .seal import seal_pdf

        page, box = element_box(document, "seal")
        pdf = seal_pdf(
            pdf,
            page=page,
            box=box,
            reason=_("Versie %(number)d, ondertekend door alle partijen")
            % {"number": version.number},
        )
    return html, pdf


def render_public_pdf(version) -> tuple[str, bytes]:
    """The publieksversie of a version: its public document as PDF/A, for the public register.

    The same print template and PDF/A-3a settings as the archival PDF, but from
    `public_document` (no civil servants' contact details, Woo article 5.1(2)(e)), unsealed
    with empty signature blocks (signatories' names are not public either), and without the
    canonical JSON: that holds the contacts, and its hash would not be the version's.
    """
    from .publication import public_document
    from .signing import party_signatures

    document = public_document(version)
    html = agreement_html(
        document,
        version=version,
        signature_blocks=party_signatures(document, official_names=True),
        public=True,
    )
    return html, write_archival_pdf(render_document(html))
