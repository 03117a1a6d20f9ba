"""A version's PDFs come into being with it: its text at adoption, the sealed PDF at the moment
the last party signs, the publieksversie at publication. Downloads read them from storage; a
page that asks for one while it renders shows the progress, and one that failed is tried again
by a POST (audited), never by a GET. The demo's history and imports (an explicit time) ask for
nothing: their PDFs come when first asked for."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued, task_started
from pyhanko.pdf_utils.reader import PdfFileReader

from accounts.models import AuditEvent, Organisation, Role, User
from agreements.models import (
    Agreement,
    ArchivedPdf,
    PdfKind,
    PdfStatus,
    PublishedVersion,
    Signature,
)
from agreements.printing import archive, serving, validation, verify
from agreements.versions import adoption as versioning
from agreements.versions.publication import publish_version
from agreements.versions.signing import party_keys, sign_version
from tests.support import cast
from tests.support.factories import stored_as
from tests.support.pdf import pdf_text, squeezed

pytestmark = pytest.mark.django_db

LATE_SEAL = "De ondertekening was voltooid op"


@pytest.fixture
def enqueued():
    """The ids of the PDFs whose rendering is queued while the test runs."""
    queued: list[str] = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "render_archived_pdf":
            queued.extend(task_result.args)

    task_enqueued.connect(record, weak=False)
    yield queued
    task_enqueued.disconnect(record)


@pytest.fixture
def started():
    """When each PDF's rendering task started, by the PDF's id."""
    moments: dict[str, datetime] = {}

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "render_archived_pdf":
            moments[task_result.args[0]] = task_result.started_at

    task_started.connect(record, weak=False)
    yield moments
    task_started.disconnect(record)


def stored(version, kind: PdfKind) -> ArchivedPdf:
    archived = ArchivedPdf.objects.get(version=version, kind=kind)
    assert archived.status == PdfStatus.READY, archived.error
    assert archived.file.storage.exists(archived.file.name)
    return archived


def stored_bytes(archived: ArchivedPdf) -> bytes:
    with archived.file.open("rb") as handle:
        return handle.read()


def signatory(key: str) -> tuple[Organisation, User]:
    organisation = Organisation.objects.get(pk=key)
    return organisation, User.objects.get(
        memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
    )


def sign(version, key: str, **extra) -> Signature:
    organisation, user = signatory(key)
    return sign_version(
        version=version,
        organisation=organisation,
        acting_user=user,
        signatory_name=user.full_name,
        signatory_function="wethouder",
        basis="collegebesluit",
        place=organisation.name,
        **extra,
    )


def test_each_pdf_is_stored_when_its_version_is_adopted_signed_and_published(
    demo, django_capture_on_commit_callbacks, started
):
    eva = cast.eva()
    with django_capture_on_commit_callbacks(execute=True):
        version = versioning.adopt_version(agreement=demo, acting_user=eva, note="")
    text = stored(version, PdfKind.VERSION)
    assert "Handtekening" in pdf_text(stored_bytes(text))
    assert not PdfFileReader(BytesIO(stored_bytes(text))).embedded_signatures

    with django_capture_on_commit_callbacks(execute=True):
        publish_version(version=version, organisation=cast.bernheze(), acting_user=eva)
    public = stored(version, PdfKind.PUBLIC)
    assert "Nog geen van de partijen heeft deze versie ondertekend." in pdf_text(
        stored_bytes(public)
    )
    first_public_file = public.file.name

    # Every party but the last signed days ago (recorded with their own time, as an import
    # does: nothing is asked for); the last one signs now.
    *earlier, last = party_keys(version)
    days_ago = timezone.now() - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        for key in earlier:
            sign(version, key, at=days_ago)
    assert set(ArchivedPdf.objects.values_list("kind", flat=True)) == {"versie", "openbaar"}
    with django_capture_on_commit_callbacks(execute=True):
        before = timezone.now()
        signature = sign(version, last)
        after = timezone.now()

    sealed = stored(version, PdfKind.SEALED)
    data = stored_bytes(sealed)
    seal = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    # The seal's time is the moment of the last signature: its rendering started as the
    # signature was committed, and the seal is set when the rendering is done (seconds: the
    # time it takes to lay the document out; pyHanko's time is to the second).
    assert before <= signature.recorded_at <= after
    begun = started[str(sealed.pk)]
    assert timedelta(0) <= begun - signature.recorded_at < timedelta(seconds=2)
    sealed_at = seal.self_reported_timestamp
    assert begun - timedelta(seconds=1) <= sealed_at <= sealed.rendered_at
    assert sealed_at - signature.recorded_at < timedelta(seconds=60)
    # ... and so is the time-stamping service's time in the seal's signature timestamp.
    facts = validation.seal_facts(data)
    assert facts.level == "B-LTA"
    assert begun - timedelta(seconds=1) <= facts.timestamp_at <= sealed.rendered_at
    assert verify.verify_pdf(data).is_valid
    assert LATE_SEAL not in squeezed(pdf_text(data))

    # The publieksversie states the signatures: made again now that every party has signed,
    # in place of the first one.
    public.refresh_from_db()
    assert public.status == PdfStatus.READY
    public_text = " ".join(pdf_text(stored_bytes(public)).split())
    assert "Nog geen van de partijen" not in public_text
    parties = len(party_keys(version))
    assert f"{parties} van de {parties} partijen hebben deze versie ondertekend" in public_text
    assert public.file.name != first_public_file
    assert not public.file.storage.exists(first_public_file)
    assert ArchivedPdf.objects.filter(version=version).count() == 3


def test_downloads_are_read_from_storage_without_rendering(
    client, demo, django_capture_on_commit_callbacks, enqueued, monkeypatch,
    django_assert_max_num_queries,
):  # fmt: skip
    eva = cast.eva()
    with django_capture_on_commit_callbacks(execute=True):
        version = versioning.adopt_version(agreement=demo, acting_user=eva, note="")
        published = publish_version(version=version, organisation=cast.bernheze(), acting_user=eva)
    text = stored(version, PdfKind.VERSION)
    public = stored(version, PdfKind.PUBLIC)

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered during a download")

    monkeypatch.setattr(archive, "_render", no_rendering)
    enqueued.clear()
    client.force_login(cast.person("oss", Role.LEZER))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("version_pdf", args=[demo.pk, version.number]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(text)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("public_version_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(public)
    assert enqueued == []
    assert ArchivedPdf.objects.filter(version=version).count() == 2


def test_while_the_pdf_renders_its_page_shows_the_progress(client, demo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    eva = cast.eva()
    version = versioning.adopt_version(agreement=demo, acting_user=eva, note="")
    archive.request_pdf(version=version, kind=PdfKind.VERSION)  # as after the commit
    client.force_login(eva)
    response = client.get(reverse("version_pdf", args=[demo.pk, version.number]))
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "De PDF wordt gemaakt." in html
    assert "<progress" in html


def test_a_failed_pdf_is_tried_again_by_a_post_and_not_by_a_get(
    client, demo, django_capture_on_commit_callbacks, enqueued, monkeypatch
):
    def broken(version, **kwargs):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(archive, "render_agreement_pdf", broken)
    eva = cast.eva()
    with django_capture_on_commit_callbacks(execute=True):
        version = versioning.adopt_version(agreement=demo, acting_user=eva, note="")
    archived = ArchivedPdf.objects.get(version=version)
    assert (archived.kind, archived.status) == (PdfKind.VERSION, PdfStatus.FAILED)
    assert archived.error == "lettertype ontbreekt"

    client.force_login(cast.lars())  # a lezer of a party may ask again too
    url = reverse("version_pdf", args=[demo.pk, version.number])
    retry_url = reverse("version_pdf_retry", args=[demo.pk, version.number])
    enqueued.clear()
    for _attempt in range(2):  # looking again changes nothing
        response = client.get(url)
        assert response.status_code == 503
        html = response.content.decode()
        assert "Het maken van de PDF is mislukt." in html
        assert f'<form method="post" action="{retry_url}">' in html
        assert "lettertype" not in html
    assert enqueued == []
    assert ArchivedPdf.objects.get(pk=archived.pk).status == PdfStatus.FAILED
    assert client.get(retry_url).status_code == 405
    detail = client.get(reverse("version_detail", args=[demo.pk, version.number]))
    assert "Het maken van een PDF van deze versie is mislukt: Vastgestelde versie." in (
        " ".join(detail.content.decode().split())
    )
    assert retry_url in detail.content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert ArchivedPdf.objects.get(pk=archived.pk).status == PdfStatus.READY
    event = AuditEvent.objects.get(action="pdf.retried")
    assert event.actor == cast.lars()
    assert event.changes == {"version": [None, version.number], "pdfs": [None, ["versie"]]}
    assert client.get(url).status_code == 200

    # Nothing failed any more: the version's page says so, and nothing is recorded.
    response = client.post(retry_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "version_detail", args=[demo.pk, version.number]
    )
    assert "Er is geen mislukte PDF van deze versie om opnieuw te maken." in (
        response.content.decode()
    )
    assert AuditEvent.objects.filter(action="pdf.retried").count() == 1


def test_outsiders_cannot_retry(client, demo):
    version = versioning.adopt_version(agreement=demo, acting_user=cast.eva(), note="")
    ArchivedPdf.objects.create(version=version, kind=PdfKind.VERSION, status=PdfStatus.FAILED)
    client.force_login(cast.olaf())
    response = client.post(reverse("version_pdf_retry", args=[demo.pk, version.number]))
    assert response.status_code == 404
    assert ArchivedPdf.objects.get().status == PdfStatus.FAILED


def test_history_recorded_with_its_own_time_asks_for_no_pdf(
    demo, django_capture_on_commit_callbacks, enqueued
):
    """The demo's history and imports: a seal made now must not pass for one from then, and
    an import of sixty agreements must not queue two hundred renderings."""
    at = timezone.now() - timedelta(days=400)
    eva = cast.eva()
    with django_capture_on_commit_callbacks(execute=True):
        version = versioning.adopt_version(agreement=demo, acting_user=eva, note="", at=at)
        for key in party_keys(version):
            sign(version, key, at=at)
        publish_version(version=version, organisation=cast.bernheze(), acting_user=eva, at=at)
    assert Agreement.objects.get(pk=demo.pk).signed_version == version
    assert enqueued == []
    assert not ArchivedPdf.objects.exists()


@pytest.mark.demo(history=True)
def test_a_version_sealed_after_the_day_it_was_signed_says_both_days(demo):
    """The demo's first version, signed in 2024, sealed when its PDF is first asked for."""
    version = demo.versions.get(number=1)
    last = max(s.recorded_at for s in version.signatures.all())
    _html, data = archive.render_agreement_pdf(version, sealed=True)
    text = " ".join(pdf_text(data).split())
    day = timezone.localdate(last)
    assert f"{LATE_SEAL} {day.day} " in text
    assert str(day.year) in text.split(LATE_SEAL)[1][:40]
    seal = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    assert seal.self_reported_timestamp > timezone.now() - timedelta(minutes=5)
    assert PublishedVersion.objects.filter(version=version).exists()


