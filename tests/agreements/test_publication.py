"""Publication under the Woo: opstellers publish a version; anyone reads it, drafts never."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AppendOnly, AuditEvent, Organisation, User
from agreements import versioning
from agreements.demo import seed_demo
from agreements.models import Agreement, Publication, PublishedVersion, Version
from agreements.publication import public_register, publish_version
from tests import factories as f

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guard is PostgreSQL's"
)


@pytest.fixture
def demo():
    """The demo with its history: versions 1 and 2, signed by every party and published."""
    seed_demo(history=True)
    return Agreement.objects.get()


def editor() -> User:
    return User.objects.get(email="opsteller@bernheze.example.nl")


def bernheze() -> Organisation:
    return Organisation.objects.get(code="GM1721")


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


def test_the_demo_publishes_both_versions():
    seed_demo(history=True)
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
    assert "Bevestig dat u deze versie openbaar wilt maken." in response.content.decode()
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
    reader = User.objects.get(email="lezer@bernheze.example.nl")
    signatory = User.objects.get(email="ondertekenaar@bernheze.example.nl")
    for user in (reader, signatory, f.outsider(), f.staff_user()):
        with pytest.raises(ValidationError, match="Alleen een opsteller"):
            publish_version(version=version, organisation=bernheze(), acting_user=user)
    # An opsteller of another party cannot publish on Bernheze's behalf.
    oss_editor = User.objects.get(email="opsteller@oss.example.nl")
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
            agreement=f.res_agreement(bernheze()),
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
