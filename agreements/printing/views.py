"""Printing pages: a version's archival PDF (rendered once), the draft and briefing PDFs, the
print preview in DEBUG, and the public page that checks a PDF.
"""

from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from accounts.http import AuthenticatedRequest
from agreements.document.build import build_document, load_agreement
from agreements.document.presentation import readable
from agreements.models import Agreement
from agreements.permissions import get_agreement_for_user, get_version_or_404
from agreements.printing import archive
from agreements.printing.forms import VerifyForm
from agreements.printing.pdfa import render_pdf
from agreements.printing.render import agreement_html, render_draft_pdf, signature_blocks
from agreements.printing.serving import pdf_or_waiting_page
from agreements.printing.verify import verify_pdf
from agreements.records.reminders import due_items
from agreements.versions import adoption as versioning


@login_required
def agreement_briefing_pdf(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """The briefing as a PDF to print or send ahead of a first meeting."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = versioning.latest_version(agreement)
    document = version.document if version else build_document(load_agreement(agreement.pk))
    _html, pdf_bytes = render_pdf(
        "agreements/print/briefing.html",
        {
            "version": version,
            "readable": readable(document),
            "due": due_items(Agreement.objects.filter(pk=agreement.pk), timezone.localdate()),
        },
    )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="briefing.pdf"'
    return response


@login_required
def version_pdf(request: AuthenticatedRequest, agreement_id: UUID, number: int) -> HttpResponseBase:
    """The version's archival PDF: sealed once every party has signed; rendered once."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    return pdf_or_waiting_page(
        request,
        version,
        archive.kind_for(version),
        "agreements/version_pdf_pending.html",
        {"agreement": agreement},
    )


@login_required
def draft_pdf(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """The draft as it stands, marked CONCEPT on every page (rendered on request)."""
    agreement = get_agreement_for_user(request, agreement_id)
    _html, pdf_bytes = render_draft_pdf(agreement)
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(agreement.title)[:80]}-concept.pdf"'
    )
    return response


@login_required
def version_print_preview(
    request: AuthenticatedRequest, agreement_id: UUID, number: int
) -> HttpResponse:
    """The print HTML in the browser, for working on the print template (DEBUG only)."""
    if not settings.DEBUG:
        raise Http404
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    sealed = archive.kind_for(version) == "verzegeld"
    return HttpResponse(
        agreement_html(
            version.document,
            version=version,
            signature_blocks=signature_blocks(version, signed=sealed),
            completion=sealed,
        )
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: is this PDF a version from this registry, sealed, unchanged and in force?"""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = verify_pdf(upload.read())
    return render(request, "agreements/verify.html", {"form": form, "result": result})