# The download's one query (serving.READY_VERSION_PDF, READY_PUBLIC_PDF)


@pytest.mark.demo(history=True)
def test_the_download_query_answers_as_its_queryset(demo):
    """Every member, outsider and version: the precompiled query finds what its queryset finds."""
    second, first = demo.versions.get(number=2), demo.versions.get(number=1)
    stored_as(second, PdfKind.SEALED)
    stored_as(second, PdfKind.VERSION)
    stored_as(first, PdfKind.VERSION)
    stored_as(first, PdfKind.SEALED, PdfStatus.PENDING)
    for user in (cast.lars(), cast.eva(), cast.olaf(), cast.sita()):
        for number in (1, 2, 3):
            values = {"user_id": user.pk, "agreement_id": demo.pk, "number": number}
            row = serving.READY_VERSION_PDF.first(**values)
            expected = serving.READY_VERSION_PDF.queryset(**values).first()
            if expected is None:
                assert row is None
                continue
            for name, value in expected.items():
                found = getattr(row, name)
                assert (found.name if name == "file" else found) == value, name
    assert (
        serving.READY_VERSION_PDF.first(user_id=cast.olaf().pk, agreement_id=demo.pk, number=2)
        is None
    )
    sealed = serving.READY_VERSION_PDF.first(user_id=cast.lars().pk, agreement_id=demo.pk, number=2)
    assert (sealed.kind, sealed.version_number) == (PdfKind.SEALED, 2)
    assert sealed.signed == sealed.parties == len(party_keys(second))


