"""The public register (Woo): published versions, readable by anyone without logging in."""

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .forms import PublicRegisterForm
from .models import PublishedVersion
from .presentation import readable
from .publication import public_document, public_register
from .signing import signature_overview

PUBLIC_PAGE_SIZE = 25


def register(request: HttpRequest) -> HttpResponse:
    """Every agreement with a published version, its latest publication first."""
    form = PublicRegisterForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(public_register(text), PUBLIC_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "agreements/public/register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def published_version(request: HttpRequest, publication_id: UUID) -> HttpResponse:
    """One published version, without the personal data the Woo keeps private."""
    published = get_object_or_404(
        PublishedVersion.objects.select_related("version", "organisation"), pk=publication_id
    )
    version = published.version
    others = (
        PublishedVersion.objects.filter(agreement_id=published.agreement_id)
        .exclude(pk=published.pk)
        .select_related("version")
        .order_by("-version__number")
    )
    return render(
        request,
        "agreements/public/version.html",
        {
            "published": published,
            "version": version,
            "readable": readable(public_document(version)),
            "signatures": signature_overview(version),
            "others": others,
        },
    )
