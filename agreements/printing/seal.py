"""The application's seal: PAdES-signing a fully signed PDF, at level B-LTA.

Sealing adds one signature field over the block the print template draws for it (so the
appearance comes from the HTML and the PDF stays PDF/A: the field itself draws nothing, no
font). The seal carries a signature timestamp from the time-stamping service (SEAL_TSA_URL,
RFC 3161); the chains of the seal and the timestamp with their revocation data (OCSP responses,
CRLs) go into the document security store, and a document timestamp closes the file (B-LTA):
the file can be checked long after the seal certificate expired or was revoked, as of its
timestamp. `refresh_timestamps` adds a document timestamp before the last one's certificate
ends (`timestamps.py`).

Anything wrong — no certificate, a wrong password, an expired or revoked certificate, a
time-stamping service that is down or answers nonsense — raises `SealError` with a Dutch
message, and no file: the render task records the message and the PDF is tried again later.
In development the certificate comes from the local test PKI (`localpki.py`);
`create_seal_certificate` here makes a self-signed one (for tests of a foreign seal).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
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
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, TimestampDSSContentSettings
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    PathBuildingError,
    RevokedError,
)

from agreements.printing.trust import holder_name, run_sync, trust_roots

SEAL_FIELD = "ZegelSpelregels"
# How long to wait for the time-stamping service, OCSP responders and CRLs; how often to try
# when one refuses the connection, and how long to pause in between.
NETWORK_TIMEOUT = 20
CONNECTION_ATTEMPTS = 3
CONNECTION_PAUSE = 1.0


class SealError(Exception):
    """Sealing is not possible now; the message (Dutch) says why. Nothing was written."""


class SealNotConfigured(SealError):
    """No seal certificate at SEAL_PKCS12_PATH, or it cannot be opened."""


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


@contextmanager
def _signer() -> Iterator[signers.Signer]:
    """The seal's signer: the key on a PKCS#11 token when SEAL_PKCS11_MODULE is set (an HSM or
    smartcard; the key never leaves it), otherwise the PKCS#12 file."""
    if not settings.SEAL_PKCS11_MODULE:
        _pkcs12_certificate()  # a clear message for a missing file or a wrong password
        signer = signers.SimpleSigner.load_pkcs12(
            Path(settings.SEAL_PKCS12_PATH), passphrase=settings.SEAL_PKCS12_PASSWORD.encode()
        )
        if signer is None:
            raise SealNotConfigured(_("Het zegelcertificaat kan niet worden geopend."))
        yield signer
        return
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    try:
        session = open_pkcs11_session(
            settings.SEAL_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.SEAL_PKCS11_TOKEN_LABEL or None),
            user_pin=settings.SEAL_PKCS11_PIN or None,
        )
    except Exception as error:  # noqa: BLE001 -- the module, the token or the PIN
        raise SealNotConfigured(
            _("Het token met de zegelsleutel (PKCS#11) is niet te openen: %(reason)s")
            % {"reason": error}
        ) from error
    try:
        signer = PKCS11Signer(
            session,
            cert_label=settings.SEAL_PKCS11_KEY_LABEL,
            key_label=settings.SEAL_PKCS11_KEY_LABEL,
            other_certs_to_pull=None,  # the chain, when the token holds it
        )
        try:
            signer.signing_cert  # noqa: B018 -- loads the certificate, or fails clearly here
        except Exception as error:  # noqa: BLE001
            raise SealNotConfigured(
                _("Op het token staat geen zegelcertificaat met het label %(label)s.")
                % {"label": settings.SEAL_PKCS11_KEY_LABEL}
            ) from error
        yield signer
    finally:
        session.close()


def seal_certificate() -> x509.Certificate:
    """The seal's certificate (what verification trusts)."""
    if not settings.SEAL_PKCS11_MODULE:
        return _pkcs12_certificate()
    with _signer() as signer:
        assert signer.signing_cert is not None  # noqa: S101 -- checked by _signer
        return x509.load_der_x509_certificate(signer.signing_cert.dump())


def _pkcs12_certificate() -> x509.Certificate:
    path = Path(settings.SEAL_PKCS12_PATH)
    if not path.is_file():
        raise SealNotConfigured(
            _("Er is geen zegelcertificaat ingesteld (SEAL_PKCS12_PATH: %(path)s).")
            % {"path": path}
        )
    try:
        _key, certificate, _extra = pkcs12.load_key_and_certificates(
            path.read_bytes(), settings.SEAL_PKCS12_PASSWORD.encode()
        )
    except ValueError as error:
        raise SealNotConfigured(
            _(
                "Het zegelcertificaat kan niet worden geopend: het wachtwoord "
                "(SEAL_PKCS12_PASSWORD) klopt niet of het bestand is beschadigd."
            )
        ) from error
    if certificate is None:
        raise SealNotConfigured(_("Het zegelcertificaat kan niet worden geopend."))
    return certificate


def _check_validity_period(certificate: x509.Certificate) -> None:
    now = datetime.now(UTC)
    if now > certificate.not_valid_after_utc:
        raise SealError(
            _("Het zegelcertificaat is verlopen op %(date)s; er is een nieuw certificaat nodig.")
            % {"date": f"{certificate.not_valid_after_utc:%d-%m-%Y}"}
        )
    if now < certificate.not_valid_before_utc:
        raise SealError(
            _("Het zegelcertificaat is pas geldig vanaf %(date)s.")
            % {"date": f"{certificate.not_valid_before_utc:%d-%m-%Y}"}
        )


