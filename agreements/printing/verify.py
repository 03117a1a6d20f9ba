"""Verifying a PDF later, from the file alone: does it hold a Spelregels agreement (the
embedded canonical JSON and the version's identity), is the seal intact and made with our
certificate, which agreement and version is it, is that version still in force, and who signed.

The version is found by its identity (`versions/identity.py`), not by its text: a twin (the same
document adopted as another agreement) has the same text but another identity. A PDF made before
the identity was embedded is found by its text, and when several versions have that text the
verifier says so instead of choosing one.

The verdict, its headline and explanation are made here, once, for the page and the command; the
register's facts (version, signatories) belong to a confirmed file only. Whatever the file, the
reading libraries' own warnings stay out of the log (`_quiet`): every failure becomes a Dutch
sentence in `problems`.
"""

import hashlib
import json
import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from io import BytesIO
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from agreements.document.build import canonical_json
from agreements.models import Signature, Version
from agreements.printing.pdfa import EMBEDDED_IDENTITY_NAME, EMBEDDED_JSON_NAME
from agreements.printing.render import document_number
from agreements.printing.seal import SEAL_FIELD, seal_certificate_asn1
from agreements.printing.trust import holder_name, run_sync, trust_roots
from agreements.printing.validation import (
    Fact,
    covers_document,
    ends_with_document_timestamp,
    facts_for_reader,
    seal_facts,
)
from agreements.versions.identity import IDENTITY_PARTS, IDENTITY_SCHEME, identity_hash
from agreements.versions.status import Status, status_of

logger = logging.getLogger(__name__)

# The libraries that read an uploaded file; what they log about it is the file's problem,
# which the verdict states (see `_quiet`).
READING_LIBRARIES = ("pyhanko", "pyhanko_certvalidator", "pypdf")
# Set while a file is being verified, in this thread and the threads that run pyHanko for it.
_verifying: ContextVar[bool] = ContextVar("verifying", default=False)


