"""Version pages: adopt and amend, the draft's signing plan, one version with its signatures and
whose turn it is, sign (in the application or on paper), publish, compare two versions, and what
was agreed on a date.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.second_factor import recently_authenticated
from agreements import permissions
from agreements.discussion import views as comment_views
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document, is_complete
from agreements.document.diagrams.structure import compare_structure, structure
from agreements.document.diff import compare
from agreements.document.presentation import readable, role_names
from agreements.lib.errors import has_code
from agreements.lib.uploads import pdf_download
from agreements.models import PdfStatus, PublishedVersion, Signature
from agreements.permissions import (
    get_agreement_for_user,
    get_editable_agreement_for_user,
    get_version_or_404,
)
from agreements.versions import adoption as versioning
from agreements.versions import publication, signing, signing_plan
from agreements.versions.adoption import AdoptionError
from agreements.versions.forms import (
    AdoptForm,
    AsOfForm,
    CompareForm,
    PublishForm,
    SignForm,
    SigningPlanForm,
)
from agreements.versions.standing import standing_on


@login_required
def agreement_adopt(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Adopt the complete draft as the next version."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = versioning.adopt_version(
                agreement=agreement, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("note" if has_code(error, AdoptionError.NOTE_REQUIRED) else None, error)
        else:
            messages.success(
                request, _("Versie %(number)d is vastgesteld.") % {"number": version.number}
            )
            return redirect("agreement_detail", agreement_id=agreement.pk)
    findings = check_document(build_document(load_agreement(agreement.pk)))
    return render(
        request,
        "agreements/agreement_adopt.html",
        {
            "agreement": agreement,
            "form": form,
            "complete": is_complete(findings),
            "previous": versioning.latest_version(agreement),
            **comment_views.adopt_context(request, agreement),
        },
    )


@login_required
def agreement_signing_plan(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Set the draft's signing plan: who signs in which round, and how many per party."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    parties = signing_plan.draft_plan(agreement)
    form = SigningPlanForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            signing_plan.set_signing_plan(
                agreement=agreement, acting_user=request.user, plan=form.plan()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De volgorde van ondertekenen is opgeslagen."))
            return redirect("agreement_signing_plan", agreement_id=agreement.pk)
    return render(
        request,
        "agreements/agreement_signing_plan.html",
        {"agreement": agreement, "form": form, "parties": parties},
    )


@login_required
@require_POST
def agreement_amend(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Open a new draft from the latest version."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    try:
        versioning.open_amendment(agreement=agreement, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("agreement_detail", agreement_id=agreement.pk)
    messages.success(
        request,
        _("Er is een nieuw concept geopend. De vastgestelde versie blijft gelden tot de volgende."),
    )
    return redirect("agreement_step", agreement_id=agreement.pk, step_slug="opgave")


@login_required
def version_detail(request: AuthenticatedRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """One adopted version, exactly as it was adopted, with who has signed it."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    is_current = agreement.current_version_id == version.pk
    overview = signing.signature_overview(version)
    pdfs = list(version.pdfs.all())
    return render(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "readable": readable(version.document),
            "structure": structure(version.document),
            "signatures": overview,
            "fully_signed": overview.complete,
            "is_current": is_current,
            "can_sign": is_current
            and permissions.organisations_user_may_sign_for(
                request.user, version, unsigned_only=True
            ).exists(),
            "can_record_paper": is_current
            and permissions.organisations_user_may_sign_for(
                request.user, version, paper=True, unsigned_only=True
            ).exists(),
            "published": PublishedVersion.objects.filter(version=version).first(),
            "failed_pdfs": [pdf for pdf in pdfs if pdf.status == PdfStatus.FAILED],
            "pdfs": pdfs,
            "can_publish": permissions.organisations_user_may_publish_for(
                request.user, version
            ).exists(),
        },
    )


