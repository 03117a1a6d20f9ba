"""Printing pages: a version's archival PDF (rendered once), the draft and briefing PDFs, the
print preview in DEBUG, and the public page that checks a PDF.
"""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from agreements.permissions import get_agreement_for_user, get_version_or_404
from agreements.printing import archive
from agreements.printing.briefing import briefing_for, render_briefing_pdf
from agreements.printing.forms import BriefingDayForm, VerifyForm
from agreements.printing.render import agreement_html, render_draft_pdf, signature_blocks
from agreements.printing.serving import pdf_or_waiting_page, ready_version_download
from agreements.printing.verify import verify_pdf


@login_required
def agreement_briefing_pdf(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """The briefing as a PDF/A to print or send ahead of a first meeting: the same content as
    the page, on the same day (`?op=`, default today). A date that is no date shows the page
    with the message beside the field."""
    agreement = get_agreement_for_user(request, agreement_id)
    form = BriefingDayForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        briefing = briefing_for(agreement, timezone.localdate())
        return render(
            request,
            "agreements/agreement_briefing.html",
            {"agreement": agreement, "form": form, "briefing": briefing},
            status=400,
        )
    day = (form.cleaned_data["op"] if form.is_bound else None) or timezone.localdate()
    _html, pdf_bytes = render_briefing_pdf(briefing_for(agreement, day))
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(agreement.title)[:70]}-briefing-{day.isoformat()}.pdf"'
    )
    return response


@login_required
def version_pdf(request: AuthenticatedRequest, agreement_id: UUID, number: int) -> HttpResponseBase:
    """The version's archival PDF: sealed once every party has signed; rendered once. (The
    version page's own link, signed for the reader, is served before this: links.py.)"""
    download = ready_version_download(
        user_id=request.user.pk, agreement_id=agreement_id, number=number
    )
    if download is not None:
        return download
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
@require_POST
def version_pdf_retry(
    request: AuthenticatedRequest, agreement_id: UUID, number: int
) -> HttpResponseBase:
    """Try the version's failed PDFs again, then back to the page that asks for the PDF."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    try:
        kinds = archive.retry_failed_pdfs(version=version, acting_user=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect("version_detail", agreement_id=agreement.pk, number=version.number)
    messages.success(request, _("De PDF wordt opnieuw gemaakt."))
    # Back to where the PDF is asked for: its page shows the progress.
    page = "version_pdf" if archive.kind_for(version) in kinds else "version_detail"
    return redirect(page, agreement_id=agreement.pk, number=version.number)


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