@pytest.mark.demo(history=True)
def test_a_download_takes_one_query_and_refuses_outsiders(
    client, demo, django_assert_max_num_queries
):
    second = demo.versions.get(number=2)
    sealed = stored_as(second, PdfKind.SEALED)
    public = stored_as(second, PdfKind.PUBLIC)
    url = reverse("version_pdf", args=[demo.pk, 2])
    client.force_login(cast.lars())
    with django_assert_max_num_queries(2):  # the session with its person, the PDF
        response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-verzegeld"
    assert "versie-2.pdf" in response["Content-Disposition"]
    published = PublishedVersion.objects.get(version=second)
    client.logout()
    with django_assert_max_num_queries(1):
        response = client.get(reverse("public_version_pdf", args=[published.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-openbaar"
    assert "versie-2-openbaar.pdf" in response["Content-Disposition"]
    client.force_login(cast.olaf())
    assert client.get(url).status_code == 404
    assert {sealed.pk, public.pk} == set(ArchivedPdf.objects.values_list("pk", flat=True))


@pytest.mark.demo(history=True)
def test_signed_by_all_while_the_seal_is_made_shows_the_progress_not_the_text(client, demo):
    second = demo.versions.get(number=2)
    stored_as(second, PdfKind.VERSION)
    stored_as(second, PdfKind.SEALED, PdfStatus.PENDING)
    client.force_login(cast.lars())
    response = client.get(reverse("version_pdf", args=[demo.pk, 2]))
    assert response.status_code == 202
    assert "De PDF wordt gemaakt." in response.content.decode()