@login_required
@recently_authenticated  # signing asks for the password (and code) again after a while
def version_sign(
    request: AuthenticatedRequest, agreement_id: UUID, number: int, paper: bool = False
) -> HttpResponse:
    """Sign the current version for a party (or record its paper signature with the scan)."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    organisations = permissions.organisations_user_may_sign_for(
        request.user, version, paper=paper, unsigned_only=True
    )
    if agreement.current_version_id != version.pk or not organisations.exists():
        raise Http404
    user = request.user
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        # Not the decisions that were corrected: their corrections stand in for them.
        decisions=agreement.decisions.filter(correction__isnull=True),
        paper=paper,
        initial={}
        if paper
        else {"signatory_name": user.full_name, "signatory_function": user.function},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signing.sign_version(
                version=version,
                organisation=data["organisation"],
                acting_user=user,
                signatory_name=data["signatory_name"],
                signatory_function=data["signatory_function"],
                basis=data["basis"],
                place=data["place"],
                decision=data["decision"],
                scan=data.get("scan"),
                signed_on=data.get("signed_on"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De handtekening van %(name)s onder versie %(number)d is vastgelegd.")
                % {"name": data["organisation"].name, "number": version.number},
            )
            return redirect("version_detail", agreement_id=agreement.pk, number=version.number)
    return render(
        request,
        "agreements/version_sign.html",
        {
            "agreement": agreement,
            "version": version,
            "form": form,
            "paper": paper,
            "signatures": signing.signature_overview(version),
        },
    )


@login_required
def version_publish(request: AuthenticatedRequest, agreement_id: UUID, number: int) -> HttpResponse:
    """Publish a version in the public register (Woo), when its parties agreed it is public."""
    agreement = get_agreement_for_user(request, agreement_id)
    version = get_version_or_404(agreement, number)
    organisations = permissions.organisations_user_may_publish_for(request.user, version)
    if not organisations.exists():
        raise Http404
    form = PublishForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            publication.publish_version(
                version=version,
                organisation=form.cleaned_data["organisation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Versie %(number)d staat nu in het openbare register.")
                % {"number": version.number},
            )
            return redirect("version_detail", agreement_id=agreement.pk, number=version.number)
    return render(
        request,
        "agreements/version_publish.html",
        {"agreement": agreement, "version": version, "form": form},
    )


@login_required
def signature_scan(
    request: AuthenticatedRequest, agreement_id: UUID, signature_id: UUID
) -> FileResponse:
    """Download the scan of a paper signature; only members of the parties get it."""
    agreement = get_agreement_for_user(request, agreement_id)
    signature = get_object_or_404(
        Signature, pk=signature_id, version__agreement=agreement, method="papier"
    )
    return pdf_download(
        signature.scan, f"handtekening-{signature.organisation.code or 'partij'}.pdf"
    )


@login_required
def version_compare(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Two versions side by side, section by section."""
    agreement = get_agreement_for_user(request, agreement_id)
    numbers = list(agreement.versions.values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    sections = comparison = None
    old = new = None
    if form.is_valid():
        old = get_version_or_404(agreement, form.cleaned_data["van"])
        new = get_version_or_404(agreement, form.cleaned_data["naar"])
        sections = compare(old.document, new.document, roles=role_names())
        comparison = compare_structure(old.document, new.document, numbers=(old.number, new.number))
    return render(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "form": form,
            "sections": sections,
            "comparison": comparison,
            "old": old,
            "new": new,
        },
    )


@login_required
def agreement_as_of(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """What had the parties agreed on a given date?"""
    agreement = get_agreement_for_user(request, agreement_id)
    form = AsOfForm(request.GET or None)
    answer = standing_on(agreement, form.cleaned_data["datum"]) if form.is_valid() else None
    version = answer.version if answer else None
    return render(
        request,
        "agreements/agreement_as_of.html",
        {
            "agreement": agreement,
            "form": form,
            "answer": answer,
            "version": version,
            "readable": readable(version.document) if version else None,
        },
    )
