"""The public register's Woo metadata: the sitemap with DiWoo metadata that the Woo harvester
reads, the same metadata as JSON per publication, and robots.txt."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator
from lxml import etree

from accounts.models import Organisation
from agreements.models import PublishedVersion
from agreements.public import woo

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "diwoo": woo.NAMESPACE}
# What the DiWoo 0.9.8 schema requires of every DiWoo element.
REQUIRED = (
    "diwoo:publisher",
    "diwoo:titelcollectie/diwoo:officieleTitel",
    "diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:soortHandeling",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:atTime",
)


def sitemap_urls(client) -> list[ET.Element]:
    index = ET.fromstring(client.get(reverse("public_sitemap")).content)  # noqa: S314 -- our own
    [section] = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert section == "http://testserver" + reverse(
        "public_sitemap_section", kwargs={"section": "publicaties"}
    )
    response = client.get(section)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content).findall("s:url", NS)  # noqa: S314 -- our own


def test_every_publication_is_in_the_sitemap_with_its_woo_metadata(client, demo):
    # The reference data (make run loads it) gives the organisations their TOOI URI; the demo
    # here has none of its own.
    Organisation.objects.filter(pk__in=PublishedVersion.objects.values("organisation")).update(
        tooi_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm1721"
    )
    urls = sitemap_urls(client)
    published = list(woo.publications())
    assert len(urls) == len(published) == PublishedVersion.objects.count() > 0
    for url, publication in zip(urls, published, strict=True):
        version = publication.version
        assert url.findtext("s:loc", namespaces=NS) == "http://testserver" + reverse(
            "public_version_pdf", args=[publication.pk]
        )
        diwoo = url.find("diwoo:Document/diwoo:DiWoo", NS)
        assert diwoo is not None
        assert [path for path in REQUIRED if diwoo.find(path, NS) is None] == []
        category = diwoo.find(REQUIRED[2], NS)
        assert (category.get("resource"), category.text) == (woo.CONVENANTEN.uri, "convenanten")
        publisher = diwoo.find("diwoo:publisher", NS)
        assert publisher.text == publication.organisation.official_name  # Gemeente Bernheze
        assert publisher.get("resource") == publication.organisation.tooi_uri
        assert diwoo.findtext(REQUIRED[1], namespaces=NS) == version.title
        handlingen = {
            each.findtext("diwoo:soortHandeling", namespaces=NS): each.findtext(
                "diwoo:atTime", namespaces=NS
            )
            for each in diwoo.findall("diwoo:documenthandelingen/diwoo:documenthandeling", NS)
        }
        assert set(handlingen) == {"vaststelling", "ondertekening"}  # signed by all
        assert handlingen["vaststelling"].startswith(str(version.adopted_at.date()))
        assert diwoo.findtext("diwoo:creatiedatum", namespaces=NS) == str(
            version.adopted_at.astimezone().date()
        )
        begin = diwoo.findtext("diwoo:geldigheid/diwoo:begindatum", namespaces=NS)
        assert begin.startswith(str(version.start_date) + "T00:00:00")
        assert diwoo.find("diwoo:format", NS).get("resource") == woo.PDF.uri
        assert diwoo.find("diwoo:language", NS).get("resource") == woo.DUTCH.uri


def test_the_sitemap_reads_every_publication_in_one_query(client, demo):
    with CaptureQueriesContext(connection) as queries:
        sitemap_urls(client)
    # The index: the number of pages and the latest publication; the section: the number and
    # the publications with their versions, organisations and last signatures.
    assert len(queries) == 4, [q["sql"][:60] + q["sql"][-80:] for q in queries]


def test_each_publication_has_the_same_metadata_as_json(client, demo):
    urls = {url.findtext("s:loc", namespaces=NS): url for url in sitemap_urls(client)}
    for publication in PublishedVersion.objects.all():
        response = client.get(reverse("public_version_metadata", args=[publication.pk]))
        assert response.status_code == 200
        data = response.json()
        url = urls[data["loc"]]
        diwoo = url.find("diwoo:Document/diwoo:DiWoo", NS)
        title = diwoo.findtext(REQUIRED[1], namespaces=NS)
        assert data["titelcollectie"]["officieleTitel"] == title
        assert data["publisher"]["resource"] == diwoo.find("diwoo:publisher", NS).get("resource")
        assert data["classificatiecollectie"]["informatiecategorieen"] == [
            {"resource": woo.CONVENANTEN.uri, "label": "convenanten"}
        ]
        assert [h["atTime"] for h in data["documenthandelingen"]] == [
            each.text
            for each in diwoo.findall(
                "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:atTime", NS
            )
        ]
    assert client.get(reverse("public_version_metadata", args=[demo.pk])).status_code == 404


def test_robots_opens_the_public_register_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /openbaar/",
        "Disallow: /",
        "Sitemap: http://testserver/openbaar/sitemap.xml",
    ]


def test_a_publisher_without_a_tooi_uri_is_named_without_one(client, demo):
    Organisation.objects.update(tooi_uri="")
    for url in sitemap_urls(client):
        publisher = url.find("diwoo:Document/diwoo:DiWoo/diwoo:publisher", NS)
        assert publisher.text and publisher.get("resource") is None


# --- Against the schemas in the repository (agreements/public/schemas/) -------------------------

SCHEMAS = Path(woo.__file__).parent / "schemas"


def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def metadata_validator() -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "woo-metadata.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_sitemap_and_the_metadata_keep_to_the_schemas(client, demo):
    section = client.get(reverse("public_sitemap_section", kwargs={"section": "publicaties"}))
    schema = sitemap_schema()
    document = etree.fromstring(section.content)
    assert schema.validate(document), schema.error_log
    validator = metadata_validator()
    for publication in PublishedVersion.objects.all():
        data = client.get(reverse("public_version_metadata", args=[publication.pk])).json()
        assert list(validator.iter_errors(data)) == []


def test_the_schemas_refuse_what_the_harvester_could_not_use(client, demo):
    section = client.get(reverse("public_sitemap_section", kwargs={"section": "publicaties"}))
    schema = sitemap_schema()
    no_publisher = etree.fromstring(section.content)
    for publisher in no_publisher.iter(f"{{{woo.NAMESPACE}}}publisher"):
        publisher.getparent().remove(publisher)
    assert not schema.validate(no_publisher)
    other_category = etree.fromstring(
        section.content.replace(woo.CONVENANTEN.uri.encode(), b"https://example.org/c")
    )
    assert not schema.validate(other_category)
    publication = PublishedVersion.objects.first()
    data = client.get(reverse("public_version_metadata", args=[publication.pk])).json()
    validator = metadata_validator()
    assert list(validator.iter_errors({**data, "lastmod": "gisteren"}))
    assert list(validator.iter_errors({k: v for k, v in data.items() if k != "publisher"}))
