"""The seal at PAdES B-LTA against the local test PKI (certomancer, served on loopback):
a signature timestamp, the chain and its revocation data in the DSS, a document timestamp; still
valid as of its timestamp after the seal certificate is revoked; and valid again, past the
timestamp certificate's end, once `refresh_timestamps` added a document timestamp."""

import hashlib
import threading
import time
import warnings
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import RevocationInfoValidationType
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.ltv import async_validate_pdf_ltv_signature
from werkzeug.serving import make_server

from accounts.models import Role
from agreements.models import Agreement, ArchivedPdf, PdfKind, PdfStatus
from agreements.printing import archive, localpki, seal, validation
from agreements.printing.pdfa import render_document, write_archival_pdf
from agreements.printing.render import render_agreement_pdf
from agreements.printing.trust import run_sync, trust_roots
from tests.support import cast
from tests.support.pki import SEAL_PASSWORD, LocalPki, free_port

pytestmark = pytest.mark.django_db


def small_sealed_pdf() -> bytes:
    html = (
        '<html lang="nl"><head><title>Zegeltest</title></head>'
        "<body><h1>Zegeltest</h1><p>Een kleine PDF om te verzegelen.</p></body></html>"
    )
    pdf = write_archival_pdf(render_document(html))
    return seal.seal_pdf(pdf, page=0, box=(50, 50, 250, 120), reason="Test")


def pyhanko_lta_status(data: bytes, **context):
    """pyHanko's own PAdES-LTA validation of the seal (raises when it does not validate)."""
    reader = PdfFileReader(BytesIO(data))
    (sealed,) = [s for s in reader.embedded_signatures if s.field_name == seal.SEAL_FIELD]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return run_sync(
            async_validate_pdf_ltv_signature(
                sealed,
                RevocationInfoValidationType.PADES_LTA,
                {"trust_roots": trust_roots(), "revocation_mode": "soft-fail", **context},
            )
        )


@pytest.fixture(scope="module")
def _sealed_demo_pdf(demo_database) -> bytes:
    with demo_database.using("demo+history") as facts:
        version = Agreement.objects.get(pk=facts["agreement_id"]).signed_version
        return render_agreement_pdf(version, sealed=True)[1]


@pytest.fixture
def sealed_demo_pdf(demo, _sealed_demo_pdf) -> bytes:
    """The sealed PDF of the demo's version 2 (fully signed by the cast), rendered once for the
    module, with the demo it was rendered from open: a test without the demo would roll it
    back, and the next demo has other ids, which the file's identity would not name."""
    return _sealed_demo_pdf


@pytest.mark.demo(history=True)
def test_the_sealed_demo_pdf_is_b_lta(sealed_demo_pdf):
    status = pyhanko_lta_status(sealed_demo_pdf)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(sealed_demo_pdf)))
    assert dss.ocsps and dss.crls

    facts = validation.seal_facts(sealed_demo_pdf)
    assert facts is not None
    assert facts.intact and facts.level == "B-LTA" and facts.revocation_data
    assert facts.holder == "Spelregels (test)"
    assert facts.timestamp_authority == "Spelregels Test Tijdstempeldienst, Spelregels (test)"
    now = timezone.now()
    assert now - timedelta(minutes=10) < facts.timestamp_at <= now
    assert facts.timestamp_at <= facts.document_timestamp_at <= now


def _iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def test_revoked_after_sealing_the_seal_still_validates_as_of_its_timestamp(local_pki):
    data = small_sealed_pdf()
    original = local_pki.config
    revoked = local_pki.changed_config()
    certs = revoked["pki-architectures"]["spelregels"]["certs"]
    certs["zegel"]["revocation"] = {
        "revoked-since": _iso(timezone.now()),
        "reason": "key_compromise",
    }
    local_pki.reconfigure(revoked)
    try:
        later = timezone.now() + timedelta(days=1)
        # The CA now says the seal certificate is revoked ...
        facts_without_file_data = validation.seal_facts(data, moment=later)
        status = pyhanko_lta_status(data, moment=later)
        assert status.valid and status.trusted
        assert facts_without_file_data is not None
        assert facts_without_file_data.level == "B-LTA"
        # ... which a check of the seal alone, at that moment, would report.
        from pyhanko.sign.validation import async_validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        reader = PdfFileReader(BytesIO(data))
        (sealed,) = [s for s in reader.embedded_signatures if s.field_name == seal.SEAL_FIELD]
        live = ValidationContext(
            trust_roots=trust_roots(),
            allow_fetching=True,
            moment=later,
            revocation_mode="hard-fail",
        )
        assert not run_sync(async_validate_pdf_signature(sealed, live)).trusted
    finally:
        local_pki.reconfigure(original)