class _QuietWhileVerifying(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _verifying.get()


_QUIET = _QuietWhileVerifying()


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep the reading libraries' records out of the log while a file is verified.

    A damaged or foreign file makes pyHanko log a warning with a traceback (a path that cannot
    be built, a digest that does not match) and pypdf log its repairs; the verdict says the
    same in Dutch, and an operator can do nothing with either. Only the records of the
    verification are dropped (a context variable, which `run_sync` passes on to its thread),
    so the seal's own warnings elsewhere (sealing in a worker) still reach the log. Logger
    filters are not inherited, so the logger of every module of those libraries gets the
    filter (pypdf makes its loggers when it first warns, by its module's name).
    """
    for name in [*READING_LIBRARIES, *sys.modules]:
        if name.split(".")[0] in READING_LIBRARIES:
            logger = logging.getLogger(name)
            if _QUIET not in logger.filters:
                logger.addFilter(_QUIET)
    token = _verifying.set(True)
    try:
        yield
    finally:
        _verifying.reset(token)


class Verdict(StrEnum):
    """What the file turned out to be, as the page's box and the command's last line say."""

    IN_FORCE = "in_force"
    NOT_IN_FORCE = "not_in_force"
    AMBIGUOUS = "ambiguous"
    NOT_CONFIRMED = "not_confirmed"


@dataclass
class Verification:
    """What a PDF turned out to be."""

    readable: bool = False
    embedded_hash: str = ""
    # The identity the file carries (`versions/identity.py`), and its recomputed hash.
    identity: dict[str, Any] | None = None
    identity_hash: str = ""
    version: Version | None = None
    # A file without identity whose text several versions share: they are named, none chosen.
    candidates: list[Version] = field(default_factory=list)
    sealed: bool = False
    seal_intact: bool = False
    seal_trusted: bool = False
    seal_covers_document: bool = False
    signer: str = ""
    in_force: bool = False
    # Not in force, but it was: replaced, or the agreement ended or expired.
    no_longer: bool = False
    standing: str = ""
    replaced_by: Version | None = None
    signatures: list[Signature] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The seal's PAdES facts (validation.py), each with what it means for the reader.
    seal_facts: list[Fact] = field(default_factory=list)

    @property
    def seal_sound(self) -> bool:
        """Sealed by us, and nothing changed or added since."""
        return self.seal_intact and self.seal_trusted and self.seal_covers_document

    @property
    def is_valid(self) -> bool:
        """A version of this registry, sealed by us, and unchanged since."""
        return self.version is not None and self.seal_sound and not self.problems

    @property
    def verdict(self) -> Verdict:
        if self.is_valid:
            return Verdict.IN_FORCE if self.in_force else Verdict.NOT_IN_FORCE
        if self.candidates and self.seal_sound:
            return Verdict.AMBIGUOUS
        return Verdict.NOT_CONFIRMED

    @property
    def headline(self) -> str:
        return {
            Verdict.IN_FORCE: _("Echt en ongewijzigd. Dit is de versie die geldt."),
            Verdict.NOT_IN_FORCE: _("Echt en ongewijzigd, maar deze versie geldt niet meer.")
            if self.no_longer
            else _("Echt en ongewijzigd, maar deze versie geldt niet."),
            Verdict.AMBIGUOUS: _(
                "Verzegeld en ongewijzigd, maar niet vast te stellen welke versie dit is."
            ),
            Verdict.NOT_CONFIRMED: _("Niet bevestigd."),
        }[self.verdict]

    @property
    def candidate_lines(self) -> list[str]:
        """The versions an ambiguous file may be, each with the number on its PDF's cover."""
        return [
            _("%(document_number)s: %(title)s, versie %(number)d, vastgesteld op %(date)s")
            % {
                "document_number": document_number(version.agreement_id, version),
                "title": version.title,
                "number": version.number,
                "date": day(timezone.localtime(version.adopted_at).date()),
            }
            for version in self.candidates
        ]

    @property
    def document_number(self) -> str:
        version = self.version
        return document_number(version.agreement_id, version) if version else ""


def day(value: date) -> str:
    """A date as a raadslid reads it: "1 maart 2024"."""
    return date_format(value, "j F Y")


def _attachment(reader: PdfReader, name: str) -> bytes | None:
    contents = reader.attachments.get(name)
    return contents[0] if contents else None


def verify_pdf(data: bytes) -> Verification:
    """Check a PDF against the registry and the seal; never raises for a bad file."""
    result = Verification()
    if data.startswith(b"%PDF-") and b"%%EOF" not in data[-2048:]:
        result.problems.append(_("Het bestand is onvolledig: het einde van de PDF ontbreekt."))
        return result
    with _quiet():
        try:
            reader = PdfReader(BytesIO(data))
            document_bytes = _attachment(reader, EMBEDDED_JSON_NAME)
            identity_bytes = _attachment(reader, EMBEDDED_IDENTITY_NAME)
        except Exception:  # noqa: BLE001 -- any unreadable file is simply "not ours"
            result.problems.append(_("Het bestand is geen leesbare PDF."))
            return result
        result.readable = True
        _identify(result, document_bytes, identity_bytes)
        sealed = _check_seal(data, result)
        if result.is_valid and sealed is not None:
            result.seal_facts = _facts(sealed)
    if result.is_valid:
        _add_register_facts(result)
    return result


def _identify(result: Verification, document_bytes: bytes | None, identity_bytes) -> None:
    """Which version the file holds: by its identity, or (older files) by its text alone."""
    if document_bytes is None:
        result.problems.append(_("Er zit geen Spelregels-afspraak in dit bestand."))
        return
    try:
        document = json.loads(document_bytes.decode("utf-8"))
        identity = json.loads(identity_bytes.decode("utf-8")) if identity_bytes else None
    except ValueError:
        result.problems.append(_("De afspraak in dit bestand is beschadigd."))
        return
    result.embedded_hash = hashlib.sha256(canonical_json(document).encode()).hexdigest()
    if identity is None:
        _identify_by_text(result)
    else:
        _identify_by_identity(result, identity)


def _identify_by_identity(result: Verification, identity: Any) -> None:
    """The version the identity names, when every part of it matches the register."""
    try:
        if identity["scheme"] != IDENTITY_SCHEME:
            raise ValueError
        parts = {key: identity[key] for key in IDENTITY_PARTS}
        version_id = uuid.UUID(parts["version_id"])
    except (KeyError, TypeError, ValueError, AttributeError):
        result.problems.append(_("De versie-aanduiding in dit bestand is niet te lezen."))
        return
    result.identity = parts
    result.identity_hash = identity_hash({**parts, "document_sha256": result.embedded_hash})
    version = Version.objects.select_related("agreement").filter(pk=version_id).first()
    if version is None:
        result.problems.append(_("De versie in dit bestand komt niet voor in dit register."))
        return
    matches = (
        str(version.agreement_id) == parts["agreement_id"]
        and version.number == parts["number"]
        and version.sha256 == result.embedded_hash == parts["document_sha256"]
        and identity.get("sha256") == result.identity_hash
    )
    if not matches:
        result.problems.append(
            _("De afspraak in dit bestand is niet de versie die het bestand zegt te zijn.")
        )
        return
    result.version = version


def _identify_by_text(result: Verification) -> None:
    """A file from before the identity was embedded: the version with this text, if only one
    has it. With a twin there are several, and the file itself cannot say which it was."""
    versions = list(
        Version.objects.filter(sha256=result.embedded_hash)
        .select_related("agreement")
        .order_by("adopted_at")
    )
    if not versions:
        result.problems.append(
            _("De ingesloten afspraak komt niet overeen met een versie in dit register.")
        )
    elif len(versions) == 1:
        result.version = versions[0]
    else:
        result.candidates = versions
        result.problems.append(
            ngettext(
                "Dit bestand is gemaakt voordat Spelregels vastlegde welke versie een bestand "
                "is, en %(count)d versie in dit register heeft precies deze tekst.",
                "Dit bestand is gemaakt voordat Spelregels vastlegde welke versie een bestand "
                "is, en %(count)d versies in dit register hebben precies deze tekst.",
                len(versions),
            )
            % {"count": len(versions)}
            + " "
            + _(
                "Spelregels kiest daar niet tussen. Het documentnummer op het voorblad en "
                "onder aan elke bladzijde zegt welke van de versies hieronder het is."
            )
        )


def _add_register_facts(result: Verification) -> None:
    """For a confirmed file: is its version the one in force, what replaced it, who signed."""
    version = result.version
    assert version is not None  # noqa: S101 -- only called for a confirmed file
    agreement = version.agreement
    today = timezone.localdate()
    status = status_of(agreement, today)
    result.signatures = list(
        version.signatures.select_related("organisation").order_by("recorded_at")
    )
    if agreement.signed_version_id != version.pk:
        replacement = agreement.signed_version
        if replacement is not None and replacement.number > version.number:
            result.replaced_by, result.no_longer = replacement, True
            signed_on = max(s.signed_on for s in replacement.signatures.all())
            result.standing = _(
                "Zij is vervangen door versie %(number)d, vastgesteld op %(adopted)s en door "
                "alle partijen ondertekend op %(signed)s."
            ) % {
                "number": replacement.number,
                "adopted": day(timezone.localtime(replacement.adopted_at).date()),
                "signed": day(signed_on),
            }
        elif replacement is None:
            result.standing = _("Niet alle partijen hebben deze versie ondertekend.")
        else:
            result.standing = _("Een andere versie van deze afspraak geldt.")
    elif status == Status.BEEINDIGD and agreement.terminated_on is not None:
        result.no_longer = True
        result.standing = _("De afspraak is beëindigd per %(date)s.") % {
            "date": day(agreement.terminated_on)
        }
    elif status == Status.VERLOPEN and agreement.in_force_end is not None:
        result.no_longer = True
        result.standing = _("Haar looptijd is geëindigd op %(date)s.") % {
            "date": day(agreement.in_force_end)
        }
    else:
        result.in_force = True
        if status == Status.ONDERTEKEND and agreement.in_force_start is not None:
            result.standing = _("Zij gaat in op %(date)s.") % {
                "date": day(agreement.in_force_start)
            }


def _facts(sealed: PdfFileReader) -> list[Fact]:
    try:
        # No fetching for a file anyone can upload: its certificates name the addresses.
        facts = seal_facts(sealed, fetch=False, roots=_trusted())
    except Exception as error:  # noqa: BLE001 -- the verdict stands; the facts are extra
        logger.info("The seal's PAdES facts could not be read (%s)", type(error).__name__)
        return []
    return facts_for_reader(facts) if facts is not None else []


def _check_seal(data: bytes, result: Verification) -> PdfFileReader | None:
    """Check the seal; the reader it used (the seal's facts reuse what it analysed)."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001
        result.problems.append(_("De handtekeningen in het bestand zijn niet te lezen."))
        return None
    seals = [signature for signature in embedded if signature.field_name == SEAL_FIELD]
    if not seals:
        result.problems.append(_("Het bestand draagt geen zegel van Spelregels."))
        return None
    result.sealed = True
    try:
        context = ValidationContext(trust_roots=_trusted(), allow_fetching=False)
        # No analysis of what later revisions changed (skip_diff): pyHanko's diff analysis of
        # one small incremental update to these PDFs takes over a minute, on a public page, for
        # any file someone uploads. It runs only when a document timestamp after the seal
        # covers the whole file (B-LTA), to check that the updates before it are validation
        # data and timestamps alone (`_covers_document`).
        status = run_sync(async_validate_pdf_signature(seals[-1], context, skip_diff=True))
    except Exception:  # noqa: BLE001 -- a damaged signature is a failed check
        result.problems.append(_("Het zegel is beschadigd; het bestand is gewijzigd."))
        return None
    result.seal_intact = bool(status.intact and status.valid)
    result.seal_trusted = bool(status.trusted)
    result.signer = holder_name(status.signing_cert)
    if result.seal_intact:
        try:
            digest = hashlib.sha256(data).hexdigest()
            result.seal_covers_document = _covers_document(status, seals[-1], context, digest)
        except Exception as error:  # noqa: BLE001 -- an update that cannot be read is no cover
            logger.info("The updates after the seal could not be read (%s)", type(error).__name__)
            result.seal_covers_document = False
    if not result.seal_intact:
        result.problems.append(
            _("Het zegel klopt niet: het bestand is na het verzegelen gewijzigd.")
        )
    elif not result.seal_trusted:
        result.problems.append(
            _("Het zegel is gezet door ‘%(holder)s’, niet met het certificaat van dit register.")
            % {"holder": result.signer or _("een onbekende")}
        )
    elif not result.seal_covers_document:
        result.problems.append(_("Er is na het verzegelen iets aan het bestand toegevoegd."))
    return reader


def _covers_document(status, seal, context: ValidationContext, digest: str) -> bool:
    """The seal covers the whole file, or (B-LTA) a document timestamp after it does and the
    updates in between are validation data and timestamps alone (`covers_document`, which
    needs pyHanko's analysis of those updates: only then is it run, once per file).

    The analysis reads every revision's whole object graph, the agreement's structure tree
    included: a second or more for one of our PDFs. Its answer depends on the file's bytes
    alone (the seal's integrity and trust are checked apart, every time), so it is kept in the
    cache by the file's SHA-256: people check the register's own PDFs again and again."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if not ends_with_document_timestamp(seal):
        return False
    key = f"verify:covers-document:{digest}"
    covered = cache.get(key)
    if covered is None:
        covered = covers_document(run_sync(async_validate_pdf_signature(seal, context)), seal)
        cache.set(key, covered, timeout=None)
    return covered


def _trusted() -> list:
    """The seal's own certificate (as PDFs sealed before B-LTA were checked) and the
    configured trust anchors (SEAL_TRUST_ROOTS)."""
    return [seal_certificate_asn1(), *trust_roots()]
