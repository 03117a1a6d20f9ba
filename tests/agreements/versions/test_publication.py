"""Publication under the Woo: opstellers publish a version; anyone reads it, drafts never."""

import io
import re
import uuid
from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from pypdf import PdfReader

from accounts.models import AppendOnly, AuditEvent, Organisation, Role, User
from agreements.models import (
    Agreement,
    ArchivedPdf,
    PdfKind,
    PdfStatus,
    Publication,
    PublishedVersion,
    Version,
)
from agreements.printing import archive, verify
from agreements.printing.render import public_notice
from agreements.public import views as public_views
from agreements.versions import adoption as versioning
from agreements.versions.publication import public_register, publish_version
from tests.support import cast, factories
from tests.support.pdf import pdf_pages, pdf_text, squeezed

# The demo with its history: versions 1 and 2, signed by every party and published.
pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guard is PostgreSQL's"
)


def editor() -> User:
    return cast.eva()


def bernheze() -> Organisation:
    return cast.bernheze()


def publish(version) -> PublishedVersion:
    return publish_version(version=version, organisation=bernheze(), acting_user=editor())


def amended(agreement: Agreement, *, public: bool = True) -> Version:
    """Version 3: the draft reopened, one sentence added, adopted (and not published)."""
    versioning.open_amendment(agreement=agreement, acting_user=editor())
    agreement.refresh_from_db()
    agreement.why += " Ook warmte telt."
    if not public:
        agreement.publication = Publication.NIET_OPENBAAR
        agreement.non_publication_ground = "Vertrouwelijke grondposities (Woo 5.1 lid 2 sub b)."
    agreement.save()
    return versioning.adopt_version(agreement=agreement, acting_user=editor(), note="Warmte")


def test_the_demo_publishes_both_versions(demo):
    assert list(PublishedVersion.objects.values_list("version__number", flat=True)) == [2, 1]
    assert AuditEvent.objects.filter(action="version.published").count() == 2


def test_an_opsteller_publishes_a_version_and_anyone_can_read_it(client, demo):
    version = amended(demo)
    client.force_login(editor())
    url = reverse("version_publish", args=[demo.pk, 3])
    detail = reverse("version_detail", args=[demo.pk, 3])
    assert "Openbaar maken in het register" in client.get(detail).content.decode()

    # Without the confirmation nothing happens, and the choice made is kept.
    response = client.post(url, {"organisation": bernheze().pk})
    assert response.status_code == 200
    assert "Bevestig dat je deze versie openbaar wilt maken." in response.content.decode()
    assert not PublishedVersion.objects.filter(version=version).exists()

    response = client.post(url, {"organisation": bernheze().pk, "confirm": "on"})
    assert response.status_code == 302
    published = PublishedVersion.objects.get(version=version)
    assert (published.organisation, published.published_by) == (bernheze(), editor())
    event = AuditEvent.objects.filter(action="version.published").latest("at")
    assert (event.actor, event.organisation, event.object_id) == (
        editor(),
        bernheze(),
        str(demo.pk),
    )
    assert event.changes == {"version": [None, 3], "public": [False, True]}
    # Once published, the version page links to the register and offers no second publication.
    page = client.get(detail).content.decode()
    assert reverse("public_version", args=[published.pk]) in page
    assert "Openbaar maken in het register" not in page
    assert client.get(url).status_code == 404
    timeline = client.get(reverse("agreement_timeline", args=[demo.pk])).content.decode()
    assert "Versie 3 openbaar gemaakt in het register" in timeline

    # Anyone, without logging in.
    client.logout()
    register = client.get(reverse("public_register")).content.decode()
    assert reverse("public_version", args=[published.pk]) in register
    html = client.get(reverse("public_version", args=[published.pk])).content.decode()
    assert escape(version.title) in html
    assert version.sha256 in html
    assert "Ook warmte telt." in html
    for party in version.document["parties"]:
        assert escape(party["organisation"]["official_name"]) in html
    for mandate in version.document["governance"]["mandates"]:
        assert escape(mandate["subject"]) in html


