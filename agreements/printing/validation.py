"""The facts of a sealed PDF's seal, from pyHanko's validator against the configured trust
anchors: is it intact, which PAdES level does it reach (B-B, B-T, B-LT, B-LTA), when was it
timestamped and by whom, who holds the seal, are revocation data embedded, and when was the
last document timestamp added and until when does its certificate hold.

For the verification page and `verify_pdf` (which say what each fact means for the reader), and
for `refresh_timestamps` (which adds a document timestamp before the last one's certificate
ends). A seal whose certificate was revoked or expired after sealing still validates here as of
its timestamp: that is what B-LTA is for.
"""

import logging
import warnings
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from asn1crypto import cms
from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation import (
    RevocationInfoValidationType,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.ltv import async_validate_pdf_ltv_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from agreements.printing.seal import SEAL_FIELD
from agreements.printing.trust import holder_name, run_sync, trust_roots

logger = logging.getLogger(__name__)

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


@dataclass(frozen=True)
class SealFacts:
    """What pyHanko's validator found out about a PDF's seal."""

    intact: bool
    level: str  # one of LEVELS, or "" when the seal does not even reach B-B
    holder: str
    timestamp_at: datetime | None
    timestamp_authority: str
    revocation_data: bool
    document_timestamp_at: datetime | None
    # Until when the certificate of the last timestamp (document or signature) holds.
    timestamp_valid_until: datetime | None

    @property
    def long_term(self) -> bool:
        return self.level == "B-LTA"


def covers_document(status: PdfSignatureStatus, seal: EmbeddedPdfSignature) -> bool:
    """The seal covers the whole file, or everything after it is validation data and document
    timestamps (the B-LTA updates: nothing a reader sees), each of those timestamps is
    intact, and the last one covers the whole file."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if not (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
        and bool(status.docmdp_ok)
    ):
        return False
    stamps = [
        stamp
        for stamp in document_timestamps(seal.reader)
        if stamp.signed_revision > seal.signed_revision
    ]
    if not stamps or not all(_only_padding_after(s) for s in (seal, *stamps)):
        return False
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    try:
        for stamp in stamps:
            checked = run_sync(async_validate_pdf_timestamp(stamp, context, skip_diff=True))
            if not (checked.intact and checked.valid):
                return False
    except Exception:  # noqa: BLE001 -- a damaged timestamp: the file was changed
        return False
    # The last one's validation data are stored before it (seal.py, timestamps.py), so it
    # covers the whole file: not a byte may follow it.
    return checked.coverage == SignatureCoverageLevel.ENTIRE_FILE


def ends_with_document_timestamp(seal: EmbeddedPdfSignature) -> bool:
    """Whether a document timestamp after the seal covers the whole file: the shape of a
    B-LTA file, checked by byte ranges alone, before anything costlier is asked."""
    stamps = [
        stamp
        for stamp in document_timestamps(seal.reader)
        if stamp.signed_revision > seal.signed_revision
    ]
    try:
        return bool(stamps) and (
            stamps[-1].evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
        )
    except Exception:  # noqa: BLE001 -- an unreadable timestamp covers nothing
        return False


def _only_padding_after(signature: EmbeddedPdfSignature) -> bool:
    """The signature's /Contents holds its CMS structure and then only zeros: the zeros that
    reserve room are outside what is signed, so a changed byte there is caught here."""
    raw = bytes(signature.sig_object["/Contents"])
    try:
        _class, _method, _tag, header, contents, _trailer = asn1_parser.parse(raw)
    except ValueError:
        return False
    return not raw[len(header) + len(contents) :].strip(b"\x00")


def _token(signed_data: cms.SignedData) -> tuple[datetime, asn1_x509.Certificate]:
    """A timestamp token's time and its TSA's certificate."""
    info = signed_data["encap_content_info"]["content"].parsed
    return info["gen_time"].native, extract_certificate_info(signed_data).signer_cert


def document_timestamps(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
    """The document timestamps of the file, oldest first."""
    return [
        signature
        for signature in reader.embedded_signatures
        if signature.sig_object_type == "/DocTimeStamp"
    ]


def last_timestamp_certificate(data: bytes) -> asn1_x509.Certificate | None:
    """The certificate of the file's last timestamp: its last document timestamp, or else
    its seal's signature timestamp (None without either)."""
    reader = PdfFileReader(BytesIO(data), strict=False)
    stamps = document_timestamps(reader)
    if stamps:
        return _token(stamps[-1].signed_data)[1]
    seal = _seal(reader)
    if seal is None or seal.attached_timestamp_data is None:
        return None
    return _token(seal.attached_timestamp_data)[1]


def _seal(reader: PdfFileReader) -> EmbeddedPdfSignature | None:
    seals = [s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD]
    return seals[-1] if seals else None


def _has_revocation_data(reader: PdfFileReader) -> bool:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return False
    return bool(dss.ocsps or dss.crls)


def _lta_valid(
    seal: EmbeddedPdfSignature, kind: RevocationInfoValidationType, kwargs: dict
) -> bool:
    try:
        with warnings.catch_warnings():
            # The ad-hoc LTV validation is deprecated for pyHanko's AdES validation, which
            # reports the same facts in a much larger shape.
            warnings.simplefilter("ignore", DeprecationWarning)
            status = run_sync(async_validate_pdf_ltv_signature(seal, kind, dict(kwargs)))
    except Exception as error:  # noqa: BLE001 -- a failed validation is a lower level
        logger.info("The seal is not %s: %s", kind.value, error)
        return False
    return bool(status.intact and status.valid and status.trusted) and covers_document(status, seal)


def seal_facts(
    data: bytes | PdfFileReader,
    *,
    moment: datetime | None = None,
    fetch: bool = True,
    roots: list[asn1_x509.Certificate] | None = None,
) -> SealFacts | None:
    """The facts of the PDF's seal (None without a seal), validated as of `moment` (now when
    not given). `fetch`: the current revocation status of the last timestamp's certificate
    may be fetched (it is not in the file yet); it is not required. Given the reader another
    check used, pyHanko's analysis of the updates after the seal (a second or more) is not
    made again."""
    roots = trust_roots() if roots is None else roots
    reader = data if isinstance(data, PdfFileReader) else PdfFileReader(BytesIO(data), strict=False)
    seal = _seal(reader)
    if seal is None:
        return None
    context: dict[str, Any] = {"trust_roots": roots, "allow_fetching": False}
    if moment is not None:
        context["moment"] = moment
    status = run_sync(async_validate_pdf_signature(seal, ValidationContext(**context)))
    intact = bool(status.intact and status.valid) and covers_document(status, seal)
    timestamp_at, authority, valid_until = None, "", None
    if seal.attached_timestamp_data is not None:
        timestamp_at, tsa_certificate = _token(seal.attached_timestamp_data)
        authority = holder_name(tsa_certificate)
        valid_until = tsa_certificate["tbs_certificate"]["validity"]["not_after"].native
    stamps = [s for s in document_timestamps(reader) if s.signed_revision > seal.signed_revision]
    document_timestamp_at = None
    if stamps:
        document_timestamp_at, last_tsa = _token(stamps[-1].signed_data)
        valid_until = last_tsa["tbs_certificate"]["validity"]["not_after"].native
    revocation_data = _has_revocation_data(reader)
    ltv_context: dict[str, Any] = {
        "trust_roots": roots,
        "allow_fetching": fetch,
        "revocation_mode": "soft-fail",
    }
    if moment is not None:
        ltv_context["moment"] = moment
    level = ""
    if intact and status.trusted:
        level = "B-B"
        timestamp = status.timestamp_validity
        if timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted:
            level = "B-T"
        if revocation_data and _lta_valid(seal, RevocationInfoValidationType.PADES_LT, ltv_context):
            level = "B-LT"
        if stamps and _lta_valid(seal, RevocationInfoValidationType.PADES_LTA, ltv_context):
            level = "B-LTA"
    return SealFacts(
        intact=intact,
        level=level,
        holder=holder_name(status.signing_cert),
        timestamp_at=timestamp_at,
        timestamp_authority=authority,
        revocation_data=revocation_data,
        document_timestamp_at=document_timestamp_at,
        timestamp_valid_until=valid_until,
    )


@dataclass(frozen=True)
class Fact:
    """One fact for the reader: what it is, its value, and what it means for them."""

    label: str
    value: str
    meaning: str


def _when(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i") if moment else _("geen")


def _level_meaning(level: str) -> str:
    return {
        "B-LTA": _(
            "Het zegel is vastgelegd met een tijdstempel, de intrekkingsgegevens en een "
            "documenttijdstempel: ook als het zegelcertificaat later verloopt of wordt "
            "ingetrokken, blijft aantoonbaar dat het bestand bij het verzegelen in orde was."
        ),
        "B-LT": _(
            "Tijdstempel en intrekkingsgegevens zitten in het bestand, maar een "
            "documenttijdstempel dat ze vastlegt ontbreekt."
        ),
        "B-T": _(
            "Het moment van verzegelen staat vast, maar de gegevens om het certificaat later "
            "te controleren ontbreken."
        ),
        "B-B": _(
            "Alleen het zegel zelf: na het verlopen van het certificaat is niet meer na te gaan "
            "of het bij het verzegelen geldig was."
        ),
    }.get(
        level,
        _(
            "Het zegel haalt geen PAdES-niveau: het is ongeldig of niet te herleiden tot een "
            "vertrouwd certificaat."
        ),
    )


def facts_for_reader(facts: SealFacts) -> list[Fact]:
    """The seal's facts in Dutch, each with a sentence on what it means for the reader."""
    stamped = (
        f"{_when(facts.timestamp_at)} ({facts.timestamp_authority})"
        if facts.timestamp_at
        else _("geen")
    )
    return [
        Fact(
            _("Niveau van het zegel"),
            f"PAdES {facts.level}" if facts.level else _("geen"),
            _level_meaning(facts.level),
        ),
        Fact(
            _("Tijdstempel van het zegel"),
            stamped,
            _("Een onafhankelijke tijdstempeldienst bevestigt dat het zegel op dat moment bestond.")
            if facts.timestamp_at
            else _("Zonder tijdstempel staat het moment van verzegelen niet onafhankelijk vast."),
        ),
        Fact(
            _("Houder van het zegel"),
            facts.holder or "—",
            _("De organisatie op wier naam het zegelcertificaat staat."),
        ),
        Fact(
            _("Intrekkingsgegevens ingesloten"),
            _("ja") if facts.revocation_data else _("nee"),
            _(
                "De OCSP-antwoorden en CRL's die lieten zien dat de certificaten bij het "
                "verzegelen niet waren ingetrokken, zitten in het bestand."
            )
            if facts.revocation_data
            else _(
                "Of de certificaten bij het verzegelen waren ingetrokken, staat niet in het "
                "bestand."
            ),
        ),
        Fact(
            _("Documenttijdstempel"),
            _when(facts.document_timestamp_at),
            _(
                "Het laatste documenttijdstempel legt het bestand met al zijn controlegegevens "
                "vast; vóór zijn certificaat verloopt (%(date)s) krijgt het bestand een nieuw."
            )
            % {"date": _when(facts.timestamp_valid_until)}
            if facts.document_timestamp_at
            else _("Zonder documenttijdstempel zijn de controlegegevens niet vastgelegd."),
        ),
    ]
