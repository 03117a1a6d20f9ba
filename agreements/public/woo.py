"""Woo metadata of the public register: what the Woo-index (open.overheid.nl) harvests.

Every publication is described by the Woo-metadata standard (DiWoo, version 0.9.8, an
extension of the sitemap protocol): its public PDF (the publieksversie) with the information
category convenanten (Woo article 3.3(2)(f)), the publishing organisation with its TOOI URI
where the reference data knows one, the official title, the dates of adoption and signing, the
period in force, the language and the format. The same metadata is in:

- `/openbaar/sitemap.xml`: one `<url>` per publication, its `<loc>` the public PDF and its
  `<diwoo:Document>` the metadata (Django's sitemap framework, pages of `SITEMAP_LIMIT`);
- `/openbaar/<id>/metadata/`: the metadata of one publication as JSON;
- `/robots.txt`: the public register open to crawlers, the sitemap named, the rest closed.

The values come from TOOI's value lists (identifier.overheid.nl); a label goes with each URI.
"""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from agreements.models import PublishedVersion, Signature
from agreements.models.versions import Version

TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/"
EU = "http://publications.europa.eu/resource/authority/"
NAMESPACE = "https://standaarden.overheid.nl/diwoo/metadata/"


@dataclass(frozen=True)
class Term:
    """A value of a TOOI or EU value list: its URI and its label."""

    uri: str
    label: str

    def as_dict(self) -> dict[str, str]:
        return {"resource": self.uri, "label": self.label}


CONVENANTEN = Term(f"{TOOI}c_8fc2335c", "convenanten")  # Woo article 3.3(2)(f)
VASTSTELLING = Term(f"{TOOI}c_641ecd76", "vaststelling")
ONDERTEKENING = Term(f"{TOOI}c_e1ec050e", "ondertekening")
PDF = Term(f"{EU}file-type/PDF", "pdf")
DUTCH = Term(f"{EU}language/NLD", "Nederlands")
SITEMAP_LIMIT = 10_000


def publications() -> QuerySet[PublishedVersion]:
    """Every publication with what its metadata needs, in one query: the version, the
    publishing organisation and the moment of the last signature."""
    last_signed = (
        Signature.objects.filter(version=OuterRef("version_id"))
        .values("version")
        .annotate(last=Max("recorded_at"))
        .values("last")
    )
    return (
        PublishedVersion.objects.select_related("version", "organisation")
        .annotate(last_signed_at=Subquery(last_signed))
        .order_by("published_at", "pk")
    )


def _moment(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _day_start(version: Version, field: str) -> str | None:
    day = getattr(version, field)
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat(timespec="seconds")


def metadata(published: PublishedVersion, pdf_url: str) -> dict[str, Any]:
    """The DiWoo metadata of one publication (from `publications()`), as plain data: the
    JSON per publication, and what the sitemap writes as XML."""
    version = published.version
    organisation = published.organisation
    publisher = {
        "resource": organisation.tooi_uri or None,
        "label": organisation.official_name or organisation.name,
    }
    handlingen = [{"soortHandeling": VASTSTELLING.as_dict(), "atTime": _moment(version.adopted_at)}]
    signed_at = getattr(published, "last_signed_at", None)
    if signed_at:
        handlingen.append({"soortHandeling": ONDERTEKENING.as_dict(), "atTime": _moment(signed_at)})
    return {
        "loc": pdf_url,
        "lastmod": _moment(published.published_at),
        "identifiers": [str(published.pk), f"sha256:{version.sha256}"],
        "publisher": publisher,
        "verantwoordelijke": publisher,
        "titelcollectie": {"officieleTitel": version.title},
        "classificatiecollectie": {"informatiecategorieen": [CONVENANTEN.as_dict()]},
        "creatiedatum": timezone.localtime(version.adopted_at).date().isoformat(),
        "geldigheid": {
            "begindatum": _day_start(version, "start_date"),
            "einddatum": _day_start(version, "end_date"),
        },
        "language": DUTCH.as_dict(),
        "format": PDF.as_dict(),
        "documenthandelingen": handlingen,
    }


def pdf_path(published: PublishedVersion) -> str:
    return reverse("public_version_pdf", args=[published.pk])


class PublicationSitemap(Sitemap):
    """The public register for the Woo harvester: a publication per URL, its public PDF."""

    limit = SITEMAP_LIMIT

    def items(self) -> QuerySet[PublishedVersion]:
        return publications()

    def location(self, item: PublishedVersion) -> str:
        return pdf_path(item)

    def lastmod(self, item: PublishedVersion) -> datetime:
        return item.published_at

    def get_latest_lastmod(self) -> datetime | None:
        # For the index: one aggregate, where Django's default reads every publication.
        return PublishedVersion.objects.aggregate(latest=Max("published_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict[str, Any]]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["diwoo"] = metadata(url["item"], url["location"])
        return urls
