"""A version's PDFs are rendered once, stored by the version's hash, and served from storage.

They come into being with the version (the signals of `versions/events.py`): its text when it
is adopted, the sealed PDF the moment the last party signs (so the seal's time is the time of
the last signature), the publieksversie (`PdfKind.PUBLIC`, served without login by the public
register) when it is published. Rendering runs as a background task (Django's task API through
django-tasks): at once in tests, on the database queue with a worker in production and under
`make run`. Until the file is ready the page that asks for it says so and refreshes itself; a
failed rendering is shown with a button to try again (`retry_failed_pdfs`, audited).

A version that came in with an explicit time (the demo's history, imports) has no PDFs until
they are asked for: the first request asks for it (`request_pdf`), as before.
"""

import hashlib
import logging
import time
from enum import StrEnum
from functools import partial
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from pypdf import PdfReader

from accounts.audit import record_event
from accounts.models import AuditAction, User
from agreements.models import ArchivedPdf, PdfKind, PdfStatus, PublishedVersion, Version
from agreements.permissions import acting_organisation, require, visible_agreements
from agreements.printing.render import render_agreement_pdf, render_public_pdf
from agreements.versions import events
from agreements.versions.signing import is_fully_signed

logger = logging.getLogger(__name__)


def kind_for(version: Version) -> PdfKind:
    """Sealed once every party has signed; until then the version's text."""
    return PdfKind.SEALED if is_fully_signed(version) else PdfKind.VERSION


def request_pdf(*, version: Version, kind: PdfKind) -> ArchivedPdf:
    """The stored PDF of this kind, asking for it to be rendered when it is not there yet.

    A failed rendering stays failed until someone tries again (`retry_failed_pdfs`). Several
    web servers may ask at once: the unique (version, kind) lets one of them create the row,
    so a rendering is queued once.
    """
    archived, created = ArchivedPdf.objects.get_or_create(version=version, kind=kind)
    if created:
        render_archived_pdf.enqueue(str(archived.pk))
        archived.refresh_from_db()
    return archived


def stored(*, version: Version, kind: PdfKind) -> ArchivedPdf | None:
    """The PDF of this kind as it stands, without asking for anything (no write)."""
    return ArchivedPdf.objects.filter(version=version, kind=kind).first()


def _after_commit(version: Version, *kinds: PdfKind) -> None:
    """Ask for these PDFs once the transaction that made them due has committed: the task
    must see the signature or publication, and a rendering must not hold the transaction."""
    for kind in kinds:
        transaction.on_commit(partial(request_pdf, version=version, kind=kind))


@receiver(events.version_adopted)
def _render_adopted(sender, *, version: Version, **kwargs) -> None:
    _after_commit(version, PdfKind.VERSION)


@receiver(events.version_fully_signed)
def _seal_signed(sender, *, version: Version, **kwargs) -> None:
    _after_commit(version, PdfKind.SEALED)
    # The publieksversie states which parties signed: published before the last signature,
    # it is made again now that every party has.
    if PublishedVersion.objects.filter(version=version).exists():
        transaction.on_commit(partial(_render_again, version=version, kind=PdfKind.PUBLIC))


@receiver(events.version_published)
def _render_published(sender, *, version: Version, **kwargs) -> None:
    _after_commit(version, PdfKind.PUBLIC)


def _render_again(*, version: Version, kind: PdfKind) -> None:
    """Render a PDF anew whose content has changed (the publieksversie once every party has
    signed); until it is ready, the page that asks for it shows the progress."""
    updated = ArchivedPdf.objects.filter(version=version, kind=kind).update(
        status=PdfStatus.PENDING, error=""
    )
    if not updated:
        request_pdf(version=version, kind=kind)
        return
    render_archived_pdf.enqueue(str(ArchivedPdf.objects.get(version=version, kind=kind).pk))


class RetryError(StrEnum):
    NOTHING_FAILED = "nothing_failed"


@transaction.atomic
def retry_failed_pdfs(*, version: Version, acting_user: User) -> list[PdfKind]:
    """Try the version's failed PDFs again; returns their kinds.

    Anyone who may see the version may ask (it changes nothing the parties agreed on); the
    attempt is in the audit trail. The conditional update lets one of two people pressing at
    once queue the rendering."""
    require(visible_agreements(acting_user).filter(pk=version.agreement_id).exists())
    kinds = []
    for archived in ArchivedPdf.objects.select_for_update().filter(
        version=version, status=PdfStatus.FAILED
    ):
        ArchivedPdf.objects.filter(pk=archived.pk).update(status=PdfStatus.PENDING, error="")
        transaction.on_commit(partial(render_archived_pdf.enqueue, str(archived.pk)))
        kinds.append(PdfKind(archived.kind))
    if not kinds:
        raise ValidationError(
            _("Er is geen mislukte PDF van deze versie om opnieuw te maken."),
            code=RetryError.NOTHING_FAILED,
        )
    record_event(
        actor=acting_user,
        action=AuditAction.PDF_RETRIED,
        target=version.agreement,
        organisation=acting_organisation(acting_user, version.agreement),
        changes={"version": [None, version.number], "pdfs": [None, sorted(kinds)]},
    )
    return kinds


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
    if archived.status != PdfStatus.PENDING:
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
        previous = archived.file.name  # a PDF rendered anew (`_render_again`) replaces it
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
        if previous and previous != archived.file.name:
            transaction.on_commit(partial(archived.file.storage.delete, previous))
    # One line per stored PDF: bench/cluster.py counts them across its workers.
    logger.info("Rendered PDF %s in %.1f s", archived_id, time.monotonic() - started)


@task()
def render_archived_pdf(archived_id: str) -> None:
    """Render a version's PDF and store it (a django-tasks task: at once in development and
    tests, on the database queue with `manage.py db_worker` in production)."""
    render_archived(archived_id)
