"""Verifying a PDF by its identity, and what the page and `verify_pdf` say about it.

The twin: version 2 exported through the API, imported as a new agreement and adopted, has the
same document and hash as the original; each sealed PDF still verifies as its own version. A
PDF from before the identity was embedded, matching both, is named ambiguous. A superseded
version names the one that replaced it. Every way a file can be spoiled gets a Dutch verdict
without the register's facts, on the page and from the command, with no traceback or library
noise in the log.
"""

import io
import logging
import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from accounts.models import Organisation, Role, User
from agreements.document.build import canonical_json
from agreements.document.vocabulary import format_date
from agreements.models import Agreement
from agreements.printing import verify
from agreements.printing.render import render_agreement_pdf, unsealed_version_pdf
from agreements.printing.seal import SEAL_FIELD, create_seal_certificate, seal_pdf
from agreements.printing.trust import run_sync
from agreements.versions import signing
from agreements.versions.identity import identity_json, version_identity_hash
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

MEIERIJSTAD_SIGNATORY = "Frank van der Linden"
IN_FORCE = "Echt en ongewijzigd. Dit is de versie die geldt."
SUPERSEDED = "Echt en ongewijzigd, maar deze versie geldt niet meer."
AMBIGUOUS = "Verzegeld en ongewijzigd, maar niet vast te stellen welke versie dit is."
# What only the register knows: none of it may appear under a verdict that is not confirmed.
REGISTER_FACTS = (
    MEIERIJSTAD_SIGNATORY,
    "Ja, dit is de versie die geldt",
    "Ondertekend door",
    "Ondertekend:",
    "vastgesteld op",
)


def sealed_with(version, identity: str | None) -> bytes:
    """A sealed PDF of `version` through the same pipeline as `render_agreement_pdf`, with the
    identity given: none, as Spelregels made them before identities, or another version's."""
    _html, pdf, (page, box) = unsealed_version_pdf(version, signed=True, identity=identity)
    return seal_pdf(pdf, page=page, box=box, reason="Versie 2, ondertekend door alle partijen")


def sealed_elsewhere(version, certificate: Path, password: str) -> bytes:
    """Version's PDF sealed by another installation with a certificate of its own that this one
    does not trust (self-signed, at level B-B: pyHanko signs it without asking whom it trusts)."""
    _html, pdf, (page, box) = unsealed_version_pdf(
        version, signed=True, identity=identity_json(version)
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    x1, y1, x2, y2 = (round(value) for value in box)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(SEAL_FIELD, on_page=page, box=(x1, y1, x2, y2))
    )
    signer = signers.SimpleSigner.load_pkcs12(str(certificate), passphrase=password.encode())
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    output = BytesIO()
    run_sync(signers.PdfSigner(metadata, signer=signer).async_sign_pdf(writer, output=output))
    return output.getvalue()


@pytest.fixture(scope="module")
def rendered(demo_database, tmp_path_factory):
    """Version 2's sealed PDF as made now, as made before identities, and sealed by another
    installation's certificate; version 1's sealed PDF (rendered once for the module)."""
    other = tmp_path_factory.mktemp("other-seal") / "seal.p12"
    create_seal_certificate(other, "ander", common_name="Zegel van een andere installatie")
    with demo_database.using("demo+history") as facts:
        agreement = Agreement.objects.get(pk=facts["agreement_id"])
        second = agreement.signed_version
        first = agreement.versions.get(number=1)
        made = {
            "second": render_agreement_pdf(second, sealed=True)[1],
            "first": render_agreement_pdf(first, sealed=True)[1],
            "old": sealed_with(second, None),
            "mismatched": sealed_with(second, identity_json(first)),
        }
        made["foreign"] = sealed_elsewhere(second, other, "ander")
    return made


@pytest.fixture
def pdfs(demo, rendered):
    """The module's PDFs, with the demo they were rendered from open (every test asks for it:
    a test without it would roll the demo back, and a new one has other ids)."""
    return rendered


def post(client, data: bytes):
    return client.post(
        reverse("verify"), {"file": SimpleUploadedFile("afspraak.pdf", data, "application/pdf")}
    )


