"""An agreement as archival PDF: the print HTML of a version, a draft or the publieksversie.

The PDF reads as a Dutch convenant: a cover with the document number, the contents, a preamble
("De ondergetekenden: …", "Overwegende dat: …", "Komen het volgende overeen:"), the outline's
sections as numbered articles ("Artikel 1 Opgave en doel"), then the signatures. An agreement
prints with its title, language, parties and dates in the document metadata and, for a version,
the canonical JSON embedded: the archived PDF alone is enough to read the agreement back. The
fully signed version carries the application's seal (`seal.py`), and its seal box names the
sealing date, the seal's holder and the address where anyone can verify the file.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.document.build import canonical_json
from agreements.document.outline import COMPLETION_TITLE, SECTIONS, SIGNATURES_TITLE
from agreements.printing.pdfa import element_box, render_document, write_archival_pdf
from agreements.versions.identity import identity_json


def article_title(number: int, title: Any) -> str:
    """ "Artikel 1 Opgave en doel": a section of the outline as an article of the convenant."""
    return _("Artikel %(number)d %(title)s") % {"number": number, "title": title}


def _sections() -> list[tuple[str, str]]:
    """The table of contents: the preamble, the outline's sections as articles, the
    signatures."""
    return [
        ("s-preamble", _("Partijen en overwegingen")),
        *((section.anchor, article_title(section.number, section.title)) for section in SECTIONS),
        ("s-signatures", str(SIGNATURES_TITLE)),
    ]


def document_number(agreement_id: Any, version=None) -> str:
    """The document number on the cover and in every page's footer.

    "SR-2025-1A2B3C4D-v2": SR (Spelregels), the year the version was adopted, the first eight
    hex digits of the agreement's id and the version number; it never changes for a version
    and tells the versions of one agreement apart. A draft is "SR-1A2B3C4D-concept".
    """
    short = str(agreement_id).replace("-", "")[:8].upper()
    if version is None:
        return f"SR-{short}-concept"
    year = timezone.localtime(version.adopted_at).year
    return f"SR-{year}-{short}-v{version.number}"


@dataclass(frozen=True)
class SealNote:
    """What the seal box says: sealed on which date, by whom, and where to check; and, when
    the seal came on a later day than the last signature, the day signing was complete."""

    sealed_on: date
    holder: str
    verify_url: str
    signed_on: date | None = None


def seal_note(version=None) -> SealNote:
    """The seal box's text for a PDF sealed now.

    A live last signature is sealed at once, on the same day. A version whose signatures came
    in with their own dates (the demo's history, an import) is sealed when its PDF is first
    made; the box then says both days, so the seal never seems older than it is."""
    from agreements.printing.seal import SealNotConfigured, seal_holder

    try:
        holder = seal_holder()
    except SealNotConfigured:
        holder = ""
    today = timezone.localdate()
    last = max((s.recorded_at for s in version.signatures.all()), default=None) if version else None
    signed_on = timezone.localdate(last) if last is not None else None
    return SealNote(
        sealed_on=today,
        holder=holder,
        verify_url=settings.SITE_URL.rstrip("/") + reverse("verify"),
        signed_on=signed_on if signed_on != today else None,
    )


def public_notice() -> str:
    """What the publieksversie says on its cover and in its metadata (the PDF's subject)."""
    return _(
        "Openbare versie (Woo) — persoonsgegevens van ambtelijke contactpersonen zijn weggelaten"
    )


def agreement_html(
    document: dict[str, Any],
    *,
    version=None,
    agreement_id: Any = None,
    signature_blocks=(),
    completion: bool = False,
    public: bool = False,
) -> str:
    """The print HTML of a version (or, without `version`, of a draft marked CONCEPT).

    `public`: the publieksversie, marked as such on the cover, in the footer of every page and
    in the metadata; `document` is then the public document, and the signatures are stated
    (which party signed on which date) instead of printed as blocks to sign.
    """
    from agreements.document.diagrams.structure import structure
    from agreements.document.presentation import readable

    sections = _sections()
    if completion:
        sections.append(("s-completion", str(COMPLETION_TITLE)))
    if agreement_id is None and version is not None:
        agreement_id = version.agreement_id
    readable_document = readable(document)
    return render_to_string(
        "agreements/print/agreement.html",
        {
            "doc": readable_document,
            "structure": structure(document),
            "articles": {
                section.key: article_title(section.number, section.title) for section in SECTIONS
            },
            "version": version,
            "document_number": document_number(agreement_id, version),
            "concept": version is None,
            "sections": sections,
            "signature_blocks": signature_blocks,
            "signed_count": sum(1 for entry in signature_blocks if entry.signature),
            "completion": completion,
            "seal": seal_note(version) if completion else None,
            "public": public,
            "public_notice": public_notice() if public else "",
            "signatures_heading": SIGNATURES_TITLE,
            "completion_heading": COMPLETION_TITLE,
        },
    )


def render_draft_pdf(agreement) -> tuple[str, bytes]:
    """The draft as it stands, marked CONCEPT on every page."""
    from agreements.document.build import build_document, load_agreement
    from agreements.versions.signing import party_signatures

    document = build_document(load_agreement(agreement.pk))
    blocks = party_signatures(document, official_names=True)
    html = agreement_html(document, agreement_id=agreement.pk, signature_blocks=blocks)
    return html, write_archival_pdf(render_document(html))


def signature_blocks(version, *, signed: bool) -> list:
    """Per party of the version, its signature block (filled in when `signed`)."""
    from agreements.versions.signing import party_signatures

    signatures = version.signatures.all() if signed else ()
    return party_signatures(
        version.document, signatures, plan=version.signing_plan, official_names=True
    ).entries


def unsealed_version_pdf(
    version, *, signed: bool, identity: str | None
) -> tuple[str, bytes, tuple[int, tuple[float, float, float, float]] | None]:
    """A version's print HTML and its PDF/A before any seal: with the signatures and the
    certificate of completion when `signed`, the canonical JSON and the identity `identity`
    attached (None: none, as before identities); and where the seal goes (page, box), if the
    template drew its block."""
    html = agreement_html(
        version.document,
        version=version,
        signature_blocks=signature_blocks(version, signed=signed),
        completion=signed,
    )
    document = render_document(html)
    pdf = write_archival_pdf(
        document, embedded_json=canonical_json(version.document), identity_json=identity
    )
    return html, pdf, element_box(document, "seal")


def render_agreement_pdf(version, *, sealed: bool = False) -> tuple[str, bytes]:
    """A version as archival PDF: its print HTML and the PDF/A bytes with the JSON inside.

    Unsealed, the signature blocks are empty (to print and sign on paper). Sealed (once every
    party has signed), they hold the signatures, a certificate of completion follows, and the
    file carries the application's PAdES seal.
    """
    html, pdf, seal_place = unsealed_version_pdf(
        version, signed=sealed, identity=identity_json(version)
    )
    if sealed:
        from agreements.printing.seal import seal_pdf

        assert seal_place is not None, "no seal box"  # noqa: S101 -- a mistake in the template
        page, box = seal_place
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
    `public_document` (no civil servants' contact details, Woo article 5.1(2)(e)), unsealed,
    and without the canonical JSON: that holds the contacts, and its hash would not be the
    version's. Instead of blocks to sign it states which parties signed on which date, with
    the signatory's function but not their name (signatories' names are not public either),
    or that no party has signed yet.
    """
    from agreements.versions.publication import public_document
    from agreements.versions.signing import party_signatures

    document = public_document(version)
    html = agreement_html(
        document,
        version=version,
        signature_blocks=party_signatures(
            document, version.signatures.all(), plan=version.signing_plan, official_names=True
        ),
        public=True,
    )
    return html, write_archival_pdf(render_document(html))