def test_the_public_page_leaves_out_civil_servants_personal_data(client, demo):
    published = PublishedVersion.objects.get(version__number=2)
    version = published.version
    html = client.get(reverse("public_version", args=[published.pk])).content.decode()
    contacts = [p["civil_contact"] for p in version.document["parties"] if p["civil_contact"]]
    assert contacts, "the demo names civil contacts"
    for contact in contacts:
        assert escape(contact) not in html
    # Nor who adopted it (a civil servant with an e-mail address), nor who signed by name.
    assert escape(version.adopted_by_label) not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    for signature in version.signatures.all():
        assert escape(signature.signatory_name) not in html
    # The political representatives are public figures and stay.
    representatives = [p["political_representative"] for p in version.document["parties"]]
    assert any(r and escape(r) in html for r in representatives)


def test_drafts_and_unpublished_versions_are_never_public(client, demo):
    published = PublishedVersion.objects.get(version__number=2)
    third = amended(demo)  # adopted, not published
    versioning.open_amendment(agreement=demo, acting_user=editor())
    Agreement.objects.filter(pk=demo.pk).update(why="Een nieuwe, nog geheime reden.")
    for html in (
        client.get(reverse("public_register")).content.decode(),
        client.get(reverse("public_version", args=[published.pk])).content.decode(),
    ):
        assert "nog geheime reden" not in html
        assert "Ook warmte telt." not in html
        assert third.sha256 not in html
    # A version's own id, or any other id, is not a publication.
    for unknown in (third.pk, published.version.pk, demo.pk, uuid.uuid4()):
        assert client.get(reverse("public_version", args=[unknown])).status_code == 404


def test_only_what_the_parties_agreed_to_be_public_can_be_published(client, demo):
    version = amended(demo, public=False)
    with pytest.raises(ValidationError, match="niet openbaar"):
        publish(version)
    client.force_login(editor())
    assert client.get(reverse("version_publish", args=[demo.pk, 3])).status_code == 404
    assert (
        "Openbaar maken in het register"
        not in client.get(reverse("version_detail", args=[demo.pk, 3])).content.decode()
    )


def test_only_an_opsteller_of_a_party_publishes_and_only_once(demo):
    version = amended(demo)
    reader = cast.lars()
    signatory = cast.kees()
    for user in (reader, signatory, cast.olaf(), cast.sita()):
        with pytest.raises(ValidationError, match="Alleen een opsteller"):
            publish_version(version=version, organisation=bernheze(), acting_user=user)
    # An opsteller of another party cannot publish on Bernheze's behalf.
    oss_editor = cast.person("oss", Role.OPSTELLER)
    with pytest.raises(ValidationError, match="Alleen een opsteller"):
        publish_version(version=version, organisation=bernheze(), acting_user=oss_editor)
    publish(version)
    with pytest.raises(ValidationError):
        publish(version)
    assert PublishedVersion.objects.filter(version=version).count() == 1


def test_the_register_shows_the_latest_publication_per_agreement_and_searches_titles(
    client, demo, django_assert_max_num_queries
):
    first = PublishedVersion.objects.get(version__number=1)
    latest = PublishedVersion.objects.get(version__number=2)
    assert list(public_register()) == [latest]
    html = client.get(reverse("public_version", args=[latest.pk])).content.decode()
    assert reverse("public_version", args=[first.pk]) in html  # the earlier public version
    assert list(public_register("noordoost")) == [latest]
    assert list(public_register("warmtenet")) == []
    assert client.get(reverse("public_register"), {"q": "x\x00y" * 100}).status_code == 200
    # The register page needs the same number of queries however many publications there are.
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("public_register"))
    for _ in range(5):
        # Other agreements' versions, stored as adoption would (the documents are the demo's).
        version = Version.objects.create(
            agreement=factories.res_agreement(bernheze()),
            number=1,
            document=latest.version.document,
            schema_version=latest.version.schema_version,
            sha256=latest.version.sha256,
            adopted_by_label="",
            adopted_at=timezone.now(),
            title=latest.version.title,
        )
        publish(version)
    with django_assert_max_num_queries(len(few)):
        html = client.get(reverse("public_register")).content.decode()
    assert len(re.findall(r'href="/openbaar/[0-9a-f-]{36}/"', html)) == 6


