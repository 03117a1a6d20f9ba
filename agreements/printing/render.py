"""An agreement as archival PDF: the print HTML of a version, a draft or the publieksversie.

An agreement prints with its title, language and parties in the document metadata and, for a
version, the canonical JSON embedded: the archived PDF alone is enough to read the agreement
back. The fully signed version carries the application's seal (`seal.py`).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from agreements.document.build import canonical_json
from agreements.document.outline import COMPLETION_TITLE, SECTIONS, SIGNATURES_TITLE
from agreements.printing.pdfa import element_box, render_document, write_archival_pdf


def _sections() -> list[tuple[str, str]]:
    """The table of contents: the outline's sections, then the signatures."""
    return [
        *((section.anchor, f"{section.number}. {section.title}") for section in SECTIONS),
        ("s-signatures", f"{len(SECTIONS) + 1}. {SIGNATURES_TITLE}"),
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
    from agreements.document.diagrams.structure import structure
    from agreements.document.presentation import readable

    sections = _sections()
    if completion:
        sections.append(("s-completion", str(COMPLETION_TITLE)))
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
            "signatures_heading": sections[len(SECTIONS)][1],
            "completion_heading": COMPLETION_TITLE,
        },
    )


def render_draft_pdf(agreement) -> tuple[str, bytes]:
    """The draft as it stands, marked CONCEPT on every page."""
    from agreements.document.build import build_document, load_agreement
    from agreements.versions.signing import party_signatures

    document = build_document(load_agreement(agreement.pk))
    blocks = party_signatures(document, official_names=True)
    html = agreement_html(document, signature_blocks=blocks)
    return html, write_archival_pdf(render_document(html))


def signature_blocks(version, *, signed: bool) -> list:
    """Per party of the version, its signature block (filled in when `signed`)."""
    from agreements.versions.signing import party_signatures

    signatures = version.signatures.all() if signed else ()
    return party_signatures(version.document, signatures, official_names=True)


def render_agreement_pdf(version, *, sealed: bool = False) -> tuple[str, bytes]:
    """A version as archival PDF: its print HTML and the PDF/A bytes with the JSON inside.

    Unsealed, the signature blocks are empty (to print and sign on paper). Sealed (once every
    party has signed), they hold the signatures, a certificate of completion follows, and the
    file carries the application's PAdES seal.
    """
    html = agreement_html(
        version.document,
        version=version,
        signature_blocks=signature_blocks(version, signed=sealed),
        completion=sealed,
    )
    document = render_document(html)
    pdf = write_archival_pdf(document, embedded_json=canonical_json(version.document))
    if sealed:
        from agreements.printing.seal import seal_pdf

        found = element_box(document, "seal")
        assert found is not None, "no seal box"  # noqa: S101 -- a mistake in the print template
        page, box = found
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
    from agreements.versions.publication import public_document
    from agreements.versions.signing import party_signatures

    document = public_document(version)
    html = agreement_html(
        document,
        version=version,
        signature_blocks=party_signatures(document, official_names=True),
        public=True,
    )
    return html, write_archival_pdf(render_document(html))
