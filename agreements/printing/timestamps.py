"""Keeping sealed PDFs verifiable: a fresh document timestamp before the last one ends.

A B-LTA seal stays verifiable as long as its last timestamp can be checked, that is as long as
that timestamp's certificate holds. Before it ends, `refresh_timestamps` (daily from cron) adds
the validation data of that timestamp (OCSP, CRLs) and a new document timestamp: an incremental
update, so every earlier byte — the seal included — stays as it was. The archived PDF's file is
replaced by the longer one, and its SHA-256 and size follow in the same transaction.
"""

import hashlib
import logging
from datetime import datetime, timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper, TimestampDSSContentSettings
from pyhanko.sign.validation import DocumentSecurityStore, get_timestamp_chain
from pyhanko.sign.validation.ltv import establish_timestamp_trust

from agreements.models import ArchivedPdf, PdfKind, PdfStatus
from agreements.printing.seal import SealError, explain, timestamper, validation_context
from agreements.printing.trust import run_sync
from agreements.printing.validation import last_timestamp_certificate

logger = logging.getLogger(__name__)


def due(data: bytes, *, now: datetime | None = None) -> bool:
    """Whether the file's last timestamp certificate ends within SEAL_TIMESTAMP_RENEWAL_DAYS
    (a file without any timestamp, sealed before B-LTA, cannot be made long-term: not due)."""
    certificate = last_timestamp_certificate(data)
    if certificate is None:
        return False
    ends = certificate["tbs_certificate"]["validity"]["not_after"].native
    limit = (now or timezone.now()) + timedelta(days=settings.SEAL_TIMESTAMP_RENEWAL_DAYS)
    return ends <= limit


def add_document_timestamp(data: bytes) -> bytes:
    """The file with the validation data of its last timestamp and a new document timestamp
    from the configured time-stamping service (raises `SealError`, writing nothing)."""
    try:
        return run_sync(_add_document_timestamp(data, timestamper(), validation_context()))
    except SealError:
        raise
    except Exception as error:  # noqa: BLE001 -- pyHanko, the network, the TSA: one message
        raise SealError(explain(error)) from error


async def _add_document_timestamp(data: bytes, tsa, context) -> bytes:
    """pyHanko's `update_archival_timestamp_chain`, except that the new timestamp's own
    validation data go into the DSS before it (as when sealing), so it covers the whole file."""
    reader = PdfFileReader(BytesIO(data))
    last = next(get_timestamp_chain(reader), None)
    if last is None:
        raise SealError(_("Dit bestand heeft geen documenttijdstempel om te vernieuwen."))
    status = await establish_timestamp_trust(last.signed_data, context, last.compute_digest())
    output = BytesIO(data)
    writer = IncrementalPdfFileWriter(output)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, last.pkcs7_content, paths=(status.validation_path,), validation_context=context
    )
    await PdfTimeStamper(timestamper=tsa).async_timestamp_pdf(
        writer,
        status.md_algorithm,
        context,
        in_place=True,
        dss_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False),
    )
    return output.getvalue()


def refresh(archived_id, *, now: datetime | None = None) -> bool:
    """Add a document timestamp to one sealed PDF when it is due; True when it was added.

    The row is locked while the file is read and replaced, so two runs at once add one
    timestamp. A file whose bytes no longer match the recorded SHA-256 is left alone."""
    with transaction.atomic():
        archived = ArchivedPdf.objects.select_for_update().get(pk=archived_id)
        if archived.status != PdfStatus.READY or not archived.file:
            return False
        with archived.file.open("rb") as stream:
            data = stream.read()
        if hashlib.sha256(data).hexdigest() != archived.sha256:
            logger.error("The stored file of %s does not match its SHA-256; not changed", archived)
            return False
        if not due(data, now=now):
            return False
        longer = add_document_timestamp(data)
        previous = archived.file.name
        archived.file.save(
            f"{archived.version.sha256}-{archived.kind}.pdf", ContentFile(longer), save=False
        )
        archived.sha256 = hashlib.sha256(longer).hexdigest()
        archived.size = len(longer)
        archived.save(update_fields=["file", "sha256", "size"])
        storage = archived.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    logger.info("Added a document timestamp to %s", archived)
    return True


def sealed_pdfs():
    """The archived sealed PDFs, oldest first."""
    return ArchivedPdf.objects.filter(kind=PdfKind.SEALED, status=PdfStatus.READY).order_by(
        "rendered_at"
    )