@pytest.fixture
def short_lived_tsa(tmp_path, settings):
    """A PKI whose TSA certificate ends in 200 days, with a renewed TSA ("tsa-nieuw") beside it."""
    from agreements.printing import localpki

    config = localpki.load_config()
    architecture = config["pki-architectures"]["spelregels"]
    now = timezone.now()
    architecture["certs"]["tsa"]["validity"] = {
        "valid-from": _iso(now - timedelta(days=30)),
        "valid-to": _iso(now + timedelta(days=200)),
    }
    architecture["certs"]["tsa-nieuw"] = {
        "template": "tsa",
        "subject": "tsa",
        "subject-key": "tsa-nieuw",
        "validity": {
            "valid-from": _iso(now - timedelta(days=1)),
            "valid-to": _iso(now + timedelta(days=3650)),
        },
    }
    config["keysets"]["spelregels-test"]["keys"]["tsa-nieuw"] = {"path": "tsa-nieuw.key.pem"}
    architecture["services"]["time-stamping"]["tsa-nieuw"] = {
        "signing-key": "tsa-nieuw",
        "signing-cert": "tsa-nieuw",
    }
    pki = LocalPki.start(tmp_path / "pki", config)
    settings.SEAL_PKCS12_PATH = pki.seal_path
    settings.SEAL_PKCS12_PASSWORD = SEAL_PASSWORD
    settings.SEAL_TSA_URL = pki.tsa_url()
    settings.SEAL_TRUST_ROOTS = [str(pki.root_path)]
    settings.SEAL_TIMESTAMP_RENEWAL_DAYS = 365
    yield pki
    pki.stop()


def test_past_the_timestamp_certificate_a_refreshed_file_validates_again(short_lived_tsa, settings):
    from agreements.printing import timestamps

    data = small_sealed_pdf()
    past_its_end = timezone.now() + timedelta(days=400)
    assert validation.seal_facts(data).level == "B-LTA"
    assert validation.seal_facts(data, moment=past_its_end, fetch=False).level != "B-LTA"
    with pytest.raises(SignatureValidationError, match="timestamp"):
        pyhanko_lta_status(data, moment=past_its_end, allow_fetching=False)

    assert timestamps.due(data)
    # The TSA renewed its certificate; the refresh asks it for a new document timestamp.
    settings.SEAL_TSA_URL = short_lived_tsa.tsa_url("tsa-nieuw")
    refreshed = timestamps.add_document_timestamp(data)
    assert refreshed.startswith(data)  # an incremental update: the seal's bytes are untouched
    assert not timestamps.due(refreshed)
    facts = validation.seal_facts(refreshed, moment=past_its_end, fetch=False)
    assert facts.level == "B-LTA", facts
    status = pyhanko_lta_status(refreshed, moment=past_its_end, allow_fetching=False)
    assert status.valid and status.trusted


