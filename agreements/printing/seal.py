"""The application's seal: PAdES-signing a fully signed PDF.

Sealing adds one signature field over the block the print template draws for it (so the
appearance comes from the HTML and the PDF stays PDF/A: the field itself draws nothing, no
font). `create_seal_certificate` makes a self-signed development certificate.
"""

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
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle

SEAL_FIELD = "ZegelSpelregels"


class SealNotConfigured(Exception):
    """No seal certificate at SEAL_PKCS12_PATH."""


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
    if certificate is None:
        raise SealNotConfigured(_("Het zegelcertificaat kan niet worden geopend."))
    return certificate


def seal_holder() -> str:
    """Who holds the seal, as its certificate names them: "Spelregels zegel (test), Spelregels"
    (the subject's common name, then its organisation when that says something more)."""
    subject = seal_certificate().subject
    names = [
        str(attribute.value)
        for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)
        for attribute in subject.get_attributes_for_oid(oid)
    ]
    unique = [name for index, name in enumerate(names) if name and name not in names[:index]]
    if len(unique) == 2 and unique[1] in unique[0]:
        unique = unique[:1]
    return ", ".join(unique)


def seal_pdf(
    pdf: bytes, *, page: int, box: tuple[float, float, float, float], reason: str
) -> bytes:
    """PAdES-sign the PDF with the application's seal, in a field over `box` on `page`."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _keep_metadata_consistent(writer)
    x1, y1, x2, y2 = box
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            SEAL_FIELD, on_page=page, box=(round(x1), round(y1), round(x2), round(y2))
        ),
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