# --- The twin -----------------------------------------------------------------------------------


def test_a_twin_does_not_take_over_the_original_pdf(client, demo, pdfs):
    original = demo.signed_version
    editor = cast.eva()
    api = _api_client(editor)
    exported = api.get(
        reverse("api:version-detail", kwargs={"agreement_id": demo.pk, "number": 2})
    ).json()
    client.force_login(editor)
    upload = SimpleUploadedFile("versie-2.json", canonical_json(exported).encode())
    client.post(reverse("agreement_import"), {"file": upload})
    twin_agreement = Agreement.objects.exclude(pk=demo.pk).get()
    response = client.post(reverse("agreement_adopt", args=[twin_agreement.pk]), {"note": ""})
    assert response.status_code == 302
    twin = twin_agreement.versions.get()
    assert (twin.sha256, twin.number) == (original.sha256, 1)
    assert version_identity_hash(twin) != version_identity_hash(original)

    result = verify.verify_pdf(pdfs["second"])
    assert result.verdict == verify.Verdict.IN_FORCE, result.problems
    assert result.version == original
    assert len(result.signatures) == 9
    assert result.identity_hash == version_identity_hash(original)
    html = post(client, pdfs["second"]).content.decode()
    assert IN_FORCE in html
    assert "versie 2, vastgesteld op 12 juni 2025" in html
    assert MEIERIJSTAD_SIGNATORY in html

    _sign_by_every_party(twin)
    twin_pdf = render_agreement_pdf(twin, sealed=True)[1]
    result = verify.verify_pdf(twin_pdf)
    assert result.verdict == verify.Verdict.IN_FORCE, result.problems
    assert result.version == twin
    assert result.identity_hash == version_identity_hash(twin)
    # ... and the original still is the original.
    assert verify.verify_pdf(pdfs["second"]).version == original

    # A PDF from before the identity, with the twin's text: named ambiguous, nothing chosen.
    result = verify.verify_pdf(pdfs["old"])
    assert result.verdict == verify.Verdict.AMBIGUOUS
    assert result.version is None
    assert result.candidates == [original, twin]
    html = post(client, pdfs["old"]).content.decode()
    assert AMBIGUOUS in html
    assert "2 versies in dit register hebben precies deze tekst" in html
    assert "Spelregels kiest daar niet tussen." in html
    short = str(demo.pk).replace("-", "")[:8].upper()
    assert f"SR-2025-{short}-v2: Samenwerkingsafspraken RES Noordoost-Brabant, versie 2" in html
    assert MEIERIJSTAD_SIGNATORY not in html
    assert "Ja, dit is de versie die geldt" not in html