def test_a_publication_cannot_be_changed_or_withdrawn(demo):
    published = PublishedVersion.objects.first()
    with pytest.raises(AppendOnly):
        published.save()
    with pytest.raises(AppendOnly):
        published.delete()


@POSTGRESQL_ONLY
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE agreements_publishedversion SET published_at = now() WHERE id = %s",
        "DELETE FROM agreements_publishedversion WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_a_publication(demo, statement):
    published = PublishedVersion.objects.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [published.pk])


# The publieksversie: the public document as PDF/A, stored like the other PDFs


def test_the_public_pdf_leaves_out_civil_contacts_and_is_rendered_once(
    client, demo, monkeypatch, django_assert_max_num_queries
):
    calls = []
    original = archive.render_public_pdf

    def counting(version):
        calls.append(version.number)
        return original(version)

    monkeypatch.setattr(archive, "render_public_pdf", counting)
    published = PublishedVersion.objects.get(version__number=2)
    version = published.version
    url = reverse("public_version_pdf", args=[published.pk])
    assert url in client.get(reverse("public_version", args=[published.pk])).content.decode()

    first = client.get(url)  # anonymous
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert "versie-2-openbaar.pdf" in first["Content-Disposition"]
    data = b"".join(first.streaming_content)
    archived = ArchivedPdf.objects.get()
    assert (archived.kind, archived.status) == (PdfKind.PUBLIC, PdfStatus.READY)
    assert archived.file.name == f"pdf/{version.sha256}-openbaar.pdf"

    text = squeezed(pdf_text(data))
    assert squeezed(version.title) in text
    for party in version.document["parties"]:
        assert squeezed(party["organisation"]["official_name"]) in text
        if party["civil_contact"]:
            assert squeezed(party["civil_contact"].split(",")[0]) not in text
    for signature in version.signatures.all():
        assert squeezed(signature.signatory_name) not in text
    assert squeezed(version.adopted_by_label) not in text
    assert squeezed(public_notice()) in text
    # Every page says it is the public version (in its footer).
    assert all("Openbare versie (Woo)" in page for page in pdf_pages(data))

    # PDF/A-3a with the notice in the metadata, and without the canonical JSON (which names
    # the contacts).
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert public_notice() in xmp
    assert reader.metadata.subject == public_notice()
    assert reader.metadata.title == f"{version.title} — versie 2 — openbare versie"
    assert not reader.attachments
    assert not verify.verify_pdf(data).is_valid

    # The second download reads the stored file.
    with django_assert_max_num_queries(6):
        second = client.get(url)
    assert b"".join(second.streaming_content) == data
    assert calls == [2]
    assert ArchivedPdf.objects.count() == 1


def test_only_published_versions_have_a_public_pdf(client, demo):
    published = PublishedVersion.objects.get(version__number=2)
    third = amended(demo)  # adopted, not published
    for unknown in (third.pk, published.version.pk, demo.pk, uuid.uuid4()):
        assert client.get(reverse("public_version_pdf", args=[unknown])).status_code == 404
    assert client.get(f"/openbaar/{published.pk}x/pdf/").status_code == 404
    assert not ArchivedPdf.objects.exists()


