"""A version's PDF is rendered once, stored by the version's hash, and served from storage.

Rendering runs as a background task (Django's task API through django-tasks): at once in
development and tests, on the database queue with a worker in production. Until the file is
ready the page says so and refreshes itself. The same goes for the publieksversie
(`PdfKind.PUBLIC`), which the public register serves without login.
"""

import hashlib
import logging
import time
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from pypdf import PdfReader

from agreements.models import ArchivedPdf, PdfKind, PdfStatus, Version
from agreements.printing.render import render_agreement_pdf, render_public_pdf
from agreements.versions.signing import is_fully_signed

logger = logging.getLogger(__name__)


def kind_for(version: Version) -> PdfKind:
    """Sealed once every party has signed; until then the version's text."""
    return PdfKind.SEALED if is_fully_signed(version) else PdfKind.VERSION


def request_pdf(*, version: Version, kind: PdfKind) -> ArchivedPdf:
    """The stored PDF of this kind, asking for it to be rendered when it is not there yet.

    A failed rendering is tried again on the next request. Several web servers may ask at
    once: the unique (version, kind) lets one of them create the row, and the conditional
    update lets one of them retry it, so a rendering is queued once.
    """
    with transaction.atomic():
        archived, created = ArchivedPdf.objects.get_or_create(version=version, kind=kind)
        retry = (
            not created
            and archived.status == PdfStatus.FAILED
            and ArchivedPdf.objects.filter(pk=archived.pk, status=PdfStatus.FAILED).update(
                status=PdfStatus.PENDING, error=""
            )
            == 1
        )
    if created or retry:
        render_archived_pdf.enqueue(str(archived.pk))
        archived.refresh_from_db()
    return archived


def _render(archived: ArchivedPdf) -> bytes:
    """The PDF bytes of the archived PDF's kind."""
    if archived.kind == PdfKind.PUBLIC:
        return render_public_pdf(archived.version)[1]
    return render_agreement_pdf(archived.version, sealed=archived.kind == PdfKind.SEALED)[1]


def render_archived(archived_id: str) -> None:
    """Render and store one PDF (the task's body); a failure is recorded, not raised.

    Safe to run twice, even at once (a task queued again after its worker was lost, while that
    worker was only slow): the row is locked while the file is stored, and a PDF already
    ready is kept, so each PDF is stored once."""
    archived = ArchivedPdf.objects.select_related("version").get(pk=archived_id)
    if archived.status == PdfStatus.READY:
        return
    started = time.monotonic()
    try:
        pdf = _render(archived)
    except Exception as error:  # noqa: BLE001 -- stored for the page and the logs
        logger.exception("Rendering %s failed", archived)
        ArchivedPdf.objects.filter(pk=archived.pk).exclude(status=PdfStatus.READY).update(
            status=PdfStatus.FAILED, error=str(error)[:2000]
        )
        return
    with transaction.atomic():
        if ArchivedPdf.objects.select_for_update().get(pk=archived.pk).status == PdfStatus.READY:
            logger.warning("Rendered %s twice; the first one is kept", archived_id)
            return
        archived.file.save(
            f"{archived.version.sha256}-{archived.kind}.pdf", ContentFile(pdf), save=False
        )
        archived.sha256 = hashlib.sha256(pdf).hexdigest()
        archived.size = len(pdf)
        archived.pages = len(PdfReader(BytesIO(pdf)).pages)
        archived.status = PdfStatus.READY
        archived.error = ""
        archived.rendered_at = timezone.now()
        archived.save()
    # One line per stored PDF: bench/cluster.py counts them across its workers.
    logger.info("Rendered PDF %s in %.1f s", archived_id, time.monotonic() - started)


@task()
def render_archived_pdf(archived_id: str) -> None:
    """Render a version's PDF and store it (a django-tasks task: at once in development and
    tests, on the database queue with `manage.py db_worker` in production)."""
    render_archived(archived_id)
