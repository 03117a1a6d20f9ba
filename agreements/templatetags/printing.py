"""The link to a version's stored PDF, for pages below the printing package (the version page
in versions/): `{% version_pdf_url version pdfs fully_signed %}`, given the version's
ArchivedPdf rows and whether every party has signed."""

from django import template

from agreements.models import ArchivedPdf, Version
from agreements.printing.links import version_link

register = template.Library()


@register.simple_tag(takes_context=True)
def version_pdf_url(
    context: template.Context, version: Version, pdfs: list[ArchivedPdf], fully_signed: bool
) -> str:
    """The version's PDF URL, signed for the reader's session when the PDF is stored."""
    return version_link(
        session_key=context["request"].session.session_key,
        version=version,
        pdfs=pdfs,
        signed_by_all=fully_signed,
    )
