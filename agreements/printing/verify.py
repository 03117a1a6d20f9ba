"""Verifying a PDF later, from the file alone: does it hold a Spelregels agreement (the
embedded canonical JSON and its hash), is the seal intact and made with our certificate, which
agreement and version is it, is that version still in force, and who signed it.
"""

import asyncio
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO

from cryptography.hazmat.primitives import serialization
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from agreements.document.build import canonical_json
from agreements.models import Signature, Version
from agreements.printing.pdfa import EMBEDDED_JSON_NAME
from agreements.printing.seal import SEAL_FIELD, seal_certificate


def _run(coroutine):
    """Run one of pyHanko's coroutines to the end, also where an event loop is running already
    (pyHanko's synchronous wrappers call asyncio.run, which refuses that)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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