def _api_client(user: User):
    from rest_framework.test import APIClient

    from api import tokens

    client = APIClient()
    _token, key = tokens.create_token(user=user, name="export", acting_user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _sign_by_every_party(version) -> None:
    for key in signing.party_keys(version):
        organisation = Organisation.objects.get(pk=key)
        signing.sign_version(
            version=version,
            organisation=organisation,
            acting_user=User.objects.get(
                memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
            ),
            signatory_name="A. Ondertekenaar",
            signatory_function="Burgemeester",
            basis="Collegebesluit",
            place="Oss",
        )


def test_an_old_pdf_with_one_match_is_still_found_by_its_text(demo, pdfs):
    result = verify.verify_pdf(pdfs["old"])
    assert result.verdict == verify.Verdict.IN_FORCE, result.problems
    assert result.version == demo.signed_version
    assert result.identity_hash == ""


# --- In force, or not -------------------------------------------------------------------------


def test_a_superseded_version_names_the_version_that_replaced_it(client, demo, pdfs):
    result = verify.verify_pdf(pdfs["first"])
    assert result.verdict == verify.Verdict.NOT_IN_FORCE
    assert result.replaced_by == demo.signed_version
    html = post(client, pdfs["first"]).content.decode()
    assert "utrecht-alert--ok" not in html
    assert "utrecht-alert--warning" in html
    assert SUPERSEDED in html
    assert (
        "Zij is vervangen door versie 2, vastgesteld op 12 juni 2025 en door alle partijen" in html
    )
    assert "Nee, versie 2 geldt." in html


def test_the_version_in_force_gets_the_green_box(client, pdfs):
    html = post(client, pdfs["second"]).content.decode()
    assert "utrecht-alert--ok" in html
    assert IN_FORCE in html
    assert "Ja, dit is de versie die geldt." in html
    assert "Common Name" not in html  # the seal's holder as a person reads it
    assert "Spelregels (test)" in html


def test_the_command_speaks_as_the_page_does(pdfs, tmp_path, capsys):
    for name, headline in (("second", IN_FORCE), ("first", SUPERSEDED)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdfs[name])
        call_command("verify_pdf", str(path))
        out = capsys.readouterr().out
        assert headline in out
        assert "Versie: " in out and "vastgesteld op " in out
        assert "Zegel: Spelregels (test)" in out
        assert "Ondertekend: Gemeente Oss — Jolanda de Vries (wethouder duurzaamheid)" in out
    assert "Zij is vervangen door versie 2, vastgesteld op 12 juni 2025" in out
    assert "Geldt deze versie nog: nee" in out


def test_a_file_is_analysed_once_and_its_answer_kept_for_that_file_only(pdfs, monkeypatch):
    """The analysis of the updates after the seal is kept per file (its SHA-256); another
    file, or a grown copy, is analysed for itself."""
    analysed: list[bool] = []

    def analysing(status, seal):
        analysed.append(verify_covers(status, seal))
        return analysed[-1]

    verify_covers = verify.covers_document
    monkeypatch.setattr(verify, "covers_document", analysing)
    assert verify.verify_pdf(pdfs["second"]).seal_covers_document
    assert verify.verify_pdf(pdfs["second"]).seal_covers_document
    assert analysed == [True]
    grown = pdfs["second"] + b"\n% later\n"  # something after the last timestamp
    assert not verify.verify_pdf(grown).seal_covers_document
    assert verify.verify_pdf(pdfs["first"]).seal_covers_document
    assert analysed == [True, True]
    cache.clear()  # forgotten (the cache's own bound, or a restart): analysed again
    assert verify.verify_pdf(pdfs["second"]).seal_covers_document
    assert analysed == [True, True, True]


def test_an_ended_agreement_says_since_when(client, demo, pdfs):
    ended = timezone.localdate() - timedelta(days=1)
    Agreement.objects.filter(pk=demo.pk).update(terminated_on=ended)
    result = verify.verify_pdf(pdfs["second"])
    assert result.verdict == verify.Verdict.NOT_IN_FORCE
    said = f"De afspraak is beëindigd per {format_date(ended)}."
    assert result.standing == said
    html = post(client, pdfs["second"]).content.decode()
    assert SUPERSEDED in html and said in html


def test_a_file_whose_identity_names_another_version_is_not_confirmed(client, pdfs):
    """Sealed by us, but the text is version 2's and the identity version 1's (a mistake no
    renderer makes, and nothing the verifier may paper over by choosing either)."""
    result = verify.verify_pdf(pdfs["mismatched"])
    assert result.verdict == verify.Verdict.NOT_CONFIRMED
    assert result.version is None
    html = post(client, pdfs["mismatched"]).content.decode()
    assert "De afspraak in dit bestand is niet de versie die het bestand zegt te zijn." in html
    for fact in REGISTER_FACTS:
        assert fact not in html, fact


# --- Spoiled files ------------------------------------------------------------------------------


def _flipped(data: bytes, where: float) -> bytes:
    spoiled = bytearray(data)
    position = int(len(data) * where)
    spoiled[position] ^= 0x01
    return bytes(spoiled)


def _incremental(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(data))
    info = writer.prev.trailer["/Info"].get_object()
    changed = generic.DictionaryObject(dict(info.items()))
    changed[generic.NameObject("/Title")] = generic.TextStringObject("Een andere titel")
    writer.set_info(changed)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _stripped(data: bytes) -> bytes:
    """The file as it was before the seal: its first revision (the JSON is all there)."""
    return data[: data.index(b"%%EOF") + len(b"%%EOF\n")]


SPOILED = {
    "een omgedraaide bit vooraan": lambda pdfs: _flipped(pdfs["second"], 0.1),
    "een omgedraaide bit midden": lambda pdfs: _flipped(pdfs["second"], 0.5),
    "een omgedraaide bit achteraan": lambda pdfs: _flipped(pdfs["second"], 0.999),
    "een incrementele wijziging": lambda pdfs: _incremental(pdfs["second"]),
    "een verwijderd zegel": lambda pdfs: _stripped(pdfs["second"]),
    "het zegel van een andere installatie": lambda pdfs: pdfs["foreign"],
    "een afgekapt bestand": lambda pdfs: pdfs["second"][: len(pdfs["second"]) * 2 // 3],
}
EXPECTED_PROBLEM = {
    "een incrementele wijziging": "Er is na het verzegelen iets aan het bestand toegevoegd.",
    "een verwijderd zegel": "Het bestand draagt geen zegel van Spelregels.",
    "het zegel van een andere installatie": (
        "Het zegel is gezet door ‘Zegel van een andere installatie, Spelregels’, niet met het "
        "certificaat van dit register."
    ),
    "een afgekapt bestand": "Het bestand is onvolledig: het einde van de PDF ontbreekt.",
}


def _assert_quiet(caplog, capfd) -> None:
    noisy = [
        record
        for record in caplog.records
        if record.exc_info
        or record.levelno >= logging.WARNING
        or record.name.split(".")[0] in verify.READING_LIBRARIES
    ]
    assert noisy == [], [(r.name, r.levelname, r.getMessage()[:200]) for r in noisy]
    out, err = capfd.readouterr()
    for text in (out, err):
        assert "Traceback" not in text
        assert "no running event loop" not in text
        assert "PathValidationError" not in text and "PathBuildingError" not in text


@pytest.mark.parametrize("how", list(SPOILED))
def test_a_spoiled_file_gets_a_red_verdict_without_register_facts_on_the_page(
    client, pdfs, how, caplog, capfd
):
    data = SPOILED[how](pdfs)
    capfd.readouterr()
    started = time.monotonic()
    with caplog.at_level(logging.DEBUG):
        response = post(client, data)
    # pyHanko's analysis of an incremental update took 80 s: nothing a public page may spend.
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niet bevestigd." in html
    assert "utrecht-alert--error" in html
    assert "utrecht-alert--ok" not in html
    for fact in REGISTER_FACTS:
        assert fact not in html, fact
    if how in EXPECTED_PROBLEM:
        assert EXPECTED_PROBLEM[how] in html.replace("&#x27;", "'")
    _assert_quiet(caplog, capfd)


@pytest.mark.parametrize("how", list(SPOILED))
def test_a_spoiled_file_gets_a_dutch_verdict_from_the_command(pdfs, how, tmp_path, caplog, capfd):
    path = tmp_path / "afspraak.pdf"
    path.write_bytes(SPOILED[how](pdfs))
    capfd.readouterr()
    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level(logging.DEBUG), pytest.raises(SystemExit) as raised:
        call_command("verify_pdf", str(path), stdout=out, stderr=err)
    assert raised.value.code == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("Niet bevestigd.\nProbleem: ")
    for fact in REGISTER_FACTS:
        assert fact not in err.getvalue(), fact
    if how in EXPECTED_PROBLEM:
        assert f"Probleem: {EXPECTED_PROBLEM[how]}" in err.getvalue()
    _assert_quiet(caplog, capfd)


def test_the_command_says_when_there_is_no_file(demo, tmp_path, capsys):
    """(With the demo, as every test here: without it the demo is rolled back and seeded again
    for the next test.)"""
    with pytest.raises(SystemExit) as raised:
        call_command("verify_pdf", str(tmp_path / "weg.pdf"))
    assert raised.value.code == 2
    assert capsys.readouterr().err == f"Bestand niet gevonden: {tmp_path / 'weg.pdf'}\n"
