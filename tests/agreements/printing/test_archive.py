"""The archival PDF of a version: content, PDF/A metadata, embedded JSON, seal, verification,
safe rendering and rendering once."""

import io
import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from accounts.models import Organisation, Role, User
from agreements.models import (
    Agreement,
    ArchivedPdf,
    EscalationStep,
    Mandate,
    Party,
    PdfKind,
    PdfStatus,
    Table,
    ValueCommitment,
    WorkPackage,
)
from agreements.printing import archive, pdfa, seal, verify
from agreements.printing.pdfa import EMBEDDED_IDENTITY_NAME, EMBEDDED_JSON_NAME
from agreements.printing.render import render_agreement_pdf, render_draft_pdf
from agreements.printing.trust import run_sync, trust_roots
from agreements.printing.validation import covers_document
from agreements.versions import signing
from agreements.versions.adoption import adopt_version, open_amendment
from agreements.versions.identity import version_identity_hash
from tests.support import cast
from tests.support.pdf import pdf_pages, pdf_text, run_poppler, squeezed

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


@pytest.fixture(scope="module")
def sealed_pdf(demo_database) -> bytes:
    """The sealed PDF of version 2, rendered once for the module's tests that only read it."""
    with demo_database.using("demo+history") as facts:
        version = Agreement.objects.get(pk=facts["agreement_id"]).signed_version
        return render_agreement_pdf(version, sealed=True)[1]


@pytest.fixture
def sealed(demo, sealed_pdf):
    return demo.signed_version, sealed_pdf


def test_the_pdf_holds_every_party_mandate_step_and_signature(sealed):
    version, data = sealed
    text = squeezed(pdf_text(data))
    document = version.document
    for party in document["parties"]:
        assert squeezed(party["organisation"]["official_name"]) in text
    for mandate in document["governance"]["mandates"]:
        assert squeezed(mandate["subject"]) in text
        assert squeezed(mandate["function"]) in text
    for step in document["escalation"]:
        assert squeezed(step["trigger"]) in text
        assert squeezed(step["handler"]) in text
    for table in document["governance"]["tables"]:
        assert squeezed(table["name"]) in text
    for signature in version.signatures.all():
        assert squeezed(signature.signatory_name) in text
        assert squeezed(signature.basis) in text
    text = " ".join(pdf_text(data).split())
    assert "Verklaring van voltooiing" in text
    # Signed in the demo's past, sealed today: the seal box says both days.
    assert "De ondertekening was voltooid op" in text
    assert "Inhoud" in text and "Artikel 7 Looptijd, evaluatie en wijziging" in text
    assert "Ondertekening" in text
    pages = pdf_pages(data)
    assert f"pagina 3 van {len(pages)}" in pages[2]
    # The running header: title and version on every page after the cover.
    assert all("Samenwerkingsafspraken RES Noordoost-Brabant" in page for page in pages[1:])
    assert all("Versie 2" in page for page in pages[1:])


def test_the_pdf_is_pdf_a_3a_tagged_with_metadata(sealed):
    version, data = sealed
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    info = reader.metadata
    # PDF/A: the Info dictionary and the XMP agree, also after sealing.
    assert f'pdf:Producer="{info.producer}"' in xmp
    assert info.title == "Samenwerkingsafspraken RES Noordoost-Brabant — versie 2"
    for party in version.document["parties"]:
        assert party["organisation"]["official_name"] in info["/Keywords"]


def test_every_font_is_embedded_with_a_unicode_map(sealed):
    """PDF/A needs embedded fonts; the unicode map keeps the text extractable."""
    _version, data = sealed
    output = run_poppler("pdffonts", data)
    fonts = output.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        embedded, subset, unicode = line.split()[-5:-2]
        assert (embedded, unicode) == ("yes", "yes"), line


def test_the_embedded_json_is_the_version_snapshot(sealed):
    version, data = sealed
    attachments = PdfReader(io.BytesIO(data)).attachments
    assert sorted(attachments) == [EMBEDDED_JSON_NAME, EMBEDDED_IDENTITY_NAME]
    assert json.loads(attachments[EMBEDDED_JSON_NAME][0]) == version.document
    assert json.loads(attachments[EMBEDDED_IDENTITY_NAME][0]) == {
        "scheme": 1,
        "agreement_id": str(version.agreement_id),
        "version_id": str(version.pk),
        "number": 2,
        "document_sha256": version.sha256,
        "sha256": version_identity_hash(version),
    }