class _Garbage(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 -- the handler's name is http.server's
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.end_headers()
        self.wfile.write(b"dit is geen tijdstempel")

    def log_message(self, *args):
        pass


@pytest.fixture
def garbage_tsa():
    server = HTTPServer(("127.0.0.1", free_port()), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/tsa"
    server.shutdown()
    server.server_close()


def _unsealable(settings, message: str) -> None:
    with pytest.raises(seal.SealError) as raised:
        small_sealed_pdf()
    assert message in str(raised.value)


def test_a_tsa_that_is_down_gives_a_clear_error(settings):
    settings.SEAL_TSA_URL = f"http://127.0.0.1:{free_port()}/tsa"
    _unsealable(settings, "De tijdstempeldienst")


def test_a_tsa_that_starts_late_is_waited_for(settings, local_pki):
    """A refused connection is tried again: a time-stamping service restarting, or in `make
    run` the test PKI starting beside the worker. Here the TSA listens only after 0.8 s."""
    port = free_port()
    settings.SEAL_TSA_URL = local_pki.tsa_url().replace(local_pki.url, f"http://127.0.0.1:{port}")
    servers = []

    def start_late() -> None:
        time.sleep(0.8)
        servers.append(make_server("127.0.0.1", port, localpki.animator(local_pki.pki)))
        servers[0].serve_forever()

    late = threading.Thread(target=start_late, daemon=True)
    late.start()
    try:
        data = small_sealed_pdf()
    finally:
        for server in servers:
            server.shutdown()
        late.join(timeout=10)
    assert servers, "sealed without the time-stamping service"
    facts = validation.seal_facts(data)
    assert facts is not None and facts.level == "B-LTA"


def test_a_tsa_that_answers_garbage_gives_a_clear_error(settings, garbage_tsa):
    settings.SEAL_TSA_URL = garbage_tsa
    _unsealable(settings, "De tijdstempeldienst")


@pytest.mark.parametrize(
    ("label", "message"),
    [("zegel-ingetrokken", "is ingetrokken"), ("zegel-verlopen", "is verlopen op 31-12-2024")],
)
def test_a_revoked_or_expired_seal_certificate_is_refused(
    settings, local_pki, tmp_path, label, message
):
    settings.SEAL_PKCS12_PATH = local_pki.export_seal(label, tmp_path / f"{label}.p12")
    _unsealable(settings, message)


def test_a_wrong_pkcs12_password_gives_a_clear_error(settings):
    settings.SEAL_PKCS12_PASSWORD = "niet-het-wachtwoord"
    _unsealable(settings, "het wachtwoord (SEAL_PKCS12_PASSWORD) klopt niet")


@pytest.mark.demo(history=True)
def test_a_failed_seal_is_recorded_in_dutch_and_tried_again(
    demo, settings, django_capture_on_commit_callbacks
):
    """No file is presented as sealed; trying again (the page's button) then succeeds."""
    good_tsa = settings.SEAL_TSA_URL
    settings.SEAL_TSA_URL = f"http://127.0.0.1:{free_port()}/tsa"
    archived = archive.request_pdf(version=demo.signed_version, kind=PdfKind.SEALED)
    archived.refresh_from_db()
    assert archived.status == PdfStatus.FAILED
    assert "De tijdstempeldienst" in archived.error and "niet bereikbaar" in archived.error
    assert not archived.file and not archived.sha256
    settings.SEAL_TSA_URL = good_tsa
    assert archive.request_pdf(version=demo.signed_version, kind=PdfKind.SEALED).error
    with django_capture_on_commit_callbacks(execute=True):
        archive.retry_failed_pdfs(
            version=demo.signed_version, acting_user=cast.person("oss", Role.LEZER)
        )
    archived.refresh_from_db()
    assert archived.status == PdfStatus.READY
    with archived.file.open("rb") as stream:
        assert validation.seal_facts(stream.read()).level == "B-LTA"


@pytest.mark.demo(history=True)
def test_refresh_timestamps_updates_the_archived_pdf_once(demo, short_lived_tsa, settings):
    data = small_sealed_pdf()
    archived, _ = ArchivedPdf.objects.get_or_create(
        version=demo.signed_version, kind=PdfKind.SEALED
    )
    archived.file.save("zegeltest.pdf", ContentFile(data), save=False)
    archived.sha256 = hashlib.sha256(data).hexdigest()
    archived.size = len(data)
    archived.status = PdfStatus.READY
    archived.rendered_at = timezone.now()
    archived.save()
    settings.SEAL_TSA_URL = short_lived_tsa.tsa_url("tsa-nieuw")

    out = StringIO()
    call_command("refresh_timestamps", stdout=out)
    assert "1 PDF('s) van een nieuw tijdstempel voorzien" in out.getvalue()
    archived.refresh_from_db()
    with archived.file.open("rb") as stream:
        stored = stream.read()
    assert stored.startswith(data) and len(stored) > len(data)
    assert archived.sha256 == hashlib.sha256(stored).hexdigest()
    assert archived.size == len(stored)
    past_its_end = timezone.now() + timedelta(days=400)
    assert validation.seal_facts(stored, moment=past_its_end, fetch=False).level == "B-LTA"

    # Idempotent: the new timestamp's certificate holds for years, so nothing is due.
    out = StringIO()
    call_command("refresh_timestamps", stdout=out)
    assert "0 PDF('s)" in out.getvalue()
    archived.refresh_from_db()
    assert archived.sha256 == hashlib.sha256(stored).hexdigest()


@pytest.mark.demo(history=True)
def test_verify_pdf_and_the_verification_page_report_the_seal_facts(
    demo, sealed_demo_pdf, tmp_path, client
):
    path = tmp_path / "verzegeld.pdf"
    path.write_bytes(sealed_demo_pdf)
    out = StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    text = out.getvalue()
    assert "Niveau van het zegel: PAdES B-LTA" in text
    assert "ook als het zegelcertificaat later verloopt of wordt ingetrokken" in text
    assert "Tijdstempel van het zegel: " in text and "(Spelregels Test Tijdstempeldienst" in text
    assert "Houder van het zegel: Spelregels (test)" in text
    assert "Intrekkingsgegevens ingesloten: ja" in text
    assert "Documenttijdstempel: " in text and "2099" in text  # until when its certificate holds

    upload = SimpleUploadedFile("verzegeld.pdf", sealed_demo_pdf, "application/pdf")
    response = client.post(reverse("verify"), {"file": upload})
    page = response.content.decode()
    assert "Het zegel op lange termijn" in page and "PAdES B-LTA" in page
    assert "Intrekkingsgegevens ingesloten" in page