def validation_context() -> ValidationContext:
    """For sealing and timestamping: the configured trust anchors, revocation data fetched
    from the OCSP responders and CRLs the certificates name, and required."""
    roots = trust_roots()
    if not roots:
        raise SealNotConfigured(
            _("Er is geen vertrouwd basiscertificaat ingesteld (SEAL_TRUST_ROOTS).")
        )
    return ValidationContext(trust_roots=roots, allow_fetching=True, revocation_mode="hard-fail")


class _TimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP client of a TSA, whose every failure — no connection, an HTTP error, an
    answer that is no timestamp response — is a `TimestampRequestError`."""

    async def async_request_tsa_response(self, req):
        try:
            return await super().async_request_tsa_response(req)
        except TimestampRequestError:
            raise
        except Exception as error:  # noqa: BLE001 -- asn1crypto's parse errors, requests'
            raise TimestampRequestError(str(error)) from error


def timestamper() -> HTTPTimeStamper:
    """The configured time-stamping service (RFC 3161)."""
    if not settings.SEAL_TSA_URL:
        raise SealNotConfigured(_("Er is geen tijdstempeldienst ingesteld (SEAL_TSA_URL)."))
    return _TimeStamper(settings.SEAL_TSA_URL, timeout=NETWORK_TIMEOUT)


def _causes(error: BaseException):
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def explain(error: Exception) -> str:
    """A Dutch sentence for what went wrong while sealing or timestamping."""
    causes = list(_causes(error))
    if any(isinstance(cause, RevokedError) for cause in causes):
        return _("Het zegelcertificaat (of een certificaat in zijn keten) is ingetrokken.")
    if any(isinstance(cause, ExpiredError) for cause in causes):
        return _("Het zegelcertificaat (of een certificaat in zijn keten) is verlopen.")
    if any(isinstance(cause, TimestampRequestError) for cause in causes):
        return _(
            "De tijdstempeldienst (%(url)s) is niet bereikbaar of gaf geen geldig antwoord."
        ) % {"url": settings.SEAL_TSA_URL}
    if any(isinstance(cause, InsufficientRevinfoError) for cause in causes):
        return _("De intrekkingsgegevens (OCSP of CRL) van het certificaat zijn niet op te halen.")
    if any(isinstance(cause, PathBuildingError) for cause in causes):
        return _(
            "Het certificaat leidt niet naar een vertrouwd basiscertificaat (SEAL_TRUST_ROOTS)."
        )
    return _("Verzegelen is mislukt (%(reason)s).") % {"reason": type(error).__name__}


def seal_certificate_asn1() -> asn1_x509.Certificate:
    """The seal certificate as pyHanko and asn1crypto read certificates."""
    return asn1_x509.Certificate.load(seal_certificate().public_bytes(serialization.Encoding.DER))


def seal_holder() -> str:
    """Who holds the seal, as its certificate names them: "Spelregels (test)"."""
    return holder_name(seal_certificate_asn1())


def seal_pdf(
    pdf: bytes, *, page: int, box: tuple[float, float, float, float], reason: str
) -> bytes:
    """PAdES-sign the PDF with the application's seal, in a field over `box` on `page`.

    A refused connection to the time-stamping service, an OCSP responder or a CRL is tried
    again, twice, a second apart (a service restarting; in `make run` the test PKI starting
    beside the worker), each time from the unsealed bytes; anything else fails at once."""
    for _attempt in range(CONNECTION_ATTEMPTS - 1):
        try:
            return _seal_once(pdf, page=page, box=box, reason=reason)
        except SealError as error:
            if not _refused(error):
                raise
        time.sleep(CONNECTION_PAUSE)
    return _seal_once(pdf, page=page, box=box, reason=reason)


def _refused(error: BaseException) -> bool:
    return any(isinstance(cause, ConnectionRefusedError) for cause in _causes(error))


def _seal_once(
    pdf: bytes, *, page: int, box: tuple[float, float, float, float], reason: str
) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _keep_metadata_consistent(writer)
    x1, y1, x2, y2 = box
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            SEAL_FIELD, on_page=page, box=(round(x1), round(y1), round(x2), round(y2))
        ),
    )
    with _signer() as signer:
        return _seal_with(writer, signer, reason)


def _seal_with(writer: IncrementalPdfFileWriter, signer: signers.Signer, reason: str) -> bytes:
    assert signer.signing_cert is not None  # noqa: S101 -- checked by _signer
    _check_validity_period(x509.load_der_x509_certificate(signer.signing_cert.dump()))
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location="Spelregels",
        # B-LTA: revocation data in the DSS, then a document timestamp over all of it.
        embed_validation_info=True,
        use_pades_lta=True,
        validation_context=validation_context(),
        # The document timestamp's own validation data go into the DSS before it, so that it
        # covers the whole file: not a byte can change after it unnoticed.
        dss_settings=DSSContentSettings(
            next_ts_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False)
        ),
    )
    # A stamp without text or border: the block is drawn by the HTML, so no font is added.
    style = StaticStampStyle(border_width=0, background=None)
    output = BytesIO()
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer, stamp_style=style, timestamper=timestamper()
    )
    try:
        run_sync(pdf_signer.async_sign_pdf(writer, output=output))
    except (SigningError, TimestampRequestError, OSError, ValueError) as error:
        raise SealError(explain(error)) from error
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
