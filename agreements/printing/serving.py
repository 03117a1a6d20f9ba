"""Serving a version's stored PDF, alike for the web page, the public register and the API:
once it is ready, send it from storage as a download; until then the caller says it is on its
way (202) or that rendering failed (503, tried again by `archive.retry_failed_pdfs`). The PDFs
are asked for when the version comes into being (`archive.py`); a request only asks for one
that nobody asked for yet (a version of the demo's history or an import).

The version page and the public page link to a stored PDF with a signed token that is served
before the application's stack and without the database (links.py)."""

from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet
from django.db.models.fields.json import KeyTransform
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import slugify

from accounts.models import User
from agreements.lib.precompiled import STAND_IN_ID, STAND_IN_UUID, Precompiled
from agreements.lib.uploads import pdf_download
from agreements.models import Agreement, ArchivedPdf, PdfKind, PdfStatus, Version
from agreements.permissions import visible_agreement
from agreements.printing import archive
from agreements.versions.signing import signature_count

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def pdf_filename(version: Version, kind: str) -> str:
    return _filename(version.title, version.number, kind)


def _filename(title: str, number: int, kind: str) -> str:
    public = "-openbaar" if kind == PdfKind.PUBLIC else ""
    return f"{slugify(title)[:80]}-versie-{number}{public}.pdf"


# --- Downloads of a stored PDF in one query ---------------------------------------------------
# A download is the hot path of a stored PDF: one precompiled query (precompiled.py) finds the
# ready file if the person may have it, and the file is streamed from storage. Anything else
# (not ready, failed, never asked for) takes the path below, which may ask for it.


class _Download(TypedDict):
    title: str
    version_number: int
    signed: int
    parties: int


class _PartyCount(Func):
    """How many parties a version's document names (the length of its `parties` array)."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra_context)


def _ready_version_pdf(
    user_id: int, agreement_id: UUID, number: int
) -> "QuerySet[WithAnnotations[ArchivedPdf, _Download]]":
    """The version's ready PDF, sealed before text, if the user may see the agreement."""
    visible = visible_agreement(User(pk=user_id), agreement_id, Agreement.objects.all())
    return (
        ArchivedPdf.objects.filter(
            version__agreement__in=visible.values("pk"),
            version__number=number,
            kind__in=[PdfKind.SEALED, PdfKind.VERSION],
            status=PdfStatus.READY,
        )
        .annotate(
            title=F("version__title"),
            version_number=F("version__number"),
            signed=signature_count(OuterRef("version_id")),
            parties=_PartyCount(KeyTransform("parties", "version__document")),
        )
        .order_by("-kind")  # "verzegeld" before "versie"
    )


def _ready_public_pdf(publication_id: UUID) -> "QuerySet[WithAnnotations[ArchivedPdf, _Download]]":
    return ArchivedPdf.objects.filter(
        version__publication__pk=publication_id, kind=PdfKind.PUBLIC, status=PdfStatus.READY
    ).annotate(
        title=F("version__title"),
        version_number=F("version__number"),
        signed=F("size"),  # unused for the publieksversie; the same row shape
        parties=F("size"),
    )


_DOWNLOAD_FIELDS = ("id", "file", "kind", "version_id")
_DOWNLOAD_ANNOTATIONS = ("title", "version_number", "signed", "parties")
READY_VERSION_PDF: "Precompiled[WithAnnotations[ArchivedPdf, _Download]]" = Precompiled(
    ArchivedPdf,
    _ready_version_pdf,
    fields=_DOWNLOAD_FIELDS,
    annotations=_DOWNLOAD_ANNOTATIONS,
    # A version number no agreement reaches (a negative one is out of the field's range, which
    # the ORM answers with an empty result instead of a query).
    stand_ins={"user_id": STAND_IN_ID, "agreement_id": STAND_IN_UUID, "number": 2_000_000_007},
)
READY_PUBLIC_PDF: "Precompiled[WithAnnotations[ArchivedPdf, _Download]]" = Precompiled(
    ArchivedPdf,
    _ready_public_pdf,
    fields=_DOWNLOAD_FIELDS,
    annotations=_DOWNLOAD_ANNOTATIONS,
    stand_ins={"publication_id": STAND_IN_UUID},
)


def ready_version_download(*, user_id: int, agreement_id: UUID, number: int) -> FileResponse | None:
    """The version's archival PDF as a download when it is stored and the user may see it:
    the sealed PDF, or, while not every party has signed, its text. None otherwise (the
    caller then takes the full path: 404, the progress page, or the failure)."""
    found = READY_VERSION_PDF.first(user_id=user_id, agreement_id=agreement_id, number=number)
    if found is None or (found.kind == PdfKind.VERSION and found.signed >= found.parties):
        return None  # nothing stored, or signed by all while the seal is still being made
    return pdf_download(found.file, _filename(found.title, found.version_number, found.kind))


def ready_public_download(*, publication_id: UUID) -> FileResponse | None:
    """The publieksversie of a publication as a download when it is stored; else None."""
    found = READY_PUBLIC_PDF.first(publication_id=publication_id)
    if found is None:
        return None
    return pdf_download(found.file, _filename(found.title, found.version_number, found.kind))


def stored_pdf(version: Version, kind: str) -> tuple[ArchivedPdf, FileResponse | None]:
    """The version's stored PDF of that kind (asked for when nobody did yet), and the
    download once it is ready."""
    archived = archive.request_pdf(version=version, kind=PdfKind(kind))
    if archived.status != PdfStatus.READY:
        return archived, None
    return archived, pdf_download(archived.file, pdf_filename(version, kind))


def waiting_status(archived: ArchivedPdf) -> int:
    """202 while the PDF is being rendered, 503 when rendering failed."""
    return 202 if archived.status == PdfStatus.PENDING else 503


def pdf_or_waiting_page(
    request: HttpRequest, version: Version, kind: str, template: str, context: dict[str, Any]
) -> HttpResponseBase:
    """The stored PDF as a download once it is ready; until then the page `template` (given
    `context` with `version` and `archived` added), with the status of `waiting_status`."""
    archived, download = stored_pdf(version, kind)
    if download is not None:
        return download
    return render(
        request,
        template,
        {**context, "version": version, "archived": archived},
        status=waiting_status(archived),
    )
