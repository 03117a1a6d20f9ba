"""The public register (Woo): published versions, readable by anyone without logging in."""

import re
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict
from uuid import UUID

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import last_modified

from accounts.http import page_of, render_search_page
from agreements.document.presentation import readable
from agreements.models import ArchivedPdf, PdfKind, PdfStatus, PublishedVersion
from agreements.printing.links import public_link
from agreements.printing.serving import pdf_or_waiting_page, ready_public_download
from agreements.public import woo
from agreements.public.forms import PublicRegisterForm
from agreements.versions.publication import public_document, public_register, publications_of
from agreements.versions.signing import signature_overview

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PUBLIC_PAGE_SIZE = 25
FEED_SIZE = 50


# Last-Modified on the public pages, and 304 to a visitor whose copy is not older: for visitors
# who are not logged in (a logged-in header shows the bell's count, which changes on its own).
# The pages carry the language switcher's CSRF token; they vary by Cookie, so a browser only
# revalidates a copy made with the same CSRF cookie, whose token is still good.


def _register_changed(request: HttpRequest, *args) -> datetime | None:
    if request.user.is_authenticated:
        return None
    return PublishedVersion.objects.aggregate(newest=Max("published_at"))["newest"]


def _version_page_changed(request: HttpRequest, publication_id: UUID) -> datetime | None:
    """The page shows the agreement's publications and the public PDF once it is made."""
    if request.user.is_authenticated:
        return None
    agreement = PublishedVersion.objects.filter(pk=publication_id).values("agreement_id")
    moments = [
        PublishedVersion.objects.filter(agreement_id__in=agreement).aggregate(
            newest=Max("published_at")
        )["newest"],
        ArchivedPdf.objects.filter(
            version__publication__agreement_id__in=agreement, kind=PdfKind.PUBLIC
        ).aggregate(newest=Max("rendered_at"))["newest"],
    ]
    return max((moment for moment in moments if moment), default=None)


@last_modified(_register_changed)
def register(request: HttpRequest) -> HttpResponse:
    """Every agreement with a published version, its latest publication first."""
    form = PublicRegisterForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = page_of(request, Paginator(public_register(text), PUBLIC_PAGE_SIZE))
    return render_search_page(request, "agreements/public/register.html", form, page)


@last_modified(_version_page_changed)
def published_version(request: HttpRequest, publication_id: UUID) -> HttpResponse:
    """One published version, without the personal data the Woo keeps private."""
    published = get_object_or_404(
        PublishedVersion.objects.select_related("version", "organisation").annotate(
            public_pdf=Subquery(
                ArchivedPdf.objects.filter(
                    version=OuterRef("version_id"), kind=PdfKind.PUBLIC, status=PdfStatus.READY
                ).values("file")[:1]
            )
        ),
        pk=publication_id,
    )
    version = published.version
    others = publications_of(published.agreement_id).exclude(pk=published.pk).reverse()
    return render(
        request,
        "agreements/public/version.html",
        {
            "published": published,
            "version": version,
            "readable": readable(public_document(version)),
            "signatures": signature_overview(version),
            "others": others,
            "pdf_url": public_link(published=published, stored_name=published.public_pdf),
        },
    )


def public_version_pdf(request: HttpRequest, publication_id: UUID) -> HttpResponseBase:
    """The publieksversie of a published version as PDF/A; rendered once, then from storage."""
    download = ready_public_download(publication_id=publication_id)
    if download is not None:
        return download
    published = get_object_or_404(
        PublishedVersion.objects.select_related("version").defer("version__document"),
        pk=publication_id,
    )
    return pdf_or_waiting_page(
        request,
        published.version,
        PdfKind.PUBLIC,
        "agreements/public/version_pdf_pending.html",
        {"published": published},
    )


# XML 1.0 cannot hold these; user text with one would make the feed fail to serialise.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_UNSAFE.sub("", text)


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (`type="text"`), not HTML."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class _FeedAnnotations(TypedDict):
    intended_result: str | None  # of the version's document


class PublishedVersionsFeed(Feed):
    """Atom feed of the newest publications in the public register (`/openbaar/feed/`)."""

    feed_type = PlainTextAtomFeed
    language = "nl"

    def title(self) -> str:
        return _("Openbaar register van Spelregels: nieuw gepubliceerde versies")

    def subtitle(self) -> str:
        return _(
            "Samenwerkingsafspraken van overheden die de partijen openbaar hebben gemaakt onder "
            "de Wet open overheid (Woo)."
        )

    def link(self) -> str:
        return reverse("public_register")

    def feed_url(self) -> str:
        return reverse("public_feed")

    def author_name(self) -> str:
        # Atom wants a feed author when there are no entries to name one.
        return "Spelregels"

    def items(self) -> "QuerySet[WithAnnotations[PublishedVersion, _FeedAnnotations]]":
        return (
            PublishedVersion.objects.select_related("version", "organisation")
            .only(
                "published_at",
                "version__title",
                "version__number",
                "version__note",
                "organisation__name",
            )
            .annotate(
                intended_result=KeyTextTransform(
                    "intended_result", KeyTransform("task", "version__document")
                )
            )
            .order_by("-published_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item: PublishedVersion) -> str:
        return _xml_text(
            _("%(title)s — versie %(number)d")
            % {"title": item.version.title, "number": item.version.number}
        )

    def item_link(self, item: PublishedVersion) -> str:
        return reverse("public_version", args=[item.pk])

    def item_guid(self, item: PublishedVersion) -> str:
        return f"urn:uuid:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublishedVersion) -> datetime:
        return item.published_at

    def item_updateddate(self, item: PublishedVersion) -> datetime:
        return item.published_at

    def item_description(self, item: "WithAnnotations[PublishedVersion, _FeedAnnotations]") -> str:
        # Empty: no summary (PlainTextAtomFeed).
        return _xml_text(item.version.note or item.intended_result or "").strip()

    def item_author_name(self, item: PublishedVersion) -> str:
        return _xml_text(item.organisation.name)


def _newest_publication(request: HttpRequest) -> datetime | None:
    # The feed's entries are publications, which never change: the newest is the feed's last
    # change (also its Atom `updated`). A renamed organisation (the entries' author) does not
    # count, as in a feed reader's own view of `updated`.
    return PublishedVersion.objects.aggregate(newest=Max("published_at"))["newest"]


# Last-Modified, and 304 to a reader whose If-Modified-Since is not older.
public_feed = last_modified(_newest_publication)(PublishedVersionsFeed())


# Woo metadata (agreements/public/woo.py): the sitemap for the Woo harvester, the same metadata
# per publication as JSON, and robots.txt.
SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {"publicaties": woo.PublicationSitemap}


def woo_sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="public_sitemap_section")


def woo_sitemap(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="agreements/public/sitemap.xml"
    )


def woo_metadata(request: HttpRequest, publication_id: UUID) -> JsonResponse:
    """One publication's Woo metadata as JSON: what its `<url>` in the sitemap says."""
    published = get_object_or_404(woo.publications(), pk=publication_id)
    pdf_url = request.build_absolute_uri(woo.pdf_path(published))
    return JsonResponse(woo.metadata(published, pdf_url), json_dumps_params={"ensure_ascii": False})


def robots(request: HttpRequest) -> HttpResponse:
    """The public register for crawlers; everything else is behind a login anyway."""
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public_register')}",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('public_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
