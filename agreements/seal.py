"""The application's seal: PAdES-signing a fully signed PDF, and verifying a PDF later.

Sealing adds one signature field over the block the print template draws for it (so the
appearance comes from the HTML and the PDF stays PDF/A: the field itself draws nothing, no
font). Verifying answers, from the file alone: does it hold a Spelregels agreement (the
embedded canonical JSON and its hash), is the seal intact and made with our certificate,
which agreement and version is it, is that version still in force, and who signed it.
"""

import asyncio
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from .models import Signature, Version
from .pdf import EMBEDDED_JSON_NAME
from .versioning import canonical_json

SEAL_FIELD = "ZegelSpelregels"


class SealNotConfigured(Exception):
    """No seal certificate at SEAL_PKCS12_PATH."""


def _run(coroutine):
    """Run one of pyHanko's coroutines to the end, also where an event loop is running already
    (pyHanko's synchronous wrappers call asyncio.run, which refuses that)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def create_seal_certificate(path: Path, password: str, *, common_name: str) -> None:
    """Write a self-signed seal certificate with its key as PKCS#12 (for development)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Spelregels"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"spelregels-seal",
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )


def _signer() -> signers.SimpleSigner:
    path = Path(settings.SEAL_PKCS12_PATH)
    if not path.is_file():
        raise SealNotConfigured(
            _("Er is geen zegelcertificaat ingesteld (SEAL_PKCS12_PATH: %(path)s).")
            % {"path": path}
        )
    signer = signers.SimpleSigner.load_pkcs12(
        path, passphrase=settings.SEAL_PKCS12_PASSWORD.encode()
    )
    if signer is None:
        raise SealNotConfigured(_("Het zegelcertificaat kan niet worden geopend."))
    return signer


def seal_certificate() -> x509.Certificate:
    """The seal's certificate (what verification trusts)."""
    path = Path(settings.SEAL_PKCS12_PATH)
    if not path.is_file():
        raise SealNotConfigured(_("Er is geen zegelcertificaat ingesteld."))
    _key, certificate, _extra = pkcs12.load_key_and_certificates(
        path.read_bytes(), settings.SEAL_PKCS12_PASSWORD.encode()
    )
    return certificate


def seal_pdf(pdf: bytes, *, page: int, box: tuple[float, ...], reason: str) -> bytes:
    """PAdES-sign the PDF with the application's seal, in a field over `box` on `page`."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _keep_metadata_consistent(writer)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(SEAL_FIELD, on_page=page, box=tuple(round(v) for v in box))
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location="Spelregels",
    )
    # A stamp without text or border: the block is drawn by the HTML, so no font is added.
    style = StaticStampStyle(border_width=0, background=None)
    output = BytesIO()
    signers.PdfSigner(metadata, signer=_signer(), stamp_style=style).sign_pdf(writer, output=output)
    return output.getvalue()


def _keep_metadata_consistent(writer: IncrementalPdfFileWriter) -> None:
    """PDF/A wants the Info dictionary and the XMP metadata to agree.

    When it signs, pyHanko writes itself as pdf:Producer in the XMP but appends itself to the
    Info dictionary's /Producer ("WeasyPrint …; pyHanko …"). Starting from an Info dictionary
    whose producer is already pyHanko's own keeps the two the same.
    """
    try:
        previous = writer.prev.trailer["/Info"].get_object()
    except KeyError:
        return
    info = generic.DictionaryObject(dict(previous.items()))
    info[generic.NameObject("/Producer")] = generic.TextStringObject(VENDOR)
    writer.set_info(info)


@dataclass
class Verification:
    """What a PDF turned out to be."""

    readable: bool = False
    embedded_hash: str = ""
    version: Version | None = None
    sealed: bool = False
    seal_intact: bool = False
    seal_trusted: bool = False
    seal_covers_document: bool = False
    signer: str = ""
    in_force: bool = False
    signatures: list[Signature] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """A version of this registry, sealed by us, and unchanged since."""
        return (
            self.version is not None
            and self.seal_intact
            and self.seal_trusted
            and self.seal_covers_document
        )


def _embedded_document(data: bytes) -> dict | None:
    reader = PdfReader(BytesIO(data))
    contents = reader.attachments.get(EMBEDDED_JSON_NAME)
    if not contents:
        return None
    return json.loads(contents[0].decode("utf-8"))


def verify_pdf(data: bytes) -> Verification:
    """Check a PDF against the registry and the seal; never raises for a bad file."""
    result = Verification()
    try:
        document = _embedded_document(data)
    except Exception:  # noqa: BLE001 -- any unreadable file is simply "not ours"
        result.problems.append(_("Het bestand is geen leesbare PDF."))
        return result
    result.readable = True
    if document is None:
        result.problems.append(_("Er zit geen Spelregels-afspraak in dit bestand."))
    else:
        result.embedded_hash = hashlib.sha256(canonical_json(document).encode()).hexdigest()
        result.version = (
            Version.objects.filter(sha256=result.embedded_hash)
            .select_related("agreement")
            .order_by("-adopted_at")
            .first()
        )
        if result.version is None:
            result.problems.append(
                _("De ingesloten afspraak komt niet overeen met een versie in dit register.")
            )
        else:
            agreement = result.version.agreement
            result.in_force = agreement.signed_version_id == result.version.pk
            result.signatures = list(
                result.version.signatures.select_related("organisation").order_by("recorded_at")
            )
    _check_seal(data, result)
    return result


def _check_seal(data: bytes, result: Verification) -> None:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001
        result.problems.append(_("De handtekeningen in het bestand zijn niet te lezen."))
        return
    seals = [signature for signature in embedded if signature.field_name == SEAL_FIELD]
    if not seals:
        result.problems.append(_("Het bestand draagt geen zegel van Spelregels."))
        return
    result.sealed = True
    try:
        context = ValidationContext(trust_roots=[_asn1_certificate()], allow_fetching=False)
        status = _run(async_validate_pdf_signature(seals[-1], context))
    except Exception:  # noqa: BLE001 -- a damaged signature is a failed check
        result.problems.append(_("Het zegel is beschadigd; het bestand is gewijzigd."))
        return
    result.seal_intact = bool(status.intact and status.valid)
    result.seal_trusted = bool(status.trusted)
    result.signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    result.seal_covers_document = status.coverage.name == "ENTIRE_FILE"
    if not result.seal_intact:
        result.problems.append(
            _("Het zegel klopt niet: het bestand is na het verzegelen gewijzigd.")
        )
    elif not result.seal_trusted:
        result.problems.append(_("Het zegel is niet gezet met het certificaat van dit register."))
    elif not result.seal_covers_document:
        result.problems.append(_("Er is na het verzegelen iets aan het bestand toegevoegd."))


def _asn1_certificate():
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(seal_certificate().public_bytes(serialization.Encoding.DER))