def test_the_seal_validates_with_pyhanko(sealed):
    _version, data = sealed
    signatures = PdfFileReader(BytesIO(data)).embedded_signatures
    # The seal, then the document timestamp of B-LTA (test_seal_lta.py).
    assert signatures[0].field_name == seal.SEAL_FIELD
    assert [s.sig_object_type for s in signatures[1:]] == ["/DocTimeStamp"]
    trust = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    status = run_sync(async_validate_pdf_signature(signatures[0], trust))
    assert status.intact and status.valid and status.trusted
    # After the seal only the DSS and the document timestamp.
    assert covers_document(status, signatures[0]) and status.coverage.name == "ENTIRE_REVISION"
    assert "Spelregels (test)" in status.signing_cert.subject.human_friendly


def test_verification_accepts_the_sealed_pdf_and_names_version_and_signers(sealed):
    version, data = sealed
    result = verify.verify_pdf(data)
    assert result.is_valid, result.problems
    assert result.version == version
    assert result.in_force
    assert len(result.signatures) == 9
    assert result.problems == []


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9, 0.999])
def test_changing_one_byte_fails_verification(sealed, where):
    _version, data = sealed
    tampered = bytearray(data)
    position = int(len(data) * where)
    tampered[position] = (tampered[position] + 1) % 256
    result = verify.verify_pdf(bytes(tampered))
    assert not result.is_valid
    assert result.problems


def test_a_superseded_version_verifies_but_is_not_in_force(demo):
    first = demo.versions.get(number=1)
    _html, data = render_agreement_pdf(first, sealed=True)
    result = verify.verify_pdf(data)
    assert result.is_valid
    assert result.version == first
    assert not result.in_force


def test_an_unsealed_or_foreign_pdf_is_not_confirmed(demo):
    _html, data = render_agreement_pdf(demo.signed_version)
    result = verify.verify_pdf(data)
    assert result.version == demo.signed_version  # the text is ours ...
    assert not result.is_valid  # ... but nobody sealed it
    assert "Het bestand draagt geen zegel van Spelregels." in result.problems
    result = verify.verify_pdf(b"%PDF-1.4 nonsense %%EOF")
    assert not result.is_valid
    result = verify.verify_pdf(b"")
    assert not result.is_valid


def test_the_draft_pdf_says_concept_on_every_page(client, demo):
    client.force_login(cast.eva())
    client.post(reverse("agreement_amend", args=[demo.pk]))
    response = client.get(reverse("draft_pdf", args=[demo.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) > 5
    assert all("CONCEPT" in page for page in pages)
    assert PdfReader(io.BytesIO(response.content)).attachments == {}


def test_verify_command(sealed, tmp_path, capsys):
    _version, data = sealed
    good = tmp_path / "goed.pdf"
    good.write_bytes(data)
    call_command("verify_pdf", str(good))
    out = capsys.readouterr().out
    assert "Echt en ongewijzigd. Dit is de versie die geldt." in out
    assert "Versie: 2, vastgesteld op 12 juni 2025" in out
    bad = tmp_path / "fout.pdf"
    bad.write_bytes(data[:1000] + b"X" + data[1001:])
    with pytest.raises(SystemExit):
        call_command("verify_pdf", str(bad))
    assert capsys.readouterr().err.startswith("Niet bevestigd.\nProbleem: ")


def test_the_public_verify_page(client, sealed):
    _version, data = sealed
    page = client.get(reverse("verify"))
    assert page.status_code == 200
    response = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")}
    )
    html = response.content.decode()
    assert "Echt en ongewijzigd." in html
    assert "versie 2, vastgesteld op 12 juni 2025" in html
    assert "Ja, dit is de versie die geldt." in html
    assert "Frank van der Linden" in html  # Meierijstad's ondertekenaar
    tampered = data.replace(b"Spelregels", b"Spelregelz", 1)
    response = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("a.pdf", tampered, "application/pdf")}
    )
    assert "Niet bevestigd." in response.content.decode()
    response = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("a.pdf", b"hallo", "application/pdf")}
    )
    assert "Dit bestand is geen PDF" in response.content.decode()


# Rendering once, in the background


def test_a_version_pdf_is_rendered_once_and_then_served_from_storage(
    client, demo, monkeypatch, django_assert_max_num_queries
):
    calls = []
    original = archive.render_agreement_pdf

    def counting(version, **kwargs):
        calls.append(version.number)
        return original(version, **kwargs)

    monkeypatch.setattr(archive, "render_agreement_pdf", counting)
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("version_pdf", args=[demo.pk, 2])
    first = client.get(url)
    assert first.status_code == 200
    body = b"".join(first.streaming_content)
    archived = ArchivedPdf.objects.get()
    assert archived.kind == PdfKind.SEALED
    assert archived.status == PdfStatus.READY
    assert archived.file.name == f"pdf/{demo.signed_version.sha256}-verzegeld.pdf"
    assert archived.pages > 5
    with django_assert_max_num_queries(12):
        second = client.get(url)
    assert b"".join(second.streaming_content) == body
    assert calls == [2]
    assert verify.verify_pdf(body).is_valid