def test_while_the_public_pdf_renders_the_page_waits_without_member_links(client, demo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    published = PublishedVersion.objects.get(version__number=2)
    response = client.get(reverse("public_version_pdf", args=[published.pk]))
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "De PDF wordt gemaakt." in html
    assert reverse("public_version", args=[published.pk]) in html
    assert "/afspraken/" not in html
    assert ArchivedPdf.objects.get().status == PdfStatus.PENDING


def test_a_failed_public_pdf_is_reported_and_tried_again_by_the_parties(
    client, demo, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(version):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(archive, "render_public_pdf", broken)
    published = PublishedVersion.objects.get(version__number=2)
    url = reverse("public_version_pdf", args=[published.pk])
    response = client.get(url)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Het maken van de PDF is mislukt." in html
    assert "lettertype" not in html  # the cause is for the logs, not the public
    retry_url = reverse("version_pdf_retry", args=[published.version.agreement_id, 2])
    assert retry_url not in html  # the public cannot ask again; the parties can
    monkeypatch.undo()
    assert client.get(url).status_code == 503
    client.force_login(editor())
    assert (
        retry_url
        in client.get(reverse("version_detail", args=[published.agreement_id, 2])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url)
    client.logout()
    assert client.get(url).status_code == 200
    assert ArchivedPdf.objects.get().status == PdfStatus.READY


# The Atom feed of new publications

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed_entries(client) -> tuple[ElementTree.Element, list[ElementTree.Element]]:
    response = client.get(reverse("public_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)  # noqa: S314 -- our own feed
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root, root.findall("a:entry", ATOM)


def test_the_feed_lists_published_versions_newest_first(client, demo):
    published = list(PublishedVersion.objects.order_by("-published_at"))
    assert [p.version.number for p in published] == [2, 1]
    third = amended(demo)  # adopted, not published
    versioning.open_amendment(agreement=demo, acting_user=editor())
    Agreement.objects.filter(pk=demo.pk).update(why="Een nieuwe, nog geheime reden.")

    root, entries = feed_entries(client)
    assert root.find("a:link[@rel='self']", ATOM).get("href") == "http://testserver/openbaar/feed/"
    assert root.find("a:link[@rel='alternate']", ATOM).get("href") == (
        "http://testserver/openbaar/"
    )
    assert root.find("a:updated", ATOM).text  # required by Atom
    assert [e.find("a:title", ATOM).text for e in entries] == [
        f"{p.version.title} — versie {p.version.number}" for p in published
    ]
    for entry, publication in zip(entries, published, strict=True):
        link = entry.find("a:link[@rel='alternate']", ATOM).get("href")
        assert link == "http://testserver" + reverse("public_version", args=[publication.pk])
        assert client.get(link).status_code == 200
        assert entry.find("a:id", ATOM).text == f"urn:uuid:{publication.pk}"
        updated = datetime.fromisoformat(entry.find("a:updated", ATOM).text)
        assert updated == publication.published_at
        assert entry.find("a:author/a:name", ATOM).text == publication.organisation.name
        summary = entry.find("a:summary", ATOM)
        assert summary.get("type") == "text"
        version = publication.version
        assert summary.text == (version.note or version.document["task"]["intended_result"])
    # Version 2 has a note; version 1 has none and shows its intended result.
    assert entries[0].find("a:summary", ATOM).text == published[0].version.note
    body = ElementTree.tostring(root, encoding="unicode")
    assert "nog geheime reden" not in body
    assert "Ook warmte telt." not in body
    assert "versie 3" not in body
    assert str(third.pk) not in body
    for party in published[0].version.document["parties"]:
        if party["civil_contact"]:
            assert party["civil_contact"] not in body

    # The register page announces the feed.
    register = client.get(reverse("public_register")).content.decode()
    head = register.split("</head>", 1)[0]
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Nieuw gepubliceerde versies '
        f'(Atom)" href="{reverse("public_feed")}">'
    ) in head


def test_the_feed_is_empty_without_publications(client):
    _root, entries = feed_entries(client)
    assert entries == []


def test_the_feed_survives_control_characters(client, demo):
    latest = PublishedVersion.objects.get(version__number=2)
    version = another_agreements_version(latest, note="Regel\x0bmet\x01stuurtekens <b>en</b>")
    publish(version)
    _root, entries = feed_entries(client)
    assert entries[0].find("a:summary", ATOM).text == "Regelmetstuurtekens <b>en</b>"


def another_agreements_version(latest: PublishedVersion, *, note: str = "") -> Version:
    """Another agreement's version 1, stored as adoption would (the document is the demo's)."""
    return Version.objects.create(
        agreement=factories.res_agreement(bernheze()),
        number=1,
        document=latest.version.document,
        schema_version=latest.version.schema_version,
        sha256=latest.version.sha256,
        adopted_by_label="",
        adopted_at=timezone.now(),
        title=latest.version.title,
        note=note,
    )


def test_feed_and_register_queries_do_not_grow_with_publications(
    client, demo, monkeypatch, django_assert_max_num_queries
):
    latest = PublishedVersion.objects.get(version__number=2)
    with CaptureQueriesContext(connection) as feed_few:
        client.get(reverse("public_feed"))
    with CaptureQueriesContext(connection) as register_few:
        client.get(reverse("public_register"))
    monkeypatch.setattr(public_views, "FEED_SIZE", 4)
    newest = [publish(another_agreements_version(latest)) for _ in range(5)]
    with django_assert_max_num_queries(len(feed_few)):
        _root, entries = feed_entries(client)
    # Only the newest FEED_SIZE publications, newest first.
    assert [e.find("a:id", ATOM).text for e in entries] == [
        f"urn:uuid:{p.pk}" for p in sorted(newest, key=lambda p: p.published_at, reverse=True)[:4]
    ]
    with django_assert_max_num_queries(len(register_few)):
        assert client.get(reverse("public_register")).status_code == 200


def test_the_feed_says_when_it_last_changed_and_answers_304_until_then(client, demo):
    newest = PublishedVersion.objects.order_by("-published_at").first()
    response = client.get(reverse("public_feed"))
    assert response["Last-Modified"] == http_date(newest.published_at.timestamp())
    again = client.get(reverse("public_feed"), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert (again.status_code, again.content) == (304, b"")
    # A new publication is a change: the whole feed again.
    third = amended(demo)
    later = publish_version(version=third, organisation=bernheze(), acting_user=editor())
    changed = client.get(reverse("public_feed"), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert changed.status_code == 200
    assert changed["Last-Modified"] == http_date(later.published_at.timestamp())


def test_the_public_pages_say_when_they_last_changed_to_visitors(client, demo):
    """The register and a publication's page answer a visitor's If-Modified-Since with 304 until
    something they show changes; someone logged in (the bell's count) always gets the page."""
    newest = PublishedVersion.objects.order_by("-published_at").first()
    pages = [reverse("public_register"), reverse("public_version", args=[newest.pk])]
    stamps = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and response.has_header("Last-Modified")
        stamps[page] = response["Last-Modified"]
        again = client.get(page, HTTP_IF_MODIFIED_SINCE=stamps[page])
        assert (again.status_code, again.content) == (304, b"")
    # The publieksversie made afterwards is news for the publication's page.
    factories.stored_as(newest.version, PdfKind.PUBLIC)
    ArchivedPdf.objects.filter(version=newest.version, kind=PdfKind.PUBLIC).update(
        rendered_at=timezone.now()
    )
    assert client.get(pages[1], HTTP_IF_MODIFIED_SINCE=stamps[pages[1]]).status_code == 200
    # A new publication of the agreement changes both.
    publish_version(version=amended(demo), organisation=bernheze(), acting_user=editor())
    for page in pages:
        assert client.get(page, HTTP_IF_MODIFIED_SINCE=stamps[page]).status_code == 200
    client.force_login(editor())
    for page in pages:
        logged_in = client.get(page, HTTP_IF_MODIFIED_SINCE=stamps[page])
        assert logged_in.status_code == 200 and not logged_in.has_header("Last-Modified")