def test_an_unsigned_version_gets_its_text_pdf(client, demo):
    editor = cast.eva()
    client.force_login(editor)
    client.post(reverse("agreement_amend", args=[demo.pk]))
    demo.refresh_from_db()
    demo.why += " Nu ook warmte."
    demo.save()
    adopt_version(agreement=demo, acting_user=editor, note="Warmte erbij")
    response = client.get(reverse("version_pdf", args=[demo.pk, 3]))
    data = b"".join(response.streaming_content)
    assert ArchivedPdf.objects.get().kind == PdfKind.VERSION
    assert "Handtekening" in pdf_text(data)
    assert not PdfFileReader(BytesIO(data)).embedded_signatures


def test_while_rendering_the_page_waits_and_refreshes(client, demo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("version_pdf", args=[demo.pk, 2]))
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "De PDF wordt gemaakt." in html
    assert ArchivedPdf.objects.get().status == PdfStatus.PENDING


def test_a_failed_rendering_is_reported_and_tried_again_on_request(
    client, demo, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(version, **kwargs):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(archive, "render_agreement_pdf", broken)
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("version_pdf", args=[demo.pk, 2])
    response = client.get(url)
    assert response.status_code == 503
    assert "Het maken van de PDF is mislukt." in response.content.decode()
    assert ArchivedPdf.objects.get().error == "lettertype ontbreekt"
    monkeypatch.undo()
    assert client.get(url).status_code == 503  # looking again does not try again
    with django_capture_on_commit_callbacks(execute=True):  # the button does
        client.post(reverse("version_pdf_retry", args=[demo.pk, 2]))
    assert client.get(url).status_code == 200
    assert ArchivedPdf.objects.get().status == PdfStatus.READY


def test_outsiders_get_no_pdf(client, demo, settings):
    client.force_login(User.objects.create_user(email="x@elders.nl", password=None))
    for url in (
        reverse("version_pdf", args=[demo.pk, 2]),
        reverse("draft_pdf", args=[demo.pk]),
        reverse("version_print_preview", args=[demo.pk, 2]),
    ):
        assert client.get(url).status_code == 404
    assert not ArchivedPdf.objects.exists()


def test_the_print_preview_exists_only_in_debug(client, demo, settings):
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("version_print_preview", args=[demo.pk, 2])
    settings.DEBUG = False
    assert client.get(url).status_code == 404
    settings.DEBUG = True
    response = client.get(url)
    assert response.status_code == 200
    assert "Verklaring van voltooiing" in response.content.decode()


# Safe rendering

HOSTILE = (
    '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hostname">'
    '<img src="http://127.0.0.1:1/x.png"><script>alert("GEHACKT")</script>'
)


def _fill_every_text_field(instance) -> None:
    changed = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
            continue
        if isinstance(field, models.CharField) and field.max_length < len(HOSTILE):
            continue
        setattr(instance, field.attname, HOSTILE)
        changed.append(field.attname)
    instance.save(update_fields=changed)


def test_user_text_cannot_make_the_pdf_fetch_embed_or_run_anything(demo, monkeypatch):
    editor = cast.eva()
    open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    _fill_every_text_field(demo)
    for model in (Party, WorkPackage, Table, Mandate, EscalationStep, ValueCommitment):
        for row in model.objects.filter(agreement=demo):
            _fill_every_text_field(row)
    version = adopt_version(agreement=demo, acting_user=editor, note=HOSTILE)
    for key in signing.party_keys(version):
        organisation = Organisation.objects.get(pk=key)
        signing.sign_version(
            version=version,
            organisation=organisation,
            acting_user=User.objects.get(
                memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
            ),
            signatory_name=HOSTILE[:200],
            signatory_function=HOSTILE[:200],
            basis=HOSTILE,
            place=HOSTILE[:100],
        )
    fetched = []
    original = pdfa.StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdfa.StaticOnlyFetcher, "fetch", recording)
    for sealed in (False, True):
        html, data = render_agreement_pdf(version, sealed=sealed)
        assert "<script>" not in html and '<img src="file' not in html
        assert "&lt;script&gt;" in html
        static = pdfa.PRINT_BASE_URL.rstrip("/") + "/static/"
        assert fetched and all(url.startswith(static) for url in fetched), fetched
        reader = PdfReader(io.BytesIO(data))
        assert sorted(reader.attachments) == [EMBEDDED_JSON_NAME, EMBEDDED_IDENTITY_NAME]
        assert b"/JavaScript" not in data and b"/JS " not in data
        text = pdf_text(data)
        assert "root:x:0:0" not in text
        # The hostile text is printed as text, exactly as typed.
        assert 'alert("GEHACKT")' in " ".join(text.split())
    _html, draft = render_draft_pdf(demo)
    assert list(PdfReader(io.BytesIO(draft)).attachments) == []
    assert all(url.startswith(static) for url in fetched)
